with

source as (select * from {{ ref('base_support__tickets') }}),

typed as (
    select
        nullif(trim(cast(ticket_id as {{ dbt.type_string() }})), '') as ticket_id,
        nullif(trim(cast(customer_id as {{ dbt.type_string() }})), '') as customer_id,
        nullif(lower(trim(cast(channel as {{ dbt.type_string() }}))), '') as channel,
        -- Labels are compared after trimming and lower-casing; empty means unlabeled.
        nullif(lower(trim(cast(intent as {{ dbt.type_string() }}))), '') as intent,
        {{ dbt.safe_cast(
            dbt.safe_cast('trim(cast(csat_score as ' ~ dbt.type_string() ~ '))', dbt.type_numeric()),
            dbt.type_int()
        ) }} as csat_score,
        {{ parse_timestamp_utc('cast(created_at as ' ~ dbt.type_string() ~ ')') }} as created_at,
        {{ parse_timestamp_utc('cast(closed_at as ' ~ dbt.type_string() ~ ')') }} as closed_at,
        {{ parse_timestamp_utc('cast(updated_at as ' ~ dbt.type_string() ~ ')') }} as updated_at
    from source
),

valid as (
    select *
    from typed
    where
        ticket_id is not null
        and customer_id is not null
        and created_at is not null
),

ranked_versions as (
    select
        *,
        -- The latest version wins; among equal versions, the most complete one.
        row_number() over (
            partition by ticket_id
            order by
                updated_at desc nulls last,
                closed_at desc nulls last,
                csat_score desc nulls last,
                intent desc nulls last
        ) as version_rank
    from valid
),

final as (
    select
        ticket_id,
        customer_id,
        channel,
        intent,
        case when csat_score between 1 and 5 then csat_score end as csat_score,
        created_at,
        closed_at,
        updated_at
    from ranked_versions
    where version_rank = 1
)

select * from final
