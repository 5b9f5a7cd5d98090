-- One row per Langfuse session (a trace without a session is its own), as a raw tickets
-- row (text columns). A session never closes: the ticket ends at its last turn.
with

traces as (select * from {{ support_source_table('langfuse', 'traces') }}),

conversation_traces as (
    select
        coalesce(session_id, id) as conversation_id,
        user_id,
        timestamp as traced_at
    from traces
),

final as (
    select
        cast(conversation_id as {{ dbt.type_string() }}) as ticket_id,
        cast(min(user_id) as {{ dbt.type_string() }}) as customer_id,
        {{ timestamp_as_text('min(traced_at)') }} as created_at,
        cast(null as {{ dbt.type_string() }}) as closed_at,
        '{{ var("langfuse_channel") }}' as channel,
        cast(null as {{ dbt.type_string() }}) as intent,
        cast(null as {{ dbt.type_string() }}) as csat_score,
        cast(null as {{ dbt.type_string() }}) as updated_at,
        cast(null as {{ dbt.type_string() }}) as vendor_resolution_state,
        'langfuse' as source_relation
    from conversation_traces
    group by conversation_id
)

select * from final
