{% macro parse_boolean(text_value) %}
    {#- A boolean from text: true / t / yes / y / 1 and false / f / no / n / 0 (any case);
        null for anything else. -#}
    case
        when lower({{ text_value }}) in ('true', 't', 'yes', 'y', '1') then true
        when lower({{ text_value }}) in ('false', 'f', 'no', 'n', '0') then false
    end
{% endmacro %}


{% macro agent_tool_turns_from_body(turn_type, tool_name, is_tool_error, body) %}
    {#-
        The columns tool_name and is_tool_error of a staged turn. On tool_call / tool_result
        turns: the given values or, where empty, what the body says: the tool's name from a
        JSON body's "tool" or "name" key or a call written `name(...)`; a result failed when
        its body matches var tool_error_body_pattern. Null on every other turn.
    -#}
    {%- set is_tool_turn = turn_type ~ " in ('tool_call', 'tool_result')" -%}
    case
        when {{ is_tool_turn }}
            then coalesce(
                {{ tool_name }},
                nullif(trim(coalesce(
                    {{ json_value_text(body, '$.tool') }},
                    {{ json_value_text(body, '$.name') }},
                    regexp_extract({{ body }}, {{ regexp_literal('^\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*\\(') }}, 1)
                )), '')
            )
    end as tool_name,
    case
        when {{ turn_type }} = 'tool_result'
            then coalesce(
                {{ is_tool_error }},
                {{ regexp_contains("lower(coalesce(" ~ body ~ ", ''))", var('tool_error_body_pattern')) }}
            )
    end as is_tool_error
{% endmacro %}


{% macro without_agent_tool_body(raw_row, turn_type) %}
    {#- A raw row (JSON text) with its body withheld when it is a tool call or result: a
        rejected row must not leak what redaction of free text would miss in a tool's payload. -#}
    case
        when {{ turn_type }} in ('tool_call', 'tool_result')
            then {{ json_with_body_withheld(raw_row) }}
        else {{ raw_row }}
    end
{% endmacro %}

{% macro json_with_body_withheld(raw_row) %}
    {{ return(adapter.dispatch('json_with_body_withheld')(raw_row)) }}
{% endmacro %}

{% macro duckdb__json_with_body_withheld(raw_row) %}
    {#- A JSON merge patch: drops the null values and puts body last. -#}
    cast(json_merge_patch({{ raw_row }}, '{"body": "[tool payload withheld]"}') as varchar)
{% endmacro %}

{% macro spark__json_with_body_withheld(raw_row) %}
    {#- What DuckDB's merge patch gives: the null values dropped, body last. -#}
    to_json(map_concat(
        map_filter(
            from_json({{ raw_row }}, 'map<string, string>'),
            (json_key, json_value) -> json_value is not null and json_key <> 'body'
        ),
        map('body', '[tool payload withheld]')
    ))
{% endmacro %}


{% macro is_agent_action_turn(turn_type) %}
    {#- A tool call or result: the agent acting in another system, never a message, an
        answer, a human turn or an escalation. -#}
    coalesce({{ turn_type }} in ('tool_call', 'tool_result'), false)
{% endmacro %}
