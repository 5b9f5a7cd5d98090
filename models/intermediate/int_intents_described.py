"""One row per intent that the newest model knows (int_intent_models_fitted): each labelled
intent and each discovered intent, with the words that characterise it, its most typical
redacted customer message and, for labels, how often the model of the weeks before a labelled
ticket's week put it nearest to its own label. ai_support_metrics.intents.describe. Described
again only when a run learnt a newer model row (loaded_at: that row's).
"""

from ai_support_metrics import engine, intents


def model(dbt, session):
    # Incremental so that a run without a newly learnt week keeps the stored rows.
    dbt.config(materialized="incremental", incremental_strategy="replace_all", on_schema_change="sync_all_columns")
    models = dbt.ref("int_intent_models_fitted")
    weeks = engine.to_pandas(models, columns=("trained_through_week_start", "loaded_at"))
    newest_learnt_at = weeks["loaded_at"].max() if len(weeks) else None
    stored = engine.read_table(session, dbt.this) if dbt.is_incremental else None
    if stored is not None and len(stored) and stored["loaded_at"].iloc[0] == newest_learnt_at:
        return stored
    newest = engine.to_pandas(models, columns=("fitted_model",), where=intents.weeks_condition(
        "trained_through_week_start", weeks["trained_through_week_start"].max()))
    described = intents.describe(intents.loads(newest["fitted_model"].iloc[0]) if len(newest)
                                 else intents.WeekModel(intents.IntentSettings()))
    return described.assign(loaded_at=newest_learnt_at).astype({"loaded_at": "datetime64[us]"})
