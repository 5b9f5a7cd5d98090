-- The raw tickets input as delivered (from files, every column as text).
select * from {{ raw_input('tickets') }}
