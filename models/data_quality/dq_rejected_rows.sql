-- One row per raw row set aside: why, and what it looked like (personal data redacted).
with

tickets as (select * from {{ ref('stg_support__tickets_validated') }}),

turns as (select * from {{ ref('stg_support__conversation_turns_validated') }}),

events as (select * from {{ ref('stg_support__events_validated') }}),

checked_turns as (select * from {{ ref('int_conversation_turns_checked_against_tickets') }}),

unreadable_lines as (select * from {{ ref('base_support__unreadable_csv_lines') }}),

raw_turns as (select * from {{ ref('base_support__conversation_turns') }}),

turns_failing_ticket_checks as (
    select
        checked_turns.turn_id,
        checked_turns.rejection_reason,
        turns.raw_row_hash
    from checked_turns
    inner join turns on checked_turns.turn_id = turns.turn_id and turns.is_first_copy
    where checked_turns.rejection_reason is not null
),

-- The validated turns keep their raw row only when a row check failed; these turns passed
-- those checks, so their raw rows are found again by hash (the same hash as in staging).
raw_rows_of_turns_failing_ticket_checks as (
    select distinct
        raw_row_hash,
        raw_row
    from (
        select
            {{ dbt.hash(row_as_json('raw_turns')) }} as raw_row_hash,
            {{ row_as_json('raw_turns') }} as raw_row
        from raw_turns
    ) as hashed_raw_turns
    where raw_row_hash in (select failing.raw_row_hash from turns_failing_ticket_checks as failing)
),

turns_rejected_against_tickets as (
    select
        turns_failing_ticket_checks.turn_id,
        turns_failing_ticket_checks.rejection_reason,
        turns_failing_ticket_checks.raw_row_hash,
        {{ redact_personal_data_in_json('raw_rows_of_turns_failing_ticket_checks.raw_row') }} as raw_row
    from turns_failing_ticket_checks
    inner join raw_rows_of_turns_failing_ticket_checks
        on turns_failing_ticket_checks.raw_row_hash = raw_rows_of_turns_failing_ticket_checks.raw_row_hash
),

rejected as (
    select
        'tickets' as source_table,
        ticket_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number
    from tickets
    where rejection_reason is not null
    union all
    select
        'conversation_turns' as source_table,
        turn_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number
    from turns
    where rejection_reason is not null
    union all
    select
        'conversation_turns' as source_table,
        turn_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number
    from turns_rejected_against_tickets
    union all
    select
        'events' as source_table,
        event_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number
    from events
    where rejection_reason is not null
    union all
    select
        source_table,
        cast(null as {{ dbt.type_string() }}) as row_id,
        'unreadable_csv_line' as rejection_reason,
        {{ dbt.hash('raw_row') }} as raw_row_hash,
        {{ redact_personal_data_in_json('raw_row') }} as raw_row,
        cast(line_number as {{ dbt.type_bigint() }}) as csv_line_number
    from unreadable_lines
),

final as (
    select
        rejected.source_table,
        rejected.row_id,
        rejected.rejection_reason,
        rejected.raw_row_hash,
        rejected.raw_row,
        rejected.csv_line_number,
        {{ load_started_at() }} as loaded_at
    from rejected
)

select * from final
