"""One row per intent that the newest model knows (int_intent_models_fitted): each labelled
intent and each discovered intent, with the words that characterise it, its most typical
redacted customer message and, for labels, how often the model of the weeks before a labelled
ticket's week put it nearest to its own label. ai_support_metrics.intents.describe. Described
again only when a run learnt a newer model row (loaded_at: that row's).
"""

import functools

from ai_support_metrics import engine, intents


def model(dbt, session):
    # Incremental so that a run without a newly learnt week keeps the stored rows.
    dbt.config(materialized="incremental", incremental_strategy="replace_all", on_schema_change="sync_all_columns")
    stored = engine.read_table(session, dbt.this) if dbt.is_incremental else None
    read_models = functools.partial(engine.to_pandas, dbt.ref("int_intent_models_fitted"))
    return intents.from_newest_model(read_models, stored, intents.describe)
