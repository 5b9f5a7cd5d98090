-- The raw conversation turns input as delivered (from files, every column as text).
select * from {{ raw_input('conversation_turns') }}
