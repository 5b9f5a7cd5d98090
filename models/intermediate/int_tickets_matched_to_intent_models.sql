{#-
    One row per ticket without a label and with customer text: the training week whose model
    (int_intent_models_fitted) assigns it, the newest week before the ticket's own (the first
    week's model also assigns its own week), and the instant that assignment's inputs last
    changed: that model row learnt, or the ticket placed from the discovery pool into an
    intent. A view: a daily run reads it for the tickets whose instant is newer than their stored
    intent (int_tickets_assigned_intents).
-#}
{{ config(materialized='view') }}

with

texts as (select * from {{ ref('int_tickets_described_by_customer_text') }}),

models as (select * from {{ ref('int_intent_models_fitted') }}),

placements as (select * from {{ ref('int_intent_pool_placements') }}),

model_weeks as (
    select
        trained_through_week_start,
        loaded_at,
        lead(trained_through_week_start) over (order by trained_through_week_start) as next_week_start,
        row_number() over (order by trained_through_week_start) as week_number
    from models
),

ticket_weeks as (
    select
        ticket_id,
        {{ iso_week_start('created_at') }} as created_week_start
    from texts
    where labelled_intent is null and customer_text is not null
),

matched as (
    select
        ticket_weeks.ticket_id,
        model_weeks.trained_through_week_start as intent_model_week_start,
        model_weeks.loaded_at as model_learnt_at
    from ticket_weeks
    inner join model_weeks
        on (
            ticket_weeks.created_week_start > model_weeks.trained_through_week_start
            and (
                model_weeks.next_week_start is null
                or ticket_weeks.created_week_start <= model_weeks.next_week_start
            )
        )
        or (
            model_weeks.week_number = 1
            and ticket_weeks.created_week_start <= model_weeks.trained_through_week_start
        )
),

final as (
    select
        matched.ticket_id,
        matched.intent_model_week_start,
        greatest(
            matched.model_learnt_at, coalesce(placements.placed_at, matched.model_learnt_at)
        ) as intent_model_changed_at
    from matched
    left join placements
        on matched.ticket_id = placements.ticket_id
)

select * from final
