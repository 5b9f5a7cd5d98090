with

validated as (select * from {{ ref('base_support__tickets_validated') }}),

final as (
    select
        ticket_id,
        customer_id,
        channel,
        intent,
        vendor_resolution_state,
        source_relation,
        csat_score,
        created_at,
        closed_at,
        updated_at,
        loaded_at
    from validated
    where is_winning_version
)

select * from final
