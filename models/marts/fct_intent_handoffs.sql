with

tickets as (select * from {{ ref('fct_tickets') }}),

escalated as (
    select
        *,
        coalesce(intent, '{{ var("unlabeled_intent_label") }}') as intent_label
    from tickets
    where is_escalated
),

counted as (
    select
        intent_label as intent,
        week_start,
        count(*) as escalated_tickets,
        sum(case when is_handed_off_by_ai then 1 else 0 end) as handed_off_by_ai_tickets,
        sum(case when is_human_from_start then 1 else 0 end) as human_from_start_tickets,
        avg(case when is_handed_off_by_ai then ai_turns_before_handoff end)
            as avg_ai_turns_before_handoff,
        {{ median('case when is_handed_off_by_ai then minutes_to_handoff end') }}
            as median_minutes_to_handoff,
        {{ median('case when is_handed_off_by_ai then human_handling_hours end') }}
            as median_hours_after_ai_handoff,
        {{ median('case when is_human_from_start then human_handling_hours end') }}
            as median_hours_human_from_start
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
        cast(avg_ai_turns_before_handoff as {{ type_double() }}) as avg_ai_turns_before_handoff,
        cast(median_minutes_to_handoff as {{ type_double() }}) as median_minutes_to_handoff,
        cast(median_hours_after_ai_handoff as {{ type_double() }}) as median_hours_after_ai_handoff,
        cast(median_hours_human_from_start as {{ type_double() }}) as median_hours_human_from_start,
        cast(
            median_hours_after_ai_handoff - median_hours_human_from_start as {{ type_double() }}
        ) as handoff_extra_hours
    from counted
)

select * from final
