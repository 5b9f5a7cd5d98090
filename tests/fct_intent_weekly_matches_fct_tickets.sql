-- The per-intent weekly counts, recomputed from the tickets of fct_tickets, equal those of
-- fct_intent_weekly: no intent-week missing or extra, no ticket lost or counted twice.
-- Fails with one row per intent-week that differs, both sides' counts side by side.
{%- set counts = {
    'tickets': 'true',
    'contained_tickets': 'is_contained',
    'escalated_tickets': 'is_escalated',
    'recontacted_tickets': 'is_recontacted',
    'ai_resolved_tickets': 'is_ai_resolved',
    'downstream_eligible_tickets': 'is_downstream_eligible',
    'downstream_actioned_tickets': 'is_downstream_actioned',
    'reexplain_asked_tickets': 'is_reexplain_asked',
    'low_confidence_tickets': 'resolution_confidence < ' ~ var('low_confidence_threshold'),
} %}
{#- Counts of scored tickets: unknown (null) for an intent-week without any (the Python models
    off, var python_models_enabled). -#}
{%- set counts_of_scored_tickets = ['low_confidence_tickets'] %}

with

tickets as (select * from {{ ref('fct_tickets') }}),

intent_weekly as (select * from {{ ref('fct_intent_weekly') }}),

recomputed as (
    select
        {{ intent_label('intent') }} as intent,
        week_start,
        {%- for count_name, condition in counts.items() %}
            {%- set ticket_count = 'count(case when ' ~ condition ~ ' then ticket_id end)' %}
            {%- if count_name in counts_of_scored_tickets %}
                {%- set ticket_count = 'case when count(resolution_confidence) > 0 then ' ~ ticket_count ~ ' end' %}
            {%- endif %}
            {{ ticket_count }} as {{ count_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from tickets
    group by {{ intent_label('intent') }}, week_start
),

final as (
    select
        coalesce(recomputed.intent, intent_weekly.intent) as intent,
        coalesce(recomputed.week_start, intent_weekly.week_start) as week_start,
        {%- for count_name in counts %}
            recomputed.{{ count_name }} as recomputed_{{ count_name }},
            intent_weekly.{{ count_name }} as mart_{{ count_name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from recomputed
    full outer join intent_weekly
        on
            recomputed.intent = intent_weekly.intent
            and recomputed.week_start = intent_weekly.week_start
    where
        {%- for count_name in counts %}
            {{ 'or ' if not loop.first }}recomputed.{{ count_name }} is distinct from intent_weekly.{{ count_name }}
        {%- endfor %}
)

select * from final
