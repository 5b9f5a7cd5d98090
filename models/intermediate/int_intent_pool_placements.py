"""One row per ticket that waited in the discovery pool until its group became a discovered
intent (ai_support_metrics.intents): the intent it moved into, and when the model row of the
training week that placed it was learnt. From the newest row of int_intent_models_fitted.
"""

from ai_support_metrics import engine, intents


def model(dbt, session):
    models = dbt.ref("int_intent_models_fitted")
    weeks = engine.to_pandas(models, columns=("trained_through_week_start", "loaded_at"))
    stored = engine.to_pandas(models, columns=("fitted_model",),
                              where=intents.weeks_condition("trained_through_week_start",
                                                            weeks["trained_through_week_start"].max()))
    newest = intents.loads(stored["fitted_model"].iloc[0]) if len(stored) else None
    return intents.placed_at(newest, weeks)
