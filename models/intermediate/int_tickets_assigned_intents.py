"""One row per ticket: its assigned intent and where it came from (ai_support_metrics.intents.assign
with the model of the ticket's week, int_tickets_matched_to_intent_models): its label; else a
confident, known-looking prediction; else the discovered intent its pool group became; else the
nearest discovered intent. Only unlabelled tickets have their text read.

A daily run assigns the touched tickets, and those whose week's model or pool placement changed
(after the weekly learning, the new week's tickets and the pool tickets it placed).
intent_changed_at says when a ticket's intent or source last changed: the models downstream
recompute only the tickets whose assignment changed.
"""

import functools

from ai_support_metrics import engine, intents


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="tickets_in_scope",
        daily_run_scope="touched",
        daily_run_recompute_tickets_changed_in={"int_tickets_matched_to_intent_models": "intent_model_changed_at"},
        on_schema_change="append_new_columns",
    )
    described = dbt.ref("int_tickets_described_by_customer_text")
    tickets = engine.to_pandas(described, columns=("ticket_id", "labelled_intent"))
    texts = engine.to_pandas(described, columns=("ticket_id", "customer_text"), where="labelled_intent is null")
    matched = engine.to_pandas(dbt.ref("int_tickets_matched_to_intent_models"),
                               columns=("ticket_id", "intent_model_week_start"))
    placements = engine.to_pandas(dbt.ref("int_intent_pool_placements"), columns=("ticket_id", "intent"))
    models = intents.read_week_models(functools.partial(engine.to_pandas, dbt.ref("int_intent_models_fitted")),
                                      matched["intent_model_week_start"].dropna().unique())
    assigned = intents.assign_by_week(tickets, texts.rename(columns={"customer_text": "text"}), matched, models,
                                      placements)
    loaded_at = engine.first_row(dbt.ref("int_data_watermark"))["loaded_at"]
    stored_rows = engine.read_rows_of_tickets(session, dbt.this, assigned["ticket_id"]) if dbt.is_incremental else None
    assigned = intents.stamp_intent_changes(assigned, stored_rows, loaded_at)
    assigned["loaded_at"] = loaded_at
    return assigned
