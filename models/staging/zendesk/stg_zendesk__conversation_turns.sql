-- One row per message or note of a Zendesk ticket, as a raw conversation_turns row (text
-- columns): its comments (public: message, private: note) and, for messaging and chat
-- tickets, the chat's messages. Zendesk also writes a chat's transcript into the ticket as a
-- public comment: a ticket with chat messages takes its messages from the chat alone, and
-- keeps only the private notes among its comments. Comments of deleted or merged tickets go
-- with their ticket (stg_zendesk__tickets).
{#- An AI agent posts as a user: any of the configured user ids, name pattern or role. -#}
{%- set ai_agent_rules = [] %}
{%- if var('zendesk_ai_agent_user_ids') %}
{%- do ai_agent_rules.append(
    'cast(id as ' ~ dbt.type_string() ~ ") in ('" ~ var('zendesk_ai_agent_user_ids') | join("', '") ~ "')"
) %}
{%- endif %}
{%- if var('zendesk_ai_agent_name_pattern') %}
{%- do ai_agent_rules.append("name like '" ~ var('zendesk_ai_agent_name_pattern') ~ "'") %}
{%- endif %}
{%- if var('zendesk_ai_agent_role') %}
{%- do ai_agent_rules.append("role = '" ~ var('zendesk_ai_agent_role') ~ "'") %}
{%- endif %}

with

tickets as (select * from {{ ref('stg_zendesk__tickets') }}),

comments as (select * from {{ support_source_table('zendesk', 'ticket_comment') }}),

users as (select * from {{ support_source_table('zendesk', 'user') }}),

{%- if var('zendesk_using_ticket_chat') %}

chats as (select * from {{ support_source_table('zendesk', 'ticket_chat') }}),

chat_events as (select * from {{ support_source_table('zendesk', 'ticket_chat_event') }}),
{%- endif %}

authors as (
    select
        id as user_id,
        case
            when {{ ai_agent_rules | join(' or ') if ai_agent_rules else 'false' }}
                then 'ai_agent'
            when role = 'end-user' then 'customer'
            when role in ('agent', 'admin') then 'human_agent'
            else 'system'
        end as author_role
    from users
),

{%- if var('zendesk_using_ticket_chat') %}

chat_messages as (
    select
        {{ dbt.concat([
            "cast(chat_events.chat_id as " ~ dbt.type_string() ~ ")",
            "'-'",
            "cast(chat_events.chat_index as " ~ dbt.type_string() ~ ")",
        ]) }} as turn_id,
        cast(chats.ticket_id as {{ dbt.type_string() }}) as ticket_id,
        chat_events.created_at as sent_at,
        chat_events.actor_id as author_id,
        chat_events.message as body,
        'message' as turn_type
    from chat_events
    inner join chats on chat_events.chat_id = chats.chat_id
    where chat_events.type = 'ChatMessage'
),

chat_tickets as (
    select distinct ticket_id
    from chat_messages
),
{%- endif %}

ticket_comments as (
    select
        cast(comments.id as {{ dbt.type_string() }}) as turn_id,
        cast(comments.ticket_id as {{ dbt.type_string() }}) as ticket_id,
        comments.created as sent_at,
        cast(comments.user_id as {{ dbt.type_string() }}) as author_id,
        {{ html_to_text('comments.body') }} as body,
        case when comments.public then 'message' else 'note' end as turn_type
    from comments
    where
        not coalesce(comments._fivetran_deleted, false)
        {%- if var('zendesk_using_ticket_chat') %}
        and (
            not comments.public
            or cast(comments.ticket_id as {{ dbt.type_string() }}) not in (select chat_tickets.ticket_id from chat_tickets)
        )
        {%- endif %}
),

turns as (
    select * from ticket_comments
    {%- if var('zendesk_using_ticket_chat') %}
    union all
    select * from chat_messages
    {%- endif %}
),

final as (
    select
        turns.turn_id,
        turns.ticket_id,
        {{ timestamp_as_text('turns.sent_at') }} as sent_at,
        coalesce(authors.author_role, 'system') as author_role,
        turns.body,
        turns.turn_type,
        cast(null as {{ dbt.type_string() }}) as ai_confidence,
        cast(null as {{ dbt.type_string() }}) as feedback,
        -- No tool turns in a help desk's conversation.
        cast(null as {{ dbt.type_string() }}) as tool_name,
        cast(null as {{ dbt.type_string() }}) as is_tool_error,
        'zendesk' as source_relation
    from turns
    -- Comments of left-out (deleted, merged) tickets go with them.
    inner join tickets on turns.ticket_id = tickets.ticket_id
    left join authors on turns.author_id = cast(authors.user_id as {{ dbt.type_string() }})
)

select * from final
