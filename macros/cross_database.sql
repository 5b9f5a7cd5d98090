{% macro duckdb__safe_cast(field, type) %}
    {#- dbt.safe_cast is a plain cast on DuckDB: a bad value must give null, not stop the build. -#}
    try_cast({{ field }} as {{ type }})
{% endmacro %}


{% macro parse_timestamp_utc(text_value) %}
    {{ return(adapter.dispatch('parse_timestamp_utc')(text_value)) }}
{% endmacro %}

{% macro default__parse_timestamp_utc(text_value) %}
    {{ dbt.safe_cast(text_value, dbt.type_timestamp()) }}
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


{% macro hours_between(start_at, end_at) %}
    {#- Fractional hours from start_at to end_at (negative when end_at is earlier). -#}
    ({{ dbt.datediff(start_at, end_at, 'second') }} / 3600.0)
{% endmacro %}


{% macro iso_week_start(timestamp_value) %}
    {{ return(adapter.dispatch('iso_week_start')(timestamp_value)) }}
{% endmacro %}

{% macro default__iso_week_start(timestamp_value) %}
    {#- Monday 00:00 of the week: DuckDB truncates weeks to Monday. An engine whose weeks
        start on another day needs its own <adapter>__iso_week_start. -#}
    {{ dbt.date_trunc('week', timestamp_value) }}
{% endmacro %}


{% macro median(expression) %}
    {{ return(adapter.dispatch('median')(expression)) }}
{% endmacro %}

{% macro default__median(expression) %}
    percentile_cont(0.5) within group (order by {{ expression }})
{% endmacro %}

{% macro duckdb__median(expression) %}
    median({{ expression }})
{% endmacro %}


{% macro type_double() %}
    {{ return(adapter.dispatch('type_double')()) }}
{% endmacro %}

{% macro default__type_double() %}double precision{% endmacro %}

{% macro duckdb__type_double() %}double{% endmacro %}
