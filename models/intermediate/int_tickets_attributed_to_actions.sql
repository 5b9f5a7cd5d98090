{#-
    A ticket whose intent has an expected event (seed intent_downstream_actions) is eligible;
    it is actioned when the same customer has that event with
    created_at <= occurred_at <= ended_at + window_hours.
    Tickets and events of a (customer, event) are laid on one timeline, and for each ticket
    the first event at or after its creation is a running minimum over the rows after it.
    At equal times the ticket sorts first, so an event at the creation instant counts.
-#}
{{ per_ticket_config(
    daily_run_scope='affected',
    daily_run_inputs_by_customer=['stg_support__events'],
) }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

events as (select * from {{ ref('stg_support__events') }}),

expected_actions as (
    select
        lower(trim(intent)) as intent,
        lower(trim(expected_event)) as expected_event,
        window_hours
    from {{ ref('intent_downstream_actions') }}
),

eligible_expectations as (
    select
        tickets.ticket_id,
        tickets.customer_id,
        expected_actions.expected_event,
        tickets.created_at,
        {{ dbt.dateadd('hour', 'expected_actions.window_hours', 'tickets.ended_at') }}
            as action_deadline_at
    from tickets
    inner join expected_actions on tickets.intent = expected_actions.intent
),

expected_events as (
    select
        customer_id,
        event_name,
        occurred_at
    from events
    where event_name in (select expected_actions.expected_event from expected_actions)
),

timeline as (
    select
        ticket_id,
        customer_id,
        expected_event as event_name,
        0 as is_event,
        created_at as happened_at,
        action_deadline_at
    from eligible_expectations
    union all
    select
        null as ticket_id,
        customer_id,
        event_name,
        1 as is_event,
        occurred_at as happened_at,
        null as action_deadline_at
    from expected_events
),

next_events as (
    select
        ticket_id,
        is_event,
        action_deadline_at,
        min(case when is_event = 1 then happened_at end) over (
            partition by customer_id, event_name
            order by happened_at, is_event
            rows between current row and unbounded following
        ) as next_event_at
    from timeline
),

per_ticket as (
    select
        ticket_id,
        min(case when next_event_at <= action_deadline_at then next_event_at end)
            as first_action_at,
        max(action_deadline_at) as action_deadline_at
    from next_events
    where is_event = 0
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        per_ticket.ticket_id is not null as is_downstream_eligible,
        per_ticket.first_action_at is not null as is_downstream_actioned,
        per_ticket.first_action_at,
        per_ticket.action_deadline_at,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join per_ticket on tickets.ticket_id = per_ticket.ticket_id
)

select * from final
