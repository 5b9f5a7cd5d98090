{#-
    The tickets the intent models learn from (int_intent_models_fitted), one row each: tickets
    with customer text created before the training cutoff, the Monday of the watermark's week
    (every ticket while the data has no earlier week), at most var intent_max_training_tickets
    labelled ones and var intent_max_discovery_sample unlabelled ones, the first in
    ticket-hash order: a sample that no order of the rows can change. None when var
    assign_intents is false.
-#}
with

texts as (select * from {{ ref('int_tickets_described_by_customer_text') }}),

watermark as (select * from {{ ref('int_data_watermark') }}),

week_starts as (
    select {{ iso_week_start('watermark_at') }} as watermark_week_start
    from watermark
),

cutoffs as (
    select
        case
            when min(texts.created_at) < week_starts.watermark_week_start
                then week_starts.watermark_week_start
        end as training_cutoff_at
    from texts
    cross join week_starts
    group by week_starts.watermark_week_start
),

candidates as (
    select
        texts.ticket_id,
        texts.labelled_intent,
        texts.customer_text,
        cutoffs.training_cutoff_at,
        texts.labelled_intent is not null as is_labelled,
        {{ dbt.hash('texts.ticket_id') }} as ticket_hash
    from texts
    cross join cutoffs
    where
        {{ 'true' if var('assign_intents') else 'false' }}
        and texts.customer_text is not null
        and (cutoffs.training_cutoff_at is null or texts.created_at < cutoffs.training_cutoff_at)
),

ranked as (
    select
        *,
        row_number() over (partition by is_labelled order by ticket_hash, ticket_id) as sample_rank
    from candidates
),

final as (
    select
        ticket_id,
        labelled_intent,
        customer_text,
        training_cutoff_at
    from ranked
    where
        sample_rank <= case
            when is_labelled then {{ var('intent_max_training_tickets') }}
            else {{ var('intent_max_discovery_sample') }}
        end
)

select * from final
