{#-
    The whole operation per week (all intents together), one row per week and metric, each
    marked with its tier in the metric hierarchy:
    - primary: is the customer's problem really solved (true resolution, re-contact,
      resolution confidence);
    - secondary: what the business reports and feels (deflection, escalation, downstream
      action, CSAT, value, low-confidence share, customer effort);
    - diagnostic: where to look when a primary metric moves (handoffs and their reasons,
      context lost, re-explain, channel switches, answer relevance).
-#}
{%- set metrics = [
    ('ai_resolution_rate', 'primary', 'ai_resolved_tickets * 1.0 / tickets'),
    ('recontact_rate', 'primary', 'recontacted_tickets * 1.0 / tickets'),
    ('avg_resolution_confidence', 'primary', 'avg_resolution_confidence'),
    ('deflection_rate', 'secondary', 'contained_tickets * 1.0 / tickets'),
    ('escalation_rate', 'secondary', 'escalated_tickets * 1.0 / tickets'),
    ('deflection_gap_points', 'secondary', '(contained_tickets - ai_resolved_tickets) * 100.0 / tickets'),
    ('downstream_action_rate', 'secondary', 'downstream_actioned_tickets * 1.0 / nullif(downstream_eligible_tickets, 0)'),
    ('csat_ai', 'secondary', 'csat_ai'),
    ('csat_human', 'secondary', 'csat_human'),
    ('hours_freed', 'secondary', 'hours_freed'),
    ('cost_saved', 'secondary', 'cost_saved'),
    ('low_confidence_share', 'secondary', 'low_confidence_tickets * 1.0 / tickets'),
    ('avg_effort_score', 'secondary', 'avg_effort_score'),
    ('tickets', 'diagnostic', 'tickets'),
    ('reexplain_rate', 'diagnostic', 'reexplain_asked_tickets * 1.0 / nullif(escalated_tickets, 0)'),
    ('channel_switch_rate', 'diagnostic', 'channel_switched_tickets * 1.0 / tickets'),
    ('context_lost_rate', 'diagnostic', 'context_lost_tickets * 1.0 / nullif(escalated_tickets, 0)'),
    ('customer_asked_rate', 'diagnostic', 'customer_asked_tickets * 1.0 / nullif(escalated_tickets, 0)'),
    ('low_ai_confidence_rate', 'diagnostic', 'low_ai_confidence_tickets * 1.0 / nullif(escalated_tickets, 0)'),
    ('repeated_failure_rate', 'diagnostic', 'repeated_failure_tickets * 1.0 / nullif(escalated_tickets, 0)'),
    ('other_reason_rate', 'diagnostic', 'other_reason_tickets * 1.0 / nullif(escalated_tickets, 0)'),
    ('answer_rated_up_share', 'diagnostic', 'ai_answers_rated_up * 1.0 / nullif(rated_ai_answers, 0)'),
    ('answer_missed_share', 'diagnostic', 'ai_answers_missed * 1.0 / nullif(ai_answers, 0)'),
    ('avg_customer_messages_before_useful_answer', 'diagnostic', 'avg_customer_messages_before_useful_answer'),
    ('avg_rephrase_messages', 'diagnostic', 'avg_rephrase_messages'),
    ('avg_ai_turns_before_handoff', 'diagnostic', 'avg_ai_turns_before_handoff'),
    ('median_minutes_to_handoff', 'diagnostic', 'median_minutes_to_handoff'),
    ('median_hours_after_ai_handoff', 'diagnostic', 'median_hours_after_ai_handoff'),
    ('median_hours_human_from_start', 'diagnostic', 'median_hours_human_from_start'),
] -%}
{%- set tier_ranks = {'primary': 1, 'secondary': 2, 'diagnostic': 3} -%}

with

tickets as (select * from {{ ref('fct_tickets') }}),

intent_value as (select * from {{ ref('fct_intent_value') }}),

ticket_figures as (
    select
        week_start,
        count(*) as tickets,
        sum(case when is_contained then 1 else 0 end) as contained_tickets,
        sum(case when is_escalated then 1 else 0 end) as escalated_tickets,
        sum(case when is_recontacted then 1 else 0 end) as recontacted_tickets,
        sum(case when is_ai_resolved then 1 else 0 end) as ai_resolved_tickets,
        sum(case when is_downstream_eligible then 1 else 0 end) as downstream_eligible_tickets,
        sum(case when is_downstream_actioned then 1 else 0 end) as downstream_actioned_tickets,
        sum(case when is_reexplain_asked then 1 else 0 end) as reexplain_asked_tickets,
        sum(case when is_channel_switched then 1 else 0 end) as channel_switched_tickets,
        sum(case when is_context_lost then 1 else 0 end) as context_lost_tickets,
        sum(case when escalation_reason = 'customer_asked' then 1 else 0 end) as customer_asked_tickets,
        sum(case when escalation_reason = 'low_ai_confidence' then 1 else 0 end) as low_ai_confidence_tickets,
        sum(case when escalation_reason = 'repeated_failure' then 1 else 0 end) as repeated_failure_tickets,
        sum(case when escalation_reason = 'other' then 1 else 0 end) as other_reason_tickets,
        sum(
            case when resolution_confidence < {{ var('low_confidence_threshold') }} then 1 else 0 end
        ) as low_confidence_tickets,
        avg(resolution_confidence) as avg_resolution_confidence,
        avg(effort_score) as avg_effort_score,
        avg(customer_messages_before_useful_answer) as avg_customer_messages_before_useful_answer,
        avg(rephrase_messages) as avg_rephrase_messages,
        sum(ai_answers) as ai_answers,
        sum(rated_ai_answers) as rated_ai_answers,
        sum(ai_answers_rated_up) as ai_answers_rated_up,
        sum(ai_answers_missed) as ai_answers_missed,
        avg(case when is_contained then csat_score end) as csat_ai,
        avg(case when is_escalated then csat_score end) as csat_human,
        avg(case when is_handed_off_by_ai then ai_turns_before_handoff end)
            as avg_ai_turns_before_handoff,
        {{ median('case when is_handed_off_by_ai then minutes_to_handoff end') }}
            as median_minutes_to_handoff,
        {{ median('case when is_handed_off_by_ai then human_handling_hours end') }}
            as median_hours_after_ai_handoff,
        {{ median('case when is_human_from_start then human_handling_hours end') }}
            as median_hours_human_from_start,
        min(case when is_recontact_window_complete then 1 else 0 end) = 1
            as is_recontact_window_complete
    from tickets
    group by week_start
),

value_figures as (
    select
        week_start,
        sum(hours_freed) as hours_freed,
        sum(cost_saved) as cost_saved
    from intent_value
    group by week_start
),

weekly as (
    select
        ticket_figures.*,
        value_figures.hours_freed,
        value_figures.cost_saved
    from ticket_figures
    left join value_figures on ticket_figures.week_start = value_figures.week_start
),

final as (
    {%- for metric_name, tier, expression in metrics %}
        select
            week_start,
            '{{ metric_name }}' as metric_name,
            '{{ tier }}' as metric_tier,
            cast({{ tier_ranks[tier] }} as {{ dbt.type_int() }}) as metric_tier_rank,
            cast({{ expression }} as {{ type_double() }}) as metric_value,
            is_recontact_window_complete
        from weekly
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
