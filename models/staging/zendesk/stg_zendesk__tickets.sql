-- One row per Zendesk ticket, as a raw tickets row (text columns). Deleted tickets and
-- tickets merged into another are left out (the surviving ticket carries the conversation).
with

tickets as (select * from {{ support_source_table('zendesk', 'ticket') }}),

users as (select * from {{ support_source_table('zendesk', 'user') }}),

field_changes as (select * from {{ support_source_table('zendesk', 'ticket_field_history') }}),

-- merged_ticket_ids lists, as text ("[123, 456]"), the tickets merged into this one.
merged_ids as (
    select
        {{ dbt.concat([
            "','",
            "replace(replace(replace(cast(merged_ticket_ids as " ~ dbt.type_string() ~ "), '[', ''), ']', ''), ' ', '')",
            "','",
        ]) }} as merged_id_list
    from tickets
    where merged_ticket_ids is not null
),

kept_tickets as (
    select tickets.*
    from tickets
    where
        not coalesce(tickets._fivetran_deleted, false)
        and coalesce(tickets.status, '') <> 'deleted'
        and not exists (
            select 1 from merged_ids
            where {{ dbt.position(dbt.concat(["','", "cast(tickets.id as " ~ dbt.type_string() ~ ")", "','"]), 'merged_ids.merged_id_list') }} > 0
        )
),

status_changes as (
    select
        ticket_id,
        max(case when value = 'solved' then updated end) as last_solved_at,
        max(case when value = 'closed' then updated end) as last_closed_at
    from field_changes
    where field_name = 'status'
    group by ticket_id
),

satisfaction_versions as (
    select
        ticket_id,
        value,
        row_number() over (partition by ticket_id order by updated desc) as version_rank
    from field_changes
    where field_name = 'satisfaction_score'
),

satisfaction as (
    select
        ticket_id,
        case value
            {%- for rating, score in var('zendesk_satisfaction_score_map').items() %}
            when '{{ rating }}' then '{{ score }}'
            {%- endfor %}
        end as csat_score
    from satisfaction_versions
    where version_rank = 1
),

{%- if var('zendesk_intent_tag_prefix') %}
{%- set prefix = var('zendesk_intent_tag_prefix') %}

ticket_tags as (select * from {{ support_source_table('zendesk', 'ticket_tag') }}),

-- The rest of the first tag (alphabetically) that starts with the prefix.
intents as (
    select
        ticket_id,
        min({{ dbt.right('tag', dbt.length('tag') ~ ' - ' ~ prefix | length) }}) as intent
    from ticket_tags
    where {{ dbt.position("'" ~ prefix ~ "'", 'tag') }} = 1 and {{ dbt.length('tag') }} > {{ prefix | length }}
    group by ticket_id
),
{%- elif var('zendesk_intent_field') %}

intent_versions as (
    select
        ticket_id,
        value as intent,
        row_number() over (partition by ticket_id order by updated desc) as version_rank
    from field_changes
    where field_name = '{{ var("zendesk_intent_field") }}'
),

intents as (
    select
        ticket_id,
        intent
    from intent_versions
    where version_rank = 1
),
{%- else %}

-- No intent source configured: every ticket is unlabeled.
intents as (
    select
        ticket_id,
        cast(null as {{ dbt.type_string() }}) as intent
    from field_changes
    where false
),
{%- endif %}

final as (
    select
        cast(kept_tickets.id as {{ dbt.type_string() }}) as ticket_id,
        coalesce(
            cast(users.{{ var('zendesk_customer_id_column') }} as {{ dbt.type_string() }}),
            cast(kept_tickets.requester_id as {{ dbt.type_string() }})
        ) as customer_id,
        {{ timestamp_as_text('kept_tickets.created_at') }} as created_at,
        case
            when kept_tickets.status in ('solved', 'closed')
                then {{ timestamp_as_text(
                    'coalesce(status_changes.last_solved_at, status_changes.last_closed_at, kept_tickets.updated_at)'
                ) }}
        end as closed_at,
        case kept_tickets.via_channel
            {%- for via_channel, channel in var('zendesk_channel_map').items() %}
            when '{{ via_channel }}' then '{{ channel }}'
            {%- endfor %}
            else cast(kept_tickets.via_channel as {{ dbt.type_string() }})
        end as channel,
        cast(intents.intent as {{ dbt.type_string() }}) as intent,
        satisfaction.csat_score,
        {{ timestamp_as_text('kept_tickets.updated_at') }} as updated_at,
        cast(null as {{ dbt.type_string() }}) as vendor_resolution_state,
        'zendesk' as source_relation
    from kept_tickets
    left join users on kept_tickets.requester_id = users.id
    left join status_changes on kept_tickets.id = status_changes.ticket_id
    left join satisfaction on kept_tickets.id = satisfaction.ticket_id
    left join intents on kept_tickets.id = intents.ticket_id
)

select * from final
