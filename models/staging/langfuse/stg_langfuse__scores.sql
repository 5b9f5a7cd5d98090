{#-
    One row per Langfuse score of the name chosen by var langfuse_review_score_name, as a raw
    conversation_reviews row (text columns): the score's session, else its trace's session
    (a trace without one is its own ticket) -> ticket_id; is_resolved from the score's
    string value through var langfuse_review_value_map (boolean and categorical scores),
    else whether its numeric value reaches var langfuse_review_resolved_threshold; an
    unmapped value without a number passes as it is, and staging rejects it as invalid;
    the score's source (annotation, eval, api) -> reviewer. No score name chosen: no rows,
    and the scores table is not read.
-#}
{%- set score_name = var('langfuse_review_score_name') -%}
{%- set value_map = var('langfuse_review_value_map') or {} -%}

{%- if score_name %}
    with

    scores as (select * from {{ support_source_table('langfuse', 'scores') }}),

    traces as (select * from {{ support_source_table('langfuse', 'traces') }}),

    chosen_scores as (
        select
            scores.id as score_id,
            coalesce(scores.session_id, traces.session_id, traces.id) as ticket_id,
            lower(trim(cast(scores.string_value as {{ dbt.type_string() }}))) as string_value,
            cast(scores.value as {{ type_double() }}) as score_value,
            lower(scores.source) as reviewer,
            scores.timestamp as reviewed_at
        from scores
        left join traces on scores.trace_id = traces.id
        where scores.name = '{{ score_name }}'
    ),

    verdicts as (
        select
            ticket_id,
            case
                {%- for string_value, is_resolved in value_map.items() %}
                    when string_value = '{{ string_value | lower }}' then '{{ 'true' if is_resolved else 'false' }}'
                {%- endfor %}
                when score_value is not null
                    then case
                        when score_value >= {{ var('langfuse_review_resolved_threshold') }} then 'true'
                        else 'false'
                    end
                else string_value
            end as is_resolved,
            reviewed_at,
            reviewer
        from chosen_scores
    ),

    final as (
        select
            cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
            is_resolved,
            {{ timestamp_as_text('reviewed_at') }} as reviewed_at,
            reviewer,
            'langfuse' as source_relation
        from verdicts
    )

    select * from final
{%- else %}
    select
        {%- for column_name in raw_input_columns('conversation_reviews') %}
            cast(null as {{ dbt.type_string() }}) as {{ column_name }},
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as source_relation
    where false
{%- endif %}
