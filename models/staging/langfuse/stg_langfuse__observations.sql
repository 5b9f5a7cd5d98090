-- One row per turn of a Langfuse session, as a raw conversation_turns row (text columns):
-- each trace's input is the customer's message, each GENERATION observation's output an
-- AI agent message, and each TOOL observation two turns: the agent's tool_call (the tool's
-- name and input) and the tool_result (its output, else its status message). Both carry the
-- observation's name as tool_name; the result is a tool error when the observation's level
-- is ERROR (another level: not an error). Other observations (spans, events, retrievers,
-- ...) are the agent's inner steps and are dropped.
with

traces as (select * from {{ support_source_table('langfuse', 'traces') }}),

observations as (select * from {{ support_source_table('langfuse', 'observations') }}),

trace_conversations as (
    select
        id as trace_id,
        coalesce(session_id, id) as conversation_id,
        timestamp as traced_at,
        input as trace_input
    from traces
),

customer_messages as (
    select
        {{ dbt.concat(['trace_id', "'-input'"]) }} as turn_id,
        conversation_id,
        traced_at as sent_at,
        'customer' as author_role,
        cast(trace_input as {{ dbt.type_string() }}) as body,
        'message' as turn_type,
        cast(null as {{ dbt.type_string() }}) as tool_name,
        cast(null as {{ dbt.type_string() }}) as is_tool_error
    from trace_conversations
    where trace_input is not null
),

conversation_observations as (
    select
        observations.id as observation_id,
        observations.type as observation_type,
        observations.name,
        observations.start_time,
        coalesce(observations.end_time, observations.start_time) as end_time,
        cast(observations.input as {{ dbt.type_string() }}) as observation_input,
        cast(observations.output as {{ dbt.type_string() }}) as observation_output,
        cast(observations.status_message as {{ dbt.type_string() }}) as status_message,
        case
            when upper(observations.level) = 'ERROR' then 'true'
            when observations.level is not null then 'false'
        end as is_error,
        trace_conversations.conversation_id
    from observations
    inner join trace_conversations on observations.trace_id = trace_conversations.trace_id
),

agent_messages as (
    select
        observation_id as turn_id,
        conversation_id,
        end_time as sent_at,
        'ai_agent' as author_role,
        observation_output as body,
        'message' as turn_type,
        cast(null as {{ dbt.type_string() }}) as tool_name,
        cast(null as {{ dbt.type_string() }}) as is_tool_error
    from conversation_observations
    where observation_type = 'GENERATION'
),

tool_calls as (
    select
        {{ dbt.concat(['observation_id', "'-call'"]) }} as turn_id,
        conversation_id,
        start_time as sent_at,
        'ai_agent' as author_role,
        {{ dbt.concat(['name', "' '", "coalesce(observation_input, '')"]) }} as body,
        'tool_call' as turn_type,
        name as tool_name,
        cast(null as {{ dbt.type_string() }}) as is_tool_error
    from conversation_observations
    where observation_type = 'TOOL'
),

tool_results as (
    select
        {{ dbt.concat(['observation_id', "'-result'"]) }} as turn_id,
        conversation_id,
        end_time as sent_at,
        'system' as author_role,
        coalesce(observation_output, status_message) as body,
        'tool_result' as turn_type,
        name as tool_name,
        is_error as is_tool_error
    from conversation_observations
    where observation_type = 'TOOL'
),

turns as (
    select * from customer_messages
    union all
    select * from agent_messages
    union all
    select * from tool_calls
    union all
    select * from tool_results
),

final as (
    select
        cast(turn_id as {{ dbt.type_string() }}) as turn_id,
        cast(conversation_id as {{ dbt.type_string() }}) as ticket_id,
        {{ timestamp_as_text('sent_at') }} as sent_at,
        author_role,
        body,
        turn_type,
        cast(null as {{ dbt.type_string() }}) as ai_confidence,
        cast(null as {{ dbt.type_string() }}) as feedback,
        cast(tool_name as {{ dbt.type_string() }}) as tool_name,
        is_tool_error,
        'langfuse' as source_relation
    from turns
)

select * from final
