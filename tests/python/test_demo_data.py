"""The demo data generator: determinism, the contract's columns, and the planted behaviour
measured from the frames the way CONTRACT.md defines the metrics."""

import csv
import json
import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ai_support_metrics import demo_data

PROJECT_ROOT = Path(__file__).resolve().parents[2]


N_TICKETS = 6000
STABLE_INTENTS = [p.name for p in demo_data.INTENTS if p.scenario == "stable"]
LABELLED_INTENTS = [p.name for p in demo_data.INTENTS if p.is_ever_labelled]
NEW_INTENT = next(p.name for p in demo_data.INTENTS if p.first_week > 1)

# The contract's inputs: column -> (type as the contract writes it, required).
CONTRACT_COLUMNS = {
    "tickets": {
        "ticket_id": ("text", True), "customer_id": ("text", True),
        "created_at": ("timestamp", True), "closed_at": ("timestamp", False),
        "channel": ("text", False), "intent": ("text", False),
        "csat_score": ("integer 1-5", False), "updated_at": ("timestamp", False),
    },
    "conversation_turns": {
        "turn_id": ("text", True), "ticket_id": ("text", True), "sent_at": ("timestamp", True),
        "author_role": ("text", True), "body": ("text", False), "turn_type": ("text", False),
        "ai_confidence": ("number 0-1", False), "feedback": ("text", False),
        "tool_name": ("text", False), "is_tool_error": ("boolean", False),
    },
    "events": {
        "event_id": ("text", True), "customer_id": ("text", True), "event_name": ("text", True),
        "occurred_at": ("timestamp", True), "properties": ("JSON text", False),
    },
    "conversation_reviews": {
        "ticket_id": ("text", True), "is_resolved": ("boolean", True),
        "reviewed_at": ("timestamp", False), "reviewer": ("text", False),
    },
}
ISO_8601 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$"
WITH_OFFSET = r"[+-]\d{2}:\d{2}$"

# Per ticket (latest version): intent as compared, UTC times, week number (1 = 2026-08-03),
# escalation, 72-hour re-contact and downstream action, as CONTRACT.md defines them.
TICKET_FACTS_SQL = r"""
create macro utc_ts(x) as case
    when regexp_matches(trim(x), '([zZ]|[+-]\d{2}:\d{2})$')
        then cast(trim(x) as timestamptz) at time zone 'UTC'
    else cast(trim(x) as timestamp)
end;

create table ticket_facts as
with latest as (
    select * from tickets
    qualify row_number() over (partition by ticket_id order by utc_ts(updated_at) desc) = 1
),
conversations as (
    select
        ticket_id,
        max(utc_ts(sent_at)) as last_sent_at,
        bool_or(author_role = 'human_agent' or turn_type = 'handoff') as is_escalated,
        count(*) filter (author_role = 'customer') as customer_turns
    from conversation_turns
    group by ticket_id
),
base as (
    select
        latest.ticket_id,
        latest.customer_id,
        nullif(lower(trim(latest.intent)), '') as intent,
        latest.csat_score,
        utc_ts(latest.created_at) as created_at,
        utc_ts(latest.closed_at) as closed_at,
        coalesce(utc_ts(latest.closed_at), conversations.last_sent_at, utc_ts(latest.created_at)) as ended_at,
        conversations.is_escalated,
        conversations.customer_turns
    from latest
    left join conversations using (ticket_id)
)
select
    base.*,
    datediff('day', date '2026-08-03', base.created_at) // 7 + 1 as week,
    not base.is_escalated as is_contained,
    exists (
        select 1 from base as later
        where later.customer_id = base.customer_id and later.intent = base.intent
          and later.created_at > base.created_at
          and later.created_at <= base.ended_at + interval 72 hour
    ) as is_recontacted,
    actions.expected_event is not null as is_eligible,
    exists (
        select 1 from events
        where events.customer_id = base.customer_id and events.event_name = actions.expected_event
          and utc_ts(events.occurred_at) between base.created_at
              and base.ended_at + to_hours(actions.window_hours)
    ) as is_actioned,
    exists (
        select 1 from events
        where events.customer_id = base.customer_id and events.event_name = actions.expected_event
          and utc_ts(events.occurred_at) > base.ended_at + to_hours(actions.window_hours)
          and utc_ts(events.occurred_at) <= base.ended_at + to_hours(actions.window_hours + 4)
    ) as has_action_just_after_window,
    contradictions.expected_event is not null as is_checked_for_contradiction,
    exists (
        select 1 from events
        where events.customer_id = base.customer_id and events.event_name = contradictions.expected_event
          and utc_ts(events.occurred_at) between base.created_at
              and base.ended_at + to_hours(contradictions.window_hours)
    ) as is_contradicted
from base
left join actions on actions.intent = base.intent and actions.action_kind = 'expected'
left join actions as contradictions
    on contradictions.intent = base.intent and contradictions.action_kind = 'contradicting'
"""


@pytest.fixture(scope="module")
def frames():
    return demo_data.generate(N_TICKETS)


@pytest.fixture(scope="module")
def facts(frames):
    """ticket_facts (see TICKET_FACTS_SQL) joined with the ground truth."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    for name in ("tickets", "conversation_turns", "events"):
        connection.register(name, frames[name])
    actions = pd.DataFrame(demo_data.DOWNSTREAM_ACTIONS, columns=["intent", "expected_event", "window_hours", "action_kind"])
    connection.register("actions", actions)
    connection.execute(TICKET_FACTS_SQL)
    ticket_facts = connection.execute("select * from ticket_facts").df()
    connection.close()
    return ticket_facts.merge(frames["ground_truth"], on="ticket_id", suffixes=("", "_truth"))


def rate(facts, intent, column, weeks, where=None):
    """Mean of a boolean or numeric column over an intent's tickets in the given weeks, and
    how many values it averages."""
    rows = facts[(facts["intent"] == intent) & facts["week"].isin(weeks)]
    if where is not None:
        rows = rows[rows[where]]
    values = rows[column].dropna().astype(float)
    return values.mean(), len(values)


def difference_tolerance(first, second):
    """Three standard errors of the difference of two shares, plus two points of slack."""
    (p1, n1), (p2, n2) = first, second
    p = (p1 * n1 + p2 * n2) / (n1 + n2)
    return 3 * math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2)) + 0.02


EARLY_WEEKS, LATE_WEEKS = range(1, 7), range(7, 12)  # week 12's 72-hour windows are cut off


# --- determinism and shape -------------------------------------------------------------------


def test_same_seed_gives_identical_frames_and_another_seed_does_not():
    first, again = demo_data.generate(1500, seed=3), demo_data.generate(1500, seed=3)
    other = demo_data.generate(1500, seed=4)
    assert first.keys() == again.keys() == {
        "tickets", "conversation_turns", "events", "ground_truth", "conversation_reviews"}
    for name in first:
        pd.testing.assert_frame_equal(first[name], again[name])
    assert not first["tickets"].equals(other["tickets"])
    assert not first["conversation_turns"]["body"].equals(other["conversation_turns"]["body"])


@pytest.mark.parametrize("table", list(CONTRACT_COLUMNS))
def test_contract_columns_have_the_contract_types(frames, table):
    frame = frames[table]
    for column, (contract_type, required) in CONTRACT_COLUMNS[table].items():
        assert column in frame.columns, (table, column)
        values = frame[column]
        present = values.dropna()
        if required:
            assert values.notna().all() and (values.astype(str).str.strip() != "").all(), (table, column)
        if contract_type in ("text", "timestamp", "JSON text"):
            assert pd.api.types.is_string_dtype(values), (table, column, values.dtype)
        if contract_type == "timestamp":
            assert present.str.match(ISO_8601).all(), (table, column)
            assert pd.to_datetime(present, format="ISO8601", utc=True).notna().all()
        if contract_type == "integer 1-5":
            assert pd.api.types.is_integer_dtype(values) and present.between(1, 5).all()
        if contract_type == "boolean":
            assert set(present.unique()) == {True, False}, (table, column)
        if contract_type == "number 0-1":
            assert pd.api.types.is_float_dtype(values) and present.between(0, 1).all()
        if contract_type == "JSON text":
            assert all(isinstance(json.loads(text), dict) for text in present.unique())


def test_ids_counts_and_references(frames):
    tickets, turns, events, truth = (frames[name] for name in
                                     ("tickets", "conversation_turns", "events", "ground_truth"))
    assert tickets["ticket_id"].nunique() == len(truth) == N_TICKETS
    assert set(tickets["ticket_id"]) == set(truth["ticket_id"]) == set(turns["ticket_id"])
    assert tickets["ticket_id"].str.match(r"^tkt_\d{7}$").all()
    assert tickets["customer_id"].str.match(r"^cus_\d{6}$").all()
    assert turns["turn_id"].str.match(r"^trn_\d{8}$").all() and turns["turn_id"].is_unique
    assert events["event_id"].str.match(r"^evt_\d{8}$").all() and events["event_id"].is_unique
    assert 3.0 <= len(turns) / N_TICKETS <= 4.8  # with the agent's tool calls and results
    assert 2.5 <= len(events) / N_TICKETS <= 3.5
    assert set(turns["author_role"]) == {"customer", "ai_agent", "human_agent", "system"}
    assert set(turns["turn_type"].dropna()) == {"message", "handoff", "note", "tool_call", "tool_result"}
    assert set(turns["feedback"].dropna()) == {"up", "down"}
    assert set(tickets["channel"].dropna()) == {"chat", "email", "whatsapp", "web", "voice"}
    assert set(truth["scenario"]) == {"stable", "silent_failure", "decline"}


def test_customers_some_with_many_tickets(frames):
    latest = frames["tickets"].drop_duplicates("ticket_id")
    tickets_per_customer = latest["customer_id"].value_counts()
    assert 0.3 <= len(tickets_per_customer) / N_TICKETS <= 0.5
    assert tickets_per_customer.max() >= 10
    assert not set(frames["events"]["customer_id"]) <= set(latest["customer_id"])  # product-only users


def test_every_ticket_starts_with_a_customer_message(frames):
    first_turns = frames["conversation_turns"].groupby("ticket_id", sort=False).head(1)
    assert len(first_turns) == N_TICKETS
    assert (first_turns["author_role"] == "customer").all()
    assert first_turns["turn_type"].fillna("message").eq("message").all()


def test_tickets_span_twelve_weeks_with_weekday_and_working_hours_patterns(frames, facts):
    assert facts["week"].min() == 1 and facts["week"].max() == 12
    weekday = facts["created_at"].dt.day_of_week.value_counts()
    assert weekday[0] > 1.4 * weekday[6]  # Mondays busier than Sundays
    created = frames["tickets"]["created_at"]
    local_hours = created[created.str.contains(WITH_OFFSET)].str[11:13].astype(int).value_counts()
    assert local_hours[range(10, 17)].mean() > 3 * local_hours[range(1, 6)].mean()


# --- planted mess ----------------------------------------------------------------------------


def test_labels_are_sometimes_missing_or_messy(frames, facts):
    intent = frames["tickets"].drop_duplicates("ticket_id")["intent"]
    unlabeled = intent.isna() | (intent == "")
    clean = intent.str.strip().str.lower()
    messy = ~unlabeled & (intent != clean)
    assert (intent == "").any() and intent.isna().any()
    assert 0.03 <= messy.mean() <= 0.07
    assert set(clean[~unlabeled]) == set(LABELLED_INTENTS)
    assert LABELLED_INTENTS == [p.name for p in demo_data.INTENTS][: len(LABELLED_INTENTS)]  # stale labels rely on it
    latest_unlabeled = facts["intent"].isna()
    ever_labelled = facts["true_intent"].isin(LABELLED_INTENTS)
    assert 0.03 <= latest_unlabeled[ever_labelled].mean() <= 0.07
    assert latest_unlabeled[~ever_labelled].all() and 0.08 <= latest_unlabeled.mean() <= 0.16
    assert (facts.loc[~latest_unlabeled, "intent"] == facts.loc[~latest_unlabeled, "true_intent"]).all()
    assert facts["intent_truth"].isna().equals(latest_unlabeled)  # ground truth's clean label


def test_new_intent_appears_only_in_the_last_three_weeks(facts):
    weeks = facts.loc[facts["true_intent"] == NEW_INTENT, "week"]
    assert weeks.min() == 10 and weeks.groupby(weeks).size().min() > 0.02 * N_TICKETS / 12


def test_each_intent_is_phrased_many_ways(frames):
    turns = frames["conversation_turns"]
    first_customer_turns = turns[turns["author_role"] == "customer"].drop_duplicates("ticket_id")
    openings = first_customer_turns.merge(frames["ground_truth"], on="ticket_id")
    distinct = openings.groupby("true_intent")["body"].nunique()
    assert set(distinct.index) == {p.name for p in demo_data.INTENTS}
    assert distinct.min() > 0.5 * openings.groupby("true_intent").size().min()


def test_stale_versions_are_older_and_differ(frames):
    tickets = frames["tickets"]
    repeated = tickets[tickets["ticket_id"].duplicated(keep=False)]
    assert 0.02 <= repeated["ticket_id"].nunique() / N_TICKETS <= 0.04
    assert not tickets["ticket_id"].is_monotonic_increasing  # random row order
    updated = pd.to_datetime(repeated["updated_at"], format="ISO8601", utc=True)
    assert (updated.groupby(repeated["ticket_id"]).nunique() == 2).all()
    content = ["closed_at", "intent", "csat_score"]
    assert (repeated.groupby("ticket_id")[content].nunique(dropna=False).max(axis=1) == 2).all()


def test_timestamps_mix_offsets_z_and_naive(frames):
    created = frames["tickets"]["created_at"]
    with_offset = created.str.contains(WITH_OFFSET)
    assert 0.25 <= with_offset.mean() <= 0.35
    assert created.str.endswith("Z").mean() > 0.2 and (~with_offset & ~created.str.endswith("Z")).mean() > 0.2
    local = pd.to_datetime(created[with_offset].str[:19])
    utc = pd.to_datetime(created[with_offset], format="ISO8601", utc=True)
    assert ((local.dt.day_of_week == 6) & (utc.dt.day_of_week == 0)).any()  # local Sunday, UTC Monday
    assert ((local.dt.day_of_week == 0) & (utc.dt.day_of_week == 6)).any()  # and the other way
    # A ticket's turns are written like the ticket.
    turns = frames["conversation_turns"].merge(frames["tickets"].drop_duplicates("ticket_id"), on="ticket_id")
    assert (turns["sent_at"].str.contains(WITH_OFFSET) == turns["created_at"].str.contains(WITH_OFFSET)).all()


def test_some_tickets_are_still_open_and_some_have_csat(facts):
    assert 0.02 <= facts["closed_at"].isna().mean() <= 0.07
    assert 0.25 <= facts["csat_score"].notna().mean() <= 0.35


def test_bodies_contain_personal_data(frames):
    body = frames["conversation_turns"]["body"].dropna()
    assert body.str.contains(r"[\w.]+@[\w.]+\.\w+").sum() > 20
    assert body.str.contains(r"\+44 7700 900\d{3}").sum() > 10
    assert body.str.contains(r"\b4111 1111 1111 1111\b|\b5555 5555 5555 4444\b").sum() > 0


# --- planted behaviour -----------------------------------------------------------------------


def test_order_tracking_fails_silently_from_week_7(facts):
    early = rate(facts, "order_tracking", "is_recontacted", EARLY_WEEKS)
    late = rate(facts, "order_tracking", "is_recontacted", LATE_WEEKS)
    assert early[0] < 0.16 and late[0] > 0.28 and late[0] - early[0] > 0.18
    contained_early = rate(facts, "order_tracking", "is_contained", EARLY_WEEKS)
    contained_late = rate(facts, "order_tracking", "is_contained", LATE_WEEKS)
    assert 0.78 <= contained_early[0] <= 0.92
    assert abs(contained_late[0] - contained_early[0]) < difference_tolerance(contained_early, contained_late)
    # The unhelped customers mostly leave silently: nothing after their opening message.
    silent_failure = facts[facts["scenario"] == "silent_failure"]
    unhelped = silent_failure[silent_failure["is_contained"] & ~silent_failure["is_truly_resolved"]]
    assert (unhelped["customer_turns"] == 1).mean() > 0.5


def test_app_login_issue_declines_from_week_6(facts):
    before, after = range(1, 6), range(6, 12)
    action_before = rate(facts, "app_login_issue", "is_actioned", before, where="is_eligible")[0]
    action_after = rate(facts, "app_login_issue", "is_actioned", after, where="is_eligible")[0]
    assert action_before > 0.6 and action_after < 0.5 and action_before - action_after > 0.25
    assert rate(facts, "app_login_issue", "csat_score", before)[0] - rate(
        facts, "app_login_issue", "csat_score", after)[0] > 0.7
    assert rate(facts, "app_login_issue", "is_recontacted", after)[0] > rate(
        facts, "app_login_issue", "is_recontacted", before)[0] + 0.12
    assert rate(facts, "app_login_issue", "customer_turns", after)[0] > rate(
        facts, "app_login_issue", "customer_turns", before)[0] + 0.2  # confused, rephrasing
    contained_before = rate(facts, "app_login_issue", "is_contained", before)
    contained_after = rate(facts, "app_login_issue", "is_contained", after)
    tolerance = difference_tolerance(contained_before, contained_after)
    assert abs(contained_after[0] - contained_before[0]) < tolerance


@pytest.mark.parametrize("intent", STABLE_INTENTS)
def test_stable_intents_stay_stable(facts, intent):
    for column, where in (("is_contained", None), ("is_recontacted", None), ("is_actioned", "is_eligible")):
        early = rate(facts, intent, column, EARLY_WEEKS, where)
        late = rate(facts, intent, column, LATE_WEEKS, where)
        if early[1] and late[1]:
            assert abs(late[0] - early[0]) < difference_tolerance(early, late), (column, early, late)


def test_downstream_actions_follow_resolution_and_window_edges_matter(facts):
    eligible = facts[facts["is_eligible"]]
    actioned = eligible.groupby("is_truly_resolved")["is_actioned"].mean()
    assert actioned[True] > actioned[False] + 0.3
    assert (eligible["has_action_just_after_window"] & ~eligible["is_actioned"]).sum() > 10


def test_contradicting_actions_follow_failed_resolutions(facts):
    # refund_request's dispute contradicts the agent: filed mostly after unresolved tickets.
    checked = facts[facts["is_checked_for_contradiction"]]
    assert set(checked["intent"]) == {"refund_request"}
    assert not checked["is_eligible"].any()
    contradicted = checked.groupby("is_truly_resolved")["is_contradicted"].mean()
    assert contradicted[False] > contradicted[True] + 0.2


def test_recontacts_come_from_unresolved_tickets(facts):
    labeled = facts[facts["intent"].notna() & facts["week"].isin(range(1, 12))]
    recontact = labeled.groupby(["is_contained", "is_truly_resolved"])["is_recontacted"].mean()
    assert recontact[(True, False)] > 0.55
    assert recontact[(True, True)] < 0.06
    assert labeled.loc[labeled["is_escalated"], "is_truly_resolved"].mean() > 0.75


def test_conversation_text_reveals_true_resolution_except_behind_the_customers_thanks(frames):
    """A plain keyword scorer separates truly resolved tickets well (AUC about 0.9) where the
    customer says how it went, and hardly better than a coin (about 0.55) where the
    conversation ends in thanks: the failure modes a conversation-only score must work for."""
    scores = keyword_resolution_score(frames["conversation_turns"])
    truth = frames["ground_truth"].set_index("ticket_id").loc[scores.index]
    polite = truth["trajectory"].isin(demo_data.POLITE_ENDINGS).to_numpy()
    resolved, scores = truth["is_truly_resolved"].to_numpy(), scores.to_numpy()
    assert roc_auc(resolved[~polite], scores[~polite]) > 0.85
    assert roc_auc(resolved[polite], scores[polite]) < 0.65


def keyword_resolution_score(turns):
    """Per ticket: high after a confirmation and a confident, liked AI; low after confusion,
    rephrasing or a request for a human."""
    confirm = r"thank|thx|\bty\b|worked|sorted|solved|fixed|perfect|working|all good|cheers|great|did it"
    negative = (r"didn'?t|did not|still|already|what do you mean|doesn'?t|does not|useless|not helpful"
                r"|understand|\?\?|not what|nothing happened|either|again|i mean|rephrase|to be clear"
                r"|like i said|asking is")
    human = r"human|real person|agent|representative|someone|staff"
    turns = turns.assign(position=turns.groupby("ticket_id").cumcount())
    body = turns["body"].fillna("").str.lower()
    follow_up = (turns["author_role"] == "customer") & (turns["position"] > 0)
    turns = turns.assign(
        confirms=follow_up & body.str.contains(confirm),
        negative=follow_up & body.str.contains(negative),
        asks_for_human=follow_up & body.str.contains(human),
        thumbs_up=turns["feedback"].eq("up"),
        thumbs_down=turns["feedback"].eq("down"),
    )
    per_ticket = turns.groupby("ticket_id", sort=False).agg(
        confidence=("ai_confidence", "mean"), negative=("negative", "any"),
        asks_for_human=("asks_for_human", "any"), thumbs_up=("thumbs_up", "sum"),
        thumbs_down=("thumbs_down", "sum"),
    )
    last_follow_up = turns[follow_up].groupby("ticket_id").tail(1).set_index("ticket_id")
    ends_confirmed = last_follow_up["confirms"].reindex(per_ticket.index, fill_value=False).astype(bool)
    return (
        0.5 + 0.35 * ends_confirmed - 0.25 * per_ticket["negative"] - 0.2 * per_ticket["asks_for_human"]
        + 0.5 * (per_ticket["confidence"].fillna(0.6) - 0.6)
        + 0.1 * per_ticket["thumbs_up"] - 0.2 * per_ticket["thumbs_down"]
    )


def roc_auc(labels, scores):
    ranks = pd.Series(scores).rank().to_numpy()
    positives, negatives = labels.sum(), (~labels).sum()
    return (ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives)


# --- seeds and files -------------------------------------------------------------------------


def test_seed_matches_downstream_actions():
    with open(PROJECT_ROOT / "seeds" / "intent_downstream_actions.csv", newline="") as seed_file:
        rows = list(csv.reader(seed_file))
    assert rows[0] == ["intent", "expected_event", "window_hours", "action_kind"]
    assert [(intent, event, int(hours), kind) for intent, event, hours, kind in rows[1:]] == demo_data.DOWNSTREAM_ACTIONS
    intents = {p.name for p in demo_data.INTENTS}
    assert {intent for intent, _, _, _ in demo_data.DOWNSTREAM_ACTIONS} <= intents


def test_write_creates_one_parquet_file_per_frame(tmp_path):
    frames = demo_data.generate(300, seed=1)
    paths = demo_data.write(frames, tmp_path / "demo")
    assert {path.name for path in paths.values()} == {f"{name}.parquet" for name in frames}
    for name, path in paths.items():
        pd.testing.assert_frame_equal(pd.read_parquet(path), frames[name], check_dtype=False)
    schema = duckdb.sql(f"describe select * from read_parquet('{paths['tickets']}')").df()
    assert schema.set_index("column_name").loc["created_at", "column_type"] == "VARCHAR"


def test_resolved_share_is_lower_where_scenarios_apply(facts):
    resolved = facts.groupby("scenario")["is_truly_resolved"].mean()
    assert resolved["stable"] > 0.75
    assert resolved["silent_failure"] < 0.6 and resolved["decline"] < 0.5


# --- failure modes of an LLM agent -------------------------------------------------------------


def test_tool_turns_are_the_agents_calls_and_the_systems_results(frames):
    turns = frames["conversation_turns"]
    calls, results = (turns[turns["turn_type"] == kind] for kind in ("tool_call", "tool_result"))
    assert set(calls["author_role"]) == {"ai_agent"} and set(results["author_role"]) == {"system"}
    assert calls["tool_name"].notna().all() and results["tool_name"].notna().all()
    assert turns.loc[~turns["turn_type"].isin(["tool_call", "tool_result"]), "tool_name"].isna().all()
    assert calls["ai_confidence"].isna().all()
    # Some results lack the error flag; their body still says whether they failed.
    unflagged = results[results["is_tool_error"].isna()]
    assert 0.15 <= len(unflagged) / len(results) <= 0.35
    assert unflagged["body"].str.contains("error", case=False).any()
    assert results["body"].str.contains(r"[\w.]+@[\w.]+\.\w+").any()  # personal data in results


def test_polite_endings_hide_failures_and_claimed_actions_lack_a_successful_write(frames):
    truth = frames["ground_truth"].set_index("ticket_id")
    polite = truth[truth["trajectory"].isin(demo_data.POLITE_ENDINGS)]
    assert len(polite) > 0.2 * N_TICKETS and 0.25 < 1 - polite["is_truly_resolved"].mean() < 0.6
    turns = frames["conversation_turns"].join(truth[["trajectory"]], on="ticket_id")
    successful_write = (turns["turn_type"] == "tool_result") & ~turns["body"].str.contains("error", case=False)
    claimed = turns[turns["trajectory"].isin(["claimed_after_tool_error", "claimed_without_action"])]
    assert len(claimed) and not (successful_write & turns["tool_name"].isin(
        [tool for _, tool in demo_data._TOOLS.values()]))[claimed.index].any()
    assert not truth.loc[truth["trajectory"].isin(["claimed_after_tool_error", "claimed_without_action"]),
                         "is_truly_resolved"].any()


def test_escalated_tickets_say_whether_their_handoff_was_warranted(frames, facts):
    warranted = facts.set_index("ticket_id")["is_handoff_warranted"]
    escalated = facts.set_index("ticket_id")["is_escalated"]
    assert warranted[escalated].notna().all() and warranted[~escalated].isna().all()
    assert 0.3 < warranted[escalated].astype(bool).mean() < 0.7


def test_a_tenth_of_the_closed_tickets_is_reviewed_mostly_right(frames):
    reviews = frames["conversation_reviews"].merge(frames["ground_truth"], on="ticket_id")
    assert reviews["ticket_id"].is_unique
    assert 0.08 <= len(reviews) / N_TICKETS <= 0.11
    assert 0.92 <= (reviews["is_resolved"] == reviews["is_truly_resolved"]).mean() < 1
