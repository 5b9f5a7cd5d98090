"""One row: the intent models (ai_support_metrics.intents.fit), stored for the runs that apply them.

They learn from the tickets created before the training cutoff, the Monday of the watermark's
week (every ticket while the data has no earlier one): labelled tickets train the known-intent
classifier, unlabelled ones the discovered intents. At most var intent_max_training_tickets
labelled and intent_max_discovery_sample unlabelled tickets take part, the first ones in
ticket-hash order, so the sample does not depend on row order. The cutoff moves weekly, so
the models are refitted on the resolution-confidence models' weekly rhythm, and otherwise only
when the training rows, a setting or the intents code changed (a fingerprint, as for the
confidence models); a kept fit is exactly what a refit would give. A refit keeps the names of
the discovered intents: the earlier fit assigns the new training tickets, and a new group that
mostly holds the tickets of one old intent takes its name. --full-refresh keeps the names as
well (the model is never rebuilt from nothing); dropping its table names the intents afresh.
With var assign_intents false the fit is empty and every ticket keeps its label alone.
"""

import dataclasses
import datetime as dt

import pandas as pd

from ai_support_metrics import intents
from ai_support_metrics.confidence import scoring_code_version, training_fingerprint


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
    is_assigning = str(dbt.config.get("assign_intents")).lower() == "true"

    watermark_at, loaded_at = dbt.ref("int_data_watermark").project("watermark_at, loaded_at").fetchall()[0]
    texts = dbt.ref("int_tickets_described_by_customer_text")
    cutoff_at = None
    if watermark_at is not None:
        cutoff_at = dt.datetime.combine(watermark_at.date() - dt.timedelta(days=watermark_at.weekday()), dt.time())
        if not texts.filter(f"created_at < '{cutoff_at}'::timestamp").limit(1).fetchall():
            cutoff_at = None  # the data's first week: learn from every ticket
    training = texts.filter(f"created_at < '{cutoff_at}'::timestamp") if cutoff_at else texts
    if not is_assigning:
        training = training.filter("false")
    # The first tickets in hash order: a sample that the order of the rows cannot change.
    labelled = training.filter("labelled_intent is not null").order("hash(ticket_id)").limit(
        settings.max_training_tickets)
    unlabelled = training.filter("labelled_intent is null and customer_text is not null").order(
        "hash(ticket_id)").limit(settings.max_discovery_sample)
    sample = labelled.union(unlabelled).project("ticket_id, labelled_intent, customer_text as text")
    rows, row_hashes = sample.aggregate("count(*), sum(hash(ticket_id, labelled_intent, text))").fetchall()[0]
    fingerprint = training_fingerprint(
        {"assign": is_assigning, "cutoff": cutoff_at, **dataclasses.asdict(settings)}, rows, row_hashes,
        scoring_code_version(modules=("intents.py",)))

    stored = session.execute(f"select * from {dbt.this}").df() if dbt.is_incremental else None
    if stored is not None and len(stored) == 1 and stored["training_fingerprint"].iloc[0] == fingerprint:
        return stored

    tickets = sample.df().sort_values("ticket_id", kind="stable", ignore_index=True)
    previous_intents = None
    if stored is not None and len(stored) == 1 and stored["fitted_model"].iloc[0] is not None:
        earlier = intents.apply(intents.loads(stored["fitted_model"].iloc[0]), tickets)
        discovered = earlier[earlier["intent_source"] == intents.DISCOVERED]
        previous_intents = discovered.set_index("ticket_id")["intent"]
    fitted = intents.fit(tickets, settings, previous_intents) if rows else intents.FittedIntents(settings)
    return pd.DataFrame({
        "training_cutoff_at": pd.Series([cutoff_at], dtype="datetime64[us]"),
        "training_tickets": [int(rows)],
        "training_fingerprint": [fingerprint],
        "fitted_model": [intents.dumps(fitted)],
        "loaded_at": [loaded_at],
    })
