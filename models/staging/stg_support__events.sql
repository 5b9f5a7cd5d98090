with

source as (select * from {{ ref('base_support__events') }}),

typed as (
    select
        nullif(trim(cast(event_id as {{ dbt.type_string() }})), '') as event_id,
        nullif(trim(cast(customer_id as {{ dbt.type_string() }})), '') as customer_id,
        -- Compared with the seed's expected_event, which is normalised the same way.
        nullif(lower(trim(cast(event_name as {{ dbt.type_string() }}))), '') as event_name,
        cast(properties as {{ dbt.type_string() }}) as properties,
        {{ parse_timestamp_utc('cast(occurred_at as ' ~ dbt.type_string() ~ ')') }} as occurred_at
    from source
),

valid as (
    select *
    from typed
    where
        event_id is not null
        and customer_id is not null
        and event_name is not null
        and occurred_at is not null
),

ranked_copies as (
    select
        *,
        row_number() over (partition by event_id order by occurred_at, properties) as copy_rank
    from valid
),

final as (
    select
        event_id,
        customer_id,
        event_name,
        properties,
        occurred_at
    from ranked_copies
    where copy_rank = 1
)

select * from final
