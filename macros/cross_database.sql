{#-
    Engine-specific SQL, dispatched: DuckDB (every build and test) and Apache Spark
    (tests/python/test_spark_build.py; docs/other_warehouses.md). dbt's own cross-database
    macros (dbt.dateadd, dbt.datediff, dbt.date_trunc, dbt.hash, ...) cover the rest.
    Regular expressions are written once, in the syntax DuckDB's RE2 and Spark's Java
    regular expressions share; only how a pattern is quoted and called differs.
-#}

{% macro duckdb__safe_cast(field, type) %}
    {#- dbt.safe_cast is a plain cast on DuckDB: a bad value must give null, not stop the build.
        (On Spark it is a plain cast too, which gives null: dbt-spark turns ANSI mode off.) -#}
    try_cast({{ field }} as {{ type }})
{% endmacro %}


{% macro parse_timestamp_utc(text_value) %}
    {{ return(adapter.dispatch('parse_timestamp_utc')(text_value)) }}
{% endmacro %}

{% macro duckdb__parse_timestamp_utc(text_value) %}
    {#- ISO-8601 text to a naive UTC timestamp: an offset (Z, +02, -05:30) converts to UTC,
        a value without one is UTC already. Unparseable text gives null. -#}
    case
        when regexp_matches(trim({{ text_value }}), '([zZ]|[+-]\d{2}(:?\d{2})?)$')
            then try_cast(trim({{ text_value }}) as timestamptz) at time zone 'UTC'
        else try_cast(trim({{ text_value }}) as timestamp)
    end
{% endmacro %}

{% macro spark__parse_timestamp_utc(text_value) %}
    {#- Spark's cast converts an offset (Z, +02, -05:30) to the session time zone, which the
        profile sets to UTC, and reads a value without one in it; unparseable text gives null
        (ANSI mode off). -#}
    cast(trim({{ text_value }}) as timestamp)
{% endmacro %}


{% macro regexp_literal(pattern) %}
    {{ return(adapter.dispatch('regexp_literal')(pattern)) }}
{% endmacro %}

{% macro duckdb__regexp_literal(pattern) -%}
    '{{ pattern }}'
{%- endmacro %}

{% macro spark__regexp_literal(pattern) -%}
    {#- A raw literal: Spark's string literals would otherwise eat the backslashes. -#}
    r'{{ pattern }}'
{%- endmacro %}


{% macro regexp_contains(text_value, pattern) %}
    {{ return(adapter.dispatch('regexp_contains')(text_value, pattern)) }}
{% endmacro %}

{% macro duckdb__regexp_contains(text_value, pattern) -%}
    regexp_matches({{ text_value }}, {{ regexp_literal(pattern) }})
{%- endmacro %}

{% macro spark__regexp_contains(text_value, pattern) -%}
    ({{ text_value }} rlike {{ regexp_literal(pattern) }})
{%- endmacro %}


{% macro regexp_replace_all(text_value, pattern, replacement) %}
    {#- Every match of pattern replaced; replacement may name the first group as \1. -#}
    {{ return(adapter.dispatch('regexp_replace_all')(text_value, pattern, replacement)) }}
{% endmacro %}

{% macro duckdb__regexp_replace_all(text_value, pattern, replacement) -%}
    regexp_replace({{ text_value }}, {{ regexp_literal(pattern) }}, '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(text_value, pattern, replacement) -%}
    regexp_replace({{ text_value }}, {{ regexp_literal(pattern) }}, {{ regexp_literal(replacement | replace('\\1', '$1')) }})
{%- endmacro %}


{% macro json_value_text(json_text, json_path) %}
    {{ return(adapter.dispatch('json_value_text')(json_text, json_path)) }}
{% endmacro %}

{% macro duckdb__json_value_text(json_text, json_path) -%}
    {#- The value at json_path as text; null when the text is not JSON or has no such value. -#}
    json_extract_string(try_cast({{ json_text }} as json), '{{ json_path }}')
{%- endmacro %}

{% macro spark__json_value_text(json_text, json_path) -%}
    get_json_object({{ json_text }}, '{{ json_path }}')
{%- endmacro %}


{% macro last_value_by(value, ordering) %}
    {{ return(adapter.dispatch('last_value_by')(value, ordering)) }}
{% endmacro %}

{% macro duckdb__last_value_by(value, ordering) -%}
    {#- Aggregate: the value of the row with the highest ordering, null when that value is
        null (arg_max would skip it). -#}
    arg_max_null({{ value }}, {{ ordering }})
{%- endmacro %}

{% macro spark__last_value_by(value, ordering) -%}
    max_by({{ value }}, {{ ordering }})
{%- endmacro %}


{% macro hours_between(start_at, end_at) %}
    {#- Fractional hours from start_at to end_at (negative when end_at is earlier). -#}
    {#- A double: Spark would keep a decimal quotient to 6 places only. -#}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / cast(3600 as {{ type_double() }}))
{% endmacro %}


{% macro iso_week_start(timestamp_value) %}
    {#- Monday 00:00 of the week: DuckDB and Spark both truncate weeks to Monday (an engine
        whose weeks start on another day, such as BigQuery, needs date_trunc(..., isoweek)). -#}
    {{ dbt.date_trunc('week', timestamp_value) }}
{% endmacro %}


{% macro median(expression) %}
    {#- An aggregate, interpolated between the two middle values (DuckDB and Spark 3.4+). -#}
    median({{ expression }})
{% endmacro %}


{% macro type_double() %}double{% endmacro %}


{% macro daily_run_materialization() %}
    {{ return(adapter.dispatch('daily_run_materialization')()) }}
{% endmacro %}

{% macro duckdb__daily_run_materialization() %}
    {#- The materialization of the models a daily run updates in place (docs/daily_runs.md). -#}
    {{ return('incremental') }}
{% endmacro %}

{% macro spark__daily_run_materialization() %}
    {#- dbt-spark's tables (Parquet) cannot delete rows, which the daily-run strategies
        (delete+insert, tickets_in_scope, replace_all) need: every run is a full build. -#}
    {{ return('table') }}
{% endmacro %}


{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) %}
    {#- dbt-spark's listagg ignores the order: the values are sorted here, by the columns of
        an `order by a, b` clause (ascending), before they are joined. -#}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error('listagg on Spark: limit_num is not supported') }}
    {%- endif -%}
    {%- if not order_by_clause -%}
        array_join(collect_list({{ measure }}), {{ delimiter_text }})
    {%- else -%}
        {%- set order_columns = order_by_clause | trim | lower | replace('order by', '', 1) | trim -%}
        {%- set order_columns = order_columns.split(',') | map('trim') | list -%}
        {%- for column in order_columns if ' ' in column -%}
            {{ exceptions.raise_compiler_error('listagg on Spark: only ascending column orders, not ' ~ column) }}
        {%- endfor -%}
        array_join(transform(
            array_sort(collect_list(struct(
                {%- for column in order_columns %}{{ column }} as sort_key_{{ loop.index }}, {% endfor -%}
                {{ measure }} as listagg_value
            ))),
            entry -> entry.listagg_value
        ), {{ delimiter_text }})
    {%- endif -%}
{% endmacro %}
