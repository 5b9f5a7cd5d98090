-- One row per version of an Intercom conversation, as a raw tickets row (text columns).
-- Every version is kept: staging keeps the latest (updated_at), as for any tickets input.
{%- set conversation_history = support_source_table('intercom', 'conversation_history') %}

with

conversations as (select * from {{ conversation_history }}),

conversation_contacts as (select * from {{ support_source_table('intercom', 'conversation_contact_history') }}),

contacts as (select * from {{ support_source_table('intercom', 'contact_history') }}),

parts as (select * from {{ support_source_table('intercom', 'conversation_part_history') }}),

contact_versions as (
    select
        id as contact_id,
        {{ var('intercom_customer_id_column') }} as customer_key,
        row_number() over (partition by id order by updated_at desc) as version_rank
    from contacts
),

latest_contacts as (
    select
        contact_id,
        customer_key
    from contact_versions
    where version_rank = 1
),

conversation_contact_versions as (
    select
        conversation_id,
        contact_id,
        rank() over (partition by conversation_id order by conversation_updated_at desc) as version_rank
    from conversation_contacts
),

-- A conversation's customer: the contact of its latest version (the first, if several).
conversation_customers as (
    select
        conversation_contact_versions.conversation_id,
        min(
            coalesce(
                cast(latest_contacts.customer_key as {{ dbt.type_string() }}),
                cast(conversation_contact_versions.contact_id as {{ dbt.type_string() }})
            )
        ) as customer_id
    from conversation_contact_versions
    left join latest_contacts
        on conversation_contact_versions.contact_id = latest_contacts.contact_id
    where conversation_contact_versions.version_rank = 1
    group by conversation_contact_versions.conversation_id
),

-- Intercom has no closing time on the conversation: its last `close` part is it.
close_times as (
    select
        conversation_id,
        max(created_at) as last_closed_at
    from parts
    where part_type = 'close'
    group by conversation_id
),

final as (
    select
        cast(conversations.id as {{ dbt.type_string() }}) as ticket_id,
        conversation_customers.customer_id,
        {{ timestamp_as_text('conversations.created_at') }} as created_at,
        case
            when conversations.state = 'closed'
                then {{ timestamp_as_text('coalesce(close_times.last_closed_at, conversations.updated_at)') }}
        end as closed_at,
        case conversations.source_type
            {%- for source_type, channel in var('intercom_channel_map').items() %}
            when '{{ source_type }}' then '{{ channel }}'
            {%- endfor %}
            else cast(conversations.source_type as {{ dbt.type_string() }})
        end as channel,
        {%- if var('intercom_intent_column') %}
        cast(conversations.{{ var('intercom_intent_column') }} as {{ dbt.type_string() }}) as intent,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as intent,
        {%- endif %}
        cast(conversations.conversation_rating_value as {{ dbt.type_string() }}) as csat_score,
        {{ timestamp_as_text('conversations.updated_at') }} as updated_at,
        cast(
            {{ optional_column(conversation_history, 'ai_agent_resolution_state', 'conversations') }} as {{ dbt.type_string() }}
        ) as vendor_resolution_state,
        'intercom' as source_relation
    from conversations
    left join conversation_customers on conversations.id = conversation_customers.conversation_id
    left join close_times on conversations.id = close_times.conversation_id
)

select * from final
