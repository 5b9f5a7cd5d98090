{#-
    Escalation timing per ticket. The handoff is the escalation instant (escalated_at: the
    first human_agent or handoff turn). AI answers strictly before it count as the AI's
    attempts; none means a human handled the ticket from the start. Human handling hours run
    from the handoff to the close, the same clock for both kinds of escalated tickets.
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

turns as (select * from {{ ref('int_conversation_turns_kept') }}),

ai_answers_before_handoff as (
    select
        tickets.ticket_id,
        count(*) as ai_turns_before_handoff
    from tickets
    inner join turns
        on
            tickets.ticket_id = turns.ticket_id
            and tickets.escalated_at > turns.sent_at
    where
        tickets.is_escalated
        and turns.author_role = 'ai_agent'
        and turns.turn_type = 'message'
    group by tickets.ticket_id
),

final as (
    select
        tickets.ticket_id,
        case
            when tickets.is_escalated
                then coalesce(ai_answers_before_handoff.ai_turns_before_handoff, 0)
        end as ai_turns_before_handoff,
        case
            when tickets.is_escalated
                then greatest({{ hours_between('tickets.created_at', 'tickets.escalated_at') }} * 60, 0)
        end as minutes_to_handoff,
        case
            when tickets.is_escalated and tickets.is_closed
                then greatest({{ hours_between('tickets.escalated_at', 'tickets.closed_at') }}, 0)
        end as human_handling_hours,
        tickets.is_escalated and ai_answers_before_handoff.ticket_id is not null
            as is_handed_off_by_ai,
        tickets.is_escalated and ai_answers_before_handoff.ticket_id is null
            as is_human_from_start,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join ai_answers_before_handoff
        on tickets.ticket_id = ai_answers_before_handoff.ticket_id
)

select * from final
