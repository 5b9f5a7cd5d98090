-- Stands in for the Python model int_intents_described when var python_models_enabled is
-- false: no fit to describe, the same columns (dim_intents' name words, examples and label
-- agreement are null).
with

final as (
    select
        cast(null as {{ dbt.type_string() }}) as intent,
        cast(null as {{ dbt.type_string() }}) as intent_source,
        cast(null as {{ dbt.type_string() }}) as name_words,
        cast(null as {{ dbt.type_string() }}) as example_message,
        cast(null as {{ dbt.type_bigint() }}) as label_agreement_tickets,
        cast(null as {{ type_double() }}) as label_agreement_rate,
        {{ batch_loaded_at() }} as loaded_at
)

select * from final
where false
