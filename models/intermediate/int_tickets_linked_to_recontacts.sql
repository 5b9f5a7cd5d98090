{#-
    T1 is re-contacted by the first later ticket T2 of the same customer and intent with
    T1.created_at < T2.created_at <= T1.ended_at + H hours. That first later ticket is simply
    the next creation instant of the (customer, intent) after T1's, so a window function finds
    it without joining a customer's tickets to each other. Ties at that instant go to the
    smallest ticket_id.
-#}
{{ per_ticket_config(
    daily_run_scope='affected',
    daily_run_inputs_by_customer=['int_tickets_rolled_up'],
) }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

watermark as (select * from {{ ref('int_data_watermark') }}),

labelled_tickets as (
    select
        ticket_id,
        customer_id,
        intent,
        created_at,
        ended_at
    from tickets
    where intent is not null
),

creation_instants as (
    select
        customer_id,
        intent,
        created_at,
        min(ticket_id) as first_ticket_id
    from labelled_tickets
    group by customer_id, intent, created_at
),

next_instants as (
    select
        customer_id,
        intent,
        created_at,
        lead(first_ticket_id) over (
            partition by customer_id, intent order by created_at
        ) as next_ticket_id,
        lead(created_at) over (
            partition by customer_id, intent order by created_at
        ) as next_created_at
    from creation_instants
),

links as (
    select
        labelled_tickets.ticket_id,
        next_instants.next_ticket_id as recontact_ticket_id,
        next_instants.next_created_at as recontact_created_at
    from labelled_tickets
    inner join next_instants
        on
            labelled_tickets.customer_id = next_instants.customer_id
            and labelled_tickets.intent = next_instants.intent
            and labelled_tickets.created_at = next_instants.created_at
    where
        next_instants.next_created_at
        <= {{ recontact_window_end('labelled_tickets.ended_at') }}
),

windows as (
    select
        ticket_id,
        ended_at,
        {{ recontact_window_end('ended_at') }} as recontact_window_ends_at
    from tickets
),

final as (
    select
        windows.ticket_id,
        links.recontact_ticket_id,
        case
            when links.ticket_id is not null
                then greatest(
                    {{ hours_between('windows.ended_at', 'links.recontact_created_at') }}, 0
                )
        end as hours_to_recontact,
        links.ticket_id is not null as is_recontacted,
        windows.recontact_window_ends_at <= watermark.watermark_at as is_recontact_window_complete,
        windows.recontact_window_ends_at,
        {{ batch_loaded_at() }} as loaded_at
    from windows
    cross join watermark
    left join links on windows.ticket_id = links.ticket_id
)

select * from final
