"""The agent-trajectory rules one by one, on realistic support text and tool traces: outcome
confirmation vs courtesy, questions, refusals, apologies, action claims backed or not by a
successful write, write tools vs lookups, failed calls, and how they combine per turn."""

import pandas as pd
import pytest

from conftest import PROJECT_ROOT
from ai_support_metrics.agent_signals import is_question, is_write_tool, signals_of_texts
from ai_support_metrics.conversation_signals import classify_turns

PHRASES = pd.read_csv(PROJECT_ROOT / "seeds" / "conversation_signal_phrases.csv")
AGENT_PHRASES = pd.read_csv(PROJECT_ROOT / "seeds" / "agent_trajectory_phrases.csv")


def signal(text, name):
    return bool(signals_of_texts(pd.Series([text]), AGENT_PHRASES, (name,))[f"is_{name}"].iloc[0])


@pytest.mark.parametrize("text", [
    "Thanks, that worked!", "ok it's working now, thx", "Just got the email 👍", "yes it went through",
    "I can see it now, thank you", "That did the trick", "Logged in now, cheers", "problem solved ✅",
])
def test_outcome_confirmations(text):
    assert signal(text, "outcome_confirmation")


@pytest.mark.parametrize("text", [
    "Thanks!", "thank you so much", "Perfect thx", "ok great", "Awesome, cheers 🙏", "ok thanks, bye",
    "Great, thanks for your help", "👍", "appreciate it",
])
def test_courtesy_is_no_outcome_confirmation(text):
    assert not signal(text, "outcome_confirmation")


@pytest.mark.parametrize("text, expected", [
    ("Where is my order #1234?", True), ("can u check my refund", True), ("any update??", True),
    ("how do I cancel", True), ("It still isn't here?! 😤", True), ("Thanks, bye", False),
    ("I moved, please update my address", False), ("Is", False),
])
def test_questions(text, expected):
    assert is_question(pd.Series([text]))[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("I'm sorry, I'm not able to issue refunds. Let me connect you with a colleague.", True),
    ("Unfortunately I can't make that change myself.", True),
    ("I don't have access to your billing details.", True),
    ("That's something only our support team can do.", True),
    ("You can cancel anytime from Account > Subscription.", False),
    ("I cannot find order #1234, could you check the number?", False),
])
def test_refusals(text, expected):
    assert signal(text, "refusal") == expected


@pytest.mark.parametrize("text, expected", [
    ("Sorry that didn't work.", True), ("I apologise for the confusion!", True),
    ("Unfortunately the courier is late.", True), ("Your order is on its way.", False),
])
def test_apologies(text, expected):
    assert signal(text, "apology") == expected


@pytest.mark.parametrize("text, expected", [
    ("I've cancelled your subscription. You won't be charged again.", True),
    ("I have issued a refund for order #1234.", True),
    ("Your refund has been processed.", True),
    ("Ive updated the delivery address on your order", True),
    ("You can update the address from Orders > Edit.", False),
    ("I've checked your order: it left our warehouse yesterday.", False),
])
def test_action_claims(text, expected):
    assert signal(text, "action_claim") == expected


@pytest.mark.parametrize("tool, expected", [
    ("issue_refund", True), ("cancelSubscription", True), ("billing.update_payment_method", True),
    ("UpdateShippingAddress", True), ("get_order_status", False), ("search_kb", False),
    ("orders.lookup", False), (None, False),
])
def test_write_tools_vs_lookups(tool, expected):
    assert is_write_tool(pd.Series([tool], dtype=object), AGENT_PHRASES)[0] == expected


def classified(rows):
    """classify_turns on one ticket's turns (author_role, turn_type, body, tool_name, is_tool_error)."""
    turns = pd.DataFrame(rows, columns=["author_role", "turn_type", "body", "tool_name", "is_tool_error"])
    turns = turns.assign(
        turn_id=[f"u{i}" for i in range(len(turns))], ticket_id="t1",
        sent_at=pd.date_range("2026-03-02 10:00", periods=len(turns), freq="min"),
        ai_confidence=None, feedback=None,
    )
    return classify_turns(turns, PHRASES, agent_phrases=AGENT_PHRASES).set_index("turn_id")


def test_a_claim_after_a_failed_write_is_unbacked_and_thanks_are_courtesy():
    turns = classified([
        ("customer", "message", "Please refund order #1234, it never arrived", None, None),
        ("ai_agent", "tool_call", None, "issue_refund", None),
        ("system", "tool_result", None, None, True),  # no tool name: the call's
        ("ai_agent", "message", "I've issued a refund for order #1234.", None, None),
        ("customer", "message", "Great, thanks!", None, None),
    ])
    assert turns.loc["u2", "tool_name"] == "issue_refund" and turns.loc["u2", "is_tool_error"]
    assert turns.loc["u1", "is_write_action"] and turns.loc["u1", "is_tool_call"]
    assert turns.loc["u3", "is_action_claim"] and turns.loc["u3", "is_unbacked_action_claim"]
    assert turns.loc["u4", "is_confirmation"] and not turns.loc["u4", "is_outcome_confirmation"]
    assert not turns["is_customer_message"][["u1", "u2"]].any()


def test_a_claim_after_a_successful_write_is_backed_and_a_lookup_backs_nothing():
    backed = classified([
        ("customer", "message", "cancel my plan pls", None, None),
        ("ai_agent", "tool_call", '{"tool": "cancel_subscription"}', "cancel_subscription", None),
        ("system", "tool_result", None, "cancel_subscription", False),
        ("ai_agent", "message", "I've cancelled your subscription.", None, None),
    ])
    assert backed.loc["u3", "is_action_claim"] and not backed.loc["u3", "is_unbacked_action_claim"]
    lookup_only = classified([
        ("customer", "message", "cancel my plan pls", None, None),
        ("ai_agent", "tool_call", None, "get_subscription", None),
        ("system", "tool_result", None, "get_subscription", False),
        ("ai_agent", "message", "I've cancelled your subscription.", None, None),
    ])
    assert not lookup_only.loc["u1", "is_write_action"]
    assert lookup_only.loc["u3", "is_unbacked_action_claim"]


def test_an_outcome_confirmation_needs_an_earlier_answer_and_no_complaint():
    turns = classified([
        ("customer", "message", "it works now but the app still crashes", None, None),
        ("ai_agent", "message", "Sorry to hear that! I'm not able to fix crashes, let me connect you.", None, None),
        ("customer", "message", "ok it works now, thanks", None, None),
        ("customer", "message", "it works now but the export is still broken", None, None),
    ])
    assert not turns.loc["u0", "is_outcome_confirmation"]  # before any answer
    assert turns.loc["u1", "is_refusal"] and turns.loc["u1", "is_apology"]
    assert turns.loc["u2", "is_outcome_confirmation"]
    assert not turns.loc["u3", "is_outcome_confirmation"]  # "still broken"
