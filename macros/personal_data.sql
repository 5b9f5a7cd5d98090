{% macro redact_personal_data(text_value) %}
    {#-
        Personal data in free text replaced by a label, in this order: URL paths and query
        strings (reset links and tokens), e-mail addresses, IBANs, payment card numbers (13-19
        digits), phone numbers (international +..., North American, national 0...), street
        addresses ("12 High Street", "Hauptstrasse 5"). The patterns read the same in DuckDB's
        RE2 and Spark's Java regular expressions.
    -#}
    {%- set replacements = [
        ('((?:https?://|www\\.)[^/\\s?#]+)[/?#]\\S*', '\\1/[url]'),
        ('[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}', '[email]'),
        ('\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b', '[iban]'),
        ('\\b[0-9](?:[ -]?[0-9]){12,18}\\b', '[card]'),
        ('\\+[0-9][0-9 ().-]{6,}[0-9]|\\(?\\b[0-9]{3}\\)?[ .-][0-9]{3}[ .-][0-9]{4}\\b'
            ~ '|\\b0[0-9]{2,4}[ .-]?[0-9]{3,4}[ .-]?[0-9]{3,4}\\b', '[phone]'),
        ('\\b[0-9]{1,5}[A-Za-z]?,? (?:[A-Z][a-z]+ ){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln'
            ~ '|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Close|Square|Sq)\\b\\.?'
            ~ '|\\b[A-Z][a-z]+(?:strasse|straße|weg|gasse|platz) [0-9]{1,4}[a-z]?\\b', '[address]'),
    ] -%}
    {%- set ns = namespace(sql=text_value) -%}
    {%- for pattern, label in replacements -%}
        {%- set ns.sql = regexp_replace_all(ns.sql, pattern, label) -%}
    {%- endfor -%}
    {#- Every pattern needs a digit, an @ or a URL: text with none of them is left as it is
        without running the replacements (most messages, so most of the cost). -#}
    case
        when {{ regexp_contains(text_value, '[0-9@]|https?://|www\\.') }} then {{ ns.sql }}
        else {{ text_value }}
    end
{% endmacro %}


{% macro redact_personal_data_in_json(json_text) %}
    {{ return(adapter.dispatch('redact_personal_data_in_json')(json_text)) }}
{% endmacro %}

{% macro duckdb__redact_personal_data_in_json(json_text) %}
    {#- A JSON object (a raw row) with every value redacted as text. Values, not the JSON
        text, so that an escape such as \n never hides a card number from the patterns. -#}
    cast(to_json(map_from_entries(list_transform(
        map_entries(cast(json({{ json_text }}) as map(varchar, varchar))),
        lambda entry: {'key': entry['key'], 'value': {{ redact_personal_data("entry['value']") }}}
    ))) as varchar)
{% endmacro %}

{% macro spark__redact_personal_data_in_json(json_text) %}
    to_json(
        transform_values(
            from_json({{ json_text }}, 'map<string, string>'),
            (json_key, json_value) -> {{ redact_personal_data('json_value') }}
        ),
        map('ignoreNullFields', 'false')
    )
{% endmacro %}


{% macro customer_id_for_marts(customer_id) %}
    {#- customer_id as marts show it: as is, or, with var pseudonymize_customer_ids, a salted
        hash (var customer_id_salt) that is the same in every mart, so joins still work. -#}
    {%- if var('pseudonymize_customer_ids') -%}
        {%- set salt = (var('customer_id_salt') or '') | string | replace("'", "''") -%}
        {{ dbt.hash(dbt.concat(["'" ~ salt ~ "'", customer_id])) }}
    {%- else -%}
        {{ customer_id }}
    {%- endif -%}
{% endmacro %}
