-- One row per RudderStack track call, as a raw events row (text columns).
{{ tracks_as_events('rudderstack') }}
