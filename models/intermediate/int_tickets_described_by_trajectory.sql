{#-
    One row per ticket: how its conversation went, from its own turns only (never from later
    tickets), and its resolution state. The state rule, in order:
      escalated   a human agent took part or the conversation was handed off;
      unresolved  the customer's last message signals failure (confusion, a request for a
                  human, or a rephrasing of an earlier request), or no agent ever answered;
      confirmed   the customer's last message confirms the outcome ("that worked", "got the
                  email"); thanks, "great" or 👍 alone are courtesy, not confirmation;
      unresolved  the agent claimed an action no successful write tool backs, or the
                  ticket's last tool result failed;
      assumed     otherwise: the customer left without asking for more.
    is_handoff_warranted (escalated tickets): before the escalation a tool failed, the agent
    said it could not act, or the customer signalled a failed answer (confusion, rephrasing).
    Agent-action rules per turn: ai_support_metrics.agent_signals.
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

turns as (select * from {{ ref('int_conversation_turns_classified') }}),

messages as (
    select
        *,
        author_role in ('ai_agent', 'human_agent') as is_agent_message
    from turns
    where turn_type = 'message'
),

message_summary as (
    select
        ticket_id,
        sum(case when is_customer_message then 1 else 0 end) as customer_messages,
        sum(case when author_role = 'ai_agent' then 1 else 0 end) as ai_agent_messages,
        sum(case when author_role = 'human_agent' then 1 else 0 end) as human_agent_messages,
        sum(case when is_confirmation then 1 else 0 end) as confirmation_messages,
        sum(case when is_confusion then 1 else 0 end) as confusion_messages,
        sum(case when is_human_request then 1 else 0 end) as human_request_messages,
        sum(case when is_rephrase then 1 else 0 end) as rephrase_messages,
        max(rephrase_similarity) as max_rephrase_similarity,
        avg(case when author_role = 'ai_agent' then ai_confidence end) as avg_ai_confidence,
        min(case when author_role = 'ai_agent' then ai_confidence end) as min_ai_confidence,
        sum(case when feedback = 'up' then 1 else 0 end) as feedback_up_answers,
        sum(case when feedback = 'down' then 1 else 0 end) as feedback_down_answers,
        avg(case when is_customer_message then body_length end) as avg_customer_message_length,
        avg(case when author_role = 'ai_agent' then body_length end) as avg_ai_message_length,
        max(case when is_customer_message then turn_position end) as last_customer_position,
        max(case when is_agent_message then turn_position end) as last_agent_position,
        max(case when is_agent_message then sent_at end) as last_agent_message_at,
        -- The last message's and the last customer message's values, read in this pass rather
        -- than by joining the messages back (turn_position is unique within a ticket): at a
        -- million tickets the joins held every message twice. last_value_by, unlike arg_max,
        -- keeps a null value of that message, as the joins did.
        {{ last_value_by('author_role', 'turn_position') }} as last_speaker_role,
        {{ last_value_by('is_confirmation', 'turn_position') }} filter (where is_customer_message)
            as last_customer_message_is_confirmation,
        {{ last_value_by('is_confusion', 'turn_position') }} filter (where is_customer_message)
            as last_customer_message_is_confusion,
        {{ last_value_by('is_human_request', 'turn_position') }} filter (where is_customer_message)
            as last_customer_message_is_human_request,
        {{ last_value_by('is_rephrase', 'turn_position') }} filter (where is_customer_message)
            as last_customer_message_is_rephrase,
        {{ last_value_by('is_outcome_confirmation', 'turn_position') }} filter (where is_customer_message)
            as last_customer_message_is_outcome_confirmation,
        {{ last_value_by('is_question', 'turn_position') }} filter (where is_customer_message)
            as last_customer_message_is_question
    from messages
    group by ticket_id
),

agent_actions as (
    select
        ticket_id,
        count(*) as turns,
        sum(case when is_tool_call then 1 else 0 end) as tool_calls,
        sum(case when is_tool_call and not is_write_action then 1 else 0 end) as lookup_calls,
        sum(case when is_tool_call and is_write_action then 1 else 0 end) as write_calls,
        sum(case when is_tool_error then 1 else 0 end) as failed_tool_calls,
        sum(case when is_tool_result and is_write_action and not is_tool_error then 1 else 0 end)
            as successful_write_calls,
        sum(case when is_action_claim then 1 else 0 end) as action_claims,
        sum(case when is_unbacked_action_claim then 1 else 0 end) as unbacked_action_claims,
        sum(case when is_refusal then 1 else 0 end) as refusal_messages,
        sum(case when is_apology then 1 else 0 end) as apology_messages,
        sum(case when is_outcome_confirmation then 1 else 0 end) as outcome_confirmation_messages,
        max(case when is_tool_error then turn_position end) as last_failed_result_position,
        max(case when is_tool_result and not is_tool_error then turn_position end)
            as last_successful_result_position,
        min(
            case
                when
                    (author_role = 'human_agent' and not {{ is_agent_action_turn('turn_type') }})
                    or turn_type = 'handoff'
                    then turn_position
            end
        ) as escalation_position,
        -- A handoff is warranted when one of these turns came before it.
        min(case when is_tool_error or is_refusal or is_confusion or is_rephrase then turn_position end)
            as first_warranting_position
    from turns
    group by ticket_id
),

repeated_tool_calls as (
    select
        ticket_id,
        max(calls) - 1 as repeated_tool_calls
    from (
        select
            ticket_id,
            tool_name,
            count(*) as calls
        from turns
        where is_tool_call
        group by ticket_id, tool_name
    ) as calls_per_tool
    group by ticket_id
),

last_messages as (
    select
        *,
        coalesce(last_customer_message_is_confirmation, false) as is_last_customer_confirmation,
        coalesce(last_customer_message_is_confusion, false) as is_last_customer_confusion,
        coalesce(last_customer_message_is_human_request, false) as is_last_customer_human_request,
        coalesce(last_customer_message_is_rephrase, false) as is_last_customer_rephrase,
        coalesce(last_customer_message_is_outcome_confirmation, false)
            as is_last_customer_outcome_confirmation,
        coalesce(
            last_customer_message_is_confirmation and not last_customer_message_is_outcome_confirmation, false
        ) as is_last_customer_courtesy,
        coalesce(last_customer_message_is_question, false) as is_last_customer_question
    from message_summary
),

combined as (
    select
        tickets.ticket_id,
        last_messages.last_speaker_role,
        coalesce(last_messages.customer_messages, 0) as customer_messages,
        coalesce(last_messages.ai_agent_messages, 0) as ai_agent_messages,
        coalesce(last_messages.human_agent_messages, 0) as human_agent_messages,
        coalesce(last_messages.confirmation_messages, 0) as confirmation_messages,
        coalesce(last_messages.confusion_messages, 0) as confusion_messages,
        coalesce(last_messages.human_request_messages, 0) as human_request_messages,
        coalesce(last_messages.rephrase_messages, 0) as rephrase_messages,
        greatest(coalesce(last_messages.ai_agent_messages, 0) - 1, 0) as ai_answer_loops,
        coalesce(last_messages.feedback_up_answers, 0) as feedback_up_answers,
        coalesce(last_messages.feedback_down_answers, 0) as feedback_down_answers,
        last_messages.max_rephrase_similarity,
        last_messages.avg_ai_confidence,
        last_messages.min_ai_confidence,
        last_messages.avg_customer_message_length,
        last_messages.avg_ai_message_length,
        -- Silence: the customer wrote nothing after the agent's last message until the end.
        case
            when
                last_messages.last_agent_position is not null
                and coalesce(last_messages.last_customer_position < last_messages.last_agent_position, true)
                then greatest(
                    {{ hours_between('last_messages.last_agent_message_at', 'tickets.ended_at') }}, 0
                )
        end as silence_after_last_answer_hours,
        tickets.is_escalated,
        tickets.first_handoff_at is not null as has_handoff,
        coalesce(last_messages.last_customer_position > last_messages.last_agent_position, false)
            as has_customer_message_after_last_answer,
        coalesce(last_messages.is_last_customer_confirmation, false) as is_last_customer_confirmation,
        coalesce(last_messages.is_last_customer_confusion, false) as is_last_customer_confusion,
        coalesce(last_messages.is_last_customer_human_request, false) as is_last_customer_human_request,
        coalesce(last_messages.is_last_customer_rephrase, false) as is_last_customer_rephrase,
        coalesce(last_messages.is_last_customer_outcome_confirmation, false)
            as is_last_customer_outcome_confirmation,
        coalesce(last_messages.is_last_customer_courtesy, false) as is_last_customer_courtesy,
        coalesce(last_messages.is_last_customer_question, false) as is_last_customer_question,
        coalesce(agent_actions.turns, 0) as turns,
        coalesce(agent_actions.tool_calls, 0) as tool_calls,
        coalesce(agent_actions.lookup_calls, 0) as lookup_calls,
        coalesce(agent_actions.write_calls, 0) as write_calls,
        coalesce(agent_actions.failed_tool_calls, 0) as failed_tool_calls,
        coalesce(agent_actions.successful_write_calls, 0) as successful_write_calls,
        coalesce(agent_actions.action_claims, 0) as action_claims,
        coalesce(agent_actions.unbacked_action_claims, 0) as unbacked_action_claims,
        coalesce(agent_actions.refusal_messages, 0) as refusal_messages,
        coalesce(agent_actions.apology_messages, 0) as apology_messages,
        coalesce(agent_actions.outcome_confirmation_messages, 0) as outcome_confirmation_messages,
        coalesce(repeated_tool_calls.repeated_tool_calls, 0) as repeated_tool_calls,
        coalesce(
            agent_actions.last_failed_result_position
            > coalesce(agent_actions.last_successful_result_position, 0),
            false
        ) as has_unrecovered_tool_error,
        case
            when tickets.is_escalated
                then coalesce(
                    agent_actions.first_warranting_position < agent_actions.escalation_position, false
                )
        end as is_handoff_warranted
    from tickets
    left join last_messages on tickets.ticket_id = last_messages.ticket_id
    left join agent_actions on tickets.ticket_id = agent_actions.ticket_id
    left join repeated_tool_calls on tickets.ticket_id = repeated_tool_calls.ticket_id
),

final as (
    select
        ticket_id,
        last_speaker_role,
        case
            when is_escalated then 'escalated'
            when
                is_last_customer_confusion
                or is_last_customer_human_request
                or is_last_customer_rephrase
                or ai_agent_messages = 0
                then 'unresolved'
            when is_last_customer_outcome_confirmation then 'confirmed'
            when unbacked_action_claims > 0 or has_unrecovered_tool_error then 'unresolved'
            else 'assumed'
        end as resolution_state,
        customer_messages,
        ai_agent_messages,
        human_agent_messages,
        confirmation_messages,
        confusion_messages,
        human_request_messages,
        rephrase_messages,
        ai_answer_loops,
        feedback_up_answers,
        feedback_down_answers,
        cast(max_rephrase_similarity as {{ type_double() }}) as max_rephrase_similarity,
        cast(avg_ai_confidence as {{ type_double() }}) as avg_ai_confidence,
        cast(min_ai_confidence as {{ type_double() }}) as min_ai_confidence,
        cast(avg_customer_message_length as {{ type_double() }}) as avg_customer_message_length,
        cast(avg_ai_message_length as {{ type_double() }}) as avg_ai_message_length,
        cast(silence_after_last_answer_hours as {{ type_double() }}) as silence_after_last_answer_hours,
        is_escalated,
        has_handoff,
        has_customer_message_after_last_answer,
        is_last_customer_confirmation,
        is_last_customer_confusion,
        is_last_customer_human_request,
        is_last_customer_rephrase,
        is_last_customer_outcome_confirmation,
        is_last_customer_courtesy,
        is_last_customer_question,
        turns,
        tool_calls,
        lookup_calls,
        write_calls,
        failed_tool_calls,
        successful_write_calls,
        action_claims,
        unbacked_action_claims,
        refusal_messages,
        apology_messages,
        outcome_confirmation_messages,
        repeated_tool_calls,
        has_unrecovered_tool_error,
        is_handoff_warranted,
        {{ batch_loaded_at() }} as loaded_at
    from combined
)

select * from final
