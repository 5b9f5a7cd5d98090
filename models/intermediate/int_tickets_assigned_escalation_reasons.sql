{#-
    Why an escalated ticket reached a human, from the turns before the handoff (the first
    human_agent or handoff turn). The first rule that holds decides:
    1. customer_asked      a customer message before it asks for a human;
    2. low_ai_confidence   the AI's last answer before it has ai_confidence below
                           var escalation_low_ai_confidence_threshold;
    3. repeated_failure    at least var escalation_repeated_failure_messages customer messages
                           before it signal failure (confusion or a rephrasing);
    4. other               anything else (routing rules, a human stepping in, no signal logged).
    Tickets that were not escalated have no reason.
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

turns as (select * from {{ ref('int_conversation_turns_classified') }}),

handoff_positions as (
    select
        ticket_id,
        min(turn_position) as handoff_position
    from turns
    where
        (author_role = 'human_agent' and not {{ is_agent_action_turn('turn_type') }})
        or turn_type = 'handoff'
    group by ticket_id
),

before_handoff as (
    select
        turns.*,
        max(
            case
                when turns.author_role = 'ai_agent' and turns.turn_type = 'message'
                    then turns.turn_position
            end
        ) over (partition by turns.ticket_id) as last_ai_answer_position
    from turns
    inner join handoff_positions
        on
            turns.ticket_id = handoff_positions.ticket_id
            and turns.turn_position < handoff_positions.handoff_position
),

signals as (
    select
        ticket_id,
        max(case when is_human_request then 1 else 0 end) = 1 as has_human_request,
        sum(case when is_confusion or is_rephrase then 1 else 0 end) as failure_messages,
        max(case when turn_position = last_ai_answer_position then ai_confidence end)
            as last_ai_confidence
    from before_handoff
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        case
            when not tickets.is_escalated then null
            when signals.has_human_request then 'customer_asked'
            when signals.last_ai_confidence < {{ var('escalation_low_ai_confidence_threshold') }}
                then 'low_ai_confidence'
            when signals.failure_messages >= {{ var('escalation_repeated_failure_messages') }}
                then 'repeated_failure'
            else 'other'
        end as escalation_reason,
        handoff_positions.handoff_position,
        signals.last_ai_confidence as last_ai_confidence_before_handoff,
        case
            when tickets.is_escalated then coalesce(signals.failure_messages, 0)
        end as failure_messages_before_handoff,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join handoff_positions on tickets.ticket_id = handoff_positions.ticket_id
    left join signals on tickets.ticket_id = signals.ticket_id
)

select * from final
