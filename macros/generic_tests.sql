{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
    {#- Rows whose value lies outside [min_value, max_value]; nulls pass. -#}
    select *
    from {{ model }}
    where
        {{ column_name }} is not null
        and (
            false
            {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
            {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
        )
{% endtest %}


{% test unique_combination_of_columns(model, combination_of_columns) %}
    {#- Combinations of the given columns that occur more than once. -#}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}


{% test expression_is_true(model, expression) %}
    {#- Rows for which the expression does not hold. -#}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}


{% test accepted_values_when_present(model, column_name, values) %}
    {#- Rows of an optional column whose value, trimmed and lower-cased, is not one of
        `values`; empty values pass, and so does a relation without the column. -#}
    {%- set column = optional_column(model, column_name) %}
    select {{ column }} as unaccepted_value
    from {{ model }}
    where
        nullif(lower(trim({{ column }})), '') not in (
            {%- for value in values %}'{{ value }}'{{ ', ' if not loop.last }}{% endfor -%}
        )
{% endtest %}
