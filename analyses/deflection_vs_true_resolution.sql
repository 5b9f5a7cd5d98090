-- The illusion of resolution per intent: how far reported deflection sits above true AI
-- resolution, over the weeks whose re-contact windows are complete. Compile with
-- `dbt compile --select deflection_vs_true_resolution` and run the SQL in target/compiled.
with

weekly as (select * from {{ ref('fct_intent_weekly') }}),

complete_weeks as (
    select
        intent,
        sum(tickets) as tickets,
        sum(contained_tickets) as contained_tickets,
        sum(ai_resolved_tickets) as ai_resolved_tickets
    from weekly
    where is_recontact_window_complete
    group by intent
),

final as (
    select
        intent,
        tickets,
        contained_tickets * 1.0 / tickets as deflection_rate,
        ai_resolved_tickets * 1.0 / tickets as ai_resolution_rate,
        (contained_tickets - ai_resolved_tickets) * 100.0 / tickets as illusion_points
    from complete_weeks
)

select * from final
order by illusion_points desc
