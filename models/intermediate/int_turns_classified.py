"""One row per conversation turn with its position and the customer-message signals."""

from ai_support_metrics.conversation_signals import classify_turns_in_chunks


def model(dbt, session):
    dbt.config(materialized="table")
    # The relation itself: read once into Arrow, classified a chunk of whole tickets at a time.
    turns = dbt.ref("int_conversation_turns_kept")
    phrases = dbt.ref("conversation_signal_phrases").df()
    return classify_turns_in_chunks(turns, phrases, float(dbt.config.get("rephrase_similarity_threshold")))
