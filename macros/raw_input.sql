{% macro raw_input_columns(table_name) %}
    {#- The contract's columns per raw input: name -> required? -#}
    {%- set columns = {
        'tickets': {
            'ticket_id': true, 'customer_id': true, 'created_at': true, 'closed_at': false,
            'channel': false, 'intent': false, 'csat_score': false, 'updated_at': false,
        },
        'conversation_turns': {
            'turn_id': true, 'ticket_id': true, 'sent_at': true, 'author_role': true,
            'body': false, 'turn_type': false, 'ai_confidence': false, 'feedback': false,
        },
        'events': {
            'event_id': true, 'customer_id': true, 'event_name': true, 'occurred_at': true,
            'properties': false,
        },
    } -%}
    {{ return(columns[table_name]) }}
{% endmacro %}


{% macro raw_input(table_name) %}
    {#-
        The raw input `table_name`, as a relation or a subquery with every contract column.
        var raw_source = 'warehouse': the dbt source `support.<table_name>`.
        Otherwise files: DIR/<table_name>.parquet or DIR/<table_name>.csv, DIR being
        var raw_data_path or, without it, the demo data. Every column is read as text
        (staging casts), a missing optional column is added empty, extra columns are kept,
        and a missing file or required column stops the build naming what is missing.
    -#}
    {%- set warehouse_relation = source('support', table_name) -%}
    {%- if var('raw_source') == 'warehouse' -%}
        {{ return(warehouse_relation) }}
    {%- endif -%}

    {%- set contract_columns = raw_input_columns(table_name) -%}
    {%- set empty_frame -%}
        select
        {%- for column_name in contract_columns %}
            cast(null as varchar) as {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
        where false
    {%- endset -%}
    {%- if not execute -%}
        {{ return('(' ~ empty_frame ~ ')') }}
    {%- endif -%}

    {%- set data_dir = (var('raw_data_path') or var('demo_data_path')) | string -%}
    {%- set data_dir = data_dir.rstrip('/').replace("'", "''") -%}
    {#- Parquet is preferred when both formats are there. -#}
    {%- set found = run_query(
        "select file, lower(file) like '%.parquet' as is_parquet from glob('"
        ~ data_dir ~ "/" ~ table_name ~ ".*')"
        ~ " where lower(file) like '%.parquet' or lower(file) like '%.csv'"
        ~ " order by is_parquet desc, file limit 1"
    ) -%}
    {%- if found.rows | length > 0 and found.rows[0][1] -%}
        {%- set reader = "read_parquet('" ~ found.rows[0][0] ~ "')" -%}
    {%- elif found.rows | length > 0 -%}
        {%- set reader = "read_csv('" ~ found.rows[0][0] ~ "', header = true, all_varchar = true)" -%}
    {%- else -%}
        {%- if var('raw_data_path') -%}
            {%- set hint = 'check the raw_data_path var' -%}
        {%- else -%}
            {%- set hint = 'generate the demo data with: python scripts/generate_demo_data.py' -%}
        {%- endif -%}
        {{ exceptions.raise_compiler_error(
            "Input '" ~ table_name ~ "' not found: expected " ~ data_dir ~ "/" ~ table_name
            ~ ".parquet or .csv (" ~ hint ~ ")"
        ) }}
    {%- endif -%}

    {%- set present = run_query('describe select * from ' ~ reader).columns[0].values() | map('lower') | list -%}
    {%- for column_name, is_required in contract_columns.items() -%}
        {%- if is_required and column_name not in present -%}
            {{ exceptions.raise_compiler_error(
                "Input " ~ reader ~ " lacks required column '" ~ column_name
                ~ "' (has: " ~ present | join(', ') ~ ")"
            ) }}
        {%- endif -%}
    {%- endfor -%}

    {{ return('(' ~ empty_frame ~ ' union all by name select * from ' ~ reader ~ ')') }}
{% endmacro %}
