-- Stands in for the Python model int_tickets_scored_for_confidence when var
-- python_models_enabled is false: every ticket, unscored (scoring needs the Python logic).
with

features as (select * from {{ ref('int_tickets_described_by_trajectory') }}),

final as (
    select
        ticket_id,
        cast(null as {{ type_double() }}) as resolution_confidence,
        cast(null as {{ dbt.type_string() }}) as scoring_method,
        cast(null as {{ dbt.type_bigint() }}) as cross_fit_fold,
        {{ batch_loaded_at() }} as loaded_at
    from features
)

select * from final
