-- One row per message or step of an Intercom conversation, as a raw conversation_turns row
-- (text columns): the conversation's opening message (its source_* columns: Intercom keeps
-- it outside the parts) and the latest version of each part that is a message, a note or
-- Fin's handoff. Other parts (open, close, snooze, attribute updates, ...) are dropped.
{%- set message_part_types = ['comment', 'quick_reply'] %}

with

conversations as (select * from {{ support_source_table('intercom', 'conversation_history') }}),

parts as (select * from {{ support_source_table('intercom', 'conversation_part_history') }}),

conversation_versions as (
    select
        *,
        row_number() over (partition by id order by updated_at desc) as version_rank
    from conversations
),

part_versions as (
    select
        *,
        row_number() over (partition by id order by updated_at desc) as version_rank
    from parts
),

opening_messages as (
    select
        {{ dbt.concat(["cast(id as " ~ dbt.type_string() ~ ")", "'-source'"]) }} as turn_id,
        cast(id as {{ dbt.type_string() }}) as ticket_id,
        created_at as sent_at,
        source_author_type as author_type,
        {{ html_to_text('source_body') }} as body,
        'message' as turn_type
    from conversation_versions
    where version_rank = 1
),

part_texts as (
    select
        cast(id as {{ dbt.type_string() }}) as turn_id,
        cast(conversation_id as {{ dbt.type_string() }}) as ticket_id,
        created_at as sent_at,
        author_type,
        part_type,
        {{ html_to_text('body') }} as body
    from part_versions
    where version_rank = 1
),

typed_parts as (
    select
        turn_id,
        ticket_id,
        sent_at,
        author_type,
        body,
        case
            when part_type = 'note' then 'note'
            when part_type in ('{{ message_part_types | join("', '") }}') then 'message'
            -- Fin hands a conversation over by assigning it to a team or a teammate.
            when {{ dbt.position("'assign'", 'part_type') }} > 0 and author_type = 'bot' then 'handoff'
            -- A teammate's reply can arrive inside an assignment part.
            when {{ dbt.position("'assign'", 'part_type') }} > 0 and body <> '' then 'message'
        end as turn_type
    from part_texts
),

turns as (
    select * from opening_messages
    where body <> ''
    union all
    select * from typed_parts
    where turn_type is not null
),

final as (
    select
        turn_id,
        ticket_id,
        {{ timestamp_as_text('sent_at') }} as sent_at,
        case
            when author_type in ('user', 'lead', 'contact') then 'customer'
            when author_type = 'bot' then 'ai_agent'
            when author_type = 'admin' then 'human_agent'
            else 'system'
        end as author_role,
        body,
        turn_type,
        cast(null as {{ dbt.type_string() }}) as ai_confidence,
        cast(null as {{ dbt.type_string() }}) as feedback,
        -- No tool turns in a help desk's conversation.
        cast(null as {{ dbt.type_string() }}) as tool_name,
        cast(null as {{ dbt.type_string() }}) as is_tool_error,
        'intercom' as source_relation
    from turns
)

select * from final
