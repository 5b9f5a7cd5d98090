{#-
    The tickets the intent models learn from (int_intent_models_fitted), one row each, by the
    week they were created in: tickets with customer text created before the Monday of the
    watermark's week (while the data has no earlier week, the tickets of that week so far), at
    most var intent_max_labelled_per_week labelled and var intent_max_unlabelled_per_week
    unlabelled ones per week, the first in ticket-hash order: a sample that no order of the
    rows can change. training_row_hash digests what a row teaches, so the models can tell the
    weeks whose sample changed without reading their text. None when var assign_intents is
    false.
-#}
with

texts as (select * from {{ ref('int_tickets_described_by_customer_text') }}),

watermark as (select * from {{ ref('int_data_watermark') }}),

weeks as (
    select
        texts.ticket_id,
        texts.labelled_intent is not null as is_labelled,
        {{ iso_week_start('texts.created_at') }} as training_week_start,
        {{ iso_week_start('watermark.watermark_at') }} as watermark_week_start
    from texts
    cross join watermark
    where
        {{ 'true' if var('assign_intents') else 'false' }}
        and texts.customer_text is not null
),

first_weeks as (
    select min(training_week_start) as first_week_start
    from weeks
),

-- Ranked without their text, which only the sampled tickets carry (sorting it is the cost).
candidates as (
    select
        weeks.ticket_id,
        weeks.is_labelled,
        weeks.training_week_start,
        {{ dbt.hash('weeks.ticket_id') }} as ticket_hash
    from weeks
    cross join first_weeks
    where
        weeks.training_week_start < weeks.watermark_week_start
        or first_weeks.first_week_start >= weeks.watermark_week_start
),

ranked as (
    select
        *,
        row_number() over (
            partition by training_week_start, is_labelled order by ticket_hash, ticket_id
        ) as sample_rank
    from candidates
),

sampled as (
    select
        ticket_id,
        training_week_start
    from ranked
    where
        sample_rank <= case
            when is_labelled then {{ var('intent_max_labelled_per_week') }}
            else {{ var('intent_max_unlabelled_per_week') }}
        end
),

final as (
    select
        texts.ticket_id,
        texts.labelled_intent,
        texts.customer_text,
        sampled.training_week_start,
        {{ dbt.hash(dbt.concat([
            'texts.ticket_id', "'|'", "coalesce(texts.labelled_intent, '')", "'|'", 'texts.customer_text'
        ])) }} as training_row_hash
    from sampled
    inner join texts
        on sampled.ticket_id = texts.ticket_id
)

select * from final
