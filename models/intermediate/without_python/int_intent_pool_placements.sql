-- Stands in for the Python model int_intent_pool_placements when var python_models_enabled is
-- false: no discovered intent, so no placement; the same columns.
with

final as (
    select
        cast(null as {{ dbt.type_string() }}) as ticket_id,
        cast(null as {{ dbt.type_string() }}) as intent,
        cast(null as {{ dbt.type_timestamp() }}) as placed_at,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
)

select * from final
where false
