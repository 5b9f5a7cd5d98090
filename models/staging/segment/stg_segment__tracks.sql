-- One row per Segment track call, as a raw events row (text columns). Event properties live
-- in per-event tables, not in tracks: properties stays empty.
{{ product_events_as_raw_events(
    'segment', 'tracks',
    event_id='id', customer_id='user_id', event_name='event', occurred_at='timestamp',
) }}
