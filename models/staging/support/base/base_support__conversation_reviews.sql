-- The optional conversation_reviews input as delivered (from files, every column as text);
-- no rows when it is absent.
select * from {{ optional_raw_input('conversation_reviews') }}  -- noqa: AM04
