-- One row per raw row merged into another with the same id: an older version of a ticket,
-- or an identical copy of a ticket, turn or event.
with

tickets as (select * from {{ ref('base_support__tickets_validated') }}),

turns as (select * from {{ ref('base_support__conversation_turns_validated') }}),

events as (select * from {{ ref('base_support__events_validated') }}),

merged as (
    select
        'tickets' as source_table,
        ticket_id as row_id,
        case
            when raw_row_hash = winning_row_hash then 'identical_copy' else 'older_version'
        end as merge_kind,
        raw_row_hash,
        winning_row_hash,
        loaded_at
    from tickets
    where rejection_reason is null and not is_winning_version
    union all
    select
        'conversation_turns' as source_table,
        turn_id as row_id,
        'identical_copy' as merge_kind,
        raw_row_hash,
        winning_row_hash,
        loaded_at
    from turns
    where rejection_reason is null and not is_first_copy
    union all
    select
        'events' as source_table,
        event_id as row_id,
        'identical_copy' as merge_kind,
        raw_row_hash,
        winning_row_hash,
        loaded_at
    from events
    where rejection_reason is null and not is_first_copy
),

final as (
    select
        source_table,
        row_id,
        merge_kind,
        raw_row_hash,
        winning_row_hash,
        loaded_at
    from merged
)

select * from final
