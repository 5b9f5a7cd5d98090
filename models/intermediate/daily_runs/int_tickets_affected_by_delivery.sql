{#-
    A log of the tickets whose facts may change in a run, beyond their own data: one row per
    ticket and run. A full build lists every ticket. In a daily run:
    - the tickets touched by the delivery (int_tickets_touched_by_delivery);
    - the tickets whose assigned intent changed since, after the intent models learnt a week
      (int_tickets_assigned_intents.intent_changed_at): their re-contacts and downstream
      actions may change;
    - the tickets of the customers of both (before and after any change of customer) whose
      re-contact window reaches a touched or re-assigned ticket's creation in any of its
      versions: a new or changed ticket can only become, or stop being, the re-contact of those;
    - the tickets of customers with delivered events whose downstream window holds the event;
    - the tickets whose re-contact window ends between the previous run's watermark and this
      run's (either way round): their is_recontact_window_complete flips.
    Every row carries its run's watermark, so the next run knows the previous one. A run
    that listed no ticket left no watermark, but no untouched ticket's window ended between
    its watermark and the one before, so the latest watermark stored serves as well.
-#}
{{ config(
    materialized=daily_run_materialization(),
    incremental_strategy='append',
    on_schema_change='append_new_columns',
) }}

-- depends_on: {{ ref('base_support__tickets_validated') }}
-- depends_on: {{ ref('base_support__events_validated') }}
-- depends_on: {{ ref('intent_downstream_actions') }}
-- depends_on: {{ ref('int_tickets_touched_by_delivery') }}
-- depends_on: {{ ref('int_tickets_assigned_intents') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

watermark as (select * from {{ ref('int_data_watermark') }}),

{% if is_incremental() %}
    touched as (
        select * from {{ ref('int_tickets_touched_by_delivery') }}
        {{ where_loaded_since_last_run() }}
    ),

    reassigned as (
        select ticket_id from {{ ref('int_tickets_assigned_intents') }}
        where intent_changed_at > {{ last_loaded_at() }}
    ),

    changed_tickets as (
        select ticket_id from touched
        union
        select ticket_id from reassigned
    ),

    ticket_versions as (select * from {{ ref('base_support__tickets_validated') }}),

    event_copies as (
        select * from {{ ref('base_support__events_validated') }}
        {{ where_loaded_since_last_run() }}
    ),

    downstream_actions as (select * from {{ ref('intent_downstream_actions') }}),

    recontact_windows as (
        select
            ticket_id,
            customer_id,
            {{ recontact_window_end('ended_at') }} as recontact_window_ends_at
        from tickets
    ),

    changed_customers as (
        select
            ticket_versions.customer_id,
            min(ticket_versions.created_at) as first_changed_created_at
        from ticket_versions
        inner join changed_tickets on ticket_versions.ticket_id = changed_tickets.ticket_id
        group by ticket_versions.customer_id
    ),

    tickets_of_changed_customers as (
        select recontact_windows.ticket_id
        from recontact_windows
        inner join changed_customers on recontact_windows.customer_id = changed_customers.customer_id
        where recontact_windows.recontact_window_ends_at >= changed_customers.first_changed_created_at
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
        select max(stored.watermark_at) as watermark_at
        from {{ this }} as stored
        where stored.loaded_at = (select max(latest.loaded_at) from {{ this }} as latest)
    ),

    watermark_moves as (
        select
            previous_watermark.watermark_at is null as is_unknown,
            least(previous_watermark.watermark_at, watermark.watermark_at) as moved_from,
            greatest(previous_watermark.watermark_at, watermark.watermark_at) as moved_to
        from previous_watermark
        cross join watermark
    ),

    tickets_with_window_completeness_changed as (
        select recontact_windows.ticket_id
        from recontact_windows
        cross join watermark_moves
        where
            watermark_moves.is_unknown
            or (
                recontact_windows.recontact_window_ends_at > watermark_moves.moved_from
                and recontact_windows.recontact_window_ends_at <= watermark_moves.moved_to
            )
    ),

    affected as (
        select ticket_id from changed_tickets
        union
        select ticket_id from tickets_of_changed_customers
        union
        select ticket_id from tickets_with_delivered_events
        union
        select ticket_id from tickets_with_window_completeness_changed
    ),
{% else %}
    affected as (select ticket_id from tickets),
{% endif %}

final as (
    select
        affected.ticket_id,
        watermark.watermark_at,
        {{ batch_loaded_at() }} as loaded_at
    from affected
    cross join watermark
)

select * from final
