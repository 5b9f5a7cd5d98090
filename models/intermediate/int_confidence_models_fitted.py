"""One row per cross-fitting fold: the resolution-confidence model fitted for it.

The models learn from the tickets whose outcome had settled by the training cutoff (the
Monday of the watermark's week, minus var confidence_training_lag_days): nothing after the
cutoff can change their labels, so the training rows stay the same all week unless data about
an old ticket arrives more than the lag late. A daily run refits only when that training data,
the reviews, a setting or the scoring code changed, found by a fingerprint: the settings, the
number of training rows, the sum of their training_row_hash (label and features,
int_tickets_labelled_with_outcomes), the reviews (stg_support__conversation_reviews: preferred
labels, see confidence_reviews), and a hash of the scoring code (ai_support_metrics/confidence.py
and confidence_reviews.py) with the versions of scikit-learn, numpy and pandas. Otherwise the
stored models are kept, which is exactly what a refit would give, so a daily run stays equal to
a full refresh. A full refresh always refits.
"""

import datetime as dt

from ai_support_metrics import engine
from ai_support_metrics.confidence import (
    FEATURE_INPUT_COLUMNS,
    fit_fold_models,
    hash_sum,
    review_hash_sum,
    scoring_code_version,
    settled_training_labels,
    training_fingerprint,
)


def model(dbt, session):
    # Incremental so that dbt.is_incremental tells a daily run, which may keep the stored
    # models, from a full refresh; every run writes all the folds (strategy replace_all).
    dbt.config(materialized="incremental", incremental_strategy="replace_all", on_schema_change="sync_all_columns")
    folds = int(dbt.config.get("confidence_cross_fit_folds"))
    min_labelled = int(dbt.config.get("confidence_min_labelled_tickets"))
    max_training = int(dbt.config.get("confidence_max_training_tickets"))
    lag_days = int(dbt.config.get("confidence_training_lag_days"))
    min_reviewed = int(dbt.config.get("confidence_min_reviewed_tickets"))
    review_penalty = float(dbt.config.get("confidence_review_penalty"))

    watermark = engine.first_row(dbt.ref("int_data_watermark"))
    watermark_at, loaded_at = watermark["watermark_at"], watermark["loaded_at"]
    cutoff_at = None
    if watermark_at is not None:
        week_start = dt.datetime.combine(watermark_at.date() - dt.timedelta(days=watermark_at.weekday()), dt.time())
        cutoff_at = week_start - dt.timedelta(days=lag_days)

    # The tickets whose outcome settled by the cutoff; each row's hash covers its label and features.
    labels = engine.to_pandas(dbt.ref("int_tickets_labelled_with_outcomes"), columns=(
        "ticket_id", "is_outcome_known", "is_observed_resolved", "outcome_settled_at", "training_row_hash"))
    training_labels = settled_training_labels(labels, cutoff_at)
    rows, row_hashes = len(training_labels), hash_sum(training_labels["training_row_hash"])
    # Reviews label tickets whether or not their outcome settled: they take part in the fingerprint.
    reviews = engine.to_pandas(dbt.ref("stg_support__conversation_reviews"), columns=("ticket_id", "is_resolved"))
    settings = {
        "folds": folds, "min": min_labelled, "max": max_training, "cutoff": cutoff_at,
        "reviews": len(reviews), "review_sum": review_hash_sum(reviews),
        "min_reviewed": min_reviewed, "penalty": review_penalty,
    }
    fingerprint = training_fingerprint(settings, rows, row_hashes, scoring_code_version())

    if dbt.is_incremental:
        stored = engine.read_table(session, dbt.this)
        if len(stored) == folds and (stored["training_fingerprint"] == fingerprint).all():
            return stored

    features = engine.to_pandas(dbt.ref("int_tickets_described_by_trajectory"), columns=("ticket_id",) + FEATURE_INPUT_COLUMNS)
    labelled_ids = set(training_labels["ticket_id"]) | set(reviews["ticket_id"])
    models = fit_fold_models(
        features[features["ticket_id"].isin(labelled_ids)],
        training_labels[["ticket_id", "is_outcome_known", "is_observed_resolved"]],
        folds=folds, min_labelled_tickets=min_labelled, max_training_tickets=max_training,
        reviews=reviews, min_reviewed_tickets=min_reviewed, review_penalty=review_penalty,
    )
    models["training_cutoff_at"] = cutoff_at
    models["training_tickets"] = rows
    models["training_fingerprint"] = fingerprint
    models["loaded_at"] = loaded_at
    return models

