"""One row per ticket: its resolution confidence, cross-fitted on the known outcomes."""

from ai_support_metrics.confidence import score_tickets


def model(dbt, session):
    dbt.config(materialized="table")
    return score_tickets(
        dbt.ref("int_ticket_trajectory_features").df(),
        dbt.ref("int_tickets_labelled_with_outcomes").df(),
        folds=int(dbt.config.get("confidence_cross_fit_folds")),
        min_labelled_tickets=int(dbt.config.get("confidence_min_labelled_tickets")),
        max_training_tickets=int(dbt.config.get("confidence_max_training_tickets")),
    )
