{{ per_ticket_config(
    daily_run_scope='touched',
    daily_run_recompute_tickets_changed_in={'int_tickets_assigned_intents': 'intent_changed_at'},
) }}

with

tickets as (select * from {{ ref('stg_support__tickets') }}),

assigned_intents as (select * from {{ ref('int_tickets_assigned_intents') }}),

turns as (select * from {{ ref('int_conversation_turns_kept') }}),

turns_with_actions_marked as (
    select
        *,
        {{ is_agent_action_turn('turn_type') }} as is_agent_action
    from turns
),

turn_summary as (
    select
        ticket_id,
        count(*) as turns,
        sum(case when author_role = 'customer' then 1 else 0 end) as customer_turns,
        -- The agent's tool calls and results are actions, not turns of a role.
        sum(case when author_role = 'ai_agent' and not is_agent_action then 1 else 0 end)
            as ai_agent_turns,
        sum(case when author_role = 'human_agent' and not is_agent_action then 1 else 0 end)
            as human_agent_turns,
        sum(case when turn_type = 'handoff' then 1 else 0 end) as handoff_turns,
        min(sent_at) as first_turn_at,
        max(sent_at) as last_turn_at,
        min(case when turn_type = 'handoff' then sent_at end) as first_handoff_at,
        min(
            case
                when
                    (author_role = 'human_agent' and not is_agent_action)
                    or turn_type = 'handoff'
                    then sent_at
            end
        ) as escalated_at
    from turns_with_actions_marked
    group by ticket_id
),

human_messages_in_order as (
    select
        ticket_id,
        turn_id,
        sent_at,
        row_number() over (partition by ticket_id order by sent_at, turn_id) as message_rank
    from turns
    where author_role = 'human_agent' and turn_type = 'message'
),

first_human_messages as (
    select
        ticket_id,
        turn_id as first_human_message_turn_id,
        sent_at as first_human_message_at
    from human_messages_in_order
    where message_rank = 1
),

final as (
    select
        tickets.ticket_id,
        tickets.customer_id,
        first_human_messages.first_human_message_turn_id,
        tickets.channel,
        assigned_intents.intent,
        assigned_intents.intent_source,
        tickets.intent as labelled_intent,
        tickets.vendor_resolution_state,
        tickets.source_relation,
        tickets.csat_score,
        coalesce(turn_summary.turns, 0) as turns,
        coalesce(turn_summary.customer_turns, 0) as customer_turns,
        coalesce(turn_summary.ai_agent_turns, 0) as ai_agent_turns,
        coalesce(turn_summary.human_agent_turns, 0) as human_agent_turns,
        coalesce(turn_summary.human_agent_turns + turn_summary.handoff_turns > 0, false)
            as is_escalated,
        tickets.closed_at is not null as is_closed,
        tickets.created_at,
        tickets.closed_at,
        turn_summary.first_turn_at,
        turn_summary.last_turn_at,
        turn_summary.first_handoff_at,
        turn_summary.escalated_at,
        first_human_messages.first_human_message_at,
        coalesce(tickets.closed_at, turn_summary.last_turn_at, tickets.created_at) as ended_at,
        {{ iso_week_start('tickets.created_at') }} as week_start,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join turn_summary on tickets.ticket_id = turn_summary.ticket_id
    left join first_human_messages on tickets.ticket_id = first_human_messages.ticket_id
    left join assigned_intents on tickets.ticket_id = assigned_intents.ticket_id
)

select * from final
