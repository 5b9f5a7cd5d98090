"""One row: the intent models (ai_support_metrics.intents.fit), stored for the runs that apply them.

They learn from int_intent_training_tickets: the labelled tickets train the known-intent
classifier, the unlabelled ones the discovered intents. That sample only changes when the
training cutoff moves (weekly) or late data changes a training ticket, so the models are
refitted on the resolution-confidence models' weekly rhythm, and otherwise only when a setting
or the intents code changed (intents.fit_fingerprint); a kept fit is exactly what a refit would
give. A refit keeps the names of the discovered intents: the earlier fit assigns the new
training tickets, and a new group that mostly holds the tickets of one old intent takes its
name. --full-refresh keeps the names as well (the model is never rebuilt from nothing);
dropping its table names the intents afresh. With var assign_intents false the sample, and so
the fit, is empty: every ticket keeps its label alone.
"""

import pandas as pd

from ai_support_metrics import engine, intents


def model(dbt, session):
    # Incremental so that a run may keep the stored fit; every run writes the one row. Not
    # rebuilt by --full-refresh, so that it keeps the discovered intents' names too.
    dbt.config(materialized="incremental", incremental_strategy="replace_all", on_schema_change="sync_all_columns",
               full_refresh=False)
    # Each var read by name: dbt passes a Python model the config keys it reads literally.
    settings = intents.IntentSettings(
        confidence_threshold=float(dbt.config.get("intent_confidence_threshold")),
        min_centroid_similarity=float(dbt.config.get("intent_min_centroid_similarity")),
        max_training_tickets=int(dbt.config.get("intent_max_training_tickets")),
        discovery_groups=int(dbt.config.get("intent_discovery_groups")),
        merge_distance=float(dbt.config.get("intent_merge_distance")),
        max_discovery_sample=int(dbt.config.get("intent_max_discovery_sample")),
        name_words=int(dbt.config.get("intent_name_words")),
        max_agreement_tickets=int(dbt.config.get("intent_max_agreement_tickets")),
    )
    loaded_at = engine.first_row(dbt.ref("int_data_watermark"))["loaded_at"]
    sample = engine.to_pandas(dbt.ref("int_intent_training_tickets")).rename(columns={"customer_text": "text"})
    tickets = sample.sort_values("ticket_id", kind="stable", ignore_index=True)
    fingerprint = intents.fit_fingerprint(tickets, settings)

    stored = engine.read_table(session, dbt.this) if dbt.is_incremental else None
    if stored is not None and len(stored) == 1 and stored["training_fingerprint"].iloc[0] == fingerprint:
        return stored

    previous_intents = None
    if stored is not None and len(stored) == 1:
        earlier = intents.apply(intents.loads(stored["fitted_model"].iloc[0]), tickets)
        discovered = earlier[earlier["intent_source"] == intents.DISCOVERED]
        previous_intents = discovered.set_index("ticket_id")["intent"]
    fitted = intents.fit(tickets, settings, previous_intents)
    return pd.DataFrame({
        "training_cutoff_at": pd.Series(tickets["training_cutoff_at"].iloc[:1].tolist() or [None],
                                        dtype="datetime64[us]"),
        "training_tickets": [len(tickets)],
        "training_fingerprint": [fingerprint],
        "fitted_model": [intents.dumps(fitted)],
        "loaded_at": [loaded_at],
    })
