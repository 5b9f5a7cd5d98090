{% macro intent_label(intent_column) %}
    {#- The intent as per-intent marts show it: unlabeled tickets under var unlabeled_intent_label. -#}
    coalesce({{ intent_column }}, '{{ var("unlabeled_intent_label") | replace("'", "''") }}')
{% endmacro %}
