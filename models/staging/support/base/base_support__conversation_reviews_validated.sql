{#-
    One row per distinct raw conversation_reviews row: typed, with the reason it is rejected
    (null when it passes) and whether it is its ticket's latest review (latest reviewed_at,
    then reviewer, then verdict; a review without reviewed_at counts as the oldest).
    Incremental: a daily run adds the delivered rows to the stored ones (a re-sent row is the
    same raw_row_hash and changes nothing), then ranks each ticket's reviews again.
-#}
{{ config(materialized='incremental', unique_key='raw_row_hash', incremental_strategy='delete+insert') }}

with

source as (select * from {{ ref('base_support__conversation_reviews') }}),

texts as (
    select
        {{ clean_text('ticket_id') }} as ticket_id,
        lower({{ clean_text('is_resolved') }}) as is_resolved_text,
        {{ clean_text('reviewed_at') }} as reviewed_at_text,
        lower({{ clean_text('reviewer') }}) as reviewer,
        {{ row_as_json('source') }} as raw_row
    from source
),

typed as (
    select
        *,
        {{ parse_boolean('is_resolved_text') }} as is_resolved,
        {{ parse_timestamp_utc('reviewed_at_text') }} as reviewed_at,
        {{ dbt.hash('raw_row') }} as raw_row_hash
    from texts
),

checked as (
    select
        *,
        case
            when lower(ticket_id) = 'ticket_id' and lower(is_resolved_text) = 'is_resolved'
                then 'repeated_header_row'
            when ticket_id is null then 'missing_ticket_id'
            when is_resolved_text is null then 'missing_is_resolved'
            when is_resolved is null then 'invalid_is_resolved'
            when reviewed_at_text is not null and reviewed_at is null then 'unparseable_timestamp'
            when {{ is_after_load('reviewed_at') }} then 'future_timestamp'
        end as rejection_reason
    from typed
),

delivered as (
    select distinct
        raw_row_hash,
        ticket_id,
        reviewer,
        rejection_reason,
        case
            when rejection_reason is not null then {{ redact_personal_data_in_json('raw_row') }}
        end as raw_row,
        is_resolved,
        reviewed_at
    from checked
),

stored as (
    select
        raw_row_hash,
        ticket_id,
        reviewer,
        rejection_reason,
        raw_row,
        is_resolved,
        reviewed_at
    {%- if is_incremental() %}
        from {{ this }}
        where raw_row_hash not in (select delivered.raw_row_hash from delivered)
    {%- else %}
        from delivered
        where false
    {%- endif %}
),

candidates as (
    select * from stored
    union all
    select * from delivered
),

ranked as (
    select
        *,
        case
            when rejection_reason is null
                then row_number() over (
                    partition by ticket_id, rejection_reason is null
                    order by
                        reviewed_at desc nulls last,
                        reviewer desc nulls last,
                        is_resolved desc,
                        raw_row_hash asc
                )
        end as review_rank
    from candidates
),

final as (
    select
        raw_row_hash,
        ticket_id,
        reviewer,
        rejection_reason,
        raw_row,
        is_resolved,
        coalesce(review_rank = 1, false) as is_latest_review,
        reviewed_at,
        {{ batch_loaded_at() }} as loaded_at
    from ranked
)

select * from final
