"""One row per training week: the intent models as the tickets of that week and the weeks before
taught them (ai_support_metrics.intents), stored for the runs that assign with them.

They learn from int_intent_training_tickets, a week at a time: the week's labelled tickets
add to the known intents, its unlabelled ones that no known intent takes to the discovered
intents. The row of week W assigns the tickets created in the weeks after it up to the next
row's (the first row also its own week). A run learns afresh the weeks from the first whose
training tickets, a setting or the intents code changed (intents.week_fingerprints, from the
rows' hashes: no text is read for the weeks kept) and writes only those (incremental strategy
weeks_learnt): weekly, the new week; after late data, the weeks from the one it reached. A full
build learns every week in turn and so gives the rows the daily runs gave. With var
assign_intents false the sample, and so the table, is empty: every ticket keeps its label alone.
"""

import functools

from ai_support_metrics import engine, intents


def model(dbt, session):
    dbt.config(materialized="incremental", incremental_strategy="weeks_learnt", on_schema_change="sync_all_columns")
    # Each var read by name: dbt passes a Python model the config keys it reads literally.
    settings = intents.IntentSettings(
        min_similarity=float(dbt.config.get("intent_min_similarity")),
        min_margin=float(dbt.config.get("intent_min_margin")),
        join_similarity=float(dbt.config.get("intent_join_similarity")),
        merge_distance=float(dbt.config.get("intent_merge_distance")),
        min_group_tickets=int(dbt.config.get("intent_min_group_tickets")),
        min_pool_tickets=int(dbt.config.get("intent_min_pool_tickets")),
        max_pool_tickets=int(dbt.config.get("intent_max_pool_tickets")),
        name_words=int(dbt.config.get("intent_name_words")),
    )
    loaded_at = engine.first_row(dbt.ref("int_data_watermark"))["loaded_at"]
    training = dbt.ref("int_intent_training_tickets")
    row_hashes = engine.to_pandas(training, columns=("training_week_start", "training_row_hash"))
    stored = (engine.read_table(session, dbt.this, columns=("trained_through_week_start", "training_fingerprint"))
              if dbt.is_incremental else None)

    def read_tickets(first_week):
        tickets = engine.to_pandas(training, columns=("ticket_id", "labelled_intent", "customer_text",
                                                      "training_week_start"),
                                   where=intents.weeks_condition("training_week_start", first_week, ">="))
        return tickets.rename(columns={"customer_text": "text"})

    def read_model(week):
        return intents.read_week_models(functools.partial(engine.read_table, session, dbt.this), week)[week]

    return intents.learn_weeks(row_hashes, stored, read_tickets, read_model, settings, loaded_at)
