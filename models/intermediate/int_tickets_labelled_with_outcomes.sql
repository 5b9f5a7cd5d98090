{#-
    The observed outcome a ticket's resolution confidence is trained and checked against.
    Known once the re-contact window is complete; resolved = not re-contacted and, when the
    intent expects a downstream action, actioned. A training label only: never a feature.
-#}
with

recontacts as (select * from {{ ref('int_tickets_linked_to_recontacts') }}),

actions as (select * from {{ ref('int_tickets_attributed_to_actions') }}),

final as (
    select
        recontacts.ticket_id,
        recontacts.is_recontact_window_complete as is_outcome_known,
        case
            when recontacts.is_recontact_window_complete
                then
                    not recontacts.is_recontacted
                    and (not actions.is_downstream_eligible or actions.is_downstream_actioned)
        end as is_observed_resolved
    from recontacts
    inner join actions on recontacts.ticket_id = actions.ticket_id
)

select * from final
