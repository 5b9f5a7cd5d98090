"""One row per intent that the stored fit knows (int_intent_models_fitted): each labelled
intent and each discovered intent, with the words that characterise it, its most typical
redacted customer message and, for labels, how often the wording agrees with the label
(cross-fitted on the fit's labelled sample). ai_support_metrics.intents.describe_intents.
"""

from ai_support_metrics import intents


def model(dbt, session):
    [(stored_fit,)] = dbt.ref("int_intent_models_fitted").project("fitted_model").fetchall()
    described = intents.loads(stored_fit).described
    described["loaded_at"] = dbt.ref("int_data_watermark").project("loaded_at").fetchall()[0][0]
    return described
