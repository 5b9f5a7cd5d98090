{#-
    A log of the tickets whose own data arrived: one row per ticket and run that delivered a
    version of the ticket or a copy of one of its turns (every ticket a copy names, so a turn
    that moves to another ticket touches both). A full build lists every ticket.
    The per-ticket models that read only a ticket's own data recompute these.
-#}
{{ config(materialized=daily_run_materialization(), incremental_strategy='append') }}

with

ticket_versions as (
    select * from {{ ref('base_support__tickets_validated') }} {{ where_loaded_since_last_run() }}
),

turn_copies as (
    select * from {{ ref('base_support__conversation_turns_validated') }} {{ where_loaded_since_last_run() }}
),

touched as (
    select ticket_id from ticket_versions
    union
    select ticket_id from turn_copies
),

final as (
    select
        ticket_id,
        {{ batch_loaded_at() }} as loaded_at
    from touched
    where ticket_id is not null
)

select * from final
