{#-
    One row per agent answer (a message by the AI or a human agent): what the customer's next
    message (the first customer message after it in the ticket, if any) said about it.
    Every answer up to that customer message shares it: two answers in a row followed by
    "that didn't help" both missed.
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

turns as (select * from {{ ref('int_conversation_turns_classified') }}),

messages as (
    select
        turn_id,
        ticket_id,
        author_role,
        feedback,
        turn_position,
        is_customer_message,
        is_confusion,
        is_rephrase
    from turns
    where turn_type = 'message'
),

with_next_customer_message as (
    select
        *,
        min(case when is_customer_message then turn_position end) over (
            partition by ticket_id
            order by turn_position
            rows between 1 following and unbounded following
        ) as next_customer_position
    from messages
),

final as (
    select
        answers.turn_id,
        answers.ticket_id,
        answers.author_role,
        answers.feedback,
        answers.turn_position,
        answers.next_customer_position,
        coalesce(next_messages.is_confusion, false) as is_followed_by_confusion,
        coalesce(next_messages.is_rephrase, false) as is_followed_by_rephrase,
        {{ batch_loaded_at() }} as loaded_at
    from with_next_customer_message as answers
    left join messages as next_messages
        on
            answers.ticket_id = next_messages.ticket_id
            and answers.next_customer_position = next_messages.turn_position
    where answers.author_role in ('ai_agent', 'human_agent')
)

select * from final
