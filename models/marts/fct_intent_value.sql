{#-
    What the AI's true resolutions are worth. Each AI-resolved ticket frees the time a human
    would have needed for it: the median human handling hours of its intent over all weeks
    (a week's own median is too noisy for a price). Deflection counts every contained ticket;
    the gap to true resolution is the contained tickets whose customer came back.
-#}
with

weekly as (select * from {{ ref('fct_intent_weekly') }}),

tickets as (select * from {{ ref('fct_tickets') }}),

human_handling as (
    select
        {{ intent_label('intent') }} as intent,
        {{ median('human_handling_hours') }} as median_human_handling_hours
    from tickets
    where human_handling_hours is not null
    group by {{ intent_label('intent') }}
),

valued as (
    select
        weekly.intent,
        weekly.week_start,
        weekly.tickets,
        weekly.contained_tickets,
        weekly.ai_resolved_tickets,
        weekly.deflection_rate,
        weekly.ai_resolution_rate,
        weekly.is_recontact_window_complete,
        human_handling.median_human_handling_hours,
        weekly.ai_resolved_tickets * human_handling.median_human_handling_hours as hours_freed
    from weekly
    left join human_handling on weekly.intent = human_handling.intent
),

final as (
    select
        intent,
        week_start,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(contained_tickets as {{ dbt.type_bigint() }}) as contained_tickets,
        cast(ai_resolved_tickets as {{ dbt.type_bigint() }}) as ai_resolved_tickets,
        cast(contained_tickets - ai_resolved_tickets as {{ dbt.type_bigint() }})
            as deflection_gap_tickets,
        cast(deflection_rate as {{ type_double() }}) as deflection_rate,
        cast(ai_resolution_rate as {{ type_double() }}) as ai_resolution_rate,
        cast({{ deflection_gap_points() }} as {{ type_double() }}) as deflection_gap_points,
        cast(median_human_handling_hours as {{ type_double() }}) as median_human_handling_hours,
        cast(hours_freed as {{ type_double() }}) as hours_freed,
        cast(hours_freed * {{ var('human_cost_per_hour') }} as {{ type_double() }}) as cost_saved,
        is_recontact_window_complete
    from valued
)

select * from final
