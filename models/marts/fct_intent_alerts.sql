{#-
    One row per intent, week and alert type that fired. Every alert compares a week with its
    trailing baseline (fct_intent_trends) and needs: a week whose re-contact windows are
    complete (provisional weeks never alert), enough tickets in the baseline, and enough
    tickets (or eligible tickets, or CSAT answers) in the week. Then:
    - recontact_rising: re-contact rate up by at least alert_recontact_rise while deflection
      stays within alert_deflection_flat_tolerance of its baseline (the silent failure);
    - downstream_action_falling: downstream action rate down by at least
      alert_downstream_action_fall;
    - csat_falling: AI CSAT down by at least alert_csat_fall while deflection stays flat;
    - low_confidence: the share of tickets with low resolution confidence up by at least
      alert_low_confidence_rise.
    Severity is 'high' when the change is at least alert_high_severity_multiple times the
    threshold, else 'medium'.
    And novel_intent: a discovered intent that dim_intents flags novel, on the data's last
    week (whatever its windows: a new need is news at once); metric its weekly tickets in the
    novelty window against its weekly tickets before; 'high' when those reach
    alert_min_tickets a week.
-#}
{#- alert type, metric, the week's base and its minimum, threshold, direction, deflection flat -#}
{%- set alert_rules = [
    ('recontact_rising', 'recontact_rate', 'tickets', var('alert_min_tickets'),
        var('alert_recontact_rise'), 1, true),
    ('downstream_action_falling', 'downstream_action_rate', 'downstream_eligible_tickets',
        var('alert_min_tickets'), var('alert_downstream_action_fall'), -1, false),
    ('csat_falling', 'csat_ai', 'csat_ai_responses', var('alert_min_csat_responses'),
        var('alert_csat_fall'), -1, true),
    ('low_confidence', 'low_confidence_share', 'tickets', var('alert_min_tickets'),
        var('alert_low_confidence_rise'), 1, false),
] -%}

with

trends as (select * from {{ ref('fct_intent_trends') }}),

intents as (select * from {{ ref('dim_intents') }}),

comparable_weeks as (
    select *
    from trends
    where
        is_recontact_window_complete
        and baseline_tickets >= {{ var('alert_min_baseline_tickets') }}
),

candidates as (
    {%- for rule in alert_rules %}
        {%- set alert_type, metric, week_base, min_base, threshold, direction, flat = rule %}
        {%- set deflection_check = 'abs(deflection_rate_vs_baseline) <= '
            ~ var('alert_deflection_flat_tolerance') if flat else 'true' %}
        select
            intent,
            week_start,
            '{{ alert_type }}' as alert_type,
            '{{ metric }}' as metric_name,
            {{ week_base }} as week_base,
            {{ metric }} as metric_value,
            {{ metric }}_baseline as baseline_value,
            {{ metric }}_vs_baseline as change_vs_baseline,
            {{ threshold }} as threshold,
            deflection_rate,
            deflection_rate_baseline,
            {{ week_base }} >= {{ min_base }}
            and {{ direction }} * {{ metric }}_vs_baseline >= {{ threshold }}
            and {{ deflection_check }} as is_triggered
        from comparable_weeks
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

triggered as (
    select
        intent,
        week_start,
        alert_type,
        case
            when abs(change_vs_baseline) >= {{ var('alert_high_severity_multiple') }} * threshold
                then 'high'
            else 'medium'
        end as severity,
        metric_name,
        week_base,
        metric_value,
        baseline_value,
        change_vs_baseline,
        threshold,
        deflection_rate,
        deflection_rate_baseline
    from candidates
    where coalesce(is_triggered, false)
),

last_weeks as (
    select *
    from trends
    where week_start = (select max(latest.week_start) from trends as latest)
),

novel_intents as (
    select
        intents.intent,
        (select max(latest.week_start) from trends as latest) as week_start,
        'novel_intent' as alert_type,
        case
            when intents.novelty_window_weekly_tickets >= {{ var('alert_min_tickets') }} then 'high'
            else 'medium'
        end as severity,
        'weekly_tickets' as metric_name,
        coalesce(last_weeks.tickets, 0) as week_base,
        intents.novelty_window_weekly_tickets as metric_value,
        intents.earlier_weekly_tickets as baseline_value,
        intents.novelty_window_weekly_tickets - intents.earlier_weekly_tickets as change_vs_baseline,
        {{ var('novel_intent_max_earlier_rate') }} as threshold,
        last_weeks.deflection_rate,
        last_weeks.deflection_rate_baseline
    from intents
    left join last_weeks on intents.intent = last_weeks.intent
    where intents.is_novel
),

alerts as (
    select * from triggered
    union all
    select * from novel_intents
),

final as (
    select
        intent,
        week_start,
        alert_type,
        severity,
        metric_name,
        cast(week_base as {{ dbt.type_bigint() }}) as week_base,
        cast(metric_value as {{ type_double() }}) as metric_value,
        cast(baseline_value as {{ type_double() }}) as baseline_value,
        cast(change_vs_baseline as {{ type_double() }}) as change_vs_baseline,
        cast(threshold as {{ type_double() }}) as threshold,
        cast(deflection_rate as {{ type_double() }}) as deflection_rate,
        cast(deflection_rate_baseline as {{ type_double() }}) as deflection_rate_baseline
    from alerts
)

select * from final
