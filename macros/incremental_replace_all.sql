{% macro get_incremental_replace_all_sql(arg_dict) %}
    {#-
        Incremental strategy for a model that computes all its rows every run but may reuse
        its stored rows to do it (dbt.is_incremental is false on --full-refresh): the stored
        rows are replaced by the model's rows, as a table would be.
    -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
