"""One row per training week: the intent models as the tickets of that week and the weeks before
taught them (ai_support_metrics.intents.learn_weeks), stored for the runs that assign with them.

They learn from int_intent_training_tickets, a week at a time: the week's labelled tickets
add to the known intents, its unlabelled ones that no known intent takes to the discovered
intents. The row of week W assigns the tickets created in the week after it (the first row also
its own week). A run keeps every stored row up to the first week whose training tickets, a
setting or the intents code changed, and learns the weeks from there afresh: weekly, the new
week; after late data, the weeks from the one it reached. A full build learns every week in
turn and so gives the rows the daily runs gave. With var assign_intents false the sample, and
so the table, is empty: every ticket keeps its label alone.
"""

from ai_support_metrics import engine, intents


def model(dbt, session):
    # Incremental so that a run keeps the stored weeks; every run writes every row.
    dbt.config(materialized="incremental", incremental_strategy="replace_all", on_schema_change="sync_all_columns")
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
    sample = engine.to_pandas(dbt.ref("int_intent_training_tickets")).rename(columns={"customer_text": "text"})
    stored = engine.read_table(session, dbt.this) if dbt.is_incremental else None
    return intents.learn_weeks(sample, settings, stored, loaded_at)
