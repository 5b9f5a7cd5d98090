{#-
    One row per raw events row: typed, properties redacted, with the reason it is rejected
    (null when it passes). Copies of an event_id: the first (by occurred_at, then
    content_hash) is kept; a copy with the same content is merged into it, a copy that
    differs is rejected as a conflicting duplicate.
    Incremental: a daily run checks the delivered rows and ranks them with the stored copies
    of the same ids; a delivered row identical to a stored one is already loaded and skipped.
-#}
{{ config(
    materialized=daily_run_materialization(), unique_key='event_id', incremental_strategy='delete+insert'
) }}

with

source as (select * from {{ ref('base_support__events') }}),

texts as (
    select
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('customer_id') }} as customer_id,
        -- Compared with the seed's expected_event, which is normalised the same way.
        lower({{ clean_text('event_name') }}) as event_name,
        {{ clean_text('properties') }} as raw_properties,
        {{ clean_text('occurred_at') }} as occurred_at_text,
        {{ row_as_json('source') }} as raw_row
    from source
),

typed as (
    select
        *,
        {{ parse_timestamp_utc('occurred_at_text') }} as occurred_at,
        {{ dbt.hash('raw_row') }} as raw_row_hash
    from texts
),

checked as (
    select
        *,
        case
            when lower(event_id) = 'event_id' and lower(occurred_at_text) = 'occurred_at'
                then 'repeated_header_row'
            when event_id is null then 'missing_event_id'
            when customer_id is null then 'missing_customer_id'
            when event_name is null then 'missing_event_name'
            when occurred_at_text is null then 'missing_occurred_at'
            when occurred_at is null then 'unparseable_timestamp'
            when {{ is_after_load('occurred_at') }} then 'future_timestamp'
        end as row_rejection_reason,
        {{ dbt.hash(dbt.concat([
            "customer_id", "'|'", "event_name", "'|'", "coalesce(raw_properties, '')", "'|'",
            "cast(occurred_at as " ~ dbt.type_string() ~ ")",
        ])) }} as content_hash
    from typed
),

delivered as (
    select
        raw_row_hash,
        event_id,
        customer_id,
        event_name,
        {{ redact_personal_data('raw_properties') }} as properties,
        row_rejection_reason,
        content_hash,
        -- Redacting JSON is costly: only the rows failing a row check keep their raw row.
        case
            when row_rejection_reason is not null then {{ redact_personal_data_in_json('raw_row') }}
        end as raw_row,
        occurred_at
    from checked
),

-- The delivered rows and, in a daily run, the stored rows of the same keys, ranked together.
candidates as (
    {{ delivered_and_stored_rows('event_id', [
        'raw_row_hash', 'event_id', 'customer_id', 'event_name', 'properties',
        "case when rejection_reason <> 'conflicting_duplicate_id' then rejection_reason end as row_rejection_reason",
        'content_hash',
        "case when rejection_reason <> 'conflicting_duplicate_id' then raw_row end as raw_row",
        'occurred_at',
    ]) }}
),

ranked_copies as (
    select
        *,
        row_number() over copies as copy_rank,
        first_value(raw_row_hash) over copies as winning_row_hash,
        first_value(content_hash) over copies as winning_content_hash
    from candidates
    window copies as (
        partition by event_id, row_rejection_reason
        order by occurred_at, content_hash, raw_row_hash
    )
),

final as (
    select
        raw_row_hash,
        event_id,
        customer_id,
        event_name,
        properties,
        case
            when row_rejection_reason is not null then row_rejection_reason
            when content_hash <> winning_content_hash then 'conflicting_duplicate_id'
        end as rejection_reason,
        case when row_rejection_reason is null then winning_row_hash end as winning_row_hash,
        -- A copy that was typed but conflicts shows its typed, redacted values.
        case
            when row_rejection_reason is not null then raw_row
            when content_hash <> winning_content_hash
                then {{ columns_as_json([
                    'event_id', 'customer_id', 'event_name', 'properties', 'occurred_at',
                ]) }}
        end as raw_row,
        content_hash,
        row_rejection_reason is null and copy_rank = 1 as is_first_copy,
        occurred_at,
        {{ batch_loaded_at() }} as loaded_at
    from ranked_copies
)

select * from final
