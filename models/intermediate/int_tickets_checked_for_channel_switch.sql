{#-
    A channel switch: the customer came back about the same intent within the re-contact
    window (the ticket's re-contact, as linked by int_tickets_linked_to_recontacts) on another
    channel. A missing channel on either side is unknown, never a switch.
-#}
{{ config(materialized='incremental', unique_key='ticket_id', incremental_strategy='delete+insert') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

recontacts as (
    select * from {{ ref('int_tickets_linked_to_recontacts') }}
    {{ where_ticket_in_scope('int_tickets_affected_by_delivery') }}
),

final as (
    select
        tickets.ticket_id,
        recontact_tickets.channel as recontact_channel,
        coalesce(recontact_tickets.channel <> tickets.channel, false) as is_channel_switched,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    inner join recontacts on tickets.ticket_id = recontacts.ticket_id
    left join tickets as recontact_tickets
        on recontacts.recontact_ticket_id = recontact_tickets.ticket_id
)

select * from final
