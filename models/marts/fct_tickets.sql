with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

recontacts as (select * from {{ ref('int_tickets_linked_to_recontacts') }}),

actions as (select * from {{ ref('int_tickets_attributed_to_actions') }}),

reexplain_checks as (select * from {{ ref('int_tickets_checked_for_reexplain') }}),

trajectories as (select * from {{ ref('int_ticket_trajectory_features') }}),

confidence_scores as (select * from {{ ref('int_tickets_scored_for_confidence') }}),

outcomes as (select * from {{ ref('int_tickets_labelled_with_outcomes') }}),

final as (
    select
        tickets.ticket_id,
        {{ customer_id_for_marts("tickets.customer_id") }} as customer_id,
        recontacts.recontact_ticket_id,
        tickets.intent,
        tickets.channel,
        trajectories.resolution_state,
        confidence_scores.scoring_method as confidence_scoring_method,
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
        cast(confidence_scores.resolution_confidence as {{ type_double() }}) as resolution_confidence,
        tickets.is_escalated,
        not tickets.is_escalated as is_contained,
        tickets.is_closed,
        recontacts.is_recontacted,
        recontacts.is_recontact_window_complete,
        not tickets.is_escalated and not recontacts.is_recontacted as is_ai_resolved,
        actions.is_downstream_eligible,
        actions.is_downstream_actioned,
        reexplain_checks.is_reexplain_asked,
        outcomes.is_observed_resolved,
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
    inner join trajectories on tickets.ticket_id = trajectories.ticket_id
    inner join confidence_scores on tickets.ticket_id = confidence_scores.ticket_id
    inner join outcomes on tickets.ticket_id = outcomes.ticket_id
)

select * from final
