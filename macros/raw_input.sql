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
            'tool_name': false, 'is_tool_error': false,
        },
        'events': {
            'event_id': true, 'customer_id': true, 'event_name': true, 'occurred_at': true,
            'properties': false,
        },
        'conversation_reviews': {
            'ticket_id': true, 'is_resolved': true, 'reviewed_at': false, 'reviewer': false,
        },
    } -%}
    {{ return(columns[table_name]) }}
{% endmacro %}


{% macro raw_input_file(table_name) %}
    {#-
        Where the file input `table_name` is and how to read it: {path, is_parquet, columns,
        reader}. DIR/<table_name>.parquet wins over .csv; DIR is var raw_data_path or, without
        it, the demo data. A missing file or required column stops the build naming them.
        CSV is read without sniffing (a broken line must not break the dialect guess), every
        column as text, with the delimiter the header line uses; unreadable lines are skipped
        here and listed by raw_input_unreadable_lines.
    -#}
    {%- do assert_files_readable() -%}
    {%- set data_dir = (var('raw_data_path') or var('demo_data_path')) | string -%}
    {%- set data_dir = data_dir.rstrip('/').replace("'", "''") -%}
    {%- set found = run_query(
        "select file, lower(file) like '%.parquet' as is_parquet from glob('"
        ~ data_dir ~ "/" ~ table_name ~ ".*')"
        ~ " where lower(file) like '%.parquet' or lower(file) like '%.csv'"
        ~ " order by is_parquet desc, file limit 1"
    ) -%}
    {%- if found.rows | length == 0 -%}
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
    {%- set path = found.rows[0][0] | replace("'", "''") -%}

    {%- set csv_arguments = none -%}
    {%- if found.rows[0][1] -%}
        {%- set reader = "read_parquet('" ~ path ~ "')" -%}
        {%- set present = run_query('describe select * from ' ~ reader).columns[0].values() | map('lower') | list -%}
    {%- else -%}
        {%- set header = raw_input_csv_header(path) -%}
        {%- set present = header.columns -%}
        {%- set column_types -%}
            { {%- for column_name in header.columns -%}
                '{{ column_name | replace("'", "''") }}': 'VARCHAR'{{ ', ' if not loop.last }}
            {%- endfor -%} }
        {%- endset -%}
        {%- set csv_arguments = "'" ~ path ~ "', header = true, auto_detect = false, columns = "
            ~ column_types ~ ", delim = '" ~ header.delimiter ~ "', quote = '\"', escape = '\"', encoding = '"
            ~ var('raw_csv_encoding') ~ "'" -%}
        {%- set reader = 'read_csv(' ~ csv_arguments ~ ', ignore_errors = true)' -%}
    {%- endif -%}

    {%- for column_name, is_required in raw_input_columns(table_name).items() -%}
        {%- if is_required and column_name not in present -%}
            {{ exceptions.raise_compiler_error(
                "Input " ~ found.rows[0][0] ~ " lacks required column '" ~ column_name
                ~ "' (has: " ~ present | join(', ') ~ ")"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return({
        'is_parquet': found.rows[0][1], 'columns': present, 'reader': reader,
        'csv_arguments': csv_arguments,
    }) }}
{% endmacro %}


{% macro assert_files_readable() %}
    {#- Files are read by DuckDB's readers; another engine reads warehouse tables. -#}
    {%- if target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error(
            "Inputs as files are read on DuckDB only: on " ~ target.type ~ ", load them into tables"
            ~ " and set var raw_source: warehouse (docs/other_warehouses.md)"
        ) }}
    {%- endif -%}
{% endmacro %}


{% macro raw_input_csv_header(path) %}
    {#- The header line of a CSV file: its column names (lower-cased, byte-order mark, quotes
        and blanks stripped) and its delimiter (the most frequent of , ; tab |). -#}
    {%- set first_line = run_query(
        "select line from read_csv('" ~ path ~ "', columns = {'line': 'VARCHAR'}, header = false,"
        ~ " auto_detect = false, delim = '\x1f', quote = '', escape = '', ignore_errors = true,"
        ~ " strict_mode = false, encoding = '" ~ var('raw_csv_encoding') ~ "') limit 1"
    ).columns[0].values() -%}
    {%- set line = (first_line[0] if first_line | length > 0 else '') or '' -%}
    {%- set line = line.replace('\ufeff', '') -%}
    {%- set ns = namespace(delimiter=',', count=0) -%}
    {%- for candidate in [',', ';', '\t', '|'] -%}
        {%- if line.count(candidate) > ns.count -%}
            {%- set ns.delimiter = candidate -%}
            {%- set ns.count = line.count(candidate) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- for name in line.split(ns.delimiter) -%}
        {%- do columns.append(name.strip().strip('"').strip().lower()) -%}
    {%- endfor -%}
    {{ return({'columns': columns, 'delimiter': ns.delimiter}) }}
{% endmacro %}


{% macro raw_input(table_name) %}
    {#-
        The raw input `table_name`, as a relation or a subquery with every contract column.
        var support_sources not empty: the chosen source adapters' rows (base_adapters__*).
        var raw_source = 'warehouse': the dbt source `support.<table_name>`.
        Otherwise files (see raw_input_file). Every column is read as text (staging casts),
        a missing optional column is added empty, extra columns are kept, and a missing file
        or required column stops the build naming what is missing.
    -#}
    {%- set warehouse_relation = source('support', table_name) -%}
    {#- Source adapters chosen (var support_sources): their rows, in the same raw shape. -#}
    {%- if chosen_support_sources() -%}
        {{ return(ref('base_adapters__' ~ table_name)) }}
    {%- endif -%}
    {%- if var('raw_source') == 'warehouse' -%}
        {{ return(raw_input_table(warehouse_relation, table_name)) }}
    {%- endif -%}
    {%- set empty_frame = raw_input_empty_frame(table_name) -%}
    {%- if not execute -%}
        {{ return('(' ~ empty_frame ~ ')') }}
    {%- endif -%}
    {{ return('(' ~ empty_frame ~ ' union all by name select * from ' ~ raw_input_file(table_name).reader ~ ')') }}
{% endmacro %}


{% macro raw_input_table(relation, table_name) %}
    {#- A warehouse input: the table with its columns, and the contract's optional columns it
        lacks added empty; a missing required column stops the build naming it. -#}
    {%- if not execute -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for column_name, is_required in raw_input_columns(table_name).items() if column_name not in present -%}
        {%- if is_required -%}
            {{ exceptions.raise_compiler_error(
                "Input " ~ relation ~ " lacks required column '" ~ column_name
                ~ "' (has: " ~ present | join(', ') ~ ")"
            ) }}
        {%- endif -%}
        {%- do missing.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column_name) -%}
    {%- endfor -%}
    {%- if not missing -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return('(select *, ' ~ missing | join(', ') ~ ' from ' ~ relation ~ ')') }}
{% endmacro %}


{% macro raw_input_empty_frame(table_name) %}
    {#- No rows, every contract column as text: the shape every raw input is padded to. -#}
    select
    {%- for column_name in raw_input_columns(table_name) %}
        cast(null as {{ dbt.type_string() }}) as {{ column_name }}{{ ',' if not loop.last }}
    {%- endfor %}
    where false
{% endmacro %}


{% macro raw_input_unreadable_lines(table_name) %}
    {#-
        The lines of a CSV input that cannot be read as a row (invalid UTF-8, an unterminated
        quote, too many or too few fields), as a subquery: line_number, line_text, error.
        DuckDB skips them when reading; its reject tables keep them, so they are listed here
        instead of disappearing. Parquet and warehouse inputs have none.
    -#}
    {%- set empty_lines -%}
        select
            cast(null as {{ dbt.type_bigint() }}) as line_number,
            cast(null as {{ dbt.type_string() }}) as line_text,
            cast(null as {{ dbt.type_string() }}) as error
        where false
    {%- endset -%}
    {%- if var('raw_source') == 'warehouse' or chosen_support_sources() or not execute -%}
        {{ return('(' ~ empty_lines ~ ')') }}
    {%- endif -%}
    {%- set file = raw_input_file(table_name) -%}
    {%- if file.is_parquet -%}
        {{ return('(' ~ empty_lines ~ ')') }}
    {%- endif -%}
    {#- Every column is hashed so that every value is decoded (and checked) in this scan. -#}
    {%- set rejects_table = 'unreadable_' ~ table_name ~ '_lines' -%}
    {%- do run_query(
        'drop table if exists temp.main.' ~ rejects_table ~ '; drop table if exists temp.main.'
        ~ rejects_table ~ '_scans; select max(hash(' ~ file.columns | map('tojson') | join(', ')
        ~ ')) from read_csv(' ~ file.csv_arguments ~ ", store_rejects = true, rejects_table = '" ~ rejects_table
        ~ "', rejects_scan = '" ~ rejects_table ~ "_scans')"
    ) -%}
    {%- set lines -%}
        select
            line as line_number,
            min(csv_line) as line_text,
            string_agg(distinct error_type, ', ') as error
        from temp.main.{{ rejects_table }}
        group by line
    {%- endset -%}
    {{ return('(' ~ lines ~ ')') }}
{% endmacro %}


{% macro optional_raw_input(table_name) %}
    {#-
        Like raw_input, for an optional input (conversation_reviews): when it is absent (no
        DIR/<table_name>.* file, or no such warehouse table) it is the empty frame, every
        contract column as text, and the build goes on without it. With source adapters
        chosen, the rows of those that feed it (none feeding it: no rows).
    -#}
    {%- if chosen_support_sources() -%}
        {{ return(ref('base_adapters__' ~ table_name)) }}
    {%- endif -%}
    {%- set empty_frame = raw_input_empty_frame(table_name) -%}
    {%- if not execute -%}
        {{ return('(' ~ empty_frame ~ ')') }}
    {%- endif -%}
    {%- if var('raw_source') == 'warehouse' -%}
        {%- set warehouse_relation = source('support', table_name) -%}
        {%- set found = adapter.get_relation(
            database=warehouse_relation.database, schema=warehouse_relation.schema,
            identifier=warehouse_relation.identifier,
        ) -%}
        {{ return(raw_input_table(warehouse_relation, table_name) if found else '(' ~ empty_frame ~ ')') }}
    {%- endif -%}
    {%- do assert_files_readable() -%}
    {%- set data_dir = ((var('raw_data_path') or var('demo_data_path')) | string).rstrip('/').replace("'", "''") -%}
    {%- set found = run_query(
        "select count(*) from glob('" ~ data_dir ~ "/" ~ table_name ~ ".*')"
        ~ " where lower(file) like '%.parquet' or lower(file) like '%.csv'"
    ).columns[0].values()[0] -%}
    {%- if found == 0 -%}
        {{ return('(' ~ empty_frame ~ ')') }}
    {%- endif -%}
    {{ return(raw_input(table_name)) }}
{% endmacro %}
