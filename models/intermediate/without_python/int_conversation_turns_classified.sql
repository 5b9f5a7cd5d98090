-- Stands in for the Python model int_conversation_turns_classified when var
-- python_models_enabled is false (an engine that cannot run Python models): the same columns,
-- the turn facts SQL can give (position, length, roles, tool calls), and null text signals,
-- which need the Python logic.
with

turns as (select * from {{ ref('int_conversation_turns_kept') }}),

final as (
    select
        turn_id,
        ticket_id,
        author_role,
        turn_type,
        row_number() over (partition by ticket_id order by sent_at, turn_id) as turn_position,
        {{ dbt.length("coalesce(body, '')") }} as body_length,
        ai_confidence,
        feedback,
        cast(null as {{ type_double() }}) as rephrase_similarity,
        coalesce(author_role = 'customer' and turn_type = 'message', false) as is_customer_message,
        cast(null as boolean) as is_confirmation,
        cast(null as boolean) as is_confusion,
        cast(null as boolean) as is_human_request,
        cast(null as boolean) as is_rephrase,
        cast(null as boolean) as is_outcome_confirmation,
        cast(null as boolean) as is_question,
        cast(null as boolean) as is_refusal,
        cast(null as boolean) as is_apology,
        cast(null as boolean) as is_action_claim,
        cast(null as boolean) as is_unbacked_action_claim,
        tool_name,
        coalesce(turn_type = 'tool_call', false) as is_tool_call,
        coalesce(turn_type = 'tool_result', false) as is_tool_result,
        cast(null as boolean) as is_write_action,
        is_tool_error,
        sent_at,
        {{ batch_loaded_at() }} as loaded_at
    from turns
)

select * from final
