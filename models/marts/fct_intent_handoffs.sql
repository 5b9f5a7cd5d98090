with

tickets as (select * from {{ ref('fct_tickets') }}),

-- Escalation accuracy: whether each handoff was warranted (int_tickets_described_by_trajectory).
trajectories as (select * from {{ ref('int_tickets_described_by_trajectory') }}),

escalated as (
    select
        tickets.*,
        {{ intent_label('tickets.intent') }} as intent_label,
        coalesce(trajectories.is_handoff_warranted, false) as is_handoff_warranted
    from tickets
    left join trajectories on tickets.ticket_id = trajectories.ticket_id
    where tickets.is_escalated
),

counted as (
    select
        intent_label as intent,
        week_start,
        count(*) as escalated_tickets,
        sum(case when is_handed_off_by_ai then 1 else 0 end) as handed_off_by_ai_tickets,
        sum(case when is_human_from_start then 1 else 0 end) as human_from_start_tickets,
        sum(case when escalation_reason = 'customer_asked' then 1 else 0 end) as customer_asked_tickets,
        sum(case when escalation_reason = 'low_ai_confidence' then 1 else 0 end)
            as low_ai_confidence_tickets,
        sum(case when escalation_reason = 'repeated_failure' then 1 else 0 end)
            as repeated_failure_tickets,
        sum(case when escalation_reason = 'other' then 1 else 0 end) as other_reason_tickets,
        sum(case when is_context_lost then 1 else 0 end) as context_lost_tickets,
        sum(case when is_customer_repeated then 1 else 0 end) as customer_repeated_tickets,
        sum(case when is_handoff_warranted then 1 else 0 end) as warranted_handoff_tickets,
        {{ handoff_timing_aggregates() }}
    from escalated
    group by intent_label, week_start
),

final as (
    select
        intent,
        week_start,
        cast(escalated_tickets as {{ dbt.type_bigint() }}) as escalated_tickets,
        cast(handed_off_by_ai_tickets as {{ dbt.type_bigint() }}) as handed_off_by_ai_tickets,
        cast(human_from_start_tickets as {{ dbt.type_bigint() }}) as human_from_start_tickets,
        cast(customer_asked_tickets as {{ dbt.type_bigint() }}) as customer_asked_tickets,
        cast(low_ai_confidence_tickets as {{ dbt.type_bigint() }}) as low_ai_confidence_tickets,
        cast(repeated_failure_tickets as {{ dbt.type_bigint() }}) as repeated_failure_tickets,
        cast(other_reason_tickets as {{ dbt.type_bigint() }}) as other_reason_tickets,
        cast(context_lost_tickets as {{ dbt.type_bigint() }}) as context_lost_tickets,
        cast(customer_repeated_tickets as {{ dbt.type_bigint() }}) as customer_repeated_tickets,
        cast({{ weekly_rate('customer_asked_rate') }} as {{ type_double() }}) as customer_asked_rate,
        cast({{ weekly_rate('low_ai_confidence_rate') }} as {{ type_double() }}) as low_ai_confidence_rate,
        cast({{ weekly_rate('repeated_failure_rate') }} as {{ type_double() }}) as repeated_failure_rate,
        cast({{ weekly_rate('other_reason_rate') }} as {{ type_double() }}) as other_reason_rate,
        cast({{ weekly_rate('context_lost_rate') }} as {{ type_double() }}) as context_lost_rate,
        cast(avg_ai_turns_before_handoff as {{ type_double() }}) as avg_ai_turns_before_handoff,
        cast(median_minutes_to_handoff as {{ type_double() }}) as median_minutes_to_handoff,
        cast(median_hours_after_ai_handoff as {{ type_double() }}) as median_hours_after_ai_handoff,
        cast(median_hours_human_from_start as {{ type_double() }}) as median_hours_human_from_start,
        cast(
            median_hours_after_ai_handoff - median_hours_human_from_start as {{ type_double() }}
        ) as handoff_extra_hours,
        cast(warranted_handoff_tickets as {{ dbt.type_bigint() }}) as warranted_handoff_tickets,
        cast(escalated_tickets - warranted_handoff_tickets as {{ dbt.type_bigint() }})
            as avoidable_handoff_tickets,
        cast(warranted_handoff_tickets * 1.0 / escalated_tickets as {{ type_double() }})
            as warranted_handoff_rate
    from counted
)

select * from final
