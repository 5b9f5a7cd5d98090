with

validated as (select * from {{ ref('base_support__conversation_reviews_validated') }}),

final as (
    select
        ticket_id,
        reviewer,
        is_resolved,
        reviewed_at,
        loaded_at
    from validated
    where is_latest_review
)

select * from final
