"""One row per ticket: its resolution confidence, from its fold's model (int_confidence_models_fitted).

A daily run scores the touched tickets again (their features were recomputed), and every
ticket when the models were refitted since this model last ran (daily_run_scope).
"""

from ai_support_metrics import engine
from ai_support_metrics.confidence import apply_fold_models


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="tickets_in_scope",
        daily_run_scope="touched",
        daily_run_recompute_all_when_changed=["int_confidence_models_fitted"],
    )
    models = engine.to_pandas(dbt.ref("int_confidence_models_fitted"))
    features = engine.to_pandas(dbt.ref("int_tickets_described_by_trajectory"))
    scores = apply_fold_models(features, models)
    watermark = engine.first_row(dbt.ref("int_data_watermark"))
    scores["loaded_at"] = watermark["loaded_at"]
    return scores
