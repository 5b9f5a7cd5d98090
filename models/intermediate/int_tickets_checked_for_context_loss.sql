{#-
    Context lost after a handoff: the human asked the customer to re-explain
    (int_tickets_checked_for_reexplain), or the customer's first message after the handoff
    repeats what they had said before it: its similarity to the earlier customer messages
    (rephrase_similarity of int_conversation_turns_classified, character 3-gram cosine; for the
    first message after the handoff every earlier customer message is from before it) is at
    least var context_repeat_similarity_threshold.
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

turns as (select * from {{ ref('int_conversation_turns_classified') }}),

reasons as (select * from {{ ref('int_tickets_assigned_escalation_reasons') }}),

reexplain_checks as (select * from {{ ref('int_tickets_checked_for_reexplain') }}),

first_messages_after_handoff as (
    select
        turns.ticket_id,
        min(turns.turn_position) as first_position
    from turns
    inner join reasons
        on
            turns.ticket_id = reasons.ticket_id
            and turns.turn_position > reasons.handoff_position
    where turns.is_customer_message
    group by turns.ticket_id
),

repeats as (
    select
        turns.ticket_id,
        turns.rephrase_similarity,
        coalesce(
            turns.rephrase_similarity >= {{ var('context_repeat_similarity_threshold') }}, false
        ) as is_customer_repeated
    from turns
    inner join first_messages_after_handoff
        on
            turns.ticket_id = first_messages_after_handoff.ticket_id
            and turns.turn_position = first_messages_after_handoff.first_position
),

final as (
    select
        tickets.ticket_id,
        repeats.rephrase_similarity as repeat_similarity,
        coalesce(repeats.is_customer_repeated, false) as is_customer_repeated,
        tickets.is_escalated
        and (reexplain_checks.is_reexplain_asked or coalesce(repeats.is_customer_repeated, false))
            as is_context_lost,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    inner join reexplain_checks on tickets.ticket_id = reexplain_checks.ticket_id
    left join repeats on tickets.ticket_id = repeats.ticket_id
)

select * from final
