-- A ticket's intent agrees with where it says it came from: a label is kept as it is and
-- always wins; a predicted intent is a known intent (one that some ticket has as its label);
-- a ticket without an intent has no source.
with

tickets as (select * from {{ ref('fct_tickets') }}),

known_intents as (
    select distinct labelled_intent as intent
    from tickets
    where labelled_intent is not null
),

final as (
    select
        tickets.ticket_id,
        tickets.intent,
        tickets.intent_source,
        tickets.labelled_intent
    from tickets
    left join known_intents on tickets.intent = known_intents.intent
    where
        (tickets.labelled_intent is not null and (
            tickets.intent_source != 'label' or tickets.intent != tickets.labelled_intent
        ))
        or (tickets.labelled_intent is null and tickets.intent_source = 'label')
        or (tickets.intent_source = 'predicted' and known_intents.intent is null)
        or ((tickets.intent is null) != (tickets.intent_source is null))
)

select * from final
