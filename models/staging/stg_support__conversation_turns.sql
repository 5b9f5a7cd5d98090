with

source as (select * from {{ ref('base_support__conversation_turns') }}),

typed as (
    select
        nullif(trim(cast(turn_id as {{ dbt.type_string() }})), '') as turn_id,
        nullif(trim(cast(ticket_id as {{ dbt.type_string() }})), '') as ticket_id,
        lower(trim(cast(author_role as {{ dbt.type_string() }}))) as author_role,
        -- An empty turn_type is a message.
        coalesce(
            nullif(lower(trim(cast(turn_type as {{ dbt.type_string() }}))), ''), 'message'
        ) as turn_type,
        cast(body as {{ dbt.type_string() }}) as body,
        nullif(lower(trim(cast(feedback as {{ dbt.type_string() }}))), '') as feedback,
        {{ dbt.safe_cast('trim(cast(ai_confidence as ' ~ dbt.type_string() ~ '))', type_double()) }}
            as ai_confidence,
        {{ parse_timestamp_utc('cast(sent_at as ' ~ dbt.type_string() ~ ')') }} as sent_at
    from source
),

valid as (
    select *
    from typed
    where
        turn_id is not null
        and ticket_id is not null
        and sent_at is not null
        and author_role in ('customer', 'ai_agent', 'human_agent', 'system')
        and turn_type in ('message', 'handoff', 'note')
),

ranked_copies as (
    select
        *,
        row_number() over (partition by turn_id order by sent_at, body) as copy_rank
    from valid
),

final as (
    select
        turn_id,
        ticket_id,
        author_role,
        turn_type,
        body,
        case when feedback in ('up', 'down') then feedback end as feedback,
        case when ai_confidence between 0 and 1 then ai_confidence end as ai_confidence,
        sent_at
    from ranked_copies
    where copy_rank = 1
)

select * from final
