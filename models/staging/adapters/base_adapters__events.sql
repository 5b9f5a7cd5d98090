-- The raw events input from the chosen source adapters (var support_sources), in the shape
-- of the contract-format input: staging validates, rejects and redacts it the same way.
{{ support_source_union('events') }}
