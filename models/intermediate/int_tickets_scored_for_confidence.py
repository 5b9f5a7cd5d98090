"""One row per ticket: its resolution confidence, from its fold's model (int_confidence_models_fitted).

A daily run scores the touched tickets again (their features were recomputed), and every
ticket when the models were refitted since this model last ran (daily_run_scope).
"""

from ai_support_metrics.confidence import apply_fold_models


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="tickets_in_scope",
        daily_run_scope="touched",
        daily_run_recompute_all_when_changed=["int_confidence_models_fitted"],
    )
    models = dbt.ref("int_confidence_models_fitted").df()
    features = dbt.ref("int_tickets_described_by_trajectory")
    scores = apply_fold_models(features.df(), models)
    scores["loaded_at"] = dbt.ref("int_data_watermark").project("loaded_at").fetchall()[0][0]
    return scores
