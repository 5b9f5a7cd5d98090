-- One row per raw row set aside: why, and what it looked like (personal data redacted).
with

tickets as (select * from {{ ref('base_support__tickets_validated') }}),

turns as (select * from {{ ref('base_support__conversation_turns_validated') }}),

events as (select * from {{ ref('base_support__events_validated') }}),

reviews as (select * from {{ ref('base_support__conversation_reviews_validated') }}),

checked_turns as (select * from {{ ref('int_conversation_turns_checked_against_tickets') }}),

unreadable_lines as (select * from {{ ref('base_support__unreadable_csv_lines') }}),

-- Turns rejected against their ticket passed the row checks: they show their typed values
-- (body redacted), as the raw rows of earlier deliveries are no longer at hand.
turns_rejected_against_tickets as (
    select
        checked_turns.turn_id,
        checked_turns.rejection_reason,
        turns.raw_row_hash,
        {{ columns_as_json([
            'checked_turns.turn_id', 'checked_turns.ticket_id', 'checked_turns.author_role',
            'checked_turns.turn_type', 'checked_turns.body', 'checked_turns.feedback',
            'checked_turns.ai_confidence', 'checked_turns.sent_at',
        ]) }} as raw_row,
        checked_turns.loaded_at
    from checked_turns
    inner join turns on checked_turns.turn_id = turns.turn_id and turns.is_first_copy
    where checked_turns.rejection_reason is not null
),

rejected as (
    select
        'tickets' as source_table,
        ticket_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number,
        loaded_at
    from tickets
    where rejection_reason is not null
    union all
    select
        'conversation_turns' as source_table,
        turn_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number,
        loaded_at
    from turns
    where rejection_reason is not null
    union all
    select
        'conversation_turns' as source_table,
        turn_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number,
        loaded_at
    from turns_rejected_against_tickets
    union all
    select
        'events' as source_table,
        event_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number,
        loaded_at
    from events
    where rejection_reason is not null
    union all
    select
        'conversation_reviews' as source_table,
        ticket_id as row_id,
        rejection_reason,
        raw_row_hash,
        raw_row,
        cast(null as {{ dbt.type_bigint() }}) as csv_line_number,
        loaded_at
    from reviews
    where rejection_reason is not null
    union all
    select
        source_table,
        cast(null as {{ dbt.type_string() }}) as row_id,
        'unreadable_csv_line' as rejection_reason,
        {{ dbt.hash('raw_row') }} as raw_row_hash,
        {{ redact_personal_data_in_json('raw_row') }} as raw_row,
        cast(line_number as {{ dbt.type_bigint() }}) as csv_line_number,
        loaded_at
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
        rejected.loaded_at
    from rejected
)

select * from final
