{#-
    A log of the tickets whose facts may change in a run, beyond their own data: one row per
    ticket and run. A full build lists every ticket. In a daily run:
    - the tickets touched by the delivery (int_tickets_touched_by_delivery);
    - every ticket of their customers, before and after any change of customer: a new or
      changed ticket can be the re-contact of an earlier one;
    - the tickets of customers with delivered events whose downstream window holds the event;
    - the tickets whose re-contact window had not ended at the previous watermark: the
      watermark moves, and with it is_recontact_window_complete.
    The previous watermark is bounded from below by the tickets not touched now (their
    times did not change), so the open windows listed are a superset of the true ones.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}

{%- set window_hours = var('recontact_window_hours') %}

-- depends_on: {{ ref('stg_support__tickets_validated') }}
-- depends_on: {{ ref('stg_support__events_validated') }}
-- depends_on: {{ ref('intent_downstream_actions') }}
-- depends_on: {{ ref('int_tickets_touched_by_delivery') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

{% if is_incremental() %}
    touched as (
        select * from {{ ref('int_tickets_touched_by_delivery') }}
        {{ where_loaded_since_last_run() }}
    ),

    ticket_versions as (select * from {{ ref('stg_support__tickets_validated') }}),

    event_copies as (
        select * from {{ ref('stg_support__events_validated') }}
        {{ where_loaded_since_last_run() }}
    ),

    downstream_actions as (select * from {{ ref('intent_downstream_actions') }}),

    touched_customers as (
        select distinct ticket_versions.customer_id
        from ticket_versions
        inner join touched on ticket_versions.ticket_id = touched.ticket_id
    ),

    tickets_of_touched_customers as (
        select tickets.ticket_id
        from tickets
        where tickets.customer_id in (select touched_customers.customer_id from touched_customers)
    ),

    tickets_with_delivered_events as (
        select tickets.ticket_id
        from tickets
        inner join event_copies
            on
                tickets.customer_id = event_copies.customer_id
                and tickets.created_at <= event_copies.occurred_at
                and event_copies.occurred_at <= {{ dbt.dateadd(
                    'hour', '(select max(downstream_actions.window_hours) from downstream_actions)',
                    'tickets.ended_at',
                ) }}
    ),

    previous_watermark as (
        select
            max(
                greatest(
                    tickets.created_at,
                    coalesce(tickets.closed_at, tickets.created_at),
                    coalesce(tickets.last_turn_at, tickets.created_at)
                )
            ) as watermark_at
        from tickets
        where tickets.ticket_id not in (select touched.ticket_id from touched)
    ),

    tickets_with_open_windows as (
        select tickets.ticket_id
        from tickets
        cross join previous_watermark
        where
            previous_watermark.watermark_at is null
            or {{ dbt.dateadd('hour', window_hours, 'tickets.ended_at') }} > previous_watermark.watermark_at
    ),

    affected as (
        select ticket_id from touched
        union
        select ticket_id from tickets_of_touched_customers
        union
        select ticket_id from tickets_with_delivered_events
        union
        select ticket_id from tickets_with_open_windows
    ),
{% else %}
    affected as (select ticket_id from tickets),
{% endif %}

final as (
    select
        ticket_id,
        {{ batch_loaded_at() }} as loaded_at
    from affected
)

select * from final
