-- One row per Amplitude event, as a raw events row (text columns). An event without user_id
-- (a device not yet identified) has no customer and is rejected by staging.
with

events as (select * from {{ support_source_table('amplitude', 'events') }}),

final as (
    select
        cast(uuid as {{ dbt.type_string() }}) as event_id,
        cast(user_id as {{ dbt.type_string() }}) as customer_id,
        cast(event_type as {{ dbt.type_string() }}) as event_name,
        {{ timestamp_as_text('event_time') }} as occurred_at,
        cast(event_properties as {{ dbt.type_string() }}) as properties,
        'amplitude' as source_relation
    from events
)

select * from final
