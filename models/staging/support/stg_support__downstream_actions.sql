{#-
    The action map (seed intent_downstream_actions), cleaned: names compared trimmed and
    lower-cased, the kind defaulting to expected. A seed written before action kinds existed
    has no action_kind column: all its rows are expected.
-#}
with

downstream_actions as (select * from {{ ref('intent_downstream_actions') }}),

final as (
    select
        lower(trim(intent)) as intent,
        lower(trim(expected_event)) as event_name,
        coalesce(
            nullif(lower(trim({{ optional_column(ref('intent_downstream_actions'), 'action_kind') }})), ''),
            'expected'
        ) as action_kind,
        window_hours
    from downstream_actions
)

select * from final
