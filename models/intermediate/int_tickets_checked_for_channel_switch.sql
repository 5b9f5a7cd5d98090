{#-
    A channel switch: the customer came back about the same intent within the re-contact
    window (the ticket's re-contact, as linked by int_tickets_linked_to_recontacts) on another
    channel. A missing channel on either side is unknown, never a switch.
-#}
{{ per_ticket_config(
    daily_run_scope='affected',
    daily_run_inputs_read_whole=['int_tickets_rolled_up'],
) }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

recontacts as (select * from {{ ref('int_tickets_linked_to_recontacts') }}),

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
