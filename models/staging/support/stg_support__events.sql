with

validated as (select * from {{ ref('base_support__events_validated') }}),

final as (
    select
        event_id,
        customer_id,
        event_name,
        properties,
        occurred_at,
        loaded_at
    from validated
    where is_first_copy
)

select * from final
