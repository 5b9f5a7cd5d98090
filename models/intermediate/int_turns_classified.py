"""One row per conversation turn with its position and the customer-message signals."""

from ai_support_metrics.conversation_signals import classify_turns


def model(dbt, session):
    dbt.config(materialized="table")
    # Through Arrow: text arrives Arrow-backed, which the string work needs (faster than .df()).
    turns = dbt.ref("stg_support__conversation_turns").to_arrow_table().to_pandas()
    phrases = dbt.ref("conversation_signal_phrases").df()
    return classify_turns(turns, phrases, float(dbt.config.get("rephrase_similarity_threshold")))
