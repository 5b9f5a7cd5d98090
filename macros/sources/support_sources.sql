{% macro support_source_adapters() %}
    {#- Each source adapter: the raw inputs it feeds and the staging model that feeds each.
        docs/sources.md describes every adapter's mapping. -#}
    {{ return({
        'zendesk': {
            'tickets': 'stg_zendesk__tickets',
            'conversation_turns': 'stg_zendesk__conversation_turns',
        },
        'intercom': {
            'tickets': 'stg_intercom__conversations',
            'conversation_turns': 'stg_intercom__conversation_parts',
        },
        'langfuse': {
            'tickets': 'stg_langfuse__sessions',
            'conversation_turns': 'stg_langfuse__observations',
            'conversation_reviews': 'stg_langfuse__scores',
        },
        'segment': {'events': 'stg_segment__tracks'},
        'rudderstack': {'events': 'stg_rudderstack__tracks'},
        'amplitude': {'events': 'stg_amplitude__events'},
    }) }}
{% endmacro %}


{% macro chosen_support_sources() %}
    {#- The adapters named in var support_sources (a list, empty = the contract-format
        inputs). An unknown name stops the build naming it and the known ones. -#}
    {%- set chosen = var('support_sources') or [] -%}
    {%- if chosen is string -%}
        {%- set chosen = [chosen] -%}
    {%- endif -%}
    {%- set known = support_source_adapters() -%}
    {%- for name in chosen -%}
        {%- if name not in known -%}
            {{ exceptions.raise_compiler_error(
                "Unknown source adapter '" ~ name ~ "' in var support_sources (known: "
                ~ known.keys() | sort | join(', ') ~ ")"
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(chosen) }}
{% endmacro %}


{% macro support_source_union(table_name) %}
    {#-
        The raw input `table_name` from the chosen adapters that feed it: every contract
        column as text, plus source_relation (the adapter's name) and, for tickets,
        vendor_resolution_state. With more than one adapter feeding the input, every id is
        prefixed with the adapter's name ('intercom:215') so ids stay unique per source;
        customer ids are not, so a customer is matched across sources by the configured key.
        No adapter feeding it: no rows, same columns (the input is absent).
    -#}
    {%- set ns = namespace(models=[], ticket_sources=0) -%}
    {%- for name in chosen_support_sources() -%}
        {%- set model_name = support_source_adapters()[name].get(table_name) -%}
        {%- if model_name -%}
            {%- do ns.models.append((name, model_name)) -%}
        {%- endif -%}
        {%- if 'tickets' in support_source_adapters()[name] -%}
            {%- set ns.ticket_sources = ns.ticket_sources + 1 -%}
        {%- endif -%}
    {%- endfor -%}
    {#- Reviews name tickets: their ids are prefixed when the tickets' are. -#}
    {%- set is_prefixed = (ns.ticket_sources if table_name == 'conversation_reviews' else ns.models | length) > 1 -%}
    {%- set id_columns = {
        'tickets': ['ticket_id'],
        'conversation_turns': ['turn_id', 'ticket_id'],
        'events': ['event_id'],
        'conversation_reviews': ['ticket_id'],
    }[table_name] -%}
    {%- set columns = raw_input_columns(table_name).keys() | list + support_source_extra_columns(table_name) -%}
    {%- for source_name, model_name in ns.models %}
    select
        {%- for column_name in columns %}
        {%- if column_name in id_columns and is_prefixed %}
        {{ dbt.concat(["'" ~ source_name ~ ":'", column_name]) }} as {{ column_name }}{{ ',' if not loop.last }}
        {%- else %}
        {{ column_name }}{{ ',' if not loop.last }}
        {%- endif %}
        {%- endfor %}
    from {{ ref(model_name) }}
    {{ 'union all' if not loop.last }}
    {%- else %}
    select
        {%- for column_name in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    where false
    {%- endfor %}
{% endmacro %}


{% macro support_source_extra_columns(table_name) %}
    {#- Columns an adapter gives beyond the contract's: where each row comes from, and the
        vendor's own verdict on the conversation (tickets only). -#}
    {{ return(['vendor_resolution_state', 'source_relation'] if table_name == 'tickets' else ['source_relation']) }}
{% endmacro %}


{% macro support_source_table(source_name, table_name) %}
    {#- The dbt source `source_name.table_name`; a table missing in the warehouse stops the
        build naming it and the vars that point at it. -#}
    {%- set relation = source(source_name, table_name) -%}
    {%- if execute and adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
        {{ exceptions.raise_compiler_error(
            "Source table " ~ relation ~ " of the '" ~ source_name ~ "' adapter not found: sync '"
            ~ table_name ~ "' there, or point vars " ~ source_name ~ "_database / " ~ source_name
            ~ "_schema at where it is"
        ) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}


{% macro optional_column(relation, column_name, table_alias=none) %}
    {#- Column `column_name` of `relation` when it has it, else empty text: an optional
        column of an input (an extra column of a file, a vendor column only some accounts
        sync) read without requiring it, and a raw row without it stays as delivered. -#}
    {%- if execute and relation is not string -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- if column_name in present -%}
            {{ return((table_alias ~ '.' if table_alias else '') ~ column_name) }}
        {%- endif -%}
    {%- endif -%}
    {{ return('cast(null as ' ~ dbt.type_string() ~ ')') }}
{% endmacro %}


{% macro html_to_text(column_name) %}
    {#- Help desks store message bodies as HTML: tags become blanks, the common entities
        their characters, runs of blanks one blank. -#}
    {%- set ns = namespace(text=regexp_replace_all(column_name, '<[^>]*>', ' ')) -%}
    {%- for entity, character in [('&nbsp;', ' '), ('&lt;', '<'), ('&gt;', '>'), ('&quot;', '"'), ('&#39;', "''"), ('&amp;', '&')] -%}
        {%- set ns.text = "replace(" ~ ns.text ~ ", '" ~ entity ~ "', '" ~ character ~ "')" -%}
    {%- endfor %}
    trim({{ regexp_replace_all(ns.text, '\\s+', ' ') }})
{% endmacro %}


{% macro timestamp_as_text(column_name) %}
    {#- A vendor's timestamp as the raw inputs' text; staging parses it (an offset, if the
        column has one, converts to UTC there). -#}
    cast({{ column_name }} as {{ dbt.type_string() }})
{% endmacro %}


{% macro product_events_as_raw_events(source_name, table_name, event_id, customer_id, event_name, occurred_at, properties=none) %}
    {#- A product-analytics table with one row per event (Segment's and RudderStack's
        `tracks`, Amplitude's event export) as raw events rows, each argument naming the
        vendor's column for that raw column. Without `properties` they stay empty. An event
        without a customer (anonymous) is rejected by staging, listed in dq_rejected_rows. -#}
    with

    vendor_events as (select * from {{ support_source_table(source_name, table_name) }}),

    final as (
        select
            cast({{ event_id }} as {{ dbt.type_string() }}) as event_id,
            cast({{ customer_id }} as {{ dbt.type_string() }}) as customer_id,
            cast({{ event_name }} as {{ dbt.type_string() }}) as event_name,
            {{ timestamp_as_text(occurred_at) }} as occurred_at,
            cast({{ properties if properties else 'null' }} as {{ dbt.type_string() }}) as properties,
            '{{ source_name }}' as source_relation
        from vendor_events
    )

    select * from final
{% endmacro %}
