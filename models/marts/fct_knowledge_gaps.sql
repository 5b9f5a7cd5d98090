{#-
    One row per labelled intent: where the AI most often fails to resolve. Only weeks whose
    re-contact windows are complete count (true resolution is not final before), up to the
    latest week complete for every intent. The ranking uses the latest var
    trend_baseline_weeks complete weeks: volume x (1 - AI resolution rate),
    which is the number of tickets the AI did not truly resolve. A gap week is a complete
    week with at least alert_min_tickets tickets and an AI resolution rate below
    knowledge_gap_max_ai_resolution_rate. A gap is open when the latest complete week is a
    gap week; it opened at the first gap week after the intent's last non-gap week.
    Unlabeled tickets are left out: they never count as re-contacted, so their resolution
    rate is overstated.
-#}
{%- set recent_days = 7 * var('trend_baseline_weeks') -%}
{%- set days_open = dbt.datediff('gap_opened_week', 'latest_complete_week', 'day') -%}

with

weekly as (select * from {{ ref('fct_intent_weekly') }}),

-- A week is complete when every intent's tickets of it are: a small intent whose few tickets
-- came early in a week does not make that week final for the others.
week_completeness as (
    select
        week_start,
        min(case when is_recontact_window_complete then 1 else 0 end) = 1 as is_week_complete
    from weekly
    group by week_start
),

latest as (
    select max(week_start) as latest_complete_week
    from week_completeness
    where is_week_complete
),

complete_weeks as (
    select
        weekly.*,
        coalesce(
            weekly.tickets >= {{ var('alert_min_tickets') }}
            and weekly.ai_resolution_rate < {{ var('knowledge_gap_max_ai_resolution_rate') }},
            false
        ) as is_gap_week
    from weekly
    cross join latest
    where
        weekly.is_recontact_window_complete
        and weekly.week_start <= latest.latest_complete_week
        and weekly.intent <> '{{ var("unlabeled_intent_label") }}'
),

dated_weeks as (
    select
        complete_weeks.*,
        latest.latest_complete_week,
        complete_weeks.week_start
        > {{ dbt.dateadd('day', -recent_days, 'latest.latest_complete_week') }} as is_recent_week
    from complete_weeks
    cross join latest
),

per_intent as (
    select
        intent,
        sum(case when is_recent_week then tickets else 0 end) as recent_tickets,
        sum(case when is_recent_week then ai_resolved_tickets else 0 end) as recent_ai_resolved_tickets,
        sum(case when is_gap_week then 1 else 0 end) as gap_weeks,
        min(case when is_gap_week then week_start end) as first_gap_week,
        max(case when not is_gap_week then week_start end) as last_non_gap_week,
        max(case when week_start = latest_complete_week then is_gap_week end) as is_latest_week_gap,
        max(latest_complete_week) as latest_complete_week
    from dated_weeks
    group by intent
),

open_gaps as (
    select
        per_intent.intent,
        min(complete_weeks.week_start) as gap_opened_week,
        max(per_intent.latest_complete_week) as latest_complete_week
    from per_intent
    inner join complete_weeks
        on
            per_intent.intent = complete_weeks.intent
            and complete_weeks.is_gap_week
            and (
                per_intent.last_non_gap_week is null
                or per_intent.last_non_gap_week < complete_weeks.week_start
            )
    where coalesce(per_intent.is_latest_week_gap, false)
    group by per_intent.intent
),

open_gap_ages as (
    select
        intent,
        gap_opened_week,
        {{ days_open }} / 7 + 1 as weeks_open
    from open_gaps
),

final as (
    select
        per_intent.intent,
        cast(
            row_number()
                over (
                    order by
                        per_intent.recent_tickets - per_intent.recent_ai_resolved_tickets desc,
                        per_intent.intent
                )
            as {{ dbt.type_int() }}
        ) as gap_rank,
        cast(per_intent.recent_tickets as {{ dbt.type_bigint() }}) as recent_tickets,
        cast(
            per_intent.recent_ai_resolved_tickets * 1.0 / nullif(per_intent.recent_tickets, 0)
            as {{ type_double() }}
        ) as recent_ai_resolution_rate,
        cast(
            per_intent.recent_tickets - per_intent.recent_ai_resolved_tickets
            as {{ dbt.type_bigint() }}
        ) as gap_score,
        cast(per_intent.gap_weeks as {{ dbt.type_int() }}) as gap_weeks,
        cast(coalesce(open_gap_ages.weeks_open, 0) as {{ dbt.type_int() }}) as weeks_open,
        open_gap_ages.intent is not null as is_gap_open,
        cast(per_intent.first_gap_week as date) as first_gap_week,
        cast(open_gap_ages.gap_opened_week as date) as gap_opened_week,
        cast(per_intent.latest_complete_week as date) as latest_complete_week
    from per_intent
    left join open_gap_ages on per_intent.intent = open_gap_ages.intent
)

select * from final
