-- Stands in for the Python model int_tickets_assigned_intents when var python_models_enabled
-- is false: every ticket keeps its label alone (assigning needs the Python logic), as with
-- var assign_intents false.
with

texts as (select * from {{ ref('int_tickets_described_by_customer_text') }}),

final as (
    select
        ticket_id,
        labelled_intent as intent,
        case when labelled_intent is not null then 'label' end as intent_source,
        -- A label changes only with its ticket, which a daily run recomputes anyway.
        cast(null as {{ dbt.type_timestamp() }}) as intent_changed_at,
        {{ batch_loaded_at() }} as loaded_at
    from texts
)

select * from final
