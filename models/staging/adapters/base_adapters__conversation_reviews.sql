-- The raw conversation_reviews input from the chosen source adapters (var support_sources), in the
-- shape of the contract-format input: staging validates and ranks it the same way. No adapter
-- feeding it: no rows.
{{ support_source_union('conversation_reviews') }}
