{% macro clean_text(column_name) %}
    {#- Text with surrounding blanks removed; empty text and the null spellings of var
        null_text_values ('NULL', 'None', ...) become null. -#}
    {%- set trimmed = trim_blanks('cast(' ~ column_name ~ ' as ' ~ dbt.type_string() ~ ')') -%}
    case
        when lower({{ trimmed }}) in (
            {%- for value in var('null_text_values') -%}
                '{{ value | lower | replace("'", "''") }}'{{ ', ' if not loop.last }}
            {%- endfor -%}
        ) then null
        else nullif({{ trimmed }}, '')
    end
{% endmacro %}


{% macro trim_blanks(text_value) %}
    {{ return(adapter.dispatch('trim_blanks')(text_value)) }}
{% endmacro %}

{% macro duckdb__trim_blanks(text_value) %}
    {#- Tabs, line breaks, non-breaking spaces and byte-order marks too, not only spaces. The
        regular expression runs only on text that starts or ends with such a character (a
        look at the first and last character is much cheaper, and most values have none). -#}
    {%- set blank_code_points = '(9, 10, 11, 12, 13, 32, 160, 65279)' -%}
    case
        when
            ord(left({{ text_value }}, 1)) not in {{ blank_code_points }}
            and ord(right({{ text_value }}, 1)) not in {{ blank_code_points }}
            then {{ text_value }}
        else {{ regexp_replace_all(text_value, blank_characters_pattern(), '') }}
    end
{% endmacro %}

{% macro spark__trim_blanks(text_value) %}
    {{ regexp_replace_all(text_value, blank_characters_pattern(), '') }}
{% endmacro %}

{% macro blank_characters_pattern() -%}
    {#- Leading or trailing blanks: RE2's \s spelt out (Java's \s also takes a vertical tab),
        non-breaking spaces and byte-order marks. -#}
    ^[\t\n\f\r \x{00a0}\x{feff}]+|[\t\n\f\r \x{00a0}\x{feff}]+$
{%- endmacro %}


{% macro row_as_json(relation_name) %}
    {{ return(adapter.dispatch('row_as_json')(relation_name)) }}
{% endmacro %}

{% macro duckdb__row_as_json(relation_name) %}
    cast(to_json({{ relation_name }}) as varchar)
{% endmacro %}

{% macro spark__row_as_json(relation_name) %}
    {#- Null values kept as JSON nulls, as DuckDB writes them. -#}
    to_json(struct({{ relation_name }}.*), map('ignoreNullFields', 'false'))
{% endmacro %}


{% macro load_started_at() %}
    {#- When this dbt invocation started (UTC): the load time of dq rows and the reference
        for far-future timestamps. -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{% endmacro %}


{% macro is_after_load(timestamp_value) %}
    {#- The timestamp lies further in the future than var future_tolerance_hours after the
        load started. -#}
    {{ timestamp_value }} > {{ dbt.dateadd('hour', var('future_tolerance_hours'), load_started_at()) }}
{% endmacro %}
