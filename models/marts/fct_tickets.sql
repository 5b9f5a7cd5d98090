with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

recontacts as (select * from {{ ref('int_tickets_linked_to_recontacts') }}),

actions as (select * from {{ ref('int_tickets_attributed_to_actions') }}),

reexplain_checks as (select * from {{ ref('int_tickets_checked_for_reexplain') }}),

handoff_timings as (select * from {{ ref('int_tickets_timed_to_handoff') }}),

channel_switches as (select * from {{ ref('int_tickets_checked_for_channel_switch') }}),

final as (
    select
        tickets.ticket_id,
        tickets.customer_id,
        recontacts.recontact_ticket_id,
        tickets.intent,
        tickets.channel,
        channel_switches.recontact_channel,
        cast(tickets.csat_score as {{ dbt.type_int() }}) as csat_score,
        cast(tickets.turns as {{ dbt.type_int() }}) as turns,
        cast(tickets.customer_turns as {{ dbt.type_int() }}) as customer_turns,
        cast(tickets.ai_agent_turns as {{ dbt.type_int() }}) as ai_agent_turns,
        cast(tickets.human_agent_turns as {{ dbt.type_int() }}) as human_agent_turns,
        cast(
            case when tickets.is_closed then {{ hours_between('tickets.created_at', 'tickets.ended_at') }} end
            as {{ type_double() }}
        ) as resolution_hours,
        cast(recontacts.hours_to_recontact as {{ type_double() }}) as hours_to_recontact,
        cast(handoff_timings.ai_turns_before_handoff as {{ dbt.type_int() }}) as ai_turns_before_handoff,
        cast(handoff_timings.minutes_to_handoff as {{ type_double() }}) as minutes_to_handoff,
        cast(handoff_timings.human_handling_hours as {{ type_double() }}) as human_handling_hours,
        tickets.is_escalated,
        not tickets.is_escalated as is_contained,
        tickets.is_closed,
        recontacts.is_recontacted,
        recontacts.is_recontact_window_complete,
        not tickets.is_escalated and not recontacts.is_recontacted as is_ai_resolved,
        actions.is_downstream_eligible,
        actions.is_downstream_actioned,
        reexplain_checks.is_reexplain_asked,
        handoff_timings.is_handed_off_by_ai,
        handoff_timings.is_human_from_start,
        channel_switches.is_channel_switched,
        tickets.created_at,
        tickets.closed_at,
        tickets.ended_at,
        tickets.escalated_at,
        recontacts.recontact_window_ends_at,
        actions.first_action_at,
        cast(tickets.week_start as date) as week_start
    from tickets
    inner join recontacts on tickets.ticket_id = recontacts.ticket_id
    inner join actions on tickets.ticket_id = actions.ticket_id
    inner join reexplain_checks on tickets.ticket_id = reexplain_checks.ticket_id
    inner join handoff_timings on tickets.ticket_id = handoff_timings.ticket_id
    inner join channel_switches on tickets.ticket_id = channel_switches.ticket_id
)

select * from final
