{#-
    One row per raw input: where each raw row went, every count taken from the layer that
    holds those rows. Raw rows: the rows validated staging typed (every row read, a re-sent
    identical row once) plus the unreadable CSV lines. Clean rows: the rows the metrics read,
    counted where they read them (fct_tickets, int_conversation_turns_kept,
    stg_support__events). Rejected and merged rows: the data-quality tables. The equation
    raw = clean + rejected + merged (tested in YAML) fails when a layer loses or doubles a row:
    a ticket that drops out of fct_tickets' joins, a turn both kept and rejected, a stale
    daily-run model.
-#}
with

validated_tickets as (select * from {{ ref('base_support__tickets_validated') }}),

validated_turns as (select * from {{ ref('base_support__conversation_turns_validated') }}),

validated_events as (select * from {{ ref('base_support__events_validated') }}),

unreadable_lines as (select * from {{ ref('base_support__unreadable_csv_lines') }}),

mart_tickets as (select * from {{ ref('fct_tickets') }}),

kept_turns as (select * from {{ ref('int_conversation_turns_kept') }}),

clean_events as (select * from {{ ref('stg_support__events') }}),

rejected_rows as (select * from {{ ref('dq_rejected_rows') }}),

merged_rows as (select * from {{ ref('dq_merged_duplicate_rows') }}),

raw_counts as (
    select
        'tickets' as source_table,
        count(*) as row_count
    from validated_tickets
    union all
    select
        'conversation_turns' as source_table,
        count(*) as row_count
    from validated_turns
    union all
    select
        'events' as source_table,
        count(*) as row_count
    from validated_events
    union all
    select
        source_table,
        count(*) as row_count
    from unreadable_lines
    group by source_table
),

clean_counts as (
    select
        'tickets' as source_table,
        count(*) as row_count
    from mart_tickets
    union all
    select
        'conversation_turns' as source_table,
        count(*) as row_count
    from kept_turns
    union all
    select
        'events' as source_table,
        count(*) as row_count
    from clean_events
),

rejected_counts as (
    select
        source_table,
        count(*) as row_count
    from rejected_rows
    group by source_table
),

merged_counts as (
    select
        source_table,
        count(*) as row_count
    from merged_rows
    group by source_table
),

raw_totals as (
    select
        source_table,
        sum(row_count) as row_count
    from raw_counts
    group by source_table
),

final as (
    select
        raw_totals.source_table,
        cast(raw_totals.row_count as {{ dbt.type_bigint() }}) as raw_rows,
        cast(coalesce(clean_counts.row_count, 0) as {{ dbt.type_bigint() }}) as clean_rows,
        cast(coalesce(rejected_counts.row_count, 0) as {{ dbt.type_bigint() }}) as rejected_rows,
        cast(coalesce(merged_counts.row_count, 0) as {{ dbt.type_bigint() }}) as merged_rows
    from raw_totals
    left join clean_counts on raw_totals.source_table = clean_counts.source_table
    left join rejected_counts on raw_totals.source_table = rejected_counts.source_table
    left join merged_counts on raw_totals.source_table = merged_counts.source_table
)

select * from final
