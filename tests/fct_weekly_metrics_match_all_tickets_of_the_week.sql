-- The all-intents figures of fct_weekly_metrics, built by adding up the per-intent marts,
-- equal the same figures taken straight over all tickets of the week in fct_tickets: what
-- the sum over intents must give. Rates are recomputed as means of per-ticket flags (null
-- when the base is empty), so a wrong sum, weight or base shows here. Fails with one row per
-- week and metric that differs by more than rounding, or is in one side only. Every ticket is
-- scored, or none is (var python_models_enabled false: the low-confidence share is then null).
-- Flags are averaged as doubles: Spark would average decimals to five places.
{%- set low_confidence = 'resolution_confidence < ' ~ var('low_confidence_threshold') -%}
{%- set flag_means = {
    'ai_resolution_rate': ('true', 'is_ai_resolved'),
    'recontact_rate': ('true', 'is_recontacted'),
    'deflection_rate': ('true', 'is_contained'),
    'escalation_rate': ('true', 'is_escalated'),
    'low_confidence_share': ('resolution_confidence is not null', low_confidence),
    'channel_switch_rate': ('true', 'is_channel_switched'),
    'downstream_action_rate': ('is_downstream_eligible', 'is_downstream_actioned'),
    'reexplain_rate': ('is_escalated', 'is_reexplain_asked'),
    'context_lost_rate': ('is_escalated', 'is_context_lost'),
} %}

with

tickets as (select * from {{ ref('fct_tickets') }}),

weekly_metrics as (select * from {{ ref('fct_weekly_metrics') }}),

recomputed_weeks as (
    select
        week_start,
        cast(count(*) as {{ type_double() }}) as tickets,
        {%- for metric_name, (base, flag) in flag_means.items() %}
            avg(case when {{ base }} then cast(coalesce({{ flag }}, false) as {{ type_double() }}) end)
                as {{ metric_name }},
        {%- endfor %}
        100 * avg(cast(coalesce(is_contained and not is_ai_resolved, false) as {{ type_double() }}))
            as deflection_gap_points,
        avg(resolution_confidence) as avg_resolution_confidence,
        avg(case when is_contained then csat_score end) as csat_ai,
        avg(case when is_escalated then csat_score end) as csat_human
    from tickets
    group by week_start
),

{%- set metric_names = ['tickets'] + flag_means.keys() | list + [
    'deflection_gap_points', 'avg_resolution_confidence', 'csat_ai', 'csat_human',
] %}

recomputed as (
    {%- for metric_name in metric_names %}
        select
            week_start,
            '{{ metric_name }}' as metric_name,
            cast({{ metric_name }} as {{ type_double() }}) as metric_value
        from recomputed_weeks
        {{ 'union all' if not loop.last }}
    {%- endfor %}
),

compared as (
    select
        weekly_metrics.week_start,
        weekly_metrics.metric_name,
        weekly_metrics.metric_value
    from weekly_metrics
    where weekly_metrics.metric_name in ('{{ metric_names | join("', '") }}')
),

final as (
    select
        coalesce(recomputed.week_start, compared.week_start) as week_start,
        coalesce(recomputed.metric_name, compared.metric_name) as metric_name,
        recomputed.metric_value as recomputed_value,
        compared.metric_value as mart_value
    from recomputed
    full outer join compared
        on
            recomputed.week_start = compared.week_start
            and recomputed.metric_name = compared.metric_name
    where not coalesce(
        abs(recomputed.metric_value - compared.metric_value) <= 1e-9,
        recomputed.metric_value is null and compared.metric_value is null
    )
)

select * from final
