{#-
    What the customer did after the ticket, read against the seed intent_downstream_actions.
    Each row of the seed is of kind `expected` (the default when empty: doing it shows the
    problem was solved) or `contradicting` (doing it shows the customer did not believe or
    could not use the answer, such as a payment dispute after a refund explanation).
    A ticket whose intent has an expected event is eligible; it is actioned when the same
    customer has that event with created_at <= occurred_at <= ended_at + window_hours.
    A ticket whose intent has a contradicting event is checked for contradiction, and
    contradicted when the customer has that event in the same kind of window.
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

downstream_actions as (select * from {{ ref('stg_support__downstream_actions') }}),

ticket_windows as (
    select
        tickets.ticket_id,
        tickets.customer_id,
        downstream_actions.event_name,
        downstream_actions.action_kind,
        tickets.created_at,
        {{ dbt.dateadd('hour', 'downstream_actions.window_hours', 'tickets.ended_at') }}
            as window_ends_at
    from tickets
    inner join downstream_actions on tickets.intent = downstream_actions.intent
),

action_events as (
    select
        customer_id,
        event_name,
        occurred_at
    from events
    where event_name in (select downstream_actions.event_name from downstream_actions)
),

timeline as (
    select
        ticket_id,
        customer_id,
        event_name,
        action_kind,
        0 as is_event,
        created_at as happened_at,
        window_ends_at
    from ticket_windows
    union all
    select
        null as ticket_id,
        customer_id,
        event_name,
        null as action_kind,
        1 as is_event,
        occurred_at as happened_at,
        null as window_ends_at
    from action_events
),

next_events as (
    select
        ticket_id,
        action_kind,
        is_event,
        window_ends_at,
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
        max(case when action_kind = 'expected' then 1 else 0 end) = 1 as is_downstream_eligible,
        max(case when action_kind = 'contradicting' then 1 else 0 end) = 1
            as is_downstream_contradiction_checked,
        min(
            case
                when action_kind = 'expected' and next_event_at <= window_ends_at
                    then next_event_at
            end
        ) as first_action_at,
        min(
            case
                when action_kind = 'contradicting' and next_event_at <= window_ends_at
                    then next_event_at
            end
        ) as first_contradiction_at,
        max(case when action_kind = 'expected' then window_ends_at end) as action_deadline_at,
        max(case when action_kind = 'contradicting' then window_ends_at end)
            as contradiction_deadline_at
    from next_events
    where is_event = 0
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        coalesce(per_ticket.is_downstream_eligible, false) as is_downstream_eligible,
        per_ticket.first_action_at is not null as is_downstream_actioned,
        coalesce(per_ticket.is_downstream_contradiction_checked, false)
            as is_downstream_contradiction_checked,
        per_ticket.first_contradiction_at is not null as is_downstream_contradicted,
        per_ticket.first_action_at,
        per_ticket.action_deadline_at,
        per_ticket.first_contradiction_at,
        per_ticket.contradiction_deadline_at,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join per_ticket on tickets.ticket_id = per_ticket.ticket_id
)

select * from final
