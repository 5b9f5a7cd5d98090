"""Per-turn signals on realistic support text: case, punctuation, contractions, typos, emoji,
chat shorthand; rephrasing; positions and the confirmation-after-an-answer rule."""

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from conftest import PROJECT_ROOT
from ai_support_metrics.conversation_signals import (
    classify_turns, classify_turns_in_chunks, normalise, signals_of_texts,
)

PHRASES = pd.read_csv(PROJECT_ROOT / "seeds" / "conversation_signal_phrases.csv")


def signals(*texts):
    return signals_of_texts(pd.Series(list(texts)), PHRASES)


@pytest.mark.parametrize("text, expected", [
    ("Didn't work?!", "did not work"),
    ("I CAN\u2019T log in!!", "i cannot log in"),
    ("thx, it's fixed 👍", "thanks it is fixed 👍"),
    ("ty pls", "thank you please"),
    ("what??", "what ??"),
    ("All sorted👍🏻", "all sorted 👍 🏻"),
    (None, ""),
])
def test_normalise(text, expected):
    assert normalise(pd.Series([text])).iloc[0] == expected


@pytest.mark.parametrize("text", [
    "Thanks, that worked!", "All sorted 👍", "Perfect thx", "ty that fixed it", "THANK YOU!!!",
    "ok it's working now, thx", "Thnaks, that did it", "cheers 🙏", "that workd, great",
])
def test_confirmations(text):
    row = signals(text).iloc[0]
    assert row["is_confirmation"] and not row["is_confusion"] and not row["is_human_request"]


@pytest.mark.parametrize("text", [
    "That didn't help", "I already tried that", "What do you mean?", "Still not working 😕",
    "it STILL doesnt work", "??", "This is useless 🙄", "thats not what i aksed",
    "Thanks but it still doesn't work",
])
def test_confusion_beats_confirmation(text):
    row = signals(text).iloc[0]
    assert row["is_confusion"] and not row["is_confirmation"]


@pytest.mark.parametrize("text", [
    "Can I talk to a real person?", "agent pls", "HUMAN PLEASE", "I want to speak to a human",
    "connect me to an agent", "representative", "not a bot, a real humna please",
])
def test_human_requests(text):
    row = signals(text).iloc[0]
    assert row["is_human_request"] and not row["is_confirmation"]


@pytest.mark.parametrize("text", [
    "How do I change my card?", "ok", "I'll try that", "where is my order #1234567",
    "I did the thing yesterday", "workspace settings", "Can I change the plan?",
])
def test_neutral_messages_signal_nothing(text):
    row = signals(text).iloc[0]
    assert not (row["is_confirmation"] or row["is_confusion"] or row["is_human_request"])


def test_words_inside_other_words_do_not_match():
    assert not signals("thanksgiving order", "unperfected").is_confirmation.any()


def turns_frame(rows):
    start = dt.datetime(2026, 3, 2, 9)
    columns = ["turn_id", "ticket_id", "author_role", "turn_type", "body", "ai_confidence", "feedback", "sent_at"]
    return pd.DataFrame([
        {"turn_id": f"{ticket}-{i}", "ticket_id": ticket, "author_role": role, "turn_type": kind,
         "body": body, "ai_confidence": None, "feedback": None, "sent_at": start + dt.timedelta(minutes=i)}
        for i, (ticket, role, kind, body) in enumerate(rows)
    ], columns=columns)


@pytest.mark.parametrize("through_arrow", [False, True])
def test_classify_turns_positions_rephrases_and_answer_rule(through_arrow):
    turns = turns_frame([
        ("a", "customer", "message", "Thanks 🙏 my card expired, how do I add a new one?"),
        ("a", "ai_agent", "message", "Open Billing > Payment methods."),
        ("a", "customer", "message", "I mean my card expired, how can I add the new one??"),
        ("a", "system", "handoff", None),
        ("a", "customer", "message", "thx that worked"),
        ("b", "customer", "message", "my card expired, how do I add a new one"),
        ("b", "customer", "message", "Hello?"),
    ]).sample(frac=1.0, random_state=3)  # input order must not matter
    if through_arrow:  # as the dbt model reads it
        turns = pa.Table.from_pandas(turns, preserve_index=False).to_pandas()
    out = classify_turns(turns, PHRASES, rephrase_threshold=0.5).set_index("turn_id")
    assert out.loc[["a-0", "a-1", "a-2", "a-3", "a-4", "b-5", "b-6"], "turn_position"].tolist() == [
        1, 2, 3, 4, 5, 1, 2]
    # The opening's 🙏 comes before any answer: not a confirmation.
    assert out["is_confirmation"].tolist().count(True) == 1 and out.loc["a-4", "is_confirmation"]
    assert out.loc["a-2", "is_rephrase"] and out.loc["a-2", "rephrase_similarity"] > 0.5
    assert not out.loc["a-4", "is_rephrase"]
    # Similarity only within a ticket: b's first message is not compared with a's.
    assert np.isnan(out.loc["b-5", "rephrase_similarity"]) and np.isnan(out.loc["a-0", "rephrase_similarity"])
    assert not out.loc["b-6", "is_rephrase"]
    assert np.isnan(out.loc["a-3", "rephrase_similarity"]) and not out.loc["a-3", "is_confusion"]
    assert out.loc["a-3", "body_length"] == 0 and out.loc["a-0", "body_length"] == 49


def test_turns_at_the_same_time_are_ordered_by_turn_id():
    # In ticket and time order, but not in turn_id order where the times are equal: reordered.
    turns = turns_frame([
        ("a", "customer", "message", "hi"), ("a", "ai_agent", "message", "Hello!"),
        ("b", "customer", "message", "hi"),
    ]).assign(turn_id=["a-2", "a-1", "b-1"], sent_at=lambda frame: frame["sent_at"].iloc[0])
    out = classify_turns(turns, PHRASES).set_index("turn_id")
    assert out.loc[["a-1", "a-2", "b-1"], "turn_position"].tolist() == [1, 2, 1]
    assert out.loc[["a-1", "a-2"], "author_role"].tolist() == ["ai_agent", "customer"]


def test_rephrase_threshold_is_applied():
    turns = turns_frame([
        ("a", "customer", "message", "where is my order"),
        ("a", "customer", "message", "where is my parcel"),
    ])
    similarity = classify_turns(turns, PHRASES).rephrase_similarity.iloc[1]
    assert classify_turns(turns, PHRASES, rephrase_threshold=similarity - 0.01).is_rephrase.iloc[1]
    assert not classify_turns(turns, PHRASES, rephrase_threshold=similarity + 0.01).is_rephrase.iloc[1]


def test_no_turns():
    out = classify_turns(turns_frame([]), PHRASES)
    assert out.empty and "is_rephrase" in out.columns


def as_arrow(frame):
    return pa.Table.from_pandas(frame, preserve_index=False)


def test_classifying_in_chunks_of_whole_tickets_gives_the_same_rows():
    tickets = [f"t{i}" for i in range(7)]
    turns = turns_frame([
        (ticket, role, "message", body)
        for ticket in tickets
        for role, body in [
            ("customer", f"my card {ticket} expired, how do I add a new one?"), ("ai_agent", "Open Billing."),
            ("customer", f"my card {ticket} expired, how can I add the new one??"), ("customer", "thx that worked"),
        ]
    ]).sample(frac=1.0, random_state=7)
    unchunked = as_arrow(classify_turns(turns, PHRASES, rephrase_threshold=0.5)).to_pandas()
    # Three turns a chunk: ten chunks, so tickets are classified apart from one another.
    chunked = classify_turns_in_chunks(as_arrow(turns), PHRASES, rephrase_threshold=0.5, chunk_turns=3).to_pandas()
    assert chunked["is_rephrase"].sum() == len(tickets)
    pd.testing.assert_frame_equal(
        chunked.sort_values("turn_id", ignore_index=True), unchunked.sort_values("turn_id", ignore_index=True),
    )


def test_classifying_on_several_threads_gives_the_same_rows():
    turns = turns_frame([
        (f"t{i}", role, "message", body)
        for i in range(40)
        for role, body in [
            ("customer", f"order {i} never arrived"), ("ai_agent", "It is on its way."),
            ("customer", f"my order {i} has not arrived"), ("customer", "ok thanks" if i % 2 else "???"),
        ]
    ])
    one_thread = classify_turns_in_chunks(as_arrow(turns), PHRASES, chunk_turns=20, workers=1).to_pandas()
    # 3 workers: chunks of about 7 turns, classified side by side.
    three_threads = classify_turns_in_chunks(as_arrow(turns), PHRASES, chunk_turns=20, workers=3).to_pandas()
    assert one_thread["is_rephrase"].sum() > 0 and one_thread["is_confirmation"].sum() > 0
    pd.testing.assert_frame_equal(
        three_threads.sort_values("turn_id", ignore_index=True), one_thread.sort_values("turn_id", ignore_index=True),
    )


def test_no_turns_in_chunks():
    out = classify_turns_in_chunks(as_arrow(turns_frame([])), PHRASES)
    assert out.num_rows == 0 and "is_rephrase" in out.column_names
