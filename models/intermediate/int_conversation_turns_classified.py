"""One row per conversation turn with its position, the customer-message signals and the
agent-trajectory signals (ai_support_metrics.agent_signals: tool actions, refusals, claims).

A daily run classifies the turns of the touched tickets (daily_run_scope; a ticket's
rephrasings compare its messages with each other, so a ticket is redone whole).
"""

from ai_support_metrics import engine


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="tickets_in_scope",
        daily_run_scope="touched",
    )
    watermark = engine.first_row(dbt.ref("int_data_watermark"))
    # Classified a bucket of whole tickets at a time: in chunks here, distributed on PySpark.
    return engine.classify_turns_by_ticket(
        dbt.ref("int_conversation_turns_kept"),
        engine.to_pandas(dbt.ref("conversation_signal_phrases")),
        float(dbt.config.get("rephrase_similarity_threshold")),
        agent_phrases=engine.to_pandas(dbt.ref("agent_trajectory_phrases")),
        loaded_at=watermark["loaded_at"],
    )
