{#-
    Per intent and week: each primary rate, its change from the previous week, and its
    trailing baseline: the pooled rate over the var trend_baseline_weeks weeks before this one,
    counting only weeks whose re-contact windows are complete (a provisional week never sets
    the bar). The figures the alerts compare (deflection, downstream action, AI CSAT) get the
    same baseline. Pooled means weighted by each week's base: tickets, eligible tickets or
    CSAT answers. The baseline rates and means use the weekly formulas (weekly_rate,
    pooled_mean) over the baseline weeks.
-#}
{%- set baseline_days = 7 * var('trend_baseline_weeks') -%}

with

weekly as (select * from {{ ref('fct_intent_weekly') }}),

baselines as (
    select
        current_week.intent,
        current_week.week_start,
        count(*) as baseline_weeks,
        sum(prior_week.tickets) as baseline_tickets,
        sum(prior_week.ai_resolved_tickets) as baseline_ai_resolved_tickets,
        sum(prior_week.recontacted_tickets) as baseline_recontacted_tickets,
        sum(prior_week.contained_tickets) as baseline_contained_tickets,
        sum(prior_week.downstream_eligible_tickets) as baseline_downstream_eligible_tickets,
        sum(prior_week.downstream_actioned_tickets) as baseline_downstream_actioned_tickets,
        {{ pooled_mean('prior_week.csat_ai', 'prior_week.csat_ai_responses') }} as csat_ai_baseline,
        {{ pooled_mean('prior_week.avg_resolution_confidence', 'prior_week.tickets') }}
            as avg_resolution_confidence_baseline,
        sum(prior_week.low_confidence_tickets) as baseline_low_confidence_tickets
    from weekly as current_week
    inner join weekly as prior_week
        on
            current_week.intent = prior_week.intent
            and current_week.week_start > prior_week.week_start
            and prior_week.week_start
            >= {{ dbt.dateadd('day', -baseline_days, 'current_week.week_start') }}
    where prior_week.is_recontact_window_complete
    group by current_week.intent, current_week.week_start
),

compared as (
    select
        weekly.intent,
        weekly.week_start,
        weekly.tickets,
        weekly.downstream_eligible_tickets,
        weekly.csat_ai_responses,
        weekly.ai_resolution_rate,
        weekly.recontact_rate,
        weekly.deflection_rate,
        weekly.downstream_action_rate,
        weekly.csat_ai,
        weekly.avg_resolution_confidence,
        weekly.low_confidence_share,
        weekly.is_recontact_window_complete,
        weekly.ai_resolution_rate - previous_week.ai_resolution_rate as ai_resolution_rate_wow_change,
        weekly.recontact_rate - previous_week.recontact_rate as recontact_rate_wow_change,
        weekly.avg_resolution_confidence - previous_week.avg_resolution_confidence
            as avg_resolution_confidence_wow_change,
        coalesce(baselines.baseline_weeks, 0) as baseline_weeks,
        coalesce(baselines.baseline_tickets, 0) as baseline_tickets,
        {{ weekly_rate('ai_resolution_rate', 'baselines.baseline_') }} as ai_resolution_rate_baseline,
        {{ weekly_rate('recontact_rate', 'baselines.baseline_') }} as recontact_rate_baseline,
        {{ weekly_rate('deflection_rate', 'baselines.baseline_') }} as deflection_rate_baseline,
        {{ weekly_rate('downstream_action_rate', 'baselines.baseline_') }}
            as downstream_action_rate_baseline,
        baselines.csat_ai_baseline,
        baselines.avg_resolution_confidence_baseline,
        {{ weekly_rate('low_confidence_share', 'baselines.baseline_') }}
            as low_confidence_share_baseline
    from weekly
    left join weekly as previous_week
        on
            weekly.intent = previous_week.intent
            and previous_week.week_start = {{ dbt.dateadd('day', -7, 'weekly.week_start') }}
    left join baselines
        on
            weekly.intent = baselines.intent
            and weekly.week_start = baselines.week_start
),

final as (
    select
        intent,
        week_start,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(downstream_eligible_tickets as {{ dbt.type_bigint() }}) as downstream_eligible_tickets,
        cast(csat_ai_responses as {{ dbt.type_bigint() }}) as csat_ai_responses,
        cast(baseline_weeks as {{ dbt.type_int() }}) as baseline_weeks,
        cast(baseline_tickets as {{ dbt.type_bigint() }}) as baseline_tickets,
        cast(ai_resolution_rate as {{ type_double() }}) as ai_resolution_rate,
        cast(ai_resolution_rate_wow_change as {{ type_double() }}) as ai_resolution_rate_wow_change,
        cast(ai_resolution_rate_baseline as {{ type_double() }}) as ai_resolution_rate_baseline,
        cast(ai_resolution_rate - ai_resolution_rate_baseline as {{ type_double() }})
            as ai_resolution_rate_vs_baseline,
        cast(recontact_rate as {{ type_double() }}) as recontact_rate,
        cast(recontact_rate_wow_change as {{ type_double() }}) as recontact_rate_wow_change,
        cast(recontact_rate_baseline as {{ type_double() }}) as recontact_rate_baseline,
        cast(recontact_rate - recontact_rate_baseline as {{ type_double() }})
            as recontact_rate_vs_baseline,
        cast(avg_resolution_confidence as {{ type_double() }}) as avg_resolution_confidence,
        cast(avg_resolution_confidence_wow_change as {{ type_double() }})
            as avg_resolution_confidence_wow_change,
        cast(avg_resolution_confidence_baseline as {{ type_double() }})
            as avg_resolution_confidence_baseline,
        cast(avg_resolution_confidence - avg_resolution_confidence_baseline as {{ type_double() }})
            as avg_resolution_confidence_vs_baseline,
        cast(low_confidence_share as {{ type_double() }}) as low_confidence_share,
        cast(low_confidence_share_baseline as {{ type_double() }}) as low_confidence_share_baseline,
        cast(low_confidence_share - low_confidence_share_baseline as {{ type_double() }})
            as low_confidence_share_vs_baseline,
        cast(deflection_rate as {{ type_double() }}) as deflection_rate,
        cast(deflection_rate_baseline as {{ type_double() }}) as deflection_rate_baseline,
        cast(deflection_rate - deflection_rate_baseline as {{ type_double() }})
            as deflection_rate_vs_baseline,
        cast(downstream_action_rate as {{ type_double() }}) as downstream_action_rate,
        cast(downstream_action_rate_baseline as {{ type_double() }}) as downstream_action_rate_baseline,
        cast(downstream_action_rate - downstream_action_rate_baseline as {{ type_double() }})
            as downstream_action_rate_vs_baseline,
        cast(csat_ai as {{ type_double() }}) as csat_ai,
        cast(csat_ai_baseline as {{ type_double() }}) as csat_ai_baseline,
        cast(csat_ai - csat_ai_baseline as {{ type_double() }}) as csat_ai_vs_baseline,
        is_recontact_window_complete
    from compared
)

select * from final
