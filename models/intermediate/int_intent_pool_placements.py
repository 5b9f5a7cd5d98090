"""One row per ticket that waited in the discovery pool until its group became a discovered
intent (ai_support_metrics.intents): the intent it moved into, and when the model row of the
training week that placed it was learnt. From the newest row of int_intent_models_fitted,
read again only when a run learnt a newer one (loaded_at: that row's).
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
    placements = intents.placed_at(intents.loads(newest["fitted_model"].iloc[0]) if len(newest) else None, weeks)
    return placements.assign(loaded_at=newest_learnt_at).astype({"loaded_at": "datetime64[us]"})
