{#-
    The customer's own words of each ticket, which intents are assigned from: the customer's
    redacted messages (int_conversation_turns_kept), joined in the order they were sent and cut
    to var intent_text_max_characters, beside the ticket's normalised label.
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('stg_support__tickets') }}),

turns as (select * from {{ ref('int_conversation_turns_kept') }}),

customer_messages as (
    select
        ticket_id,
        turn_id,
        body,
        sent_at
    from turns
    where author_role = 'customer' and body is not null
),

customer_texts as (
    select
        ticket_id,
        {{ dbt.listagg('body', "' '", 'order by sent_at, turn_id') }} as customer_text
    from customer_messages
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        tickets.intent as labelled_intent,
        tickets.created_at,
        substring(customer_texts.customer_text, 1, {{ var('intent_text_max_characters') }})
            as customer_text,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join customer_texts on tickets.ticket_id = customer_texts.ticket_id
)

select * from final
