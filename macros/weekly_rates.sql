{#-
    The weekly rates, each defined once: a count of tickets (or answers) over its base, from
    the count columns of the per-intent marts. fct_intent_weekly, fct_intent_handoffs and
    fct_intent_effort compute them per intent and week, fct_weekly_metrics over all intents
    and fct_intent_trends over the baseline weeks, all through these macros, so the marts
    cannot disagree on a formula. Means pooled over several rows (intents, weeks) likewise.
-#}

{% macro weekly_rate_counts() %}
    {#- {rate: (count column, base column)}, the columns named as in the per-intent marts. -#}
    {{ return({
        'deflection_rate': ('contained_tickets', 'tickets'),
        'escalation_rate': ('escalated_tickets', 'tickets'),
        'recontact_rate': ('recontacted_tickets', 'tickets'),
        'ai_resolution_rate': ('ai_resolved_tickets', 'tickets'),
        'confirmed_resolution_rate': ('confirmed_resolution_tickets', 'tickets'),
        'assumed_resolution_rate': ('assumed_resolution_tickets', 'tickets'),
        'low_confidence_share': ('low_confidence_tickets', 'tickets'),
        'channel_switch_rate': ('channel_switched_tickets', 'tickets'),
        'downstream_action_rate': ('downstream_actioned_tickets', 'downstream_eligible_tickets'),
        'downstream_contradiction_rate': ('downstream_contradicted_tickets', 'downstream_contradiction_checked_tickets'),
        'reexplain_rate': ('reexplain_asked_tickets', 'escalated_tickets'),
        'customer_asked_rate': ('customer_asked_tickets', 'escalated_tickets'),
        'low_ai_confidence_rate': ('low_ai_confidence_tickets', 'escalated_tickets'),
        'repeated_failure_rate': ('repeated_failure_tickets', 'escalated_tickets'),
        'other_reason_rate': ('other_reason_tickets', 'escalated_tickets'),
        'context_lost_rate': ('context_lost_tickets', 'escalated_tickets'),
        'answer_rated_up_share': ('ai_answers_rated_up', 'rated_ai_answers'),
        'answer_missed_share': ('ai_answers_missed', 'ai_answers'),
    }) }}
{% endmacro %}


{% macro weekly_rate(rate_name, column_prefix='') %}
    {#- The named rate as a SQL fraction in [0, 1], null when its base is 0. column_prefix
        goes before both column names (a table alias, or baseline_ for summed columns). -#}
    {%- set rate_counts = weekly_rate_counts() -%}
    {%- if rate_name not in rate_counts -%}
        {{ exceptions.raise_compiler_error("weekly_rate: unknown rate '" ~ rate_name ~ "'; add it to weekly_rate_counts") }}
    {%- endif -%}
    {%- set count_column, base_column = rate_counts[rate_name] -%}
    cast({{ column_prefix }}{{ count_column }} as {{ type_double() }}) / nullif({{ column_prefix }}{{ base_column }}, 0)
{%- endmacro %}


{% macro deflection_gap_points(column_prefix='') %}
    {#- Deflection minus true AI resolution, in percentage points: the contained tickets whose
        customer came back, per hundred tickets. -#}
    cast({{ column_prefix }}contained_tickets - {{ column_prefix }}ai_resolved_tickets as {{ type_double() }}) * 100
    / nullif({{ column_prefix }}tickets, 0)
{%- endmacro %}


{% macro pooled_mean(mean_column, weight_column) %}
    {#- Aggregate: the mean over several rows of per-row means, each weighted by its base
        (tickets, CSAT answers); rows without a mean count for nothing; null when no base. -#}
    sum({{ mean_column }} * {{ weight_column }}) / nullif(sum({{ weight_column }}), 0)
{%- endmacro %}
