{#-
    Does resolution_confidence mean what it says? Per label source, per intent and for all
    intents together: AUC and Brier score, and a reliability table of ten bins of predicted
    confidence (0-0.1, ..., 0.9-1) with the share resolved in each. Label sources:
    observed_outcome (tickets whose re-contact window is complete, against the observed
    outcome) and reviews (reviewed tickets, against the reviewer's verdict). Unscored tickets
    (var python_models_enabled false) are left out: the mart is then empty.
-#}
with

tickets as (select * from {{ ref('fct_tickets') }}),

reviews as (select * from {{ ref('stg_support__conversation_reviews') }}),

labelled as (
    select
        'observed_outcome' as label_source,
        {{ intent_label('intent') }} as intent,
        resolution_confidence,
        case when is_observed_resolved then 1 else 0 end as observed_resolved
    from tickets
    where is_observed_resolved is not null and resolution_confidence is not null
    union all
    select
        'reviews' as label_source,
        {{ intent_label('tickets.intent') }} as intent,
        tickets.resolution_confidence,
        case when reviews.is_resolved then 1 else 0 end as observed_resolved
    from tickets
    inner join reviews on tickets.ticket_id = reviews.ticket_id
    where tickets.resolution_confidence is not null
),

scoped as (
    select
        label_source,
        intent,
        resolution_confidence,
        observed_resolved
    from labelled
    union all
    select
        label_source,
        '{{ var("all_intents_label") }}' as intent,
        resolution_confidence,
        observed_resolved
    from labelled
),

-- AUC as the Mann-Whitney statistic: resolved tickets' rank sum, tied scores sharing the
-- average of their ranks.
score_groups as (
    select
        label_source,
        intent,
        resolution_confidence,
        count(*) as tickets,
        sum(observed_resolved) as resolved_tickets
    from scoped
    group by label_source, intent, resolution_confidence
),

ranked_score_groups as (
    select
        *,
        sum(tickets) over (
            partition by label_source, intent order by resolution_confidence
            rows between unbounded preceding and current row
        ) - tickets as tickets_scored_lower
    from score_groups
),

intent_summary as (
    select
        label_source,
        intent,
        sum(tickets) as labelled_tickets,
        sum(resolved_tickets) as resolved_tickets,
        sum(resolved_tickets * (tickets_scored_lower + (tickets + 1) / 2.0)) as resolved_rank_sum
    from ranked_score_groups
    group by label_source, intent
),

bins as (
    select
        label_source,
        intent,
        least(floor(resolution_confidence * 10), 9) as confidence_bin,
        count(*) as bin_tickets,
        avg(resolution_confidence) as avg_predicted_confidence,
        avg(cast(observed_resolved as {{ type_double() }})) as observed_resolution_rate,
        sum((resolution_confidence - observed_resolved) * (resolution_confidence - observed_resolved))
            as squared_error
    from scoped
    group by label_source, intent, least(floor(resolution_confidence * 10), 9)
),

brier_scores as (
    select
        label_source,
        intent,
        sum(squared_error) / sum(bin_tickets) as brier_score
    from bins
    group by label_source, intent
),

final as (
    select
        bins.label_source,
        bins.intent,
        cast(bins.confidence_bin as {{ dbt.type_int() }}) as confidence_bin,
        cast(bins.confidence_bin / 10.0 as {{ type_double() }}) as confidence_bin_lower,
        cast((bins.confidence_bin + 1) / 10.0 as {{ type_double() }}) as confidence_bin_upper,
        cast(bins.bin_tickets as {{ dbt.type_bigint() }}) as bin_tickets,
        cast(bins.avg_predicted_confidence as {{ type_double() }}) as avg_predicted_confidence,
        cast(bins.observed_resolution_rate as {{ type_double() }}) as observed_resolution_rate,
        cast(intent_summary.labelled_tickets as {{ dbt.type_bigint() }}) as intent_labelled_tickets,
        cast(
            intent_summary.resolved_tickets * 1.0 / intent_summary.labelled_tickets as {{ type_double() }}
        ) as intent_observed_resolution_rate,
        cast(
            (
                intent_summary.resolved_rank_sum
                - intent_summary.resolved_tickets * (intent_summary.resolved_tickets + 1) / 2.0
            )
            / nullif(
                intent_summary.resolved_tickets
                * (intent_summary.labelled_tickets - intent_summary.resolved_tickets),
                0
            )
            as {{ type_double() }}
        ) as auc,
        cast(brier_scores.brier_score as {{ type_double() }}) as brier_score,
        bins.intent = '{{ var("all_intents_label") }}' as is_all_intents
    from bins
    inner join intent_summary
        on bins.label_source = intent_summary.label_source and bins.intent = intent_summary.intent
    inner join brier_scores
        on bins.label_source = brier_scores.label_source and bins.intent = brier_scores.intent
)

select * from final
