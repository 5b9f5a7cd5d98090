"""One row per ticket: its assigned intent and where it came from (ai_support_metrics.intents.apply
with the fit of int_intent_models_fitted): its label; else a confident, known-looking
prediction; else the nearest discovered intent. Only unlabelled tickets have their text read.

A daily run assigns the touched tickets, and every ticket after a refit (daily_run_scope).
intent_changed_at says when a ticket's intent or source last changed: after a refit, the models
downstream recompute only the tickets whose assignment the refit changed.
"""

from ai_support_metrics import engine, intents


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="tickets_in_scope",
        daily_run_scope="touched",
        daily_run_recompute_all_when_changed=["int_intent_models_fitted"],
        on_schema_change="append_new_columns",
    )
    stored_fit = engine.first_row(dbt.ref("int_intent_models_fitted"))
    fitted = intents.loads(stored_fit["fitted_model"])
    described = dbt.ref("int_tickets_described_by_customer_text")
    tickets = engine.to_pandas(described, columns=("ticket_id", "labelled_intent"))
    texts = engine.to_pandas(described, columns=("ticket_id", "customer_text"), where="labelled_intent is null")
    tickets["text"] = tickets["ticket_id"].map(texts.set_index("ticket_id")["customer_text"])
    loaded_at = engine.first_row(dbt.ref("int_data_watermark"))["loaded_at"]
    stored = engine.read_table(session, dbt.this) if dbt.is_incremental else None
    assigned = intents.stamp_intent_changes(intents.apply(fitted, tickets), stored, loaded_at)
    assigned["loaded_at"] = loaded_at
    return assigned
