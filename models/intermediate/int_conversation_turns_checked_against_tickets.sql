{#-
    Every staged turn, checked against the tickets: a turn of a ticket that is not in the
    data, of a ticket that was rejected, or sent more than var turn_clock_skew_minutes
    before its ticket was created is rejected (rejection_reason not null).
-#}
{{ per_ticket_config(daily_run_scope='touched') }}

with

turns as (select * from {{ ref('stg_support__conversation_turns') }}),

tickets as (select * from {{ ref('stg_support__tickets') }}),

validated_tickets as (select * from {{ ref('base_support__tickets_validated') }}),

rejected_ticket_ids as (
    select distinct ticket_id
    from validated_tickets
    where rejection_reason is not null and ticket_id is not null
),

final as (
    select
        turns.turn_id,
        turns.ticket_id,
        turns.author_role,
        turns.turn_type,
        turns.body,
        turns.feedback,
        turns.tool_name,
        turns.is_tool_error,
        case
            when tickets.ticket_id is null and rejected_ticket_ids.ticket_id is not null
                then 'ticket_rejected'
            when tickets.ticket_id is null then 'unknown_ticket'
            when
                turns.sent_at
                < {{ dbt.dateadd('minute', -var('turn_clock_skew_minutes'), 'tickets.created_at') }}
                then 'sent_before_ticket'
        end as rejection_reason,
        turns.ai_confidence,
        turns.sent_at,
        {{ batch_loaded_at() }} as loaded_at
    from turns
    left join tickets on turns.ticket_id = tickets.ticket_id
    left join rejected_ticket_ids on turns.ticket_id = rejected_ticket_ids.ticket_id
)

select * from final
