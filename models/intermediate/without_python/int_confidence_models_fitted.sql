-- Stands in for the Python model int_confidence_models_fitted when var python_models_enabled
-- is false: no fitted models (fitting needs the Python logic), the same columns.
with

final as (
    select
        cast(null as {{ dbt.type_bigint() }}) as fold,
        cast(null as {{ dbt.type_string() }}) as scoring_method,
        -- The Python model's column name, a keyword in some dialects.
        cast(null as {{ dbt.type_string() }}) as parameters,  -- noqa: RF04
        cast(null as {{ dbt.type_timestamp() }}) as training_cutoff_at,
        cast(null as {{ dbt.type_bigint() }}) as training_tickets,
        cast(null as {{ dbt.type_string() }}) as training_fingerprint,
        {{ batch_loaded_at() }} as loaded_at
)

select * from final
where false
