{#-
    Load stamps and merges of daily incremental runs (docs/daily_runs.md). A daily run reads a
    delivery: only the rows that arrived since the last run. Validated staging merges them per
    key with what is stored and stamps every row it (re)writes with this run's loaded_at; the
    per-ticket models then recompute the tickets of their daily_run_scope (macros/daily_runs.sql).
-#}

{% macro batch_loaded_at() %}
    {#- This run's load instant (UTC, microseconds): the loaded_at of every row it writes. -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{% endmacro %}


{% macro delivered_and_stored_rows(key_column, stored_columns) %}
    {#-
        A select of the rows a validated staging model ranks: the rows of its CTE `delivered`
        and, in an incremental run, the stored rows of the same keys (stored_columns:
        expressions over the stored table giving delivered's columns in the same order).
        A delivered row identical to a stored row of its key (same raw_row_hash) was loaded
        before and is skipped, so a re-sent delivery changes nothing.
    -#}
    {%- if is_incremental() %}
    with stored as (
        select
            {{ stored_columns | join(',\n            ') }}
        from {{ this }}
        where {{ key_column }} in (select delivered.{{ key_column }} from delivered)
    )

    select * from stored
    union all
    select * from delivered
    where not exists (
        select 1 from stored
        where
            stored.{{ key_column }} = delivered.{{ key_column }}
            and stored.raw_row_hash = delivered.raw_row_hash
    )
    {%- else %}
    select * from delivered
    {%- endif %}
{% endmacro %}


{% macro columns_as_json(column_names) %}
    {#- A JSON object text of the named columns (typed values, for display), keyed by
        column name without its table qualifier. -#}
    {{ return(adapter.dispatch('columns_as_json')(column_names)) }}
{% endmacro %}

{% macro duckdb__columns_as_json(column_names) %}
    cast(json_object(
        {%- for column_name in column_names %}
        '{{ column_name.split('.')[-1] }}', {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as varchar)
{% endmacro %}

{% macro spark__columns_as_json(column_names) %}
    {#- Nulls kept and timestamps written as DuckDB writes them (to the second: DuckDB adds a
        fraction only when there is one). -#}
    to_json(
        named_struct(
            {%- for column_name in column_names %}
            '{{ column_name.split('.')[-1] }}', {{ column_name }}{{ ',' if not loop.last }}
            {%- endfor %}
        ),
        map('ignoreNullFields', 'false', 'timestampFormat', 'yyyy-MM-dd HH:mm:ss')
    )
{% endmacro %}


{% macro where_loaded_since_last_run() %}
    {#- In an incremental run, a filter keeping the rows loaded after this model last ran
        (every row when it has none yet). -#}
    {%- if is_incremental() -%}
        where loaded_at > {{ last_loaded_at() }}
    {%- endif -%}
{% endmacro %}


{% macro last_loaded_at() %}
    {#- The latest loaded_at among the rows of the model being built (long ago when it has none). -#}
    (
        select coalesce(max(stored.loaded_at), {{ dbt.cast("'1900-01-01'", dbt.type_timestamp()) }})
        from {{ this }} as stored
    )
{% endmacro %}


{% macro hash_of_columns(model_name, table_alias, except_columns=[], also=[]) %}
    {#- An integer hash of the values of every column of the model model_name (as
        table_alias) but except_columns, and of the expressions in also: rows with equal
        values hash equal, whatever their load time. -#}
    {%- set expressions = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(builtins.ref(model_name)) if column.name not in except_columns -%}
            {%- do expressions.append(table_alias ~ '.' ~ adapter.quote(column.name)) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do expressions.append(table_alias ~ '.*') -%}
    {%- endif -%}
    hash({{ (expressions + also) | join(', ') }})
{% endmacro %}
