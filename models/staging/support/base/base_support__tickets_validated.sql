{#-
    One row per raw tickets row: typed, with the reason it is rejected (null when it passes)
    and, among the rows that pass, whether it is the version of its ticket_id that wins
    (the latest updated_at; among equal versions the most complete one).
    Incremental: a daily run types the delivered rows and ranks them with the stored rows of
    the same ticket_ids, so a stale version arriving late never wins; a delivered row
    identical to a stored one is already loaded and skipped.
-#}
{{ config(
    materialized=daily_run_materialization(), unique_key='ticket_id', incremental_strategy='delete+insert'
) }}

with

source as (select * from {{ ref('base_support__tickets') }}),

texts as (
    select
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_text('customer_id') }} as customer_id,
        lower({{ clean_text('channel') }}) as channel,
        -- Labels are compared after trimming and lower-casing; empty means unlabeled.
        lower({{ clean_text('intent') }}) as intent,
        -- Optional columns (source adapters give them; a file or table may).
        lower({{ clean_text(optional_column(ref('base_support__tickets'), 'vendor_resolution_state')) }})
            as vendor_resolution_state,
        {{ clean_text(optional_column(ref('base_support__tickets'), 'source_relation')) }} as source_relation,
        {{ clean_text('csat_score') }} as csat_score_text,
        {{ clean_text('created_at') }} as created_at_text,
        {{ clean_text('closed_at') }} as closed_at_text,
        {{ clean_text('updated_at') }} as updated_at_text,
        {{ row_as_json('source') }} as raw_row
    from source
),

typed as (
    select
        *,
        -- "4", " 4 " and "4.0" are 4; "4.5" is not a score.
        {{ dbt.safe_cast('csat_score_text', dbt.type_numeric()) }} as csat_score_number,
        {{ parse_timestamp_utc('created_at_text') }} as created_at,
        {{ parse_timestamp_utc('closed_at_text') }} as closed_at,
        {{ parse_timestamp_utc('updated_at_text') }} as updated_at,
        {{ dbt.hash('raw_row') }} as raw_row_hash
    from texts
),

checked as (
    select
        *,
        case
            when lower(ticket_id) = 'ticket_id' and lower(created_at_text) = 'created_at'
                then 'repeated_header_row'
            when ticket_id is null then 'missing_ticket_id'
            when customer_id is null then 'missing_customer_id'
            when created_at_text is null then 'missing_created_at'
            when
                created_at is null
                or (closed_at_text is not null and closed_at is null)
                or (updated_at_text is not null and updated_at is null)
                then 'unparseable_timestamp'
            when
                {{ is_after_load('created_at') }}
                or {{ is_after_load('closed_at') }}
                or {{ is_after_load('updated_at') }}
                then 'future_timestamp'
            when closed_at < created_at then 'closed_before_created'
            when
                csat_score_text is not null
                and not coalesce(
                    csat_score_number between 1 and 5 and csat_score_number = floor(csat_score_number),
                    false
                )
                then 'invalid_csat_score'
        end as row_rejection_reason
    from typed
),

delivered as (
    select
        raw_row_hash,
        ticket_id,
        customer_id,
        channel,
        intent,
        vendor_resolution_state,
        source_relation,
        row_rejection_reason,
        -- Redacting JSON is costly: only the rejected rows, which dq_rejected_rows shows, need it.
        case
            when row_rejection_reason is not null then {{ redact_personal_data_in_json('raw_row') }}
        end as raw_row,
        csat_score_number,
        created_at,
        closed_at,
        updated_at
    from checked
),

-- The delivered rows and, in a daily run, the stored rows of the same keys, ranked together.
candidates as (
    {{ delivered_and_stored_rows('ticket_id', [
        'raw_row_hash', 'ticket_id', 'customer_id', 'channel', 'intent', 'vendor_resolution_state', 'source_relation',
        'rejection_reason as row_rejection_reason', 'raw_row', 'csat_score as csat_score_number', 'created_at', 'closed_at', 'updated_at',
    ]) }}
),

ranked_versions as (
    select
        *,
        -- Rejected rows rank among themselves, never against the versions that pass.
        row_number() over versions as version_rank,
        first_value(raw_row_hash) over versions as winning_row_hash
    from candidates
    window versions as (
        partition by ticket_id, row_rejection_reason
        order by
            updated_at desc nulls last,
            closed_at desc nulls last,
            csat_score_number desc nulls last,
            intent desc nulls last,
            raw_row_hash asc
    )
),

final as (
    select
        raw_row_hash,
        ticket_id,
        customer_id,
        channel,
        intent,
        vendor_resolution_state,
        source_relation,
        row_rejection_reason as rejection_reason,
        case when row_rejection_reason is null then winning_row_hash end as winning_row_hash,
        raw_row,
        cast(csat_score_number as {{ dbt.type_int() }}) as csat_score,
        row_rejection_reason is null and version_rank = 1 as is_winning_version,
        created_at,
        closed_at,
        updated_at,
        {{ batch_loaded_at() }} as loaded_at
    from ranked_versions
)

select * from final
