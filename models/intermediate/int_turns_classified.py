"""One row per conversation turn with its position and the customer-message signals."""

from ai_support_metrics.conversation_signals import classify_turns


def model(dbt, session):
    dbt.config(materialized="table")
    turns = dbt.ref("stg_support__conversation_turns").df()
    phrases = dbt.ref("conversation_signal_phrases").df()
    return classify_turns(turns, phrases, float(dbt.config.get("rephrase_similarity_threshold")))
