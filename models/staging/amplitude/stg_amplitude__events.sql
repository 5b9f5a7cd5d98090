-- One row per Amplitude event, as a raw events row (text columns). An event without user_id
-- (a device not yet identified) has no customer and is rejected by staging.
{{ product_events_as_raw_events(
    'amplitude', 'events',
    event_id='uuid', customer_id='user_id', event_name='event_type', occurred_at='event_time',
    properties='event_properties',
) }}
