"""One row per intent that the stored fit knows (int_intent_models_fitted): each labelled
intent and each discovered intent, with the words that characterise it, its most typical
redacted customer message and, for labels, how often the wording agrees with the label
(cross-fitted on the fit's labelled sample). ai_support_metrics.intents.describe_intents.
"""

from ai_support_metrics import engine, intents


def model(dbt, session):
    stored_fit = engine.first_row(dbt.ref("int_intent_models_fitted"))
    described = intents.loads(stored_fit["fitted_model"]).described
    described["loaded_at"] = engine.first_row(dbt.ref("int_data_watermark"))["loaded_at"]
    return described
