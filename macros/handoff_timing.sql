{% macro handoff_timing_aggregates() %}
    {#- The handoff timing figures of a group of fct_tickets rows (see _macros.yml). -#}
    avg(case when is_handed_off_by_ai then ai_turns_before_handoff end)
        as avg_ai_turns_before_handoff,
    {{ median('case when is_handed_off_by_ai then minutes_to_handoff end') }}
        as median_minutes_to_handoff,
    {{ median('case when is_handed_off_by_ai then human_handling_hours end') }}
        as median_hours_after_ai_handoff,
    {{ median('case when is_human_from_start then human_handling_hours end') }}
        as median_hours_human_from_start
{% endmacro %}
