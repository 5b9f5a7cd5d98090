{#-
    The observed outcome a ticket's resolution confidence is trained and checked against.
    Known once the re-contact window is complete; resolved = not re-contacted and, when the
    intent expects a downstream action, actioned. A training label only: never a feature.
-#}
{{ config(materialized='incremental', unique_key='ticket_id', incremental_strategy='delete+insert') }}

with

recontacts as (
    select * from {{ ref('int_tickets_linked_to_recontacts') }}
    {{ where_ticket_in_scope('int_tickets_affected_by_delivery') }}
),

actions as (
    select * from {{ ref('int_tickets_attributed_to_actions') }}
    {{ where_ticket_in_scope('int_tickets_affected_by_delivery') }}
),

final as (
    select
        recontacts.ticket_id,
        recontacts.is_recontact_window_complete as is_outcome_known,
        case
            when recontacts.is_recontact_window_complete
                then
                    not recontacts.is_recontacted
                    and (not actions.is_downstream_eligible or actions.is_downstream_actioned)
        end as is_observed_resolved,
        {{ batch_loaded_at() }} as loaded_at
    from recontacts
    inner join actions on recontacts.ticket_id = actions.ticket_id
)

select * from final
