-- How far the data reaches: re-contact windows ending after this are not complete yet.
with

tickets as (select * from {{ ref('stg_support__tickets') }}),

turns as (select * from {{ ref('int_conversation_turns_kept') }}),

latest_times as (
    select max(created_at) as latest_at from tickets
    union all
    select max(closed_at) as latest_at from tickets
    union all
    select max(sent_at) as latest_at from turns
),

final as (
    select
        max(latest_at) as watermark_at,
        -- This run's load instant, which the Python models stamp their rows with.
        {{ batch_loaded_at() }} as loaded_at
    from latest_times
)

select * from final
