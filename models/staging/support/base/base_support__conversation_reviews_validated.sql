{#-
    One row per distinct raw conversation_reviews row: typed, with the reason it is rejected
    (null when it passes) and whether it is its ticket's latest review (latest reviewed_at,
    then reviewer, then verdict; a review without reviewed_at counts as the oldest).
    Incremental: a daily run types the delivered rows and ranks them with the stored rows of
    the same ticket_ids; a delivered row identical to a stored one (same raw_row_hash) is
    already loaded and skipped.
-#}
{{ config(
    materialized=daily_run_materialization(), unique_key='raw_row_hash', incremental_strategy='delete+insert'
) }}

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
        end as row_rejection_reason
    from typed
),

-- Distinct: the grain is one row per distinct raw row, and a delivery may repeat one.
delivered as (
    select distinct
        raw_row_hash,
        ticket_id,
        reviewer,
        row_rejection_reason,
        -- Redacting JSON is costly: only the rejected rows, which dq_rejected_rows shows, need it.
        case
            when row_rejection_reason is not null then {{ redact_personal_data_in_json('raw_row') }}
        end as raw_row,
        is_resolved,
        reviewed_at
    from checked
),

-- The delivered rows and, in a daily run, the stored rows of the same keys, ranked together.
candidates as (
    {{ delivered_and_stored_rows('ticket_id', [
        'raw_row_hash', 'ticket_id', 'reviewer', 'rejection_reason as row_rejection_reason', 'raw_row',
        'is_resolved', 'reviewed_at',
    ]) }}
),

ranked_versions as (
    select
        *,
        -- Rejected rows rank among themselves, never against the reviews that pass.
        row_number() over versions as version_rank
    from candidates
    window versions as (
        partition by ticket_id, row_rejection_reason
        order by
            reviewed_at desc nulls last,
            reviewer desc nulls last,
            is_resolved desc,
            raw_row_hash asc
    )
),

final as (
    select
        raw_row_hash,
        ticket_id,
        reviewer,
        row_rejection_reason as rejection_reason,
        raw_row,
        is_resolved,
        row_rejection_reason is null and version_rank = 1 as is_latest_review,
        reviewed_at,
        {{ batch_loaded_at() }} as loaded_at
    from ranked_versions
)

select * from final
