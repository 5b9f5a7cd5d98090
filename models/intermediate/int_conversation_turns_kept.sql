-- The turns every later model reads: staged turns that belong to a kept ticket.
-- A view: a filter of the checked turns, which are incremental.
{{ config(materialized='view') }}

with

checked_turns as (select * from {{ ref('int_conversation_turns_checked_against_tickets') }}),

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
    from checked_turns
    where rejection_reason is null
)

select * from final
