-- One row per Segment track call, as a raw events row (text columns).
{{ tracks_as_events('segment') }}
