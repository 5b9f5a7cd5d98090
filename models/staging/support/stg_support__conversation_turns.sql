with

validated as (select * from {{ ref('base_support__conversation_turns_validated') }}),

final as (
    select
        turn_id,
        ticket_id,
        author_role,
        turn_type,
        body,
        feedback,
        tool_name,
        is_tool_error,
        ai_confidence,
        sent_at,
        loaded_at
    from validated
    where is_first_copy
)

select * from final
