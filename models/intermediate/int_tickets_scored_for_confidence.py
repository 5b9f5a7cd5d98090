"""One row per ticket: its resolution confidence, from its fold's model (int_confidence_models_fitted).

Incremental: when the models were refitted since this model last ran, every ticket is scored
again; otherwise only the tickets whose features were recomputed.
"""

from ai_support_metrics.confidence import apply_fold_models


def model(dbt, session):
    dbt.config(materialized="incremental", unique_key="ticket_id", incremental_strategy="delete+insert")
    models = dbt.ref("int_confidence_models_fitted").df()
    features = dbt.ref("int_ticket_trajectory_features")
    if dbt.is_incremental:
        last_loaded_at = session.execute(f"select max(loaded_at) from {dbt.this}").fetchall()[0][0]
        if last_loaded_at is not None and models["loaded_at"].max() <= last_loaded_at:
            features = features.filter(f"loaded_at > '{last_loaded_at}'::timestamp")
    scores = apply_fold_models(features.df(), models)
    scores["loaded_at"] = dbt.ref("int_data_watermark").project("loaded_at").fetchall()[0][0]
    return scores
