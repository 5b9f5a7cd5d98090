-- Every clean ticket (stg_support__tickets: validated, latest version) is in fct_tickets
-- exactly once, and fct_tickets holds no other ticket. fct_tickets inner-joins a dozen
-- per-ticket models: a ticket missing from any of them, or repeated in one, would otherwise
-- silently leave or double the metrics. Fails with one row per ticket and its mart rows.
with

clean_tickets as (select ticket_id from {{ ref('stg_support__tickets') }}),

mart_rows as (
    select
        ticket_id,
        count(*) as mart_rows
    from {{ ref('fct_tickets') }}
    group by ticket_id
),

final as (
    select
        coalesce(clean_tickets.ticket_id, mart_rows.ticket_id) as ticket_id,
        clean_tickets.ticket_id is not null as is_clean_ticket,
        coalesce(mart_rows.mart_rows, 0) as mart_rows
    from clean_tickets
    full outer join mart_rows on clean_tickets.ticket_id = mart_rows.ticket_id
    where clean_tickets.ticket_id is null or coalesce(mart_rows.mart_rows, 0) <> 1
)

select * from final
