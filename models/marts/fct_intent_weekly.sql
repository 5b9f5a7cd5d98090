with

tickets as (select * from {{ ref('fct_tickets') }}),

labelled as (
    select
        *,
        {{ intent_label('intent') }} as intent_label
    from tickets
),

counted as (
    select
        intent_label as intent,
        week_start,
        count(*) as tickets,
        sum(case when is_contained then 1 else 0 end) as contained_tickets,
        sum(case when is_escalated then 1 else 0 end) as escalated_tickets,
        sum(case when is_recontacted then 1 else 0 end) as recontacted_tickets,
        sum(case when is_ai_resolved then 1 else 0 end) as ai_resolved_tickets,
        sum(case when is_downstream_eligible then 1 else 0 end) as downstream_eligible_tickets,
        sum(case when is_downstream_actioned then 1 else 0 end) as downstream_actioned_tickets,
        sum(case when is_downstream_contradiction_checked then 1 else 0 end)
            as downstream_contradiction_checked_tickets,
        sum(case when is_downstream_contradicted then 1 else 0 end) as downstream_contradicted_tickets,
        sum(case when is_reexplain_asked then 1 else 0 end) as reexplain_asked_tickets,
        sum(case when resolution_state = 'confirmed' then 1 else 0 end) as confirmed_resolution_tickets,
        sum(case when resolution_state = 'assumed' then 1 else 0 end) as assumed_resolution_tickets,
        -- Null when no ticket is scored (var python_models_enabled false): unknown, not none.
        sum(
            case
                when resolution_confidence < {{ var('low_confidence_threshold') }} then 1
                when resolution_confidence is not null then 0
            end
        ) as low_confidence_tickets,
        avg(resolution_confidence) as avg_resolution_confidence,
        avg(case when is_contained then csat_score end) as csat_ai,
        avg(case when is_escalated then csat_score end) as csat_human,
        sum(case when is_contained and csat_score is not null then 1 else 0 end) as csat_ai_responses,
        sum(case when is_escalated and csat_score is not null then 1 else 0 end)
            as csat_human_responses,
        {{ median('resolution_hours') }} as median_resolution_hours,
        {{ median('hours_to_recontact') }} as median_hours_to_recontact,
        min(case when is_recontact_window_complete then 1 else 0 end) = 1
            as is_recontact_window_complete
    from labelled
    group by intent_label, week_start
),

final as (
    select
        intent,
        week_start,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(contained_tickets as {{ dbt.type_bigint() }}) as contained_tickets,
        cast(escalated_tickets as {{ dbt.type_bigint() }}) as escalated_tickets,
        cast(recontacted_tickets as {{ dbt.type_bigint() }}) as recontacted_tickets,
        cast(ai_resolved_tickets as {{ dbt.type_bigint() }}) as ai_resolved_tickets,
        cast(downstream_eligible_tickets as {{ dbt.type_bigint() }}) as downstream_eligible_tickets,
        cast(downstream_actioned_tickets as {{ dbt.type_bigint() }}) as downstream_actioned_tickets,
        cast(downstream_contradiction_checked_tickets as {{ dbt.type_bigint() }})
            as downstream_contradiction_checked_tickets,
        cast(downstream_contradicted_tickets as {{ dbt.type_bigint() }}) as downstream_contradicted_tickets,
        cast(reexplain_asked_tickets as {{ dbt.type_bigint() }}) as reexplain_asked_tickets,
        cast(confirmed_resolution_tickets as {{ dbt.type_bigint() }}) as confirmed_resolution_tickets,
        cast(assumed_resolution_tickets as {{ dbt.type_bigint() }}) as assumed_resolution_tickets,
        cast(low_confidence_tickets as {{ dbt.type_bigint() }}) as low_confidence_tickets,
        cast({{ weekly_rate('deflection_rate') }} as {{ type_double() }}) as deflection_rate,
        cast({{ weekly_rate('escalation_rate') }} as {{ type_double() }}) as escalation_rate,
        cast({{ weekly_rate('recontact_rate') }} as {{ type_double() }}) as recontact_rate,
        cast({{ weekly_rate('ai_resolution_rate') }} as {{ type_double() }}) as ai_resolution_rate,
        cast({{ weekly_rate('downstream_action_rate') }} as {{ type_double() }}) as downstream_action_rate,
        cast({{ weekly_rate('downstream_contradiction_rate') }} as {{ type_double() }})
            as downstream_contradiction_rate,
        cast({{ weekly_rate('reexplain_rate') }} as {{ type_double() }}) as reexplain_rate,
        cast({{ weekly_rate('confirmed_resolution_rate') }} as {{ type_double() }})
            as confirmed_resolution_rate,
        cast({{ weekly_rate('assumed_resolution_rate') }} as {{ type_double() }}) as assumed_resolution_rate,
        cast(avg_resolution_confidence as {{ type_double() }}) as avg_resolution_confidence,
        cast({{ weekly_rate('low_confidence_share') }} as {{ type_double() }}) as low_confidence_share,
        cast(median_resolution_hours as {{ type_double() }}) as median_resolution_hours,
        cast(median_hours_to_recontact as {{ type_double() }}) as median_hours_to_recontact,
        cast(
            median_resolution_hours / nullif(median_hours_to_recontact, 0) as {{ type_double() }}
        ) as resolution_to_recontact_ratio,
        cast(csat_ai as {{ type_double() }}) as csat_ai,
        cast(csat_human as {{ type_double() }}) as csat_human,
        cast(csat_ai_responses as {{ dbt.type_bigint() }}) as csat_ai_responses,
        cast(csat_human_responses as {{ dbt.type_bigint() }}) as csat_human_responses,
        is_recontact_window_complete
    from counted
)

select * from final
