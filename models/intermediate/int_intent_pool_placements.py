"""One row per ticket that waited in the discovery pool until its group became a discovered
intent (ai_support_metrics.intents): the intent it moved into, and when the model row of the
training week that placed it was learnt. From the newest row of int_intent_models_fitted,
read again only when a run learnt a newer one (loaded_at: that row's).
"""

import functools

from ai_support_metrics import engine, intents


def model(dbt, session):
    # Incremental so that a run without a newly learnt week keeps the stored rows.
    dbt.config(materialized="incremental", incremental_strategy="replace_all", on_schema_change="sync_all_columns")
    stored = engine.read_table(session, dbt.this) if dbt.is_incremental else None
    read_models = functools.partial(engine.to_pandas, dbt.ref("int_intent_models_fitted"))
    return intents.from_newest_model(read_models, stored, intents.placed_at)
