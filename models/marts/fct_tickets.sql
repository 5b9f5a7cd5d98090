{#-
    A daily run rewrites the tickets whose facts may have changed, and every ticket after a
    refit of the confidence models (which scores every ticket again).
-#}
{{ per_ticket_config(
    daily_run_scope='affected',
    daily_run_recompute_all_when_changed=['int_confidence_models_fitted'],
    on_schema_change='fail',
) }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

recontacts as (select * from {{ ref('int_tickets_linked_to_recontacts') }}),

actions as (select * from {{ ref('int_tickets_attributed_to_actions') }}),

reexplain_checks as (select * from {{ ref('int_tickets_checked_for_reexplain') }}),

trajectories as (select * from {{ ref('int_tickets_described_by_trajectory') }}),

confidence_scores as (select * from {{ ref('int_tickets_scored_for_confidence') }}),

outcomes as (select * from {{ ref('int_tickets_labelled_with_outcomes') }}),

handoff_timings as (select * from {{ ref('int_tickets_timed_to_handoff') }}),

channel_switches as (select * from {{ ref('int_tickets_checked_for_channel_switch') }}),

escalation_reasons as (select * from {{ ref('int_tickets_assigned_escalation_reasons') }}),

context_checks as (select * from {{ ref('int_tickets_checked_for_context_loss') }}),

efforts as (select * from {{ ref('int_tickets_measured_for_effort') }}),

relevance as (select * from {{ ref('int_tickets_rated_for_relevance') }}),

final as (
    select
        tickets.ticket_id,
        {{ customer_id_for_marts("tickets.customer_id") }} as customer_id,
        recontacts.recontact_ticket_id,
        tickets.intent,
        tickets.intent_source,
        tickets.labelled_intent,
        tickets.channel,
        tickets.source_relation,
        tickets.vendor_resolution_state,
        trajectories.resolution_state,
        confidence_scores.scoring_method as confidence_scoring_method,
        channel_switches.recontact_channel,
        escalation_reasons.escalation_reason,
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
        cast(handoff_timings.ai_turns_before_handoff as {{ dbt.type_int() }}) as ai_turns_before_handoff,
        cast(handoff_timings.minutes_to_handoff as {{ type_double() }}) as minutes_to_handoff,
        cast(handoff_timings.human_handling_hours as {{ type_double() }}) as human_handling_hours,
        cast(escalation_reasons.last_ai_confidence_before_handoff as {{ type_double() }})
            as last_ai_confidence_before_handoff,
        cast(escalation_reasons.failure_messages_before_handoff as {{ dbt.type_int() }})
            as failure_messages_before_handoff,
        cast(context_checks.repeat_similarity as {{ type_double() }}) as repeat_similarity,
        cast(efforts.customer_messages_before_useful_answer as {{ dbt.type_int() }})
            as customer_messages_before_useful_answer,
        cast(efforts.rephrase_messages as {{ dbt.type_int() }}) as rephrase_messages,
        cast(efforts.effort_score as {{ type_double() }}) as effort_score,
        cast(relevance.ai_answers as {{ dbt.type_int() }}) as ai_answers,
        cast(relevance.rated_ai_answers as {{ dbt.type_int() }}) as rated_ai_answers,
        cast(relevance.ai_answers_rated_up as {{ dbt.type_int() }}) as ai_answers_rated_up,
        cast(relevance.ai_answers_missed as {{ dbt.type_int() }}) as ai_answers_missed,
        tickets.is_escalated,
        not tickets.is_escalated as is_contained,
        tickets.is_closed,
        recontacts.is_recontacted,
        recontacts.is_recontact_window_complete,
        not tickets.is_escalated and not recontacts.is_recontacted as is_ai_resolved,
        actions.is_downstream_eligible,
        actions.is_downstream_actioned,
        actions.is_downstream_contradiction_checked,
        actions.is_downstream_contradicted,
        reexplain_checks.is_reexplain_asked,
        outcomes.is_observed_resolved,
        handoff_timings.is_handed_off_by_ai,
        handoff_timings.is_human_from_start,
        channel_switches.is_channel_switched,
        context_checks.is_customer_repeated,
        context_checks.is_context_lost,
        efforts.has_useful_answer,
        tickets.created_at,
        tickets.closed_at,
        tickets.ended_at,
        tickets.escalated_at,
        recontacts.recontact_window_ends_at,
        actions.first_action_at,
        actions.first_contradiction_at,
        cast(tickets.week_start as date) as week_start,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    inner join recontacts on tickets.ticket_id = recontacts.ticket_id
    inner join actions on tickets.ticket_id = actions.ticket_id
    inner join reexplain_checks on tickets.ticket_id = reexplain_checks.ticket_id
    inner join trajectories on tickets.ticket_id = trajectories.ticket_id
    inner join confidence_scores on tickets.ticket_id = confidence_scores.ticket_id
    inner join outcomes on tickets.ticket_id = outcomes.ticket_id
    inner join handoff_timings on tickets.ticket_id = handoff_timings.ticket_id
    inner join channel_switches on tickets.ticket_id = channel_switches.ticket_id
    inner join escalation_reasons on tickets.ticket_id = escalation_reasons.ticket_id
    inner join context_checks on tickets.ticket_id = context_checks.ticket_id
    inner join efforts on tickets.ticket_id = efforts.ticket_id
    inner join relevance on tickets.ticket_id = relevance.ticket_id
)

-- Stored in creation order: a daily run rewrites mostly recent tickets, which then sit in a
-- few row groups (cheap to delete and checkpoint), and BI filters on a week skip the rest.
select * from final
order by created_at, ticket_id
