-- Hand-written DuckDB reference for the core definitions (CONTRACT.md): the same row checks
-- as staging (rejected rows set aside, winning versions, turns checked against their ticket),
-- re-contact, downstream action and the weekly rates, in one query over the raw files.
-- scripts/benchmark.py times it against the dbt build; tests/python/test_benchmark_reference.py
-- checks that it gives the same weekly figures as fct_intent_weekly.
-- Placeholders (string.Template): ${tickets}, ${turns}, ${events} are table expressions of the
-- raw inputs (every column text), ${downstream_actions} the seed's rows, ${null_text_values}
-- a list of quoted texts, ${load_started_at} a timestamp literal, and the vars
-- ${recontact_window_hours}, ${future_tolerance_hours}, ${turn_clock_skew_minutes},
-- ${unlabeled_intent_label}.
create or replace temp macro clean_text(value) as case
    when lower(regexp_replace(value::varchar, '^[\s\x{00a0}\x{feff}]+|[\s\x{00a0}\x{feff}]+$$', '', 'g'))
        in (${null_text_values}) then null
    else nullif(regexp_replace(value::varchar, '^[\s\x{00a0}\x{feff}]+|[\s\x{00a0}\x{feff}]+$$', '', 'g'), '')
end;

create or replace temp macro is_after_load(value) as
    value > ${load_started_at} + interval (${future_tolerance_hours}) hour;

create or replace table reference_intent_weekly as
with

-- An ISO-8601 text is UTC unless it carries an offset (the session time zone is UTC).
typed_tickets as (
    select
        clean_text(ticket_id) as ticket_id,
        clean_text(customer_id) as customer_id,
        lower(clean_text(intent)) as intent,
        clean_text(csat_score) as csat_score_text,
        try_cast(clean_text(csat_score) as decimal(28, 6)) as csat_score_number,
        clean_text(created_at) as created_at_text,
        clean_text(closed_at) as closed_at_text,
        clean_text(updated_at) as updated_at_text,
        try_cast(clean_text(created_at) as timestamptz)::timestamp as created_at,
        try_cast(clean_text(closed_at) as timestamptz)::timestamp as closed_at,
        try_cast(clean_text(updated_at) as timestamptz)::timestamp as updated_at
    from ${tickets}
),

-- The rows staging keeps, then per ticket_id the latest version (the most complete on ties).
tickets as (
    select
        ticket_id,
        customer_id,
        intent,
        csat_score_number::integer as csat_score,
        created_at,
        closed_at
    from typed_tickets
    where
        ticket_id is not null
        and customer_id is not null
        and created_at is not null
        and not (lower(ticket_id) = 'ticket_id' and lower(created_at_text) = 'created_at')
        and (closed_at_text is null or closed_at is not null)
        and (updated_at_text is null or updated_at is not null)
        and not coalesce(is_after_load(created_at) or is_after_load(closed_at) or is_after_load(updated_at), false)
        and not coalesce(closed_at < created_at, false)
        and (
            csat_score_text is null
            or coalesce(csat_score_number between 1 and 5 and csat_score_number = floor(csat_score_number), false)
        )
    qualify row_number() over (
        partition by ticket_id
        order by
            updated_at desc nulls last, closed_at desc nulls last,
            csat_score_number desc nulls last, intent desc nulls last
    ) = 1
),

typed_turns as (
    select
        clean_text(turn_id) as turn_id,
        clean_text(ticket_id) as ticket_id,
        lower(clean_text(author_role)) as author_role,
        coalesce(lower(clean_text(turn_type)), 'message') as turn_type,
        body::varchar as body,
        lower(clean_text(feedback)) as feedback,
        clean_text(ai_confidence) as ai_confidence_text,
        try_cast(clean_text(ai_confidence) as double) as ai_confidence,
        clean_text(sent_at) as sent_at_text,
        try_cast(clean_text(sent_at) as timestamptz)::timestamp as sent_at
    from ${turns}
),

-- The first copy of each valid turn_id, then only turns of a kept ticket, not sent before it.
valid_turns as (
    select turn_id, ticket_id, author_role, turn_type, sent_at
    from typed_turns
    where
        turn_id is not null
        and ticket_id is not null
        and sent_at is not null
        and not (lower(turn_id) = 'turn_id' and lower(sent_at_text) = 'sent_at')
        and not is_after_load(sent_at)
        and author_role in ('customer', 'ai_agent', 'human_agent', 'system')
        and turn_type in ('message', 'handoff', 'note')
        and (ai_confidence_text is null or coalesce(ai_confidence between 0 and 1, false))
        and (feedback is null or feedback in ('up', 'down'))
    qualify row_number() over (partition by turn_id order by sent_at, body) = 1
),

turns as (
    select valid_turns.ticket_id, valid_turns.author_role, valid_turns.turn_type, valid_turns.sent_at
    from valid_turns
    inner join tickets on valid_turns.ticket_id = tickets.ticket_id
    where valid_turns.sent_at >= tickets.created_at - interval (${turn_clock_skew_minutes}) minute
),

turn_summary as (
    select
        ticket_id,
        max(sent_at) as last_turn_at,
        bool_or(author_role = 'human_agent' or turn_type = 'handoff') as is_escalated
    from turns
    group by ticket_id
),

watermark as (
    select greatest(
        (select max(created_at) from tickets),
        (select max(closed_at) from tickets),
        (select max(sent_at) from turns)
    ) as watermark_at
),

rolled_up as (
    select
        tickets.*,
        coalesce(turn_summary.is_escalated, false) as is_escalated,
        coalesce(tickets.closed_at, turn_summary.last_turn_at, tickets.created_at) as ended_at
    from tickets
    left join turn_summary using (ticket_id)
),

-- Re-contact: the next creation instant of the same customer and intent, within the window.
next_instants as (
    select
        customer_id,
        intent,
        created_at,
        lead(created_at) over (partition by customer_id, intent order by created_at) as next_created_at
    from rolled_up
    where intent is not null
    group by customer_id, intent, created_at
),

expected_actions as (
    select lower(trim(intent::varchar)) as intent, lower(trim(expected_event::varchar)) as expected_event, window_hours
    from ${downstream_actions}
    where coalesce(nullif(lower(trim(action_kind::varchar)), ''), 'expected') = 'expected'
),

typed_events as (
    select
        clean_text(event_id) as event_id,
        clean_text(customer_id) as customer_id,
        lower(clean_text(event_name)) as event_name,
        clean_text(properties) as properties,
        clean_text(occurred_at) as occurred_at_text,
        try_cast(clean_text(occurred_at) as timestamptz)::timestamp as occurred_at
    from ${events}
),

events as (
    select customer_id, event_name, occurred_at
    from typed_events
    where
        event_id is not null
        and customer_id is not null
        and event_name is not null
        and occurred_at is not null
        and not (lower(event_id) = 'event_id' and lower(occurred_at_text) = 'occurred_at')
        and not is_after_load(occurred_at)
    qualify row_number() over (partition by event_id order by occurred_at, properties) = 1
),

per_ticket as (
    select
        rolled_up.*,
        date_trunc('week', rolled_up.created_at)::date as week_start,
        next_instants.next_created_at <= rolled_up.ended_at + interval (${recontact_window_hours}) hour
            as is_recontacted,
        case
            when next_instants.next_created_at <= rolled_up.ended_at + interval (${recontact_window_hours}) hour
                then greatest(date_diff('second', rolled_up.ended_at, next_instants.next_created_at) / 3600.0, 0)
        end as hours_to_recontact,
        rolled_up.ended_at + interval (${recontact_window_hours}) hour <= watermark.watermark_at
            as is_recontact_window_complete,
        expected_actions.intent is not null as is_downstream_eligible,
        expected_actions.intent is not null and exists (
            select 1
            from events
            where
                events.customer_id = rolled_up.customer_id
                and events.event_name = expected_actions.expected_event
                and events.occurred_at between rolled_up.created_at
                and rolled_up.ended_at + interval (expected_actions.window_hours) hour
        ) as is_downstream_actioned,
        case
            when rolled_up.closed_at is not null
                then date_diff('second', rolled_up.created_at, rolled_up.ended_at) / 3600.0
        end as resolution_hours
    from rolled_up
    cross join watermark
    left join next_instants using (customer_id, intent, created_at)
    left join expected_actions using (intent)
)

select
    coalesce(intent, '${unlabeled_intent_label}') as intent,
    week_start,
    count(*) as tickets,
    count(*) filter (where not is_escalated) as contained_tickets,
    count(*) filter (where is_escalated) as escalated_tickets,
    count(*) filter (where is_recontacted) as recontacted_tickets,
    count(*) filter (where not is_escalated and not coalesce(is_recontacted, false)) as ai_resolved_tickets,
    count(*) filter (where is_downstream_eligible) as downstream_eligible_tickets,
    count(*) filter (where is_downstream_actioned) as downstream_actioned_tickets,
    contained_tickets / tickets as deflection_rate,
    escalated_tickets / tickets as escalation_rate,
    recontacted_tickets / tickets as recontact_rate,
    ai_resolved_tickets / tickets as ai_resolution_rate,
    downstream_actioned_tickets / nullif(downstream_eligible_tickets, 0) as downstream_action_rate,
    median(resolution_hours) as median_resolution_hours,
    median(hours_to_recontact) as median_hours_to_recontact,
    avg(csat_score) filter (where not is_escalated) as csat_ai,
    avg(csat_score) filter (where is_escalated) as csat_human,
    bool_and(is_recontact_window_complete) as is_recontact_window_complete
from per_ticket
group by all
