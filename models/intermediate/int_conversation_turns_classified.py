"""One row per conversation turn with its position, the customer-message signals and the
agent-trajectory signals (ai_support_metrics.agent_signals: tool actions, refusals, claims).

A daily run classifies the turns of the touched tickets (daily_run_scope; a ticket's
rephrasings compare its messages with each other, so a ticket is redone whole).
"""

import numpy as np
import pyarrow as pa

from ai_support_metrics.conversation_signals import classify_turns_in_chunks


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="tickets_in_scope",
        daily_run_scope="touched",
    )
    turns = dbt.ref("int_conversation_turns_kept")
    # The relation itself: read once into Arrow, classified a chunk of whole tickets at a time.
    classified = classify_turns_in_chunks(
        turns, dbt.ref("conversation_signal_phrases").df(), float(dbt.config.get("rephrase_similarity_threshold")),
        agent_phrases=dbt.ref("agent_trajectory_phrases").df())
    loaded_at = dbt.ref("int_data_watermark").project("loaded_at").fetchall()[0][0]
    stamps = np.full(classified.num_rows, np.datetime64(loaded_at, "us"))
    return classified.append_column("loaded_at", pa.array(stamps, pa.timestamp("us")))
