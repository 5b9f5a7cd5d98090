{{ config(materialized=daily_run_materialization(), incremental_strategy='append') }}
-- The lines of the CSV inputs that cannot be read as a row. A table, not a view: DuckDB
-- lists them in reject tables that live only as long as the connection of this build.
-- Incremental: each daily run adds the unreadable lines of its delivery.
with

tickets_lines as (
    select * from {{ raw_input_unreadable_lines('tickets') }}  -- noqa: AM04
),

conversation_turns_lines as (
    select * from {{ raw_input_unreadable_lines('conversation_turns') }}  -- noqa: AM04
),

events_lines as (
    select * from {{ raw_input_unreadable_lines('events') }}  -- noqa: AM04
),

unioned as (
    select
        'tickets' as source_table,
        line_number,
        line_text,
        error
    from tickets_lines
    union all
    select
        'conversation_turns' as source_table,
        line_number,
        line_text,
        error
    from conversation_turns_lines
    union all
    select
        'events' as source_table,
        line_number,
        line_text,
        error
    from events_lines
),

final as (
    select
        source_table,
        line_number,
        error,
        {{ row_as_json('unioned') }} as raw_row,
        {{ batch_loaded_at() }} as loaded_at
    from unioned
)

select * from final
