{% macro recontact_window_end(ended_at_column) %}
    {#- When a ticket's re-contact window ends: var recontact_window_hours after it ended. -#}
    {{ dbt.dateadd('hour', var('recontact_window_hours'), ended_at_column) }}
{% endmacro %}
