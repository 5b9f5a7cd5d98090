{#-
    Two of dbt-spark's own macros, replaced for this project (the dispatch order in
    dbt_project.yml puts the project's first).
-#}

{% macro spark__load_csv_rows(model, agate_table) %}
    {#- dbt-spark's seed loader puts each value between quotes without escaping it, so a
        phrase such as "what's the issue" breaks the insert: quotes and backslashes escaped. -#}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set bindings = [] -%}
        {%- for row in chunk -%}
            {%- for value in row -%}
                {%- do bindings.append(value.replace('\\', '\\\\').replace("'", "\\'") if value is string else value) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for column_name in agate_table.column_names -%}
                    cast({{ get_binding_char() }} as {{ column_override.get(column_name, adapter.convert_type(agate_table, loop.index0)) }})
                    {%- if not loop.last %},{% endif -%}
                {%- endfor -%}){%- if not loop.last %},{% endif %}
            {%- endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}


{% macro spark__alter_column_set_constraints(relation, column_dict) %}
    {#- A contract's not_null constraints: dbt-spark declares them with ALTER TABLE, which
        Parquet tables refuse (Delta only). They are checked instead, in one scan: a null
        stops the build. -#}
    {%- set not_null_columns = [] -%}
    {%- set null_counts = [] -%}
    {%- for column_name, column in column_dict.items() -%}
        {%- if column['constraints'] | selectattr('type', 'equalto', 'not_null') | list -%}
            {%- do not_null_columns.append(column_name) -%}
            {%- do null_counts.append('count(*) - count(' ~ adapter.quote(column_name) ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not_null_columns -%}
        {%- set found = run_query('select ' ~ null_counts | join(', ') ~ ' from ' ~ relation).rows[0] -%}
        {%- for column_name in not_null_columns -%}
            {%- if found[loop.index0] > 0 -%}
                {{ exceptions.raise_compiler_error(
                    relation ~ '.' ~ column_name ~ ' breaks its contract: ' ~ found[loop.index0] ~ ' null values'
                ) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
