"""One row per ticket: its assigned intent and where it came from (ai_support_metrics.intents.apply
with the fit of int_intent_models_fitted): its label; else a confident, known-looking
prediction; else the nearest discovered intent. Only unlabelled tickets have their text read.

A daily run assigns the touched tickets, and every ticket after a refit (daily_run_scope).
"""

from ai_support_metrics import intents


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="tickets_in_scope",
        daily_run_scope="touched",
        daily_run_recompute_all_when_changed=["int_intent_models_fitted"],
    )
    [(stored_fit,)] = dbt.ref("int_intent_models_fitted").project("fitted_model").fetchall()
    tickets = dbt.ref("int_tickets_described_by_customer_text").project(
        "ticket_id, labelled_intent, case when labelled_intent is null then customer_text end as text")
    assigned = intents.apply(intents.loads(stored_fit), tickets.df())
    assigned["loaded_at"] = dbt.ref("int_data_watermark").project("loaded_at").fetchall()[0][0]
    return assigned
