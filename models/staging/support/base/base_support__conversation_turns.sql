-- The raw conversation turns input as delivered (from files, every column as text).
-- Columns pass through as they come: staging picks and casts the contract's.
select * from {{ raw_input('conversation_turns') }}  -- noqa: AM04
