{#-
    Daily incremental runs (see "Daily runs" in the README and docs/incremental_design.md).
    A daily run reads a delivery: only the rows that arrived since the last run. Validated
    staging merges them per key with what is stored and stamps every row it (re)writes with
    this run's loaded_at; the ticket scopes (int_tickets_touched_by_delivery,
    int_tickets_affected_by_delivery) name the tickets whose facts must be recomputed, and
    each incremental model recomputes exactly those.
-#}

{% macro batch_loaded_at() %}
    {#- This run's load instant (UTC, microseconds): the loaded_at of every row it writes. -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{% endmacro %}


{% macro where_ticket_in_scope(scope_models, column_name='ticket_id') %}
    {#- In an incremental run, a filter keeping the rows of the tickets that the scope
        model(s) listed since this model last ran; nothing in a full build. ref() is called
        either way so that dbt sees the dependency. -#}
    {%- set scope_models = [scope_models] if scope_models is string else scope_models -%}
    {%- for scope_model in scope_models -%}
        {%- do ref(scope_model) -%}
    {%- endfor -%}
    {%- if is_incremental() -%}
        where
        {%- for scope_model in scope_models %}
            {{ 'or ' if not loop.first }}{{ column_name }} in ({{ tickets_in_scope_since_last_run(scope_model) }})
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}


{% macro tickets_in_scope_since_last_run(scope_model) %}
    {#- The tickets a scope model (a log: ticket_id, loaded_at) listed after the latest
        loaded_at of the model being built. Comparing with the model's own rows, not with
        this run, means a run that failed half-way is caught up by the next one. -#}
    select scope.ticket_id
    from {{ ref(scope_model) }} as scope
    where scope.loaded_at > {{ last_loaded_at() }}
{% endmacro %}


{% macro get_incremental_replace_ticket_scope_sql(arg_dict) %}
    {#-
        Incremental strategy for per-turn models: every stored row of a ticket in the
        model's config ticket_scope is deleted, then the model's rows (all the current rows
        of those tickets) are inserted. Unlike delete+insert by key, a row that no longer
        exists (a turn that moved to another ticket or left the kept turns) goes too.
    -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where ticket_id in ({{ tickets_in_scope_since_last_run(config.require('ticket_scope')) }});

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{% endmacro %}


{% macro get_where_subquery(relation) %}
    {#-
        dbt's own where config, plus: data tests on a model whose meta names a
        latest_batch_column test only the rows of the latest batch. A full build writes
        every row in one batch, so it tests everything; a daily run tests what it wrote,
        at a day's cost.
    -#}
    {%- set where = config.get('where') -%}
    {%- set tested = namespace(batch_column=none) -%}
    {%- for node_id in model.depends_on.nodes if node_id in graph.nodes -%}
        {%- if graph.nodes[node_id].name == relation.identifier -%}
            {%- set tested.batch_column = graph.nodes[node_id].config.meta.get('latest_batch_column') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set batch_column = tested.batch_column -%}
    {%- set conditions = [] -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- if batch_column -%}
        {%- do conditions.append(batch_column ~ ' = (select max(' ~ batch_column ~ ') from ' ~ relation ~ ')') -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') as dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{% endmacro %}


{% macro delivered_and_stored_rows(key_column, stored_columns) %}
    {#-
        The CTE `candidates` of a validated staging model: its `delivered` rows and, in an
        incremental run, the stored rows of the same keys (stored_columns: expressions over
        the stored table giving delivered's columns in the same order), which the model then
        ranks together. A delivered row identical to a stored row of its key (same
        raw_row_hash) was loaded before and is skipped, so a re-sent delivery changes nothing.
    -#}
    {%- if is_incremental() %}
    stored as (
        select
            {{ stored_columns | join(',\n            ') }}
        from {{ this }}
        where {{ key_column }} in (select delivered.{{ key_column }} from delivered)
    ),

    candidates as (
        select * from stored
        union all
        select * from delivered
        where not exists (
            select 1 from stored
            where
                stored.{{ key_column }} = delivered.{{ key_column }}
                and stored.raw_row_hash = delivered.raw_row_hash
        )
    ),
    {%- else %}
    candidates as (select * from delivered),
    {%- endif %}
{% endmacro %}


{% macro columns_as_json(column_names) %}
    {{ return(adapter.dispatch('columns_as_json')(column_names)) }}
{% endmacro %}

{% macro default__columns_as_json(column_names) %}
    {#- A JSON object text of the named columns (typed values, for display), keyed by
        column name without its table qualifier. -#}
    cast(json_object(
        {%- for column_name in column_names %}
        '{{ column_name.split('.')[-1] }}', {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{% endmacro %}

{% macro snowflake__columns_as_json(column_names) %}
    to_json(object_construct_keep_null(
        {%- for column_name in column_names %}
        '{{ column_name.split('.')[-1] }}', {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
{% endmacro %}


{% macro where_loaded_since_last_run() %}
    {#- In an incremental run, a filter keeping the rows loaded after this model last ran
        (every row when it has none yet). -#}
    {%- if is_incremental() -%}
        where loaded_at > {{ last_loaded_at() }}
    {%- endif -%}
{% endmacro %}


{% macro last_loaded_at() %}
    {#- The latest loaded_at among the rows of the model being built (long ago when it has none). -#}
    (
        select coalesce(max(stored.loaded_at), {{ dbt.cast("'1900-01-01'", dbt.type_timestamp()) }})
        from {{ this }} as stored
    )
{% endmacro %}


{% macro hash_of_columns(relation, table_alias, except_columns=[], also=[]) %}
    {#- An integer hash of the values of every column of relation (as table_alias) but
        except_columns, and of the expressions in also: rows with equal values hash equal,
        whatever their load time. -#}
    {%- set expressions = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) if column.name not in except_columns -%}
            {%- do expressions.append(table_alias ~ '.' ~ adapter.quote(column.name)) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do expressions.append(table_alias ~ '.*') -%}
    {%- endif -%}
    {{ return(hash_of_values(expressions + also)) }}
{% endmacro %}


{% macro hash_of_values(expressions) %}
    {{ return(adapter.dispatch('hash_of_values')(expressions)) }}
{% endmacro %}

{% macro default__hash_of_values(expressions) %}
    hash({{ expressions | join(', ') }})
{% endmacro %}

{% macro bigquery__hash_of_values(expressions) %}
    farm_fingerprint(to_json_string(struct({{ expressions | join(', ') }})))
{% endmacro %}
