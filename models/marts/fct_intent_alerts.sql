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
-#}
with

trends as (select * from {{ ref('fct_intent_trends') }}),

comparable_weeks as (
    select *
    from trends
    where
        is_recontact_window_complete
        and baseline_tickets >= {{ var('alert_min_baseline_tickets') }}
),

candidates as (
    select
        intent,
        week_start,
        'recontact_rising' as alert_type,
        'recontact_rate' as metric_name,
        tickets as week_base,
        recontact_rate as metric_value,
        recontact_rate_baseline as baseline_value,
        recontact_rate_vs_baseline as change_vs_baseline,
        {{ var('alert_recontact_rise') }} as threshold,
        deflection_rate,
        deflection_rate_baseline,
        tickets >= {{ var('alert_min_tickets') }}
        and recontact_rate_vs_baseline >= {{ var('alert_recontact_rise') }}
        and abs(deflection_rate_vs_baseline) <= {{ var('alert_deflection_flat_tolerance') }}
            as is_triggered
    from comparable_weeks
    union all
    select
        intent,
        week_start,
        'downstream_action_falling' as alert_type,
        'downstream_action_rate' as metric_name,
        downstream_eligible_tickets as week_base,
        downstream_action_rate as metric_value,
        downstream_action_rate_baseline as baseline_value,
        downstream_action_rate_vs_baseline as change_vs_baseline,
        {{ var('alert_downstream_action_fall') }} as threshold,
        deflection_rate,
        deflection_rate_baseline,
        downstream_eligible_tickets >= {{ var('alert_min_tickets') }}
        and downstream_action_rate_vs_baseline <= -{{ var('alert_downstream_action_fall') }}
            as is_triggered
    from comparable_weeks
    union all
    select
        intent,
        week_start,
        'csat_falling' as alert_type,
        'csat_ai' as metric_name,
        csat_ai_responses as week_base,
        csat_ai as metric_value,
        csat_ai_baseline as baseline_value,
        csat_ai_vs_baseline as change_vs_baseline,
        {{ var('alert_csat_fall') }} as threshold,
        deflection_rate,
        deflection_rate_baseline,
        csat_ai_responses >= {{ var('alert_min_csat_responses') }}
        and csat_ai_vs_baseline <= -{{ var('alert_csat_fall') }}
        and abs(deflection_rate_vs_baseline) <= {{ var('alert_deflection_flat_tolerance') }}
            as is_triggered
    from comparable_weeks
    union all
    select
        intent,
        week_start,
        'low_confidence' as alert_type,
        'low_confidence_share' as metric_name,
        tickets as week_base,
        low_confidence_share as metric_value,
        low_confidence_share_baseline as baseline_value,
        low_confidence_share_vs_baseline as change_vs_baseline,
        {{ var('alert_low_confidence_rise') }} as threshold,
        deflection_rate,
        deflection_rate_baseline,
        tickets >= {{ var('alert_min_tickets') }}
        and low_confidence_share_vs_baseline >= {{ var('alert_low_confidence_rise') }}
            as is_triggered
    from comparable_weeks
),

final as (
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
        cast(week_base as {{ dbt.type_bigint() }}) as week_base,
        cast(metric_value as {{ type_double() }}) as metric_value,
        cast(baseline_value as {{ type_double() }}) as baseline_value,
        cast(change_vs_baseline as {{ type_double() }}) as change_vs_baseline,
        cast(threshold as {{ type_double() }}) as threshold,
        cast(deflection_rate as {{ type_double() }}) as deflection_rate,
        cast(deflection_rate_baseline as {{ type_double() }}) as deflection_rate_baseline
    from candidates
    where coalesce(is_triggered, false)
)

select * from final
