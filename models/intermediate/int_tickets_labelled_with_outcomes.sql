{#-
    The observed outcome a ticket's resolution confidence is trained and checked against.
    Known once the re-contact window is complete; resolved = not re-contacted, when the
    intent expects a downstream action, actioned, and not downstream-contradicted (the
    customer did what says the answer failed, such as filing a dispute). A training label
    only: never a feature.
    training_row_hash hashes the label with the ticket's features, so that the confidence
    models can tell whether their training rows changed without reading them.
    outcome_settled_at is when the last thing that can change the label may happen: the end
    of the re-contact window or, when later, the ticket's downstream-action or
    contradiction deadline.
-#}
{{ per_ticket_config(daily_run_scope='affected') }}

with

recontacts as (select * from {{ ref('int_tickets_linked_to_recontacts') }}),

actions as (select * from {{ ref('int_tickets_attributed_to_actions') }}),

features as (select * from {{ ref('int_tickets_described_by_trajectory') }}),

labels as (
    select
        recontacts.ticket_id,
        recontacts.is_recontact_window_complete as is_outcome_known,
        case
            when recontacts.is_recontact_window_complete
                then
                    not recontacts.is_recontacted
                    and (not actions.is_downstream_eligible or actions.is_downstream_actioned)
                    and not actions.is_downstream_contradicted
        end as is_observed_resolved,
        greatest(
            recontacts.recontact_window_ends_at,
            coalesce(actions.action_deadline_at, recontacts.recontact_window_ends_at),
            coalesce(actions.contradiction_deadline_at, recontacts.recontact_window_ends_at)
        ) as outcome_settled_at
    from recontacts
    inner join actions on recontacts.ticket_id = actions.ticket_id
),

final as (
    select
        labels.ticket_id,
        labels.is_outcome_known,
        labels.is_observed_resolved,
        labels.outcome_settled_at,
        {{ hash_of_columns(
            'int_tickets_described_by_trajectory', 'features', except_columns=['loaded_at'],
            also=['labels.is_outcome_known', 'labels.is_observed_resolved'],
        ) }} as training_row_hash,
        {{ batch_loaded_at() }} as loaded_at
    from labels
    inner join features on labels.ticket_id = features.ticket_id
)

select * from final
