{#-
    Which tickets a daily run recomputes (docs/daily_runs.md). A per-ticket model states it in
    its config, `daily_run_scope`:
    - 'touched': the tickets with a delivered version or turn copy (the model reads only a
      ticket's own rows);
    - 'affected': those and the tickets whose facts a delivery can change through other
      tickets or events (re-contact and downstream-action windows, watermark moves).
    In a daily run, the model's inputs that document a ticket_id are read for the tickets of
    its scope only (ref() below), and the model's stored rows of those tickets are replaced by its
    new rows of those tickets (incremental strategy tickets_in_scope). A full build reads and
    writes everything. The business SQL itself holds no scope logic.
-#}

{% macro per_ticket_config(daily_run_scope) %}
    {#- The config of an incremental per-ticket (or per-turn) SQL model: daily_run_scope,
        the strategy that applies it, and the dependency on the scope's log, so that the log is
        written before the model reads it. Any other config (kwargs) passes through. -#}
    {%- do ref(daily_run_scope_log(daily_run_scope)) -%}
    {%- do config(
        materialized=daily_run_materialization(),
        incremental_strategy='tickets_in_scope',
        daily_run_scope=daily_run_scope,
        **kwargs
    ) -%}
{% endmacro %}


{% macro daily_run_scope_log(daily_run_scope) %}
    {#- The log model (ticket_id, loaded_at: one row per ticket and run) of a scope name. -#}
    {%- set logs = {
        'touched': 'int_tickets_touched_by_delivery',
        'affected': 'int_tickets_affected_by_delivery',
    } -%}
    {%- if daily_run_scope not in logs -%}
        {%- do exceptions.raise_compiler_error(
            model.name ~ ": daily_run_scope must be one of " ~ logs.keys() | list
            ~ ", not " ~ daily_run_scope ~ " (see docs/daily_runs.md)"
        ) -%}
    {%- endif -%}
    {{ return(logs[daily_run_scope]) }}
{% endmacro %}


{% macro ref() %}
    {#- dbt's ref, and in a daily run of a model with a daily_run_scope, its inputs read for the
        tickets of that scope (daily_run_input). Every other ref is dbt's own. -#}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if execute and daily_run_config('daily_run_scope') and is_incremental() -%}
        {{ return(daily_run_input(varargs[-1], relation)) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}


{% macro daily_run_input(input_name, relation) %}
    {#-
        One input of a per-ticket model in a daily run, by the model's config:
        - listed in daily_run_inputs_read_whole: every row (the model needs other tickets'
          rows, e.g. the channel of a ticket's re-contact);
        - listed in daily_run_inputs_by_customer: the rows of the scope's customers (the
          model compares a ticket with its customer's other tickets or events);
        - otherwise, when the input's YAML documents a ticket_id column: the rows of the
          scope's tickets;
        - otherwise (seeds, the watermark, the fitted models): every row.
        One line: a Python model reads it inside a string.
    -#}
    {%- set node = graph.nodes.values() | selectattr('name', 'equalto', input_name) | first -%}
    {%- if input_name in daily_run_config('daily_run_inputs_read_whole', []) -%}
        {{ return(relation) }}
    {%- elif input_name in daily_run_config('daily_run_inputs_by_customer', []) -%}
        {%- set tickets = model_relation('int_tickets_rolled_up') -%}
        {{ return(
            '(select * from ' ~ relation ~ ' as daily_run_input where daily_run_input.customer_id in'
            ~ ' (select scope_tickets.customer_id from ' ~ tickets ~ ' as scope_tickets where '
            ~ is_ticket_in_daily_run_scope('scope_tickets.ticket_id') ~ '))'
        ) }}
    {%- elif node is defined and 'ticket_id' in node.columns -%}
        {{ return(
            '(select * from ' ~ relation ~ ' as daily_run_input where '
            ~ is_ticket_in_daily_run_scope('daily_run_input.ticket_id') ~ ')'
        ) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}


{% macro is_ticket_in_daily_run_scope(ticket_id_column, stored_until=none) %}
    {#- True for a ticket that the model's scope log listed after the model's latest stored
        loaded_at (stored_until; comparing with the model's own rows, not with this run, lets a
        run that failed half-way be caught up by the next one); for a ticket whose row in a
        model of the config daily_run_recompute_tickets_changed_in ({model: its column of the
        instant the ticket's value last changed}) changed since (a refit of the intent models
        moves some tickets to another intent); for every ticket when one of the models in the
        config daily_run_recompute_all_when_changed was rewritten since (a refit of the
        confidence models changes every score). One line. -#}
    {%- set stored_until = stored_until or last_loaded_at() | replace('\n', ' ') -%}
    {%- set log = model_relation(daily_run_scope_log(daily_run_config('daily_run_scope'))) -%}
    {%- set scope = namespace(condition=ticket_id_column ~ ' in (select scope_log.ticket_id from ' ~ log
        ~ ' as scope_log where scope_log.loaded_at > ' ~ stored_until ~ ')') -%}
    {%- for changed_model, changed_at in daily_run_config('daily_run_recompute_tickets_changed_in', {}).items() -%}
        {%- set scope.condition = scope.condition ~ ' or ' ~ ticket_id_column ~ ' in (select changed.ticket_id from '
            ~ model_relation(changed_model) ~ ' as changed where changed.' ~ changed_at ~ ' > ' ~ stored_until ~ ')' -%}
    {%- endfor -%}
    {%- for changed_model in daily_run_config('daily_run_recompute_all_when_changed', []) -%}
        {%- set scope.condition = scope.condition ~ ' or (select max(changed.loaded_at) from '
            ~ model_relation(changed_model) ~ ' as changed) > ' ~ stored_until -%}
    {%- endfor -%}
    {{ return('(' ~ scope.condition ~ ')') }}
{% endmacro %}


{% macro daily_run_config(name, default=none) %}
    {#- A config value of the model being built. A unit test tests the model's rule, so it
        reads every input row it is given (dbt gives unit tests neither the model's config nor
        the graph); the daily-run reading is tested by tests/python/test_incremental_equality.py. -#}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return(default) }}
    {%- endif -%}
    {{ return(config.get(name, default)) }}
{% endmacro %}


{% macro model_relation(model_name) %}
    {#- The relation of a model: dbt's ref when the model being built depends on it directly
        (unit tests give it as an input), otherwise from the graph; the scope check
        (tests/python/test_daily_run_scopes.py) makes sure that it is upstream. -#}
    {%- set node = graph.nodes.values() | selectattr('name', 'equalto', model_name) | first -%}
    {%- if node.unique_id in model.depends_on.nodes -%}
        {{ return(builtins.ref(model_name)) }}
    {%- endif -%}
    {{ return(node.relation_name) }}
{% endmacro %}


{% macro get_incremental_tickets_in_scope_sql(arg_dict) %}
    {#-
        Incremental strategy of the per-ticket and per-turn models: every stored row of a
        ticket in the model's daily_run_scope is deleted, then the model's new rows of those
        tickets inserted. Unlike delete+insert by key, a row that no longer exists (a turn that
        moved to another ticket) goes too, and rows of other tickets that the model computed
        for context (a customer's other tickets) are not written.
    -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {#- Read before the delete, which can lower it. -#}
    {%- set stored_until = run_query(
        'select coalesce(max(loaded_at), ' ~ dbt.cast("'1900-01-01'", dbt.type_timestamp())
        ~ ') from ' ~ target
    ).columns[0].values()[0] -%}
    {%- set stored_until = dbt.cast("'" ~ stored_until ~ "'", dbt.type_timestamp()) | trim -%}
    delete from {{ target }}
    where {{ is_ticket_in_daily_run_scope('ticket_id', stored_until) }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
    where {{ is_ticket_in_daily_run_scope('ticket_id', stored_until) }}
{% endmacro %}
