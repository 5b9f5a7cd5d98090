{% macro get_incremental_weeks_learnt_sql(arg_dict) %}
    {#-
        Incremental strategy of int_intent_models_fitted, which returns only the training weeks
        it learnt this run: their stored rows are replaced by the new ones, and the stored row
        of a week that is no longer a training week (its tickets gone) is deleted. The other
        weeks' rows, large, are neither read nor written.
    -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where
        trained_through_week_start in (
            select learnt.trained_through_week_start from {{ arg_dict['temp_relation'] }} as learnt
        )
        or trained_through_week_start not in (
            select training.training_week_start
            from {{ model_relation('int_intent_training_tickets') }} as training
        );

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}
