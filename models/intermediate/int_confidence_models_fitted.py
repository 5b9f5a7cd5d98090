"""One row per cross-fitting fold: the resolution-confidence model fitted for it.

The models learn from the tickets created before the training cutoff (the Monday of the
watermark's week, minus var confidence_training_lag_days) whose outcome is known. A run
refits only when that training data (or a setting) changed, found by a fingerprint of the
training rows: otherwise the stored models are kept, which is exactly what a refit would
give, so a daily run stays equal to a full refresh at the cost of one scan.
"""

import datetime as dt

from ai_support_metrics.confidence import FEATURE_INPUT_COLUMNS, fit_fold_models


def model(dbt, session):
    dbt.config(materialized="table")
    folds = int(dbt.config.get("confidence_cross_fit_folds"))
    min_labelled = int(dbt.config.get("confidence_min_labelled_tickets"))
    max_training = int(dbt.config.get("confidence_max_training_tickets"))
    lag_days = int(dbt.config.get("confidence_training_lag_days"))

    watermark_at, loaded_at = dbt.ref("int_data_watermark").project("watermark_at, loaded_at").fetchall()[0]
    cutoff_at = None
    if watermark_at is not None:
        week_start = dt.datetime.combine(watermark_at.date() - dt.timedelta(days=watermark_at.weekday()), dt.time())
        cutoff_at = week_start - dt.timedelta(days=lag_days)

    created = dbt.ref("int_tickets_rolled_up").project("ticket_id, created_at")
    known = dbt.ref("int_tickets_labelled_with_outcomes").filter("is_outcome_known").project(
        "ticket_id, is_outcome_known, is_observed_resolved")
    training = (
        dbt.ref("int_ticket_trajectory_features")
        .project(", ".join(("ticket_id",) + FEATURE_INPUT_COLUMNS))
        .join(created.filter(f"created_at < '{cutoff_at}'::timestamp" if cutoff_at else "false"), "ticket_id")
        .join(known, "ticket_id")
    )
    settings = f"folds={folds};min={min_labelled};max={max_training};cutoff={cutoff_at}"
    hashed = ", ".join(("ticket_id", "is_observed_resolved") + FEATURE_INPUT_COLUMNS)
    rows, row_hashes = training.aggregate(f"count(*), sum(hash({hashed}))").fetchall()[0]
    fingerprint = f"{settings};rows={rows};sum={row_hashes}"

    stored = _stored_models(session, dbt.this)
    if stored is not None and len(stored) == folds and (stored["training_fingerprint"] == fingerprint).all():
        return stored

    frame = training.df()
    models = fit_fold_models(
        frame.drop(columns=["is_outcome_known", "is_observed_resolved", "created_at"]),
        frame[["ticket_id", "is_outcome_known", "is_observed_resolved"]],
        folds=folds, min_labelled_tickets=min_labelled, max_training_tickets=max_training,
    )
    models["training_cutoff_at"] = cutoff_at
    models["training_tickets"] = rows
    models["training_fingerprint"] = fingerprint
    models["loaded_at"] = loaded_at
    return models


def _stored_models(session, this):
    """The models the last run kept, or None on the first run."""
    exists = session.execute(
        "select count(*) from information_schema.tables where table_catalog = ? and table_schema = ? and table_name = ?",
        [this.database, this.schema, this.identifier],
    ).fetchall()[0][0]
    return session.execute(f"select * from {this}").df() if exists else None
