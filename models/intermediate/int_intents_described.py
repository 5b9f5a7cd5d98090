"""One row per intent that the newest model knows (int_intent_models_fitted): each labelled
intent and each discovered intent, with the words that characterise it, its most typical
redacted customer message and, for labels, how often the model of the weeks before a labelled
ticket's week put it nearest to its own label. ai_support_metrics.intents.describe.
"""

from ai_support_metrics import engine, intents


def model(dbt, session):
    models = dbt.ref("int_intent_models_fitted")
    weeks = engine.to_pandas(models, columns=("trained_through_week_start",))["trained_through_week_start"]
    stored = engine.to_pandas(models, columns=("fitted_model",),
                              where=intents.weeks_condition("trained_through_week_start", weeks.max()))
    described = (intents.describe(intents.loads(stored["fitted_model"].iloc[0])) if len(stored)
                 else intents.describe(intents.WeekModel(intents.IntentSettings())))
    described["loaded_at"] = engine.first_row(dbt.ref("int_data_watermark"))["loaded_at"]
    return described
