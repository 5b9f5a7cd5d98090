{#-
    An escalated ticket whose first human_agent message contains one of the phrases of
    seed reexplain_phrases (case-insensitive) asked the customer to re-explain.
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

turns as (select * from {{ ref('int_conversation_turns_kept') }}),

phrases as (
    select distinct lower(trim(phrase)) as phrase
    from {{ ref('reexplain_phrases') }}
    where trim(phrase) <> ''
),

first_human_messages as (
    select
        tickets.ticket_id,
        lower(turns.body) as body
    from tickets
    inner join turns on tickets.first_human_message_turn_id = turns.turn_id
    where tickets.is_escalated
),

matches as (
    select
        first_human_messages.ticket_id,
        min(phrases.phrase) as matched_phrase
    from first_human_messages
    inner join phrases
        on {{ dbt.position('phrases.phrase', 'first_human_messages.body') }} > 0
    group by first_human_messages.ticket_id
),

final as (
    select
        tickets.ticket_id,
        matches.matched_phrase as reexplain_phrase,
        matches.ticket_id is not null as is_reexplain_asked,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join matches on tickets.ticket_id = matches.ticket_id
)

select * from final
