"""Deterministic demo data: the contract's three raw inputs plus the truth behind them.

`generate(n_tickets, seed)` returns the frames `tickets`, `conversation_turns`, `events` and
`conversation_reviews` (the raw inputs of the data contract, every timestamp as ISO-8601 text)
and `ground_truth` (per ticket: clean and true intent, whether the problem was really solved,
planted scenario, conversation trajectory, whether its handoff was warranted).
`write(frames, out_dir)` writes each frame as `<name>.parquet`.

Twelve weeks of tickets start Monday 2026-08-03 00:00 UTC. Planted behaviour (weeks from 1):
- order_tracking, from week 7: a silent failure. Containment stays flat, but many customers
  leave without being helped and come back about the same intent within 72 hours.
- app_login_issue, from week 6: a decline. More confused follow-ups and rephrasings, lower
  CSAT, fewer downstream actions and more re-contacts; containment about flat.
- every other intent is stable: only sampling noise from week to week.
Failure modes of an LLM agent (every week, every intent): customers who thank an agent that
gave a wrong answer; tool calls (`tool_call` / `tool_result` turns with tool_name and
is_tool_error) that fail, actions claimed in words that no successful call backs; refusals;
warranted handoffs (the agent could not act and said so) and avoidable ones (ground_truth's
is_handoff_warranted). `conversation_reviews` is a reviewed sample: a tenth of the closed
tickets, the reviewer wrong 5% of the time.
Intents as real teams see them: customers phrase each need many ways (questions, complaints,
fragments, typos, a greeting before and a request after); 5% of the tickets of labelled intents
carry no label; gift_card_balance and account_data_export never carry one (the classifier
predates them); loyalty_points_missing appears only in the last three weeks (a new need).
ground_truth's true_intent keeps every ticket's real intent.
Planted mess: unlabeled and messy intent labels, stale ticket versions, timestamps with a
local UTC offset, `Z` or none, personal data (emails, phones, card numbers) in bodies.

Everything is vectorised with numpy and pyarrow: a million tickets take about ten seconds.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

FIRST_MONDAY = "2026-08-03"
WEEKS = 12

# What the customer does after a ticket of the intent, within how many hours of its end, and
# whether doing it shows the answer worked (expected) or did not (contradicting: a dispute
# filed after a refund explanation). seeds/intent_downstream_actions.csv holds the same rows
# for dbt.
DOWNSTREAM_ACTIONS = [
    ("password_reset", "password_reset_completed", 24, "expected"),
    ("billing_card_update", "billing_card_updated", 24, "expected"),
    ("refund_request", "refund_dispute_filed", 48, "contradicting"),
    ("plan_upgrade", "plan_upgraded", 24, "expected"),
    ("app_login_issue", "app_login_succeeded", 24, "expected"),
    ("shipping_address_change", "shipping_address_updated", 24, "expected"),
]

_HOUR = 3_600
_DAY = 24 * _HOUR
_START = int(np.datetime64(FIRST_MONDAY, "s").astype(np.int64))
_END = _START + WEEKS * 7 * _DAY  # exclusive: Monday 2026-10-26 00:00 UTC


@dataclass(frozen=True)
class IntentProfile:
    """How tickets of one intent behave. From week `changed_from_week` on (1-based), the AI
    truly resolves `changed_ai_resolution_rate` of contained tickets and `scenario` applies."""

    name: str
    share: float  # of first contacts
    escalation_rate: float
    ai_resolution_rate: float  # P(truly resolved | contained)
    human_resolution_rate: float = 0.88  # P(truly resolved | escalated)
    recontact_rate: float = 0.7  # P(back about it within 60 hours | contained, unresolved)
    action_rates: tuple[float, float] = (0.0, 0.0)  # P(the intent's action event | resolved, unresolved)
    human_request_affinity: float = 1.0  # weight of conversations with a request for a human
    scenario: str = "stable"
    changed_from_week: int = WEEKS + 1
    changed_ai_resolution_rate: float | None = None
    is_ever_labelled: bool = True  # False: the help desk's classifier has no label for it
    first_week: int = 1  # tickets of the intent start in this week (1-based)


INTENTS = (
    IntentProfile("password_reset", 0.16, 0.05, 0.93, action_rates=(0.92, 0.30)),
    IntentProfile("billing_card_update", 0.10, 0.10, 0.88, action_rates=(0.88, 0.25)),
    IntentProfile(
        "order_tracking", 0.18, 0.15, 0.88, recontact_rate=0.75,
        scenario="silent_failure", changed_from_week=7, changed_ai_resolution_rate=0.42,
    ),
    IntentProfile(
        "refund_request", 0.10, 0.33, 0.75, action_rates=(0.03, 0.40), human_request_affinity=1.5
    ),
    IntentProfile("subscription_cancel", 0.08, 0.40, 0.70, human_request_affinity=3.0),
    IntentProfile("plan_upgrade", 0.07, 0.10, 0.85, action_rates=(0.35, 0.05)),
    IntentProfile(
        "app_login_issue", 0.12, 0.12, 0.85, recontact_rate=0.55, action_rates=(0.88, 0.05),
        scenario="decline", changed_from_week=6, changed_ai_resolution_rate=0.25,
    ),
    IntentProfile("shipping_address_change", 0.09, 0.12, 0.87, action_rates=(0.85, 0.20)),
    IntentProfile("technical_bug", 0.10, 0.60, 0.50, human_resolution_rate=0.80),
    # Needs nobody labels: the classifier predates them.
    IntentProfile("gift_card_balance", 0.03, 0.10, 0.86, is_ever_labelled=False),
    IntentProfile("account_data_export", 0.03, 0.20, 0.80, is_ever_labelled=False),
    # A new need (a loyalty programme launched): only in the last three weeks.
    IntentProfile("loyalty_points_missing", 0.06, 0.15, 0.84, is_ever_labelled=False,
                  first_week=WEEKS - 2),
)
_INTENT_NAMES = [profile.name for profile in INTENTS]
_SHARE = np.array([p.share for p in INTENTS])
_ESCALATION_RATE = np.array([p.escalation_rate for p in INTENTS])
_AI_RESOLUTION_RATE = np.array([p.ai_resolution_rate for p in INTENTS])
_CHANGED_AI_RESOLUTION_RATE = np.array(
    [p.ai_resolution_rate if p.changed_ai_resolution_rate is None else p.changed_ai_resolution_rate
     for p in INTENTS]
)
_HUMAN_RESOLUTION_RATE = np.array([p.human_resolution_rate for p in INTENTS])
_RECONTACT_RATE = np.array([p.recontact_rate for p in INTENTS])
_CHANGED_FROM_WEEK = np.array([p.changed_from_week for p in INTENTS])
_ACTION_RATES = np.array([p.action_rates for p in INTENTS])
_IS_EVER_LABELLED = np.array([p.is_ever_labelled for p in INTENTS])
_FIRST_WEEK = np.array([p.first_week for p in INTENTS])
# Every intent label spelling: clean names, messy variants per intent, then '' (unlabeled).
_MESSY_LABELS = [
    [f" {name}", f"{name} ", name.upper(), name.title(), f" {name.title()} ", f"{name.upper()}  "]
    for name in _INTENT_NAMES
]
_LABELS = _INTENT_NAMES + [label for variants in _MESSY_LABELS for label in variants] + [""]

ESCALATED_RECONTACT_RATE = 0.35  # P(back about it within 60 hours | escalated, unresolved)
RESOLVED_RETURN_RATE = 0.04  # resolved tickets that come back after 72 h or about another intent
OPEN_TICKET_SHARE = 0.04
CSAT_SHARE = 0.30
UNLABELED_SHARE = 0.05  # of the tickets of intents that have labels: a tag agents forget
MESSY_LABEL_SHARE = 0.05
STALE_VERSION_SHARE = 0.03
LOCAL_OFFSET_SHARE = 0.30
EVENTS_PER_TICKET = 3.0
# Population size; with their skewed propensity about 0.4 customers per ticket open tickets,
# the others only show up in the product events.
CUSTOMERS_PER_TICKET = 0.7

REVIEWED_SHARE = 0.10
REVIEWER_ERROR_RATE = 0.05
REVIEWERS = ("qa_team", "llm_judge", "survey")

CHANNELS = ("chat", "email", "whatsapp", "web", "voice")
_CHANNEL_WEIGHTS = np.array([0.45, 0.20, 0.15, 0.18, 0.02])
ROLES = ("customer", "ai_agent", "human_agent", "system")
TURN_TYPES = ("message", "handoff", "note", "tool_call", "tool_result")
# How much slower than chat each role answers on each channel (rows follow CHANNELS).
_PACE = np.array([
    # customer, ai_agent, human_agent, system
    [1.0, 1.0, 1.0, 1.0],
    [40.0, 6.0, 12.0, 1.0],
    [4.0, 1.0, 2.0, 1.0],
    [1.2, 1.0, 1.0, 1.0],
    [0.4, 1.0, 0.5, 1.0],
])
_CLOSING_PACE = np.array([1.0, 6.0, 3.0, 1.0, 1.0])

# Customers' UTC offsets in minutes, and how common each is.
_UTC_OFFSETS = np.array([-480, -300, -240, 0, 60, 120, 330, 480, 600])
_UTC_OFFSET_WEIGHTS = np.array([0.08, 0.20, 0.10, 0.17, 0.20, 0.12, 0.07, 0.04, 0.02])
_WEEKDAY_WEIGHTS = np.array([1.15, 1.10, 1.05, 1.00, 0.95, 0.60, 0.55])  # Monday first
_HOUR_WEIGHTS = np.array([
    0.15, 0.12, 0.10, 0.10, 0.10, 0.12, 0.20, 0.40, 0.80, 1.00, 1.00, 1.00,
    0.85, 0.95, 1.00, 1.00, 0.95, 0.85, 0.70, 0.55, 0.45, 0.35, 0.25, 0.20,
])  # local time

# Conversation steps: author_role, turn_type, median seconds since the previous turn on chat.
_STEP_KINDS = {
    "open": ("customer", "message", 0),
    "ai_answer": ("ai_agent", "message", 8),
    "ai_retry": ("ai_agent", "message", 10),
    "ai_wrap_up": ("ai_agent", "message", 4),
    "ai_no_human": ("ai_agent", "message", 6),
    "confirm": ("customer", "message", 90),
    "acknowledge": ("customer", "message", 60),
    "confused": ("customer", "message", 75),
    "rephrase": ("customer", "message", 80),
    "human_request": ("customer", "message", 45),
    "explain_again": ("customer", "message", 120),
    "handoff": ("system", "handoff", 5),  # by the system or the AI agent
    "human_context": ("human_agent", "message", 420),
    "human_reexplain": ("human_agent", "message", 420),
    "human_note": ("human_agent", "note", 90),
    "human_fix": ("human_agent", "message", 240),
    "human_pending": ("human_agent", "message", 300),
    # The agent's actions in other systems (see _TOOLS) and what it says about them.
    "lookup_call": ("ai_agent", "tool_call", 3),
    "lookup_result": ("system", "tool_result", 2),
    "write_call": ("ai_agent", "tool_call", 3),
    "write_result": ("system", "tool_result", 2),
    "write_error": ("system", "tool_result", 4),
    "ai_done": ("ai_agent", "message", 6),  # claims the action is done
    "ai_cannot": ("ai_agent", "message", 6),  # states it cannot act, apologises
    "courtesy": ("customer", "message", 60),  # thanks or a sign-off, no word on the outcome
}
_KIND_NAMES = list(_STEP_KINDS)
_KIND = {name: index for index, name in enumerate(_KIND_NAMES)}
_KIND_ROLE = np.array([ROLES.index(role) for role, _, _ in _STEP_KINDS.values()])
_KIND_TURN_TYPE = np.array([TURN_TYPES.index(kind) for _, kind, _ in _STEP_KINDS.values()])
_KIND_GAP = np.array([float(gap) for _, _, gap in _STEP_KINDS.values()])
_KIND_GAP_SIGMA = np.where(  # people vary more than machines
    np.isin(_KIND_ROLE, [ROLES.index("customer"), ROLES.index("human_agent")]), 0.9, 0.5
)

# Conversation shapes per outcome, with their base weights.
OUTCOMES = ("ai_resolved", "ai_unresolved", "human_resolved", "human_unresolved")
_TRAJECTORIES = [
    ("ai_resolved", "confirmed", "open ai_answer confirm", 45),
    ("ai_resolved", "confirmed_wrapped_up", "open ai_answer confirm ai_wrap_up", 6),
    ("ai_resolved", "silent_after_answer", "open ai_answer", 30),
    ("ai_resolved", "acknowledged", "open ai_answer acknowledge", 8),
    ("ai_resolved", "retry_confirmed", "open ai_answer confused ai_retry confirm", 7),
    ("ai_resolved", "rephrase_confirmed", "open ai_answer rephrase ai_retry confirm", 4),
    ("ai_resolved", "answer_thanked", "open ai_answer courtesy", 30),
    ("ai_resolved", "looked_up_confirmed", "open lookup_call lookup_result ai_answer confirm", 15),
    ("ai_resolved", "action_done_confirmed", "open write_call write_result ai_done confirm", 15),
    ("ai_resolved", "action_done_thanked", "open lookup_call lookup_result write_call write_result ai_done courtesy", 30),
    ("ai_unresolved", "confused_twice", "open ai_answer confused ai_retry confused", 22),
    ("ai_unresolved", "silent_after_retry", "open ai_answer confused ai_retry", 9),
    ("ai_unresolved", "rephrased_confused", "open ai_answer rephrase ai_retry confused", 16),
    ("ai_unresolved", "rephrased_silent", "open ai_answer rephrase ai_retry", 7),
    ("ai_unresolved", "human_refused", "open ai_answer confused human_request ai_no_human", 11),
    ("ai_unresolved", "human_request_ignored", "open ai_answer human_request ai_no_human", 8),
    ("ai_unresolved", "silent_unhelped", "open ai_answer", 13),
    ("ai_unresolved", "acknowledged", "open ai_answer acknowledge", 8),
    ("ai_unresolved", "false_confirmation", "open ai_answer confirm", 4),
    # Polite customers of a wrong answer: nothing in the conversation tells it from a good one.
    ("ai_unresolved", "wrong_answer_thanked", "open ai_answer courtesy", 30),
    # Traces of a silent failure in the agent's actions: a failed write it then claims as done,
    # an action claimed with no write at all, a chain of lookups, a refusal left at that.
    ("ai_unresolved", "claimed_after_tool_error", "open write_call write_error ai_done courtesy", 25),
    ("ai_unresolved", "claimed_without_action", "open lookup_call lookup_result ai_done courtesy", 25),
    ("ai_unresolved", "lookup_loop",
     "open lookup_call lookup_result lookup_call lookup_result lookup_call lookup_result ai_answer courtesy", 12),
    ("ai_unresolved", "refused_left_alone", "open ai_cannot courtesy", 12),
    ("human_resolved", "asked_for_human",
     "open ai_answer human_request handoff human_context human_fix confirm", 20),
    ("human_resolved", "asked_for_human_reexplained",
     "open ai_answer human_request handoff human_reexplain explain_again human_fix confirm", 10),
    ("human_resolved", "confused_handed_over", "open ai_answer confused handoff human_context human_fix", 15),
    ("human_resolved", "routed_reexplained", "open handoff human_reexplain explain_again human_fix", 15),
    ("human_resolved", "routed_fixed", "open handoff human_fix confirm", 20),
    ("human_resolved", "handed_over_noted", "open ai_answer handoff human_note human_context human_fix", 10),
    ("human_resolved", "routed_silent", "open handoff human_context human_fix", 10),
    # Warranted handoffs: the agent tried, could not act (a tool failed, or the request is
    # beyond what it may do), said so and handed over with the context.
    ("human_resolved", "tool_failed_handed_over",
     "open write_call write_error ai_cannot handoff human_context human_fix courtesy", 15),
    ("human_resolved", "out_of_scope_handed_over", "open ai_cannot handoff human_context human_fix confirm", 15),
    ("human_unresolved", "reexplained_pending",
     "open ai_answer human_request handoff human_reexplain explain_again human_pending confused", 30),
    ("human_unresolved", "handed_over_pending",
     "open ai_answer confused handoff human_context human_pending", 35),
    ("human_unresolved", "routed_reexplained_pending",
     "open handoff human_reexplain explain_again human_pending", 20),
    ("human_unresolved", "routed_noted_pending", "open handoff human_note human_pending", 15),
    ("human_unresolved", "out_of_scope_pending", "open ai_cannot handoff human_context human_pending", 10),
]
# Escalated trajectories whose handoff was warranted (truth for escalation accuracy): the
# customer asked after a failed answer, or the agent could not act. The others were avoidable:
# the agent gave up, or never tried, on something it had the means to do.
_WARRANTED_HANDOFFS = {
    "confused_handed_over", "handed_over_pending", "tool_failed_handed_over",
    "out_of_scope_handed_over", "out_of_scope_pending",
}
# Conversations that end in the customer's courtesy, whatever the outcome: the hard cases.
POLITE_ENDINGS = frozenset(name for _, name, shape, _ in _TRAJECTORIES if shape.endswith(" courtesy"))
# Failures the agent does not see: it is as sure of itself as when it really helps.
_CONFIDENT_FAILURES = {"wrong_answer_thanked", "claimed_after_tool_error", "claimed_without_action"}
# Weight multipliers per planted scenario, while it applies.
_SCENARIO_TRAJECTORY_WEIGHTS = {
    "silent_failure": {"silent_unhelped": 20.0},
    "decline": {
        "retry_confirmed": 3.0, "rephrase_confirmed": 4.0, "confused_twice": 3.0,
        "rephrased_confused": 4.0, "rephrased_silent": 2.0,
    },
}

_CSAT_PROBABILITIES = np.array([
    [0.02, 0.03, 0.08, 0.27, 0.60],  # truly resolved
    [0.33, 0.30, 0.20, 0.11, 0.06],  # not resolved
])

_BACKGROUND_EVENTS = [
    ("page_viewed", 0.38), ("login", 0.24), ("search_performed", 0.14),
    ("help_article_viewed", 0.08), ("cart_viewed", 0.06), ("settings_opened", 0.04),
    ("notification_clicked", 0.03),
] + [(event, 0.005) for _, event, _, _ in DOWNSTREAM_ACTIONS]  # done without any ticket
_EVENT_PROPERTIES = [
    '{"source": "app"}', '{"source": "web"}', '{"source": "app", "platform": "ios"}',
    '{"source": "app", "platform": "android"}', '{"source": "email_link"}',
    '{"source": "web", "referrer": "help_center"}',
]

# ---------------------------------------------------------------------------------------------
# Message texts. `{order}`, `{email}`, `{phone}`, `{card}` and `{agent}` are filled per turn;
# `{topic}` per intent.

_OPENINGS = {
    "password_reset": [
        "I forgot my password and the reset email never arrives",
        "How do I reset my password?",
        "Can't log in to my account, I need to reset my password. My email is {email}",
        "The password reset link says it has expired, what do I do?",
        "Hi, I need a new password for my account",
        "The reset password button doesn't do anything",
        "password reset not working",
        "forgot password. help",
        "I've asked for a reset link three times now and nothing comes. This is really annoying",
        "How can I set a new password? I don't remember the old one",
        "reset link broken?? it just goes to a blank page",
        "Locked out. I changed my email last month and now I can't reset my password",
    ],
    "billing_card_update": [
        "I need to update the card on my account",
        "My card expired, how do I add a new one?",
        "Payment failed, I want to switch to my new card {card}",
        "How can I change the credit card you charge?",
        "My bank sent me a new card, where do I update it?",
        "I want to replace the card on file before my next invoice",
        "card on file expired",
        "Hello. My payment keeps failing. I have a new debit card, how do I put it in?",
        "Need to change payment method to my other card",
        "Where do I edit my billing details? The card number changed",
        "You charged my old card which is cancelled. How do I swap it for the new one?",
        "update credit card pls",
    ],
    "order_tracking": [
        "Where is my order {order}?",
        "My package hasn't arrived yet, order {order}",
        "Can you tell me when order {order} will be delivered?",
        "Tracking says delivered but I don't have my parcel",
        "Hi, any update on my delivery? It's been a week",
        "The tracking link for {order} isn't updating",
        "where's my stuff",
        "Still waiting for my parcel. The courier site shows no movement since Monday",
        "order {order} status?",
        "When will my package arrive? I ordered ten days ago and I need it for a birthday",
        "The delivery was supposed to come yesterday. Nothing. Where is it?",
        "Has my order shipped yet? No tracking number in the email",
    ],
    "refund_request": [
        "I want a refund for order {order}",
        "I was charged twice this month, please refund me",
        "How do I get my money back? The item arrived broken",
        "I'd like a refund, the product is not as described",
        "I returned the item two weeks ago and still no refund",
        "Can I get a refund for {order}? It never arrived",
        "money back please",
        "I cancelled the order but I was still charged. I want my money back",
        "refund for a damaged item",
        "The shoes don't fit and I sent them back. When do I get refunded?",
        "You took the payment twice. Refund the duplicate charge",
        "How long does a refund take? I asked for one last week for {order}",
    ],
    "subscription_cancel": [
        "I want to cancel my subscription",
        "How do I cancel? Please stop charging me",
        "Please cancel my membership effective immediately",
        "Cancel my plan, I don't use it anymore",
        "I'm trying to unsubscribe but can't find the option",
        "Close my account and stop the monthly payments",
        "cancel subscription",
        "I don't want to renew. How do I turn off auto-renewal?",
        "Stop my membership. I've tried the settings and there's no cancel button",
        "end my plan now pls",
        "I want to quit the service and not be billed next month",
        "We're moving to another tool, please terminate our subscription",
    ],
    "plan_upgrade": [
        "How do I upgrade to the Pro plan?",
        "I need more seats, can I upgrade my plan?",
        "What's the difference between Basic and Pro? Thinking of upgrading",
        "Can I switch to the annual plan?",
        "I need to upgrade my plan for my team",
        "Is there a discount if I upgrade now?",
        "upgrade to premium",
        "Our team grew. How do we move from Basic to Business?",
        "How much is the Pro tier and how do I switch my plan?",
        "need a bigger plan, we hit the project limit",
        "Can I upgrade mid-month? Will I pay the full price?",
        "I'd like to go from monthly to yearly billing on a higher plan",
    ],
    "app_login_issue": [
        "The app won't let me log in",
        "I keep getting 'invalid session' when I open the app",
        "Login fails on my phone but works on the website",
        "The app logs me out every time I open it",
        "Can't sign in to the mobile app, it just keeps loading",
        "The two-factor code never arrives when I log in to the app",
        "app login broken",
        "The mobile app says my credentials are wrong but they work on the web",
        "Since the update I can't get into the app on Android",
        "face ID login stopped working in the app",
        "I enter my code in the app and it kicks me back to the sign in screen. Every time",
        "Stuck on the login screen of the iPhone app",
    ],
    "shipping_address_change": [
        "I need to change the delivery address for order {order}",
        "I moved, how do I update my shipping address?",
        "Wrong address on my order, can you fix it? Call me on {phone}",
        "Can I ship order {order} to a different address?",
        "Please update my address before the order ships",
        "How do I edit my saved address?",
        "change address",
        "I typed the wrong street number on order {order}. Can it be corrected before it ships?",
        "Please send my parcel to my office instead of home",
        "new address for my deliveries",
        "I'm moving next week. Can you redirect my order to the new place?",
        "How do I change the postcode on an order I just placed?",
    ],
    "technical_bug": [
        "The checkout page crashes when I click pay",
        "Found a bug: the export button downloads an empty file",
        "Your website shows error 500 when I open my invoices",
        "The app crashes on startup since the last update",
        "Notifications are duplicated, I get every message twice",
        "Images don't load in the dashboard, tried two browsers",
        "site broken",
        "The page freezes when I upload a file. Chrome and Firefox, same thing",
        "Error message 'something went wrong' every time I save my settings",
        "The search returns nothing even for things I know exist. Bug?",
        "Dashboard charts are blank since this morning",
        "Buttons don't respond on the reports page. I think it's a bug on your side",
    ],
    "gift_card_balance": [
        "How do I check the balance on my gift card?",
        "gift card balance",
        "My gift card says zero but I never used it",
        "Can I use two gift cards on one order?",
        "I got a gift voucher for my birthday. How much is left on it?",
        "The gift card code is not accepted at checkout",
        "Does my gift card expire? It's from last Christmas",
        "how to redeem a gift card",
        "I want to add my gift card to my account balance",
        "Where do I see what's left on the voucher?",
        "gift card not working??",
        "Can I get a new gift card code, the old one is scratched off",
    ],
    "account_data_export": [
        "How do I download all my data?",
        "I want a copy of my personal data under GDPR",
        "export my account data",
        "Please send me everything you store about me",
        "The data export button gives me an empty zip file",
        "Can I get my order history as a CSV?",
        "Where is my data export? I asked for it a week ago",
        "data download request",
        "I need an export of my account for my records. How long does it take?",
        "Right of access request: all data you hold on my account",
        "how do i get an archive of my account information",
        "Is there a way to export my invoices and history in one file?",
    ],
    "loyalty_points_missing": [
        "My loyalty points are missing from my last purchase",
        "I didn't get reward points for order {order}",
        "where are my points",
        "The new rewards programme shows 0 points but I've bought three things",
        "Points not credited after checkout",
        "How long until reward points show up in my account?",
        "My points balance went down for no reason",
        "I joined the loyalty club but my purchases aren't counted",
        "reward points??",
        "The app says I earned 200 points but the balance didn't change",
        "Can you add the missing loyalty points for my order?",
        "Why didn't my purchase earn any points? I'm a member",
    ],
}
_AI_ANSWERS = {
    "password_reset": [
        "You can reset your password from the login page: tap 'Forgot password', enter your email and follow the link we send you. The link is valid for 30 minutes.",
        "Tap 'Forgot password' and a new reset link goes to the email on your account. Please check your inbox (and spam folder) and open it within 30 minutes.",
        "To reset your password go to Settings > Security > Reset password. You'll get an email with a link to choose a new one.",
        "Reset links expire after 30 minutes. Request a fresh one from the login page and use the newest email.",
    ],
    "billing_card_update": [
        "You can update your card under Account > Billing > Payment method. Click 'Replace card', enter the new details and save.",
        "To change your card, open Billing in the app, choose 'Payment methods', add the new card and set it as default.",
        "Use the secure link in your billing emails to update your card. The change applies from your next invoice.",
    ],
    "order_tracking": [
        "Your order {order} is on its way and should arrive within 2 business days. You can follow it with the tracking link in your confirmation email.",
        "I checked order {order}: it left our warehouse yesterday and is with the courier now.",
        "Deliveries in your area are running a day late. Your parcel is expected tomorrow; the tracking page updates once the courier scans it.",
        "Order {order} shows as out for delivery today.",
    ],
    "refund_request": [
        "I'm sorry about that. You can request a refund from Orders > select the order > 'Request refund'. Refunds reach your account in 5-7 business days.",
        "Your order is eligible for a refund. To open a dispute please use the 'Refund' form in your order history.",
        "Refunds for returned items are processed within 10 days of us receiving them. You can file a refund claim from the order page.",
    ],
    "subscription_cancel": [
        "You can cancel anytime from Account > Subscription > Cancel plan. You'll keep access until the end of the billing period.",
        "Before you go: we can offer you 50% off for the next 3 months. If you still want to cancel, go to Account > Subscription.",
        "To cancel, open Settings > Subscription and tap 'Cancel subscription'. You'll get a confirmation email.",
    ],
    "plan_upgrade": [
        "You can upgrade from Account > Plan > 'Upgrade'. Pro adds unlimited projects and priority support; the price difference is prorated.",
        "To add seats, go to Settings > Team > Add seats, or upgrade to Business for unlimited seats.",
        "Annual plans save 20%. You can switch from Account > Plan > 'Change billing period'.",
    ],
    "app_login_issue": [
        "Please update the app to the latest version, then sign out and back in. That clears most login errors.",
        "Try clearing the app's cache (Settings > Apps > our app > Clear cache) and logging in again.",
        "It looks like your session expired. Please reinstall the app and sign in with your email and password.",
        "If the two-factor code doesn't arrive, tap 'Resend code' after 60 seconds or use one of your backup codes.",
    ],
    "shipping_address_change": [
        "You can change the address of order {order} from Orders > Edit delivery address, as long as it hasn't shipped yet.",
        "To update your saved address, go to Account > Addresses and edit it or add a new one.",
        "If the order hasn't shipped yet, use Orders > Change address and confirm the new one.",
    ],
    "technical_bug": [
        "Thanks for reporting this. Could you try refreshing the page or using a private window? That often fixes display issues.",
        "We're aware of an issue with this feature and our team is working on it. Clearing your browser cache may help meanwhile.",
        "Please make sure you're on the latest version of the app; the last update fixed several crashes.",
    ],
    "gift_card_balance": [
        "You can check a gift card's balance under Account > Gift cards, or enter the code at checkout to see what's left.",
        "Gift cards don't expire. Enter the 16-digit code at checkout; any balance left stays on the card.",
        "To redeem a gift card, go to Account > Gift cards > Redeem and enter the code. The amount is added to your balance.",
    ],
    "account_data_export": [
        "You can request a copy of your data from Settings > Privacy > Download my data. We email you a link within 48 hours.",
        "Data exports are prepared within two days. The download link in the email stays valid for 7 days.",
        "To export your order history, open Orders and choose 'Export as CSV'.",
    ],
    "loyalty_points_missing": [
        "Loyalty points are credited 48 hours after your order ships. You can see them under Account > Rewards.",
        "Points count for purchases made after you joined the programme. I can see your membership started this week.",
        "If points are missing after 48 hours, tap 'Report missing points' on the Rewards page with your order number.",
    ],
}
# The tools the agent may call per intent: a lookup and a write action.
_TOOLS = {
    "password_reset": ("get_account", "send_password_reset"),
    "billing_card_update": ("get_billing_profile", "update_payment_method"),
    "order_tracking": ("get_order_status", "open_courier_claim"),
    "refund_request": ("get_order", "issue_refund"),
    "subscription_cancel": ("get_subscription", "cancel_subscription"),
    "plan_upgrade": ("get_subscription", "change_plan"),
    "app_login_issue": ("get_account", "reset_session"),
    "shipping_address_change": ("get_order", "update_shipping_address"),
    "technical_bug": ("get_incident_status", "create_bug_report"),
    "gift_card_balance": ("get_gift_card", "redeem_gift_card"),
    "account_data_export": ("get_privacy_requests", "create_data_export"),
    "loyalty_points_missing": ("get_rewards_account", "credit_loyalty_points"),
}
# Tool call and result bodies; {tool} is the intent's tool. Results carry personal data.
_TOOL_TEXTS = {
    "lookup_call": [
        '{"tool": "{tool}", "arguments": {"order_id": "{order}"}}',
        '{"tool": "{tool}", "arguments": {"customer_email": "{email}"}}',
        "{tool}(customer_phone={phone})",
    ],
    "lookup_result": [
        '{"status": "ok", "customer": {"email": "{email}", "name": "on file"}}',
        '{"status": "ok", "order_id": "{order}", "state": "in_transit"}',
        '{"status": "ok", "phone": "{phone}", "plan": "basic"}',
    ],
    "write_call": [
        '{"tool": "{tool}", "arguments": {"order_id": "{order}", "confirm": true}}',
        '{"tool": "{tool}", "arguments": {"customer_email": "{email}"}}',
    ],
    "write_result": [
        '{"status": "ok", "reference": "{order}"}',
        '{"status": "ok", "notified": "{email}"}',
        "OK: done",
    ],
    "write_error": [
        '{"status": "error", "error": "permission_denied", "customer": "{email}"}',
        '{"status": "error", "error": "timeout"}',
        "Error 500: upstream service unavailable for card {card}",
        '{"error": "not_allowed: order {order} already shipped"}',
    ],
}
# What the agent says once it (believes it) did the intent's write action.
_AI_DONE = {
    "password_reset": ["I've sent a password reset link to your email. It's valid for 30 minutes."],
    "billing_card_update": ["I've updated the card on your account, your next invoice will use it."],
    "order_tracking": ["I've opened a claim with the courier for order {order}; you'll hear from them within 24 hours."],
    "refund_request": ["I've issued a refund for order {order}. It will reach your account in 5-7 business days."],
    "subscription_cancel": ["I've cancelled your subscription. You won't be charged again."],
    "plan_upgrade": ["I've upgraded your account to the Pro plan; the difference is prorated."],
    "app_login_issue": ["I've reset your session. Please open the app and sign in again."],
    "shipping_address_change": ["I've updated the delivery address on order {order}."],
    "technical_bug": ["I've filed a bug report with our engineers and linked it to your account."],
    "gift_card_balance": ["I've added the gift card to your account balance."],
    "account_data_export": ["I've started your data export; the download link will arrive by email within 48 hours."],
    "loyalty_points_missing": ["I've credited the missing loyalty points to your account."],
}
_TOPICS = {
    "password_reset": "resetting your password",
    "billing_card_update": "updating your card",
    "order_tracking": "your delivery",
    "refund_request": "your refund",
    "subscription_cancel": "cancelling your subscription",
    "plan_upgrade": "upgrading your plan",
    "app_login_issue": "logging in to the app",
    "shipping_address_change": "your delivery address",
    "technical_bug": "the error you're seeing",
    "gift_card_balance": "your gift card",
    "account_data_export": "your data export",
    "loyalty_points_missing": "your loyalty points",
}
_HUMAN_FIXES = {
    "password_reset": [
        "I've reset your password manually, there's a fresh link in your inbox.",
        "Done: your account is unlocked and the reset link works now.",
    ],
    "billing_card_update": [
        "I've updated the card on file for you.",
        "Your new card is saved and set as default.",
    ],
    "order_tracking": [
        "I contacted the courier: your parcel will be delivered tomorrow.",
        "I've reshipped your order with express delivery.",
    ],
    "refund_request": [
        "I've issued the refund, you'll see it in 5-7 business days.",
        "Your refund is approved and on its way.",
    ],
    "subscription_cancel": [
        "Your subscription is cancelled, you won't be charged again.",
        "Done, I've cancelled your plan and refunded this month.",
    ],
    "plan_upgrade": [
        "Your account is now on the Pro plan.",
        "I've added the seats to your plan.",
    ],
    "app_login_issue": [
        "I've reset your session, please try logging in again now.",
        "I've cleared the lock on your account, the app should let you in now.",
    ],
    "shipping_address_change": [
        "I've changed the delivery address on your order.",
        "Your new address is saved and the order will go there.",
    ],
    "technical_bug": [
        "Our engineers deployed a fix, please try again now.",
        "I've applied a workaround on your account, it should work now.",
    ],
    "gift_card_balance": [
        "I've restored the balance on your gift card.",
        "Your gift card code is reissued and sent to your inbox.",
    ],
    "account_data_export": [
        "I've prepared your data export, the download link is in your inbox.",
        "Your archive is ready, I've re-sent the link.",
    ],
    "loyalty_points_missing": [
        "I've added the missing points to your rewards balance.",
        "Your points are credited now, you'll see them on the Rewards page.",
    ],
}
_HUMAN_CONTEXT = [
    "Hi, I'm {agent}. I see you're having trouble with {topic}, let me sort that out.",
    "Thanks for waiting! I've read your chat about {topic} and I'm checking your account now.",
    "Hello, {agent} here. I can see the issue with {topic}, one moment while I fix it.",
    "Hi! Picking this up from our assistant: {topic}. I'm on it.",
]
_OPENING_LEADS = ["", "Hi, ", "Hello. ", "Good morning! ", "Hey there. "]
_OPENING_ASKS = ["", "Can you help?", "Please advise.", "What should I do?"]
_AI_RETRY_PREFIXES = [
    "Sorry that didn't work. ", "I understand, let's try something else. ",
    "Apologies for the confusion! ", "Let me explain it differently. ",
]
_REPHRASE_PREFIXES = [
    "", "I mean ", "Again, ", "Let me rephrase: ", "What I'm asking is ", "To be clear, ",
    "Like I said, ",
]
_EXPLAIN_PREFIXES = [
    "As I told the bot, ", "I already explained this. ", "Sure. ", "Again: ", "Ok so ",
    "Like I said before, ",
]
_GENERIC_TEXTS = {
    # Outcome confirmations: the customer says the problem is gone.
    "confirm": [
        "Thanks, that worked!", "All sorted 👍", "ty that fixed it", "Great, it works now. Thank you!",
        "That did it, thanks", "Got it, all good now", "Yes that solved it",
        "OK it's working now, thx", "Thank you! Problem solved.", "I can see it now, thanks",
        "Just got the email, it worked", "Yes, it went through. Thanks!",
    ],
    # Courtesy and sign-offs: said as readily to a wrong answer as to a right one.
    "courtesy": [
        "Thanks!", "thank you", "Perfect thx", "Awesome, thank you so much", "Brilliant, cheers",
        "ok thanks, bye", "Great, thanks for your help", "appreciate it", "Thank you 🙏",
        "ok great", "Thanks, have a good day", "cool, thanks",
    ],
    "ai_cannot": [
        "I'm sorry, I'm not able to do that from here. Let me connect you with a colleague who can.",
        "Unfortunately I can't make that change myself. I'll pass this to our support team.",
        "I apologise, but I don't have access to that. A member of our team will take over.",
        "Sorry, that's something only our support team can do. I'm handing you over now.",
    ],
    "acknowledge": [
        "ok", "Ok thanks", "alright", "I'll try that", "will check, thanks", "hmm ok", "I see",
    ],
    "confused": [
        "That didn't help", "I already tried that", "What do you mean?", "Still not working",
        "That's not what I asked", "No, that doesn't work", "It still says the same error",
        "I did that and nothing happened", "This is useless", "??", "Not helpful tbh",
        "I don't understand", "The link doesn't work either",
    ],
    "human_request": [
        "Can I talk to a real person?", "agent please", "I want to speak to a human",
        "Human please", "Let me talk to someone", "Is there a real person I can talk to?",
        "Connect me to an agent", "representative", "I need to speak with support staff, not a bot",
    ],
    "ai_wrap_up": [
        "Glad I could help! Is there anything else?", "Great! Have a nice day 😊",
        "You're welcome! Feel free to reach out anytime.",
    ],
    "ai_no_human": [
        "I'm sorry, our team isn't available right now. Is there anything else I can help you with?",
        "I can help you with that right here. Could you give me a bit more detail?",
        "Our agents are busy at the moment. You can also find answers in our Help Center.",
    ],
    "handoff": [
        "Transferring you to a member of our support team.",
        "I'm connecting you with a human agent, please hold on.",
        "Handing over to our support team. Average wait time: 5 minutes.",
        "Conversation assigned to the support queue.",
    ],
    "human_reexplain": [
        "Hi, I'm {agent} from the support team. Could you describe the issue again?",
        "Hello! Can you explain again what happened?",
        "Sorry, could you tell me more about the problem?",
        "Hi there, {agent} here. I don't have the details of your chat, can you describe the problem?",
        "Hi! Could you walk me through what happened?",
        "Thanks for waiting. What seems to be the problem?",
    ],
    "human_note": [
        "Customer verified via {email}", "Checked the account, nothing unusual",
        "Known issue, linked to the open incident", "Tier 2: please take over if this happens again",
        "Called the customer on {phone}, no answer", "Applied the standard policy",
    ],
    "human_pending": [
        "I've raised this with our technical team, we'll get back to you by email.",
        "I'm afraid I can't do that from here. Please try again tomorrow.",
        "This needs to be checked by another department, I've forwarded your case.",
        "Unfortunately there's nothing more I can do at the moment.",
    ],
}
# Restating a message "in slightly different words": each phrase swaps for the other.
_REWORDINGS = {
    "I want": "I'd like", "I'd like": "I want", "can't": "cannot", "Can't": "Cannot",
    "won't": "will not", "doesn't": "does not", "don't": "do not", "How do I": "how can I",
    "How can I": "how do I", "package": "parcel", "parcel": "package", "delivery": "shipment",
    "need": "have to", "Please": "pls", "Hi, ": "", "app": "application", "order": "purchase",
}
_REWORDING_PATTERN = re.compile("|".join(rf"\b{re.escape(phrase)}" for phrase in _REWORDINGS))
_CASUAL_WORDS = {
    "thanks": "thx", "thank you": "ty", "you": "u", "please": "pls", "your": "ur", "i'm": "im",
    "don't": "dont", "can't": "cant", "doesn't": "doesnt", "didn't": "didnt", "it's": "its",
    "what's": "whats",
}
_CASUAL_PATTERN = re.compile("|".join(rf"\b{re.escape(word)}\b" for word in _CASUAL_WORDS))
_SLOT_PATTERN = re.compile(r"\{(order|email|phone|card|agent)\}")
SLOTS = ("none", "order", "email", "phone", "card", "agent")
_EMOJI = {
    "positive": ["👍", "🙏", "😊", "🎉", "!!"],
    "negative": ["😕", "🙄", "😤", "??", "..."],
    "neutral": ["🙂", "🙏", "!!", "pls"],
}
_KIND_MOOD = {
    "confirm": "positive", "acknowledge": "positive", "confused": "negative",
    "human_request": "negative", "rephrase": "negative", "explain_again": "negative",
    "courtesy": "positive",
}
_CARD_NUMBERS = ["4111 1111 1111 1111", "5555 5555 5555 4444", "4242-4242-4242-4242", "378282246310005"]
_AGENT_NAMES = ["Sam", "Priya", "Lukas", "Maria", "Tom", "Aisha", "Chen", "Olivia", "Diego", "Fatima"]
_FIRST_NAMES = ["jane", "john", "maria", "li", "ahmed", "sofia", "lucas", "emma", "noah", "aisha",
                "pedro", "yuki", "olga", "sam", "chloe", "ravi", "anna", "omar", "lena", "tom"]
_LAST_NAMES = ["doe", "smith", "garcia", "chen", "khan", "rossi", "muller", "brown", "silva", "kim",
               "novak", "patel", "jones", "haddad", "berg", "costa", "ward", "ito", "moreau", "lee"]
_EMAIL_DOMAINS = ["example.com", "mail.example.org", "example.net"]
# Personal data a customer sometimes adds to a message: label, slot.
_PERSONAL_DATA_LABELS = [
    (" - my email is ", "email"), (", email: ", "email"), (" - you can reach me at ", "email"),
    (", my number is ", "phone"), (" - call me on ", "phone"), (", my card is ", "card"),
]
_PERSONAL_DATA_WEIGHTS = np.array([0.2, 0.15, 0.15, 0.2, 0.2, 0.1])
PERSONAL_DATA_SHARE = 0.06  # of these customer messages without a placeholder:
_PERSONAL_DATA_KINDS = ["open", "rephrase", "explain_again", "confused"]


# ---------------------------------------------------------------------------------------------
# Public API


def generate(n_tickets: int, seed: int = 42) -> dict[str, pd.DataFrame]:
    """The demo data for n_tickets tickets: frames tickets, conversation_turns, events and
    ground_truth. The same n_tickets and seed always give identical frames."""
    if n_tickets < 1:
        raise ValueError("n_tickets must be at least 1")
    rng = np.random.default_rng(seed)
    customers = _Customers.draw(rng, max(1, round(CUSTOMERS_PER_TICKET * n_tickets)))
    tickets, turns = _simulate(rng, n_tickets, customers)
    ticket_ids = _ids("tkt_", len(tickets["intent"]), 7)
    customer_ids = _ids("cus_", len(customers.weight), 6)
    tickets["style"] = _draw_styles(rng, len(tickets["intent"]), LOCAL_OFFSET_SHARE)
    tickets["label"] = _draw_labels(rng, tickets["intent"])
    tables = {
        "tickets": _tickets_table(rng, tickets, ticket_ids, customer_ids, customers),
        "conversation_turns": _turns_table(rng, tickets, turns, ticket_ids, customers),
        "events": _events_table(rng, tickets, customers, customer_ids),
        "ground_truth": _ground_truth_table(tickets, ticket_ids),
        "conversation_reviews": _reviews_table(rng, tickets, ticket_ids),
    }
    int_to_nullable = {pa.int64(): pd.Int64Dtype()}.get
    return {name: table.to_pandas(types_mapper=int_to_nullable) for name, table in tables.items()}


def write(frames: dict[str, pd.DataFrame], out_dir: str | Path) -> dict[str, Path]:
    """Write each frame as out_dir/<name>.parquet, creating out_dir; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in frames.items():
        paths[name] = out_dir / f"{name}.parquet"
        frame.to_parquet(paths[name], index=False)
    return paths


# ---------------------------------------------------------------------------------------------
# Simulation: which tickets happen, how their conversations go and when they end.


@dataclass(frozen=True)
class _Customers:
    """The customer population: how often each contacts support, and their UTC offset."""

    weight: np.ndarray  # sums to 1
    utc_offset: np.ndarray  # index into _UTC_OFFSETS

    @classmethod
    def draw(cls, rng: np.random.Generator, n_customers: int) -> _Customers:
        weight = rng.lognormal(0.0, 0.9, n_customers)
        utc_offset = rng.choice(len(_UTC_OFFSETS), n_customers, p=_UTC_OFFSET_WEIGHTS)
        return cls(weight / weight.sum(), utc_offset)


def _simulate(rng, n_tickets, customers):
    """Ticket and turn plans: first contacts and their chains of follow-up tickets, trimmed to
    exactly n_tickets and ordered by created_at (ticket index = ticket number - 1)."""
    batch = _first_contacts(rng, n_tickets, customers)
    ticket_batches, turn_batches = [], []
    n_planned = 0
    generation = 0
    while len(batch["intent"]):
        batch["generation"] = np.full(len(batch["intent"]), generation)
        turns = _converse(rng, batch)
        turns["ticket"] += n_planned
        ticket_batches.append(batch)
        turn_batches.append(turns)
        n_planned += len(batch["intent"])
        batch = _follow_ups(rng, batch)
        generation += 1
    tickets = _concat(ticket_batches)
    turns = _concat(turn_batches)

    kept = np.flatnonzero(_keep_whole_chains(rng, tickets["root"], tickets["generation"], n_tickets))
    order = kept[np.argsort(tickets["created"][kept], kind="stable")]
    new_index = np.full(n_planned, -1)
    new_index[order] = np.arange(len(order))
    turn_ticket = new_index[turns["ticket"]]
    kept_turns = np.flatnonzero(turn_ticket >= 0)
    kept_turns = kept_turns[np.argsort(turn_ticket[kept_turns], kind="stable")]
    turns = _take(turns, kept_turns)
    turns["ticket"] = turn_ticket[kept_turns]
    return _take(tickets, order), turns


def _first_contacts(rng, n, customers):
    """Tickets that are not follow-ups: who, about what, when (local working hours), where."""
    customer = rng.choice(len(customers.weight), n, p=customers.weight)
    utc_offset_seconds = _UTC_OFFSETS[customers.utc_offset[customer]] * 60
    day_weights = np.tile(_WEEKDAY_WEIGHTS, WEEKS)
    day = rng.choice(len(day_weights), n, p=day_weights / day_weights.sum())
    hour = rng.choice(24, n, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    local = _START + day * _DAY + hour * _HOUR + rng.integers(0, _HOUR, n)
    created = local - utc_offset_seconds
    # Keep every ticket inside the twelve weeks (UTC), on the same local weekday and hour.
    created = np.where(created < _START, created + 7 * _DAY, created)
    created = np.where(created >= _END, created - 7 * _DAY, created)
    intent = rng.choice(len(INTENTS), n, p=_SHARE / _SHARE.sum())
    not_started = _week_of(created) < _FIRST_WEEK[intent]
    always_there = np.where(_FIRST_WEEK == 1, _SHARE, 0.0)
    intent[not_started] = rng.choice(len(INTENTS), not_started.sum(), p=always_there / always_there.sum())
    return {
        "customer": customer,
        "intent": intent,
        "created": created,
        "channel": rng.choice(len(CHANNELS), n, p=_CHANNEL_WEIGHTS),
        "root": np.arange(n),
    }


@cache
def _trajectory_tables():
    """Steps per trajectory (padded with -1), their lengths, and the cumulative probabilities
    of each trajectory per (intent, scenario applies, outcome) row."""
    steps = [[_KIND[step] for step in shape.split()] for _, _, shape, _ in _TRAJECTORIES]
    lengths = np.array([len(s) for s in steps])
    padded = np.full((len(steps), lengths.max()), -1)
    for index, kinds in enumerate(steps):
        padded[index, : len(kinds)] = kinds
    asks_for_human = np.array([_KIND["human_request"] in s for s in steps])
    base = np.array([float(weight) for *_, weight in _TRAJECTORIES])
    outcome = np.array([OUTCOMES.index(o) for o, *_ in _TRAJECTORIES])
    names = [name for _, name, _, _ in _TRAJECTORIES]
    rows = []
    for profile in INTENTS:
        for applies in (False, True):
            weights = base * np.where(asks_for_human, profile.human_request_affinity, 1.0)
            if applies:
                multipliers = _SCENARIO_TRAJECTORY_WEIGHTS.get(profile.scenario, {})
                weights = weights * np.array([multipliers.get(name, 1.0) for name in names])
            for index in range(len(OUTCOMES)):
                rows.append(np.where(outcome == index, weights, 0.0))
    return padded, lengths, _cumulative(np.array(rows))


def _converse(rng, batch):
    """Decide each ticket's outcome and conversation; adds them to batch and returns the turn
    plan (ticket index within batch, step kind, seconds since created_at)."""
    intent = batch["intent"]
    n = len(intent)
    scenario_applies = _week_of(batch["created"]) >= _CHANGED_FROM_WEEK[intent]
    escalated = rng.random(n) < _ESCALATION_RATE[intent]
    ai_rate = np.where(scenario_applies, _CHANGED_AI_RESOLUTION_RATE[intent], _AI_RESOLUTION_RATE[intent])
    resolved = rng.random(n) < np.where(escalated, _HUMAN_RESOLUTION_RATE[intent], ai_rate)
    outcome = 2 * escalated + ~resolved
    steps, lengths, cumulative = _trajectory_tables()
    trajectory = _sample_rows(rng, cumulative, (intent * 2 + scenario_applies) * len(OUTCOMES) + outcome)

    turn_lengths = lengths[trajectory]
    ticket = np.repeat(np.arange(n), turn_lengths)
    first_turn = np.cumsum(turn_lengths) - turn_lengths
    position = np.arange(len(ticket)) - first_turn[ticket]
    kind = steps[trajectory[ticket], position]
    pace = _PACE[batch["channel"][ticket], _KIND_ROLE[kind]]
    noise = np.exp(_KIND_GAP_SIGMA[kind] * rng.standard_normal(len(kind)))
    gap = np.rint(_KIND_GAP[kind] * pace * noise).astype(np.int64)
    gap = np.where(position == 0, 0, np.maximum(gap, 1))
    clock = np.cumsum(gap)
    offset = clock - clock[first_turn][ticket]

    last_turn = batch["created"] + offset[first_turn + turn_lengths - 1]
    closes = rng.random(n) >= OPEN_TICKET_SHARE
    closing_delay = np.rint(
        25 * 60 * _CLOSING_PACE[batch["channel"]] * np.exp(1.1 * rng.standard_normal(n))
    ).astype(np.int64) + 60
    batch.update(
        scenario_applies=scenario_applies, escalated=escalated, resolved=resolved, trajectory=trajectory,
        last_turn=last_turn, closed=np.where(closes, last_turn + closing_delay, -1),
        ended=np.where(closes, last_turn + closing_delay, last_turn),
    )
    return {"ticket": ticket, "kind": kind, "offset": offset}


def _follow_ups(rng, batch):
    """The tickets customers open after these: most unresolved ones come back about the same
    intent 1-60 hours after the end; a few resolved ones later or about another intent."""
    intent = batch["intent"]
    n = len(intent)
    return_rate = np.where(
        batch["resolved"], RESOLVED_RETURN_RATE,
        np.where(batch["escalated"], ESCALATED_RECONTACT_RATE, _RECONTACT_RATE[intent]),
    )
    returns = rng.random(n) < return_rate
    about_other_intent = batch["resolved"] & (rng.random(n) < 0.5)
    comes_back_late = batch["resolved"] & ~about_other_intent
    delay_hours = np.where(comes_back_late, rng.uniform(80, 300, n), 1 + 59 * rng.beta(1.2, 2.2, n))
    created = batch["ended"] + np.rint(delay_hours * _HOUR).astype(np.int64)
    other_intent = (intent + rng.integers(1, len(INTENTS), n)) % len(INTENTS)
    other_intent = np.where(_week_of(created) < _FIRST_WEEK[other_intent], intent, other_intent)
    new_channel = rng.choice(len(CHANNELS), n, p=_CHANNEL_WEIGHTS)
    keep = returns & (created < _END)
    return {
        "customer": batch["customer"][keep],
        "intent": np.where(about_other_intent, other_intent, intent)[keep],
        "created": created[keep],
        "channel": np.where(rng.random(n) < 0.65, batch["channel"], new_channel)[keep],
        "root": batch["root"][keep],
    }


def _keep_whole_chains(rng, root, generation, n_tickets):
    """Mask keeping exactly n_tickets tickets: whole chains of random first contacts, plus
    the first tickets of one more chain."""
    chain_size = np.bincount(root)
    order = rng.permutation(len(chain_size))
    kept_so_far = np.cumsum(chain_size[order])
    n_whole = np.searchsorted(kept_so_far, n_tickets, side="right")
    whole = np.zeros(len(chain_size), bool)
    whole[order[:n_whole]] = True
    keep = whole[root]
    missing = n_tickets - (kept_so_far[n_whole - 1] if n_whole else 0)
    if missing:
        keep |= (root == order[n_whole]) & (generation < missing)
    return keep


# ---------------------------------------------------------------------------------------------
# Output tables


def _tickets_table(rng, tickets, ticket_ids, customer_ids, customers):
    """The raw tickets: one row per ticket plus stale older versions, in random row order."""
    n = len(tickets["intent"])
    intent, label = tickets["intent"], tickets["label"]
    utc_offset = customers.utc_offset[tickets["customer"]]
    style = tickets["style"]

    unresolved = (~tickets["resolved"]).astype(int)
    has_csat = rng.random(n) < CSAT_SHARE
    csat = 1 + _sample_rows(rng, _cumulative(_CSAT_PROBABILITIES), unresolved)
    last_change = np.where(tickets["closed"] >= 0, tickets["closed"], tickets["last_turn"])
    updated = last_change + np.where(
        has_csat,
        np.rint(40 * 60 * np.exp(0.8 * rng.standard_normal(n))).astype(np.int64),
        rng.integers(1, 300, n),
    )
    channel = np.where(rng.random(n) < 0.01, -1, tickets["channel"])

    # Stale versions: the ticket before it closed, with an older intent label, or older csat.
    stale = np.flatnonzero(rng.random(n) < STALE_VERSION_SHARE)
    stale_kind = rng.integers(0, 3, len(stale))
    stale_kind = np.where((stale_kind == 0) & (tickets["closed"][stale] < 0), 1, stale_kind)
    # Another intent that has labels (those come first in INTENTS).
    n_labelled = int(_IS_EVER_LABELLED.sum())
    other_intent = (intent[stale] + rng.integers(1, n_labelled, len(stale))) % n_labelled
    older_unlabeled = (rng.random(len(stale)) < 0.3) & (label[stale] >= 0)
    stale_label = np.where(stale_kind == 1, np.where(older_unlabeled, -1, other_intent), label[stale])
    other_csat = (csat[stale] - 1 + rng.integers(1, 5, len(stale))) % 5 + 1
    stale_csat = np.where(stale_kind == 2, other_csat, csat[stale])
    stale_has_csat = np.where(stale_kind == 0, False, np.where(stale_kind == 2, True, has_csat[stale]))
    stale_closed = np.where(stale_kind == 0, -1, tickets["closed"][stale])
    created = tickets["created"]
    conversation_seconds = last_change[stale] - created[stale]
    stale_fraction = rng.uniform(0.05, 0.95, len(stale))
    stale_updated = created[stale] + np.floor(stale_fraction * conversation_seconds).astype(np.int64)

    rows = np.concatenate([np.arange(n), stale])
    row_style, row_offset = style[rows], utc_offset[rows]
    closed = np.concatenate([tickets["closed"], stale_closed])
    table = pa.table({
        "ticket_id": ticket_ids.take(rows),
        "customer_id": customer_ids.take(tickets["customer"][rows]),
        "created_at": _iso_text(created[rows], row_style, row_offset),
        "closed_at": _iso_text(closed, row_style, row_offset, valid=closed >= 0),
        "channel": _take_text(CHANNELS, channel[rows], valid=channel[rows] >= 0),
        "intent": _take_text(_LABELS, np.concatenate([label, stale_label]),
                             valid=np.concatenate([label, stale_label]) >= 0),
        "csat_score": pa.array(np.concatenate([csat, stale_csat]),
                               mask=~np.concatenate([has_csat, stale_has_csat])),
        "updated_at": _iso_text(np.concatenate([updated, stale_updated]), row_style, row_offset),
    })
    return table.take(rng.permutation(len(rows)))


def _draw_labels(rng, intent):
    """The classifier's label per ticket, as an index into _LABELS (-1 = null): mostly the
    clean name, sometimes a messy spelling, sometimes missing (null or ''); always missing for
    intents that are never labelled."""
    n = len(intent)
    n_messy = len(_MESSY_LABELS[0])
    messy = len(INTENTS) + intent * n_messy + rng.integers(0, n_messy, n)
    kind = rng.choice(4, n, p=[1 - UNLABELED_SHARE - MESSY_LABEL_SHARE,
                               UNLABELED_SHARE / 2, UNLABELED_SHARE / 2, MESSY_LABEL_SHARE])
    kind = np.where(_IS_EVER_LABELLED[intent], kind, 1 + (rng.random(n) < 0.5))
    return np.select([kind == 0, kind == 1, kind == 2], [intent, -1, len(_LABELS) - 1], messy)


def _turns_table(rng, tickets, turns, ticket_ids, customers):
    """The raw conversation turns, ticket by ticket in order."""
    ticket, kind = turns["ticket"], turns["kind"]
    n = len(kind)
    ai_resolved = (tickets["resolved"] & ~tickets["escalated"])[ticket]
    seems_resolved = ai_resolved | _trajectory_flags(_CONFIDENT_FAILURES)[tickets["trajectory"]][ticket]
    role = _KIND_ROLE[kind]
    is_handoff = kind == _KIND["handoff"]
    role = np.where(is_handoff & (rng.random(n) < 0.4), ROLES.index("ai_agent"), role)
    turn_type = _KIND_TURN_TYPE[kind]
    type_missing = (turn_type == 0) & (rng.random(n) < 0.10)  # empty means message
    is_ai_message = (role == ROLES.index("ai_agent")) & (turn_type == TURN_TYPES.index("message"))
    confidence = np.where(seems_resolved, rng.beta(7, 2, n), rng.beta(3, 3.2, n)).round(3)
    is_answer = np.isin(kind, [_KIND["ai_answer"], _KIND["ai_retry"]])
    has_feedback = is_answer & (rng.random(n) < 0.15)
    thumbs_up = rng.random(n) < np.where(ai_resolved, 0.85, 0.25)
    sent = tickets["created"][ticket] + turns["offset"]
    utc_offset = customers.utc_offset[tickets["customer"]][ticket]
    body = _bodies(rng, tickets, turns, customers)
    body_missing = is_handoff & (rng.random(n) < 0.15)
    is_tool_turn = turn_type >= TURN_TYPES.index("tool_call")
    tool_of_intent = pa.array([tool for intent in _INTENT_NAMES for tool in _TOOLS[intent]])
    is_write = np.isin(kind, [_KIND["write_call"], _KIND["write_result"], _KIND["write_error"]])
    is_result = turn_type == TURN_TYPES.index("tool_result")
    # Some platforms log no error flag: the body still says it failed.
    error_flag_missing = is_result & (rng.random(n) < 0.25)
    return pa.table({
        "turn_id": _ids("trn_", n, 8),
        "ticket_id": ticket_ids.take(ticket),
        "sent_at": _iso_text(sent, tickets["style"][ticket], utc_offset),
        "author_role": _take_text(ROLES, role),
        "body": pc.if_else(pa.array(body_missing), pa.scalar(None, pa.string()), body),
        "turn_type": _take_text(TURN_TYPES, turn_type, valid=~type_missing),
        "ai_confidence": pa.array(confidence, mask=~is_ai_message | (rng.random(n) < 0.08)),
        "feedback": _take_text(["down", "up"], thumbs_up.astype(int), valid=has_feedback),
        "tool_name": tool_of_intent.take(pa.array(
            tickets["intent"][ticket] * 2 + is_write, mask=~is_tool_turn)),
        "is_tool_error": pa.array(kind == _KIND["write_error"], mask=~is_result | error_flag_missing),
    })


def _events_table(rng, tickets, customers, customer_ids):
    """Product events: the intents' actions (expected or contradicting) after tickets (within, or just after, their window)
    plus background activity, about EVENTS_PER_TICKET per ticket, in time order."""
    n = len(tickets["intent"])
    intent, resolved = tickets["intent"], tickets["resolved"]
    action_names = [event for _, event, _, _ in DOWNSTREAM_ACTIONS]
    action_index = {intent_name: index for index, (intent_name, _, _, _) in enumerate(DOWNSTREAM_ACTIONS)}
    action_of_intent = np.array([action_index.get(name, -1) for name in _INTENT_NAMES])
    window_of_intent = np.array([DOWNSTREAM_ACTIONS[i][2] if i >= 0 else 0 for i in action_of_intent]) * _HOUR
    action_rate = _ACTION_RATES[intent, (~resolved).astype(int)]
    acted = np.flatnonzero((action_of_intent[intent] >= 0) & (rng.random(n) < action_rate))
    created, ended = tickets["created"][acted], tickets["ended"][acted]
    window = window_of_intent[intent[acted]]
    timing = rng.random(len(acted))
    action_at = np.select(
        [timing < 0.25, timing < 0.93],
        [created + (rng.random(len(acted)) * (ended - created)).astype(np.int64),
         ended + np.minimum(rng.beta(1.1, 2.5, len(acted)) * window, window - 1).astype(np.int64)],
        ended + window + rng.integers(60, 4 * _HOUR, len(acted)),  # just missed the window
    )

    background_names = [name for name, _ in _BACKGROUND_EVENTS]
    names = action_names + [name for name in background_names if name not in action_names]
    background_kind = np.array([names.index(name) for name in background_names])
    background_weights = np.array([weight for _, weight in _BACKGROUND_EVENTS])
    n_background = max(0, round(EVENTS_PER_TICKET * n) - len(acted))
    near_ticket = rng.random(n_background) < 0.55
    anchor = rng.integers(0, n, n_background)
    background_customer = np.where(
        near_ticket, tickets["customer"][anchor],
        rng.choice(len(customers.weight), n_background, p=customers.weight),
    )
    background_at = np.where(
        near_ticket,
        tickets["created"][anchor] + rng.integers(-36 * _HOUR, 36 * _HOUR, n_background),
        rng.integers(_START, _END + 2 * _DAY, n_background),
    )
    background_at = np.where(background_at < _START, background_at + 3 * _DAY, background_at)

    customer = np.concatenate([tickets["customer"][acted], background_customer])
    occurred = np.concatenate([action_at, background_at])
    name = np.concatenate([
        action_of_intent[intent[acted]],
        rng.choice(background_kind, n_background, p=background_weights / background_weights.sum()),
    ])
    order = np.argsort(occurred, kind="stable")
    customer, occurred, name = customer[order], occurred[order], name[order]
    n_events = len(order)
    properties = rng.integers(0, len(_EVENT_PROPERTIES), n_events)
    return pa.table({
        "event_id": _ids("evt_", n_events, 8),
        "customer_id": customer_ids.take(customer),
        "event_name": _take_text(names, name),
        "occurred_at": _iso_text(occurred, _draw_styles(rng, n_events, 0.10, z_share=0.65),
                                 customers.utc_offset[customer]),
        "properties": _take_text(_EVENT_PROPERTIES, properties, valid=rng.random(n_events) >= 0.10),
    })


def _week_of(utc_seconds):
    """Week number (1 = the week of FIRST_MONDAY) of epoch seconds."""
    return (utc_seconds - _START) // (7 * _DAY) + 1


def _trajectory_flags(names):
    """Per trajectory (index into _TRAJECTORIES): whether its name is in names."""
    return np.array([name in names for _, name, _, _ in _TRAJECTORIES])


def _ground_truth_table(tickets, ticket_ids):
    """Per ticket: clean intent label (null when unlabeled), true intent, whether the problem
    was truly resolved, the planted scenario that applies (`stable` when none), the
    conversation's trajectory and, on escalated tickets, whether the handoff was warranted."""
    intent = tickets["intent"]
    scenarios = ["stable"] + sorted({p.scenario for p in INTENTS} - {"stable"})
    scenario_of_intent = np.array([scenarios.index(p.scenario) for p in INTENTS])
    label = tickets["label"]
    is_labeled = (label >= 0) & (label < len(_LABELS) - 1)
    return pa.table({
        "ticket_id": ticket_ids,
        "intent": _take_text(_INTENT_NAMES, intent, valid=is_labeled),
        "true_intent": _take_text(_INTENT_NAMES, intent),
        "is_truly_resolved": pa.array(tickets["resolved"]),
        "scenario": _take_text(
            scenarios, np.where(tickets["scenario_applies"], scenario_of_intent[intent], 0)
        ),
        "trajectory": _take_text([name for _, name, _, _ in _TRAJECTORIES], tickets["trajectory"]),
        "is_handoff_warranted": pa.array(
            _trajectory_flags(_WARRANTED_HANDOFFS)[tickets["trajectory"]], mask=~tickets["escalated"]),
    })


def _reviews_table(rng, tickets, ticket_ids):
    """A reviewed sample: REVIEWED_SHARE of the closed tickets, each with the reviewer's
    verdict (the truth, wrong REVIEWER_ERROR_RATE of the time), when and by whom."""
    reviewed = np.flatnonzero((tickets["closed"] >= 0) & (rng.random(len(tickets["intent"])) < REVIEWED_SHARE))
    mistaken = rng.random(len(reviewed)) < REVIEWER_ERROR_RATE
    reviewed_at = tickets["closed"][reviewed] + rng.integers(_HOUR, 72 * _HOUR, len(reviewed))
    return pa.table({
        "ticket_id": ticket_ids.take(reviewed),
        "is_resolved": pa.array(tickets["resolved"][reviewed] != mistaken),
        "reviewed_at": _iso_text(reviewed_at, np.ones(len(reviewed), int), np.zeros(len(reviewed), int)),
        "reviewer": _take_text(REVIEWERS, rng.integers(0, len(REVIEWERS), len(reviewed))),
    })


# ---------------------------------------------------------------------------------------------
# Message bodies


@dataclass(frozen=True)
class _Catalog:
    """Every message text, split around its placeholder: entry = start[kind, intent] +
    template * variants[kind] + variant."""

    heads: pa.Array
    tails: pa.Array
    slot: np.ndarray  # index into SLOTS
    start: np.ndarray
    count: np.ndarray  # templates per kind and intent
    variants: np.ndarray  # spelling variants per template, per kind


def _build_catalog(rnd: random.Random) -> _Catalog:
    """Every spelling of every template of every step kind and intent, in catalog order."""
    heads, tails, slots = [], [], []
    start = np.zeros((len(_KIND_NAMES), len(INTENTS)), int)
    count = np.zeros_like(start)
    variants = np.zeros(len(_KIND_NAMES), int)
    for k, kind in enumerate(_KIND_NAMES):
        for i, intent in enumerate(_INTENT_NAMES):
            templates = _templates(kind, intent)
            start[k, i], count[k, i] = len(heads), len(templates)
            for template in templates:
                spellings = _spellings(template, kind, rnd)
                variants[k] = len(spellings)
                for text in spellings:
                    head, slot, tail = (_SLOT_PATTERN.split(text, maxsplit=1) + ["none", ""])[:3]
                    heads.append(head)
                    slots.append(SLOTS.index(slot))
                    tails.append(tail)
    return _Catalog(pa.array(heads), pa.array(tails), np.array(slots), start, count, variants)


def _templates(kind, intent):
    """The base texts of a step kind for an intent. Restatements come per opening template,
    then per prefix, so that they can restate the ticket's own opening."""
    if kind == "open":
        return _OPENINGS[intent]
    if kind == "ai_answer":
        return _AI_ANSWERS[intent]
    if kind == "ai_retry":
        return [prefix + answer for answer in _AI_ANSWERS[intent] for prefix in _AI_RETRY_PREFIXES]
    if kind in ("rephrase", "explain_again"):
        prefixes = _REPHRASE_PREFIXES if kind == "rephrase" else _EXPLAIN_PREFIXES
        return [_restate(prefix, opening) for opening in _OPENINGS[intent] for prefix in prefixes]
    if kind == "human_context":
        return [text.replace("{topic}", _TOPICS[intent]) for text in _HUMAN_CONTEXT]
    if kind == "human_fix":
        return _HUMAN_FIXES[intent]
    if kind == "ai_done":
        return _AI_DONE[intent]
    if kind in _TOOL_TEXTS:
        tool = _TOOLS[intent][kind.startswith("write")]
        return [text.replace("{tool}", tool) for text in _TOOL_TEXTS[kind]]
    return _GENERIC_TEXTS[kind]


def _restate(prefix, text):
    reworded = _REWORDING_PATTERN.sub(lambda match: _REWORDINGS[match.group(0)], text).strip()
    return prefix + reworded[:1].lower() + reworded[1:] if prefix else reworded


def _spellings(text, kind, rnd):
    """How people type it: customers vary case, punctuation, typos, emoji and abbreviations;
    human agents make the odd typo; AI and system texts are clean."""
    role = _STEP_KINDS[kind][0]
    if role == "customer":
        emoji = rnd.choice(_EMOJI[_KIND_MOOD.get(kind, "neutral")])
        typed = [text, text.lower(), _without_end_punctuation(text), _with_typo(text, rnd),
                 f"{text} {emoji}", _casual(text)]
        if kind == "open":  # a greeting before, a request after: several sentences
            return [lead + _with_ask(spelled, ask)
                    for spelled in typed for lead in _OPENING_LEADS for ask in _OPENING_ASKS]
        return typed
    if role == "human_agent":
        return [text] * 5 + [_with_typo(text, rnd)]
    return [text]


def _with_ask(text, ask):
    """text followed by a sentence asking for help, if any."""
    if not ask:
        return text
    return f"{text} {ask}" if text[-1:] in ".!?" else f"{text}. {ask}"


def _without_end_punctuation(text):
    return text.rstrip(".!?")


def _casual(text):
    lowered = _without_end_punctuation(text.lower())
    return _CASUAL_PATTERN.sub(lambda match: _CASUAL_WORDS[match.group(0)], lowered)


def _with_typo(text, rnd):
    """Swap two letters inside one longer word (placeholders untouched)."""
    words = text.split(" ")
    candidates = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    if not candidates:
        return text
    index = rnd.choice(candidates)
    word = words[index]
    at = rnd.randrange(1, len(word) - 2)
    words[index] = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return " ".join(words)


def _bodies(rng, tickets, turns, customers):
    """Message text per turn: a catalog entry (the ticket's own opening for restatements), its
    placeholder filled, and sometimes personal data the customer adds."""
    catalog = _build_catalog(random.Random(int(rng.integers(2**31))))
    ticket, kind = turns["ticket"], turns["kind"]
    n = len(kind)
    intent = tickets["intent"][ticket]
    n_openings = catalog.count[_KIND["open"], tickets["intent"]]
    opening = (rng.random(len(n_openings)) * n_openings).astype(int)[ticket]
    n_templates = catalog.count[kind, intent]
    template = (rng.random(n) * n_templates).astype(int)
    n_prefixes = n_templates // n_openings[ticket]
    restates = np.isin(kind, [_KIND["rephrase"], _KIND["explain_again"]])
    template = np.where(kind == _KIND["open"], opening, template)
    template = np.where(restates, opening * n_prefixes + (rng.random(n) * n_prefixes).astype(int), template)
    variant = (rng.random(n) * catalog.variants[kind]).astype(int)
    entry = catalog.start[kind, intent] + template * catalog.variants[kind] + variant
    slot = catalog.slot[entry]

    # Customers describing their problem sometimes add personal data.
    describes = np.isin(kind, [_KIND[name] for name in _PERSONAL_DATA_KINDS])
    adds_personal_data = describes & (slot == 0) & (rng.random(n) < PERSONAL_DATA_SHARE)
    personal_label = rng.choice(len(_PERSONAL_DATA_LABELS), n, p=_PERSONAL_DATA_WEIGHTS)
    label_slot = np.array([SLOTS.index(slot_name) for _, slot_name in _PERSONAL_DATA_LABELS])
    slot = np.where(adds_personal_data, label_slot[personal_label], slot)
    label = np.where(adds_personal_data, personal_label + 1, 0)

    values, value_start = _slot_values(rng, tickets, customers)
    customer = tickets["customer"][ticket]
    entity = np.select(
        [slot == SLOTS.index("order"), slot == SLOTS.index("email"), slot == SLOTS.index("phone"),
         slot == SLOTS.index("card"), slot == SLOTS.index("agent")],
        [ticket, customer, customer, rng.integers(0, len(_CARD_NUMBERS), n),
         rng.integers(0, len(_AGENT_NAMES), len(tickets["intent"]))[ticket]],
        0,
    )
    labels = pa.array([""] + [text for text, _ in _PERSONAL_DATA_LABELS])
    return pc.binary_join_element_wise(
        catalog.heads.take(entry), labels.take(label), values.take(value_start[slot] + entity),
        catalog.tails.take(entry), "",
    )


def _slot_values(rng, tickets, customers):
    """One text array with every placeholder value (order numbers per ticket, emails and phones
    per customer, card numbers, agent names) and where each slot's values start."""
    n_customers = len(customers.weight)
    customer = np.arange(n_customers)
    numbers = _as_text(rng.integers(1_000_000, 10_000_000, len(tickets["intent"])))
    orders = pc.binary_join_element_wise("#", numbers, "")
    emails = pc.binary_join_element_wise(
        _take_text(_FIRST_NAMES, customer % len(_FIRST_NAMES)), ".",
        _take_text(_LAST_NAMES, customer // len(_FIRST_NAMES) % len(_LAST_NAMES)),
        _as_text(customer % 997), "@", _take_text(_EMAIL_DOMAINS, customer % len(_EMAIL_DOMAINS)), "",
    )
    digits = pc.utf8_lpad(_as_text(customer % 1000), 3, "0")
    phones = pc.if_else(
        pa.array(customer % 3 == 0),
        pc.binary_join_element_wise("+1 (555) 010-", digits, "7", ""),
        pc.binary_join_element_wise("+44 7700 900", digits, ""),
    )
    parts = [pa.array([""]), orders, emails, phones, pa.array(_CARD_NUMBERS), pa.array(_AGENT_NAMES)]
    value_start = np.cumsum([0] + [len(part) for part in parts[:-1]])
    return pa.concat_arrays(parts), value_start


# ---------------------------------------------------------------------------------------------
# Small helpers


def _concat(batches):
    return {key: np.concatenate([batch[key] for batch in batches]) for key in batches[0]}


def _take(columns, index):
    return {key: values[index] for key, values in columns.items()}


def _cumulative(weights):
    """Rows of weights as rows of cumulative probabilities, each ending at exactly 1."""
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    cumulative[:, -1] = 1.0
    return cumulative


def _sample_rows(rng, cumulative, rows):
    """One category per element, drawn from the cumulative probabilities in row rows[j]."""
    width = cumulative.shape[1]
    flat = (cumulative + np.arange(len(cumulative))[:, None]).ravel()
    drawn = np.searchsorted(flat, rows + rng.random(len(rows)), side="right") - rows * width
    return np.minimum(drawn, width - 1)


def _draw_styles(rng, n, offset_share, z_share=None):
    """How each timestamp is written: 0 naive UTC, 1 UTC with Z, 2 local time with offset."""
    z_share = (1 - offset_share) / 2 if z_share is None else z_share
    return rng.choice(3, n, p=[1 - offset_share - z_share, z_share, offset_share])


def _as_text(values):
    return pc.cast(pa.array(values), pa.string())


def _take_text(texts, index, valid=None):
    """texts[index] as a text array, null where not valid."""
    mask = None if valid is None else ~np.asarray(valid)
    return pa.array(list(texts), pa.string()).take(pa.array(index, mask=mask))


def _ids(prefix, n, min_digits):
    """prefix + 1..n, zero-padded to at least min_digits."""
    digits = max(min_digits, len(str(n)))
    numbers = pc.utf8_lpad(_as_text(np.arange(1, n + 1)), digits, "0")
    return pc.binary_join_element_wise(prefix, numbers, "")


@cache
def _times_of_day():
    return pa.array([f"{s // _HOUR:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(_DAY)])


def _offset_text(minutes):
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _iso_text(utc_seconds, style, utc_offset, valid=None):
    """ISO-8601 text of UTC epoch seconds, per style (see _draw_styles), null where not valid."""
    local = utc_seconds + np.where(style == 2, _UTC_OFFSETS[utc_offset] * 60, 0)
    if valid is not None:
        local = np.where(valid, local, _START)
    day = local // _DAY
    first_day = int(day.min())
    dates = np.arange(first_day, int(day.max()) + 1).astype("datetime64[D]")
    suffixes = ["", "Z"] + [_offset_text(minutes) for minutes in _UTC_OFFSETS]
    suffix = np.where(style == 2, 2 + utc_offset, style)
    return pc.binary_join_element_wise(
        _take_text(np.datetime_as_string(dates), day - first_day, valid), "T",
        _times_of_day().take(pa.array(local % _DAY)), _take_text(suffixes, suffix), "",
    )
