{#-
    One row per intent of fct_tickets: where it comes from, its volume, when it was first
    seen, whether it is novel, and how the newest intent model describes it (int_intents_described).
    Novel: a discovered intent with tickets in each of the last var novel_intent_weeks weeks
    of the data and, before them, a weekly volume of at most var
    novel_intent_max_earlier_rate times its weekly volume since. A rate, not a count: the few
    unlabelled tickets of other needs that join a new group early on do not hide it. Data with
    no week before that window has no novel intents (nothing to be new against).
-#}
{%- set novelty_weeks = var('novel_intent_weeks') -%}

with

tickets as (select * from {{ ref('fct_tickets') }}),

described as (select * from {{ ref('int_intents_described') }}),

data_weeks as (
    select
        min(week_start) as first_week_start,
        {{ dbt.dateadd('week', 1 - novelty_weeks, 'max(week_start)') }} as novelty_window_start
    from tickets
),

weekly_tickets as (
    select
        intent,
        week_start,
        count(*) as tickets,
        sum(case when intent_source = 'label' then 1 else 0 end) as labelled_tickets,
        sum(case when intent_source = 'predicted' then 1 else 0 end) as predicted_tickets,
        sum(case when intent_source = 'discovered' then 1 else 0 end) as discovered_tickets
    from tickets
    where intent is not null
    group by intent, week_start
),

per_intent as (
    select
        weekly_tickets.intent,
        sum(weekly_tickets.tickets) as tickets,
        sum(weekly_tickets.labelled_tickets) as labelled_tickets,
        sum(weekly_tickets.predicted_tickets) as predicted_tickets,
        sum(weekly_tickets.discovered_tickets) as discovered_tickets,
        min(weekly_tickets.week_start) as first_seen_week_start,
        sum(
            case
                when weekly_tickets.week_start >= data_weeks.novelty_window_start
                    then weekly_tickets.tickets
            end
        ) as novelty_window_tickets,
        count(
            case when weekly_tickets.week_start >= data_weeks.novelty_window_start then 1 end
        ) as novelty_window_weeks_with_tickets,
        coalesce(sum(
            case
                when weekly_tickets.week_start < data_weeks.novelty_window_start
                    then weekly_tickets.tickets
            end
        ), 0) as earlier_tickets,
        max({{ dbt.datediff('data_weeks.first_week_start', 'data_weeks.novelty_window_start', 'week') }})
            as earlier_weeks
    from weekly_tickets
    cross join data_weeks
    group by weekly_tickets.intent
),

weekly_rates as (
    select
        *,
        -- Only discovered tickets: a known intent is never novel.
        case when discovered_tickets = tickets then 'discovered' else 'label' end as intent_source,
        cast(coalesce(novelty_window_tickets, 0) as {{ type_double() }}) / {{ novelty_weeks }}
            as novelty_window_weekly_tickets,
        case
            when earlier_weeks > 0 then cast(earlier_tickets as {{ type_double() }}) / earlier_weeks
        end as earlier_weekly_tickets
    from per_intent
),

final as (
    select
        weekly_rates.intent,
        weekly_rates.intent_source,
        cast(weekly_rates.tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(weekly_rates.labelled_tickets as {{ dbt.type_bigint() }}) as labelled_tickets,
        cast(weekly_rates.predicted_tickets as {{ dbt.type_bigint() }}) as predicted_tickets,
        cast(weekly_rates.discovered_tickets as {{ dbt.type_bigint() }}) as discovered_tickets,
        weekly_rates.first_seen_week_start,
        coalesce(
            weekly_rates.intent_source = 'discovered'
            and weekly_rates.novelty_window_weeks_with_tickets >= {{ novelty_weeks }}
            and weekly_rates.earlier_weekly_tickets
            <= {{ var('novel_intent_max_earlier_rate') }} * weekly_rates.novelty_window_weekly_tickets,
            false
        ) as is_novel,
        weekly_rates.novelty_window_weekly_tickets,
        weekly_rates.earlier_weekly_tickets,
        described.name_words,
        described.example_message,
        cast(described.label_agreement_tickets as {{ dbt.type_bigint() }}) as label_agreement_tickets,
        cast(described.label_agreement_rate as {{ type_double() }}) as label_agreement_rate
    from weekly_rates
    left join described on weekly_rates.intent = described.intent
)

select * from final
