"""Per-turn signals of an AI agent's trajectory that survive real conversations: what the
customer's words say beyond courtesy, what the agent says about its own abilities and acts,
and what it really did (its tool calls). Phrase lists come from the seed
agent_trajectory_phrases (signal, phrase), matched like conversation_signal_phrases (normalised
text, whole words; see conversation_signals).

The rules, each on one kind of turn (false everywhere else):
- outcome confirmation (customer message after an agent message): the customer says the
  problem is gone ("it works now", "got the email"). Thanks, "great" or 👍 alone are courtesy:
  customers say them to a wrong answer too.
- question (customer message): ends with "?" or starts with a question word.
- refusal, apology (AI message): the agent states it cannot act ("I'm not able to", "only our
  support team can"), or apologises ("sorry", "unfortunately").
- action claim (AI message): the agent says it did something ("I've cancelled it"); unbacked
  when no write tool of the ticket had succeeded before it (a failed or missing action).
- tool call / tool result (turn_type): a write action when the tool's name starts with a
  write verb of the seed (update_, cancel_, issue_, ...), otherwise a lookup; a result failed
  per is_tool_error (staging derives it from the body when the column is empty). A result
  without a tool name takes the one of the ticket's last call.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ai_support_metrics.conversation_signals import canonical_words, match_phrases

CUSTOMER_SIGNALS = ("outcome_confirmation",)
AGENT_SIGNALS = ("refusal", "apology", "action_claim")
WRITE_TOOL_VERB = "write_tool_verb"
QUESTION_WORDS = (
    "how", "what", "where", "when", "why", "who", "which", "can", "could", "is", "are", "do",
    "does", "did", "will", "would", "should", "any",
)
_QUESTION_START = f"^\\W*(?:{'|'.join(QUESTION_WORDS)})\\b"


def signals_of_texts(texts: pd.Series, phrases: pd.DataFrame, signals: tuple[str, ...]) -> pd.DataFrame:
    """Per text (same index): one boolean column is_<signal> per signal of the phrase seed."""
    _, found = match_phrases(canonical_words(texts), phrases, signals)
    return pd.DataFrame({f"is_{signal}": found[signal] for signal in signals}, index=texts.index)


def is_question(texts: pd.Series) -> np.ndarray:
    """Whether each text asks something: its last visible character is '?', or its first
    word is a question word."""
    raw = pa.array(texts.to_numpy(dtype=object, na_value=""), type=pa.large_string())
    ends_with_question_mark = pc.match_substring_regex(raw, r"\?\s*\W{0,3}\s*$")
    # "Is" alone asks nothing: a question word must be followed by more words.
    starts_with_question_word = pc.match_substring_regex(pc.utf8_lower(raw), _QUESTION_START + r"\s+\w")
    return pc.or_(ends_with_question_mark, starts_with_question_word).to_numpy(zero_copy_only=False)


def is_write_tool(tool_names: pd.Series, phrases: pd.DataFrame) -> np.ndarray:
    """Whether each tool name names a write action: its verb (the first word of the last
    dotted part, camelCase and snake_case split) is a write verb of the seed."""
    verbs = set(phrases.loc[phrases["signal"].str.strip().str.lower() == WRITE_TOOL_VERB, "phrase"]
                .str.strip().str.lower())
    names = tool_names.fillna("").astype(str)
    last_part = names.str.rsplit(".", n=1).str[-1]
    verb = last_part.str.replace(r"([a-z0-9])([A-Z])", r"\1_\2", regex=True).str.lower().str.extract(
        r"^[^a-z0-9]*([a-z0-9]+)", expand=False)
    return verb.isin(verbs).to_numpy()


def _within_ticket_cumsum(values: np.ndarray, group_start: np.ndarray) -> np.ndarray:
    """Running sum of values within each ticket (rows in ticket order; group_start: index of
    each row's ticket's first row)."""
    total = np.cumsum(values)
    return total - (total - values)[group_start]


def agent_turn_signals(
    turns: pd.DataFrame, group_start: np.ndarray, after_agent_message: np.ndarray, phrases: pd.DataFrame,
    customer_texts: tuple[np.ndarray, pd.Series, pa.Array],
) -> pd.DataFrame:
    """One row per turn (turns in ticket and time order; same index): the boolean columns of
    the module docstring's rules, tool_name, and is_write_action / is_tool_error / is_tool_call
    / is_tool_result. customer_texts: the customer messages' bodies as classify_turns read
    them (code of each message's text, the distinct texts, their canonical_words)."""
    # Compared as they are (no Python strings): a missing value equals nothing.
    turn_type, role = turns["turn_type"], turns["author_role"]
    is_message = (turn_type == "message").to_numpy(dtype=bool, na_value=False)
    is_customer_message = is_message & (role == "customer").to_numpy(dtype=bool, na_value=False)
    is_ai_message = is_message & (role == "ai_agent").to_numpy(dtype=bool, na_value=False)
    is_tool_call = (turn_type == "tool_call").to_numpy(dtype=bool, na_value=False)
    is_tool_result = (turn_type == "tool_result").to_numpy(dtype=bool, na_value=False)
    columns = {}

    def on_rows(mask, codes, words, signals):
        """Per signal: the texts' matches (words: distinct texts; codes: text of each row of mask)."""
        _, found = match_phrases(words, phrases, signals)
        for signal in signals:
            column = np.zeros(len(turns), dtype=bool)
            column[mask] = found[signal][codes] if len(codes) else False
            columns[f"is_{signal}"] = column

    codes, distinct, words = customer_texts
    on_rows(is_customer_message, codes, words, CUSTOMER_SIGNALS)
    columns["is_outcome_confirmation"] &= after_agent_message
    question = np.zeros(len(turns), dtype=bool)
    question[is_customer_message] = is_question(distinct)[codes] if len(codes) else False
    columns["is_question"] = question
    ai_codes, ai_texts = pd.factorize(turns.loc[is_ai_message, "body"].fillna(""))
    on_rows(is_ai_message, ai_codes, canonical_words(pd.Series(ai_texts, dtype=object)), AGENT_SIGNALS)

    # Tool names: a result without one takes its ticket's last call's.
    tool_name = np.array(turns["tool_name"].astype(object).where(turns["tool_name"].notna(), None), dtype=object)
    last_call = np.maximum.accumulate(np.where(is_tool_call, np.arange(len(turns)), -1)) if len(turns) else np.array([], int)
    inherits = is_tool_result & pd.isna(tool_name) & (last_call >= group_start)
    tool_name[inherits] = tool_name[last_call[inherits]]
    is_tool = is_tool_call | is_tool_result
    # Few distinct tools: each name is looked at once.
    name_codes, distinct_names = pd.factorize(pd.Series(tool_name[is_tool], dtype=object))
    is_write = np.zeros(len(turns), dtype=bool)
    if len(name_codes):
        is_write[is_tool] = np.append(is_write_tool(pd.Series(distinct_names, dtype=object), phrases), False)[name_codes]
    is_tool_error = is_tool_result & turns["is_tool_error"].fillna(False).astype(bool).to_numpy()
    successful_writes_so_far = _within_ticket_cumsum((is_write & is_tool_result & ~is_tool_error).astype(int), group_start)
    columns.update(
        is_unbacked_action_claim=columns["is_action_claim"] & (successful_writes_so_far == 0),
        tool_name=pd.array(np.where(is_tool, tool_name, None), dtype="string"),
        is_tool_call=is_tool_call,
        is_tool_result=is_tool_result,
        is_write_action=is_write,
        is_tool_error=is_tool_error,
    )
    return pd.DataFrame(columns, index=turns.index)
