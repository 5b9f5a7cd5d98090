-- Stands in for the Python model int_intent_models_fitted when var python_models_enabled is
-- false: no model (learning needs the Python logic), the same columns.
with

final as (
    select
        cast(null as {{ dbt.type_timestamp() }}) as trained_through_week_start,
        cast(null as {{ dbt.type_bigint() }}) as training_tickets,
        cast(null as {{ dbt.type_string() }}) as training_fingerprint,
        cast(null as {{ dbt.type_string() }}) as fitted_model,
        {{ batch_loaded_at() }} as loaded_at
)

select * from final
where false
