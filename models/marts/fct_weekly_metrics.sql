{#-
    The whole operation per week (all intents together), one row per week and metric, each
    marked with its tier in the metric hierarchy:
    - primary: is the customer's problem really solved (true resolution, re-contact,
      resolution confidence);
    - secondary: what the business reports and feels (deflection, escalation, downstream
      action, CSAT, value, low-confidence share, customer effort);
    - diagnostic: where to look when a primary metric moves (handoffs and their reasons,
      context lost, re-explain, channel switches, answer relevance).
    Rates, means and the deflection gap use the per-intent marts' formulas (weekly_rate,
    pooled_mean, deflection_gap_points) over the counts summed over intents.
-#}
{%- set metrics = [
    ('ai_resolution_rate', 'primary', weekly_rate('ai_resolution_rate')),
    ('recontact_rate', 'primary', weekly_rate('recontact_rate')),
    ('avg_resolution_confidence', 'primary', 'avg_resolution_confidence'),
    ('deflection_rate', 'secondary', weekly_rate('deflection_rate')),
    ('escalation_rate', 'secondary', weekly_rate('escalation_rate')),
    ('deflection_gap_points', 'secondary', deflection_gap_points()),
    ('downstream_action_rate', 'secondary', weekly_rate('downstream_action_rate')),
    ('downstream_contradiction_rate', 'secondary', weekly_rate('downstream_contradiction_rate')),
    ('csat_ai', 'secondary', 'csat_ai'),
    ('csat_human', 'secondary', 'csat_human'),
    ('hours_freed', 'secondary', 'hours_freed'),
    ('cost_saved', 'secondary', 'cost_saved'),
    ('low_confidence_share', 'secondary', weekly_rate('low_confidence_share')),
    ('avg_effort_score', 'secondary', 'avg_effort_score'),
    ('tickets', 'diagnostic', 'tickets'),
    ('reexplain_rate', 'diagnostic', weekly_rate('reexplain_rate')),
    ('channel_switch_rate', 'diagnostic', weekly_rate('channel_switch_rate')),
    ('context_lost_rate', 'diagnostic', weekly_rate('context_lost_rate')),
    ('customer_asked_rate', 'diagnostic', weekly_rate('customer_asked_rate')),
    ('low_ai_confidence_rate', 'diagnostic', weekly_rate('low_ai_confidence_rate')),
    ('repeated_failure_rate', 'diagnostic', weekly_rate('repeated_failure_rate')),
    ('other_reason_rate', 'diagnostic', weekly_rate('other_reason_rate')),
    ('answer_rated_up_share', 'diagnostic', weekly_rate('answer_rated_up_share')),
    ('answer_missed_share', 'diagnostic', weekly_rate('answer_missed_share')),
    ('avg_customer_messages_before_useful_answer', 'diagnostic', 'avg_customer_messages_before_useful_answer'),
    ('avg_rephrase_messages', 'diagnostic', 'avg_rephrase_messages'),
    ('avg_ai_turns_before_handoff', 'diagnostic', 'avg_ai_turns_before_handoff'),
    ('median_minutes_to_handoff', 'diagnostic', 'median_minutes_to_handoff'),
    ('median_hours_after_ai_handoff', 'diagnostic', 'median_hours_after_ai_handoff'),
    ('median_hours_human_from_start', 'diagnostic', 'median_hours_human_from_start'),
] -%}
{%- set tier_ranks = {'primary': 1, 'secondary': 2, 'diagnostic': 3} -%}

with

intent_weekly as (select * from {{ ref('fct_intent_weekly') }}),

tickets as (select * from {{ ref('fct_tickets') }}),

intent_value as (select * from {{ ref('fct_intent_value') }}),

intent_handoffs as (select * from {{ ref('fct_intent_handoffs') }}),

intent_effort as (select * from {{ ref('fct_intent_effort') }}),

-- Counts and pooled averages add up the per-intent marts, so they share one definition.
intent_figures as (
    select
        week_start,
        sum(tickets) as tickets,
        sum(contained_tickets) as contained_tickets,
        sum(escalated_tickets) as escalated_tickets,
        sum(recontacted_tickets) as recontacted_tickets,
        sum(ai_resolved_tickets) as ai_resolved_tickets,
        sum(downstream_eligible_tickets) as downstream_eligible_tickets,
        sum(downstream_actioned_tickets) as downstream_actioned_tickets,
        sum(downstream_contradiction_checked_tickets) as downstream_contradiction_checked_tickets,
        sum(downstream_contradicted_tickets) as downstream_contradicted_tickets,
        sum(reexplain_asked_tickets) as reexplain_asked_tickets,
        sum(low_confidence_tickets) as low_confidence_tickets,
        {{ pooled_mean('avg_resolution_confidence', 'tickets') }} as avg_resolution_confidence,
        {{ pooled_mean('csat_ai', 'csat_ai_responses') }} as csat_ai,
        {{ pooled_mean('csat_human', 'csat_human_responses') }} as csat_human,
        min(case when is_recontact_window_complete then 1 else 0 end) = 1
            as is_recontact_window_complete
    from intent_weekly
    group by week_start
),

handoff_figures as (
    select
        week_start,
        sum(customer_asked_tickets) as customer_asked_tickets,
        sum(low_ai_confidence_tickets) as low_ai_confidence_tickets,
        sum(repeated_failure_tickets) as repeated_failure_tickets,
        sum(other_reason_tickets) as other_reason_tickets,
        sum(context_lost_tickets) as context_lost_tickets
    from intent_handoffs
    group by week_start
),

effort_figures as (
    select
        week_start,
        {{ pooled_mean('avg_effort_score', 'tickets') }} as avg_effort_score,
        {{ pooled_mean('avg_customer_messages_before_useful_answer', 'tickets') }}
            as avg_customer_messages_before_useful_answer,
        {{ pooled_mean('avg_rephrase_messages', 'tickets') }} as avg_rephrase_messages,
        sum(channel_switched_tickets) as channel_switched_tickets,
        sum(ai_answers) as ai_answers,
        sum(rated_ai_answers) as rated_ai_answers,
        sum(ai_answers_rated_up) as ai_answers_rated_up,
        sum(ai_answers_missed) as ai_answers_missed
    from intent_effort
    group by week_start
),

-- Medians do not add up over intents: these come from the tickets.
handoff_timings as (
    select
        week_start,
        {{ handoff_timing_aggregates() }}
    from tickets
    where is_escalated
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
        intent_figures.*,
        handoff_figures.customer_asked_tickets,
        handoff_figures.low_ai_confidence_tickets,
        handoff_figures.repeated_failure_tickets,
        handoff_figures.other_reason_tickets,
        handoff_figures.context_lost_tickets,
        effort_figures.avg_effort_score,
        effort_figures.avg_customer_messages_before_useful_answer,
        effort_figures.avg_rephrase_messages,
        effort_figures.channel_switched_tickets,
        effort_figures.ai_answers,
        effort_figures.rated_ai_answers,
        effort_figures.ai_answers_rated_up,
        effort_figures.ai_answers_missed,
        handoff_timings.avg_ai_turns_before_handoff,
        handoff_timings.median_minutes_to_handoff,
        handoff_timings.median_hours_after_ai_handoff,
        handoff_timings.median_hours_human_from_start,
        value_figures.hours_freed,
        value_figures.cost_saved
    from intent_figures
    inner join effort_figures on intent_figures.week_start = effort_figures.week_start
    left join handoff_figures on intent_figures.week_start = handoff_figures.week_start
    left join handoff_timings on intent_figures.week_start = handoff_timings.week_start
    left join value_figures on intent_figures.week_start = value_figures.week_start
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
