"""Source adapters end to end: vendor-shaped tables (tests/vendor_tables/<vendor>, the
vendor's own table and column names) loaded into a DuckDB warehouse, built with the adapter
vars, and compared with marts worked out by hand, and with the contract-format path built on
the same conversations written as contract files (tests/vendor_tables/contract_equivalent).

The Intercom fixture (times UTC; watermark = 105's close, 2026-03-09 09:10, so a 72-hour
window is complete when ended_at <= 2026-03-06 09:10):
- 101 (contact c1, external_id u1): three versions; Fin answers (a part edited once, its
  latest version counts), closes at 09:05; Fin's verdict assumed_resolution; rated 4 in the
  last version. Customer u1 comes back 24 h 55 min later with 102: re-contacted.
- 102 (u1): Fin answers, the customer asks for a human, Fin assigns to a team (the handoff),
  a teammate asks to describe the issue again, then a note and a close: escalated,
  re-explain asked; Fin says routed_to_team.
- 103 (c2 = u2, email): Fin answers, "Thanks, that worked!"; confirmed_resolution. Segment
  event s1 (password_reset_completed, 20 min after the close) is its downstream action.
- 104 (c3, a lead without external_id: the customer id is the Intercom contact id): never
  closed, ends at Fin's answer 08:01; a snooze part is dropped; Fin says abandoned.
- 105 (u2, next week): assumed_resolution; 103 ended more than 72 h before it opened.
Segment s2 (u1 billing_card_updated, 23 h 55 min after 101 ended) actions 101; s3 has no
user_id and is rejected (missing_customer_id), listed in dq_rejected_rows.
"""

import csv
import datetime as dt
import shutil

import duckdb
import pytest

from ai_support_metrics.mart_equality import mart_differences
from conftest import WITHOUT_DATA_TESTS, query, run_dbt
from vendor_fixtures import VENDOR_TABLES, load_vendor_tables

D = dt.date
T = dt.datetime
CONTRACT_EQUIVALENT = VENDOR_TABLES / "contract_equivalent"
ADAPTER_VARS = {
    "intercom_intent_column": "custom_intent",
    "zendesk_ai_agent_user_ids": ["9100"],
    "zendesk_intent_tag_prefix": "intent__",
    "zendesk_using_ticket_chat": True,
}

# ticket_id: customer_id, intent, channel, source_relation, vendor_resolution_state, escalated,
#   recontacted, recontact id, hours to recontact, window complete, ai resolved, eligible,
#   actioned, reexplain, csat, closed_at, ended_at, week_start
EXPECTED_TICKETS = [
    ("101", "u1", "billing_card_update", "chat", "intercom", "assumed_resolution", False, True, "102",
     24 + 55 / 60, True, False, True, True, False, 4, T(2026, 3, 2, 9, 5), T(2026, 3, 2, 9, 5), D(2026, 3, 2)),
    ("102", "u1", "billing_card_update", "chat", "intercom", "routed_to_team", True, False, None,
     None, True, False, True, False, True, 2, T(2026, 3, 3, 10, 20), T(2026, 3, 3, 10, 20), D(2026, 3, 2)),
    ("103", "u2", "password_reset", "email", "intercom", "confirmed_resolution", False, False, None,
     None, True, True, True, True, False, 5, T(2026, 3, 4, 12, 10), T(2026, 3, 4, 12, 10), D(2026, 3, 2)),
    ("104", "c3", "password_reset", "chat", "intercom", "abandoned", False, False, None,
     None, True, True, True, False, False, None, None, T(2026, 3, 5, 8, 1), D(2026, 3, 2)),
    ("105", "u2", "password_reset", "chat", "intercom", "assumed_resolution", False, False, None,
     None, False, True, True, False, False, None, T(2026, 3, 9, 9, 10), T(2026, 3, 9, 9, 10), D(2026, 3, 9)),
]
TICKET_COLUMNS = (
    "ticket_id, customer_id, intent, channel, source_relation, vendor_resolution_state, is_escalated,"
    " is_recontacted, recontact_ticket_id, hours_to_recontact, is_recontact_window_complete, is_ai_resolved,"
    " is_downstream_eligible, is_downstream_actioned, is_reexplain_asked, csat_score, closed_at, ended_at,"
    " week_start"
)

# (intent, week_start): judged, assumed, confirmed, resolutions, recontacted, escalated,
#   assumed came back, came back, ai resolved, cost, came back cost, cost per ai resolution, complete
EXPECTED_VERDICTS = [
    # 101 was assumed resolved by Fin and came back 24.9 h later: billed, not a true resolution.
    ("billing_card_update", D(2026, 3, 2), 2, 1, 0, 1, 1, 0, 1, 1, 0, 0.99, 0.99, None, True),
    # 103 confirmed; 104 abandoned (not billed) but contained and not re-contacted.
    ("password_reset", D(2026, 3, 2), 2, 0, 1, 1, 0, 0, 0, 0, 2, 0.99, 0.0, 0.495, True),
    ("password_reset", D(2026, 3, 9), 1, 1, 0, 1, 0, 0, 0, 0, 1, 0.99, 0.0, 0.99, False),
]


def build_from_vendor_tables(work_dir, vendors, support_sources, extra_vars=None, check=True):
    work_dir.mkdir(parents=True, exist_ok=True)
    for vendor in vendors:
        load_vendor_tables(work_dir / "warehouse.duckdb", vendor)
    dbt_vars = {"support_sources": support_sources, **ADAPTER_VARS, **(extra_vars or {})}
    # raw_data_path points at an empty folder: adapters must not read any contract file.
    (work_dir / "no_files").mkdir(exist_ok=True)
    return run_dbt("build", work_dir / "no_files", work_dir, dbt_vars, check=check)


def build_from_contract_files(work_dir, help_desks, events_file):
    """The contract-format path on the same conversations (CONTRACT_EQUIVALENT, written by
    hand per help desk); with two help desks, ids prefixed '<help desk>:' as the union does."""
    files = work_dir / "raw"
    files.mkdir(parents=True)
    for table, id_columns in (("tickets", ["ticket_id"]), ("conversation_turns", ["turn_id", "ticket_id"])):
        frames = []
        for help_desk in help_desks:
            rows = list(csv.DictReader((CONTRACT_EQUIVALENT / help_desk / f"{table}.csv").open()))
            for row in rows:
                for column in id_columns if len(help_desks) > 1 else []:
                    row[column] = f"{help_desk}:{row[column]}"
            frames.append(rows)
        with (files / f"{table}.csv").open("w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(frames[0][0]))
            writer.writeheader()
            for rows in frames:
                writer.writerows(rows)
    shutil.copy(CONTRACT_EQUIVALENT / events_file, files / "events.csv")
    reviews = [CONTRACT_EQUIVALENT / help_desk / "conversation_reviews.csv" for help_desk in help_desks]
    if len(help_desks) == 1 and reviews[0].exists():
        shutil.copy(reviews[0], files / "conversation_reviews.csv")
    # The marts alone: test_end_to_end runs the data tests on the contract-format path.
    run_dbt("build", files, work_dir, extra_args=WITHOUT_DATA_TESTS)


def assert_same_marts(adapter_dir, contract_dir):
    differences = mart_differences(adapter_dir / "warehouse.duckdb", contract_dir / "warehouse.duckdb")
    assert differences == [], "\n".join(differences)


# The vendor tables' builds that several tests read, each made once.
@pytest.fixture(scope="module")
def intercom_segment_build(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("intercom_segment")
    build_from_vendor_tables(work_dir, ["intercom", "segment"], ["intercom", "segment"])
    return work_dir


# The score "resolved" is the review: boolean and numeric scores through the threshold, the
# categorical value "Not resolved" through the map.
LANGFUSE_REVIEW_VARS = {
    "langfuse_review_score_name": "resolved",
    "langfuse_review_value_map": {"not resolved": False},
    "langfuse_review_resolved_threshold": 0.5,
}


@pytest.fixture(scope="module")
def langfuse_build(tmp_path_factory):
    """The Langfuse export, its "resolved" scores read as reviews."""
    work_dir = tmp_path_factory.mktemp("langfuse")
    build_from_vendor_tables(work_dir, ["langfuse"], ["langfuse"], LANGFUSE_REVIEW_VARS)
    return work_dir


@pytest.fixture(scope="module")
def zendesk_build(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("zendesk")
    build_from_vendor_tables(work_dir, ["zendesk"], ["zendesk"])
    return work_dir


def test_intercom_and_segment_build_to_the_hand_checked_marts(intercom_segment_build):
    tickets = query(intercom_segment_build, f"select {TICKET_COLUMNS} from fct_tickets order by ticket_id")
    assert [row[:9] for row in tickets] == [row[:9] for row in EXPECTED_TICKETS]
    for row, expected in zip(tickets, EXPECTED_TICKETS):
        assert row[9] == (None if expected[9] is None else pytest.approx(expected[9])), row[0]
        assert row[10:] == expected[10:], row[0]

    verdicts = query(intercom_segment_build, "select * exclude (vendor_judged_tickets), vendor_judged_tickets"
                                             " from fct_intent_vendor_verdicts order by intent, week_start")
    assert [(*row[:2], row[-1], *row[2:-1]) for row in verdicts] == EXPECTED_VERDICTS

    # The opening message (source_body) is a turn; close and snooze parts are not; HTML is text.
    turns = query(intercom_segment_build, "select turn_id, author_role, turn_type, body"
                                          " from stg_support__conversation_turns"
                                          " where ticket_id in ('101', '104') order by sent_at")
    assert turns == [
        ("101-source", "customer", "message", "My card was declined, how do I update it?"),
        ("p1011", "ai_agent", "message", "Go to Billing > Payment methods and add the new card."),
        ("104-source", "customer", "message", "I cannot log in to reset my password"),
        ("p1041", "ai_agent", "message", "Use the Forgot password link."),
    ]
    # Bad input never disappears: the anonymous track call is rejected and listed.
    assert query(intercom_segment_build, "select source_table, rejection_reason from dq_rejected_rows") == [
        ("events", "missing_customer_id"),
    ]


def test_intercom_and_segment_give_the_marts_of_the_same_conversations_as_contract_files(
        intercom_segment_build, tmp_path):
    build_from_contract_files(tmp_path / "contract", ["intercom"], "events_segment.csv")
    assert_same_marts(intercom_segment_build, tmp_path / "contract")


def test_amplitude_gives_the_marts_of_the_same_events_as_contract_files(tmp_path):
    build_from_vendor_tables(tmp_path / "adapters", ["intercom", "amplitude"], ["intercom", "amplitude"])
    build_from_contract_files(tmp_path / "contract", ["intercom"], "events_amplitude.csv")
    assert_same_marts(tmp_path / "adapters", tmp_path / "contract")


def test_zendesk_builds_to_the_hand_checked_tickets(zendesk_build):
    """Zendesk fixture (AI agent = user 9100; intent from tags intent__*):
    - 501 (requester 9001, external_id u1, web): the customer, then the AI agent; solved at
      08:30 (ticket_field_history); satisfaction_score offered, then good -> 5. A deleted
      comment is left out. Contained, AI-resolved.
    - 502 (requester 9002 without external_id: customer id 9002; native_messaging -> chat):
      its turns are the chat's messages (not the join and leave events, not the transcript
      comment), plus a private note; a human agent answers, asking to describe the issue:
      escalated, re-explain asked. Solved, reopened, solved again at 10:00: closed_at 10:00.
      bad_with_comment -> 1. Re-contacted 23 h later by 505, not by 504, merged into 505.
    - 503 is deleted, 504 merged into 505: both left out with their comments.
    - 505: open, ends at its last comment 09:01.
    """
    tickets = query(zendesk_build, "select ticket_id, customer_id, intent, channel, source_relation, is_escalated,"
                                   " is_recontacted, recontact_ticket_id, hours_to_recontact, is_ai_resolved,"
                                   " is_reexplain_asked, csat_score, closed_at, ended_at"
                                   " from fct_tickets order by ticket_id")
    assert tickets == [
        ("501", "u1", "billing_card_update", "web", "zendesk", False, False, None, None, True, False, 5,
         T(2026, 3, 6, 8, 30), T(2026, 3, 6, 8, 30)),
        ("502", "9002", "password_reset", "chat", "zendesk", True, True, "505", 23.0, False, True, 1,
         T(2026, 3, 6, 10), T(2026, 3, 6, 10)),
        ("505", "9002", "password_reset", "email", "zendesk", False, False, None, None, True, False, None,
         None, T(2026, 3, 7, 9, 1)),
    ]
    turns = query(zendesk_build, "select turn_id, author_role, turn_type, body from stg_support__conversation_turns"
                                 " where ticket_id in ('501', '502') order by sent_at, turn_id")
    assert turns == [
        ("5011", "customer", "message", "Charged twice for my card update"),
        ("5012", "ai_agent", "message", "The second charge is a hold; it's gone in 3-5 days."),
        ("chat-502-1", "customer", "message", "hello, my password reset email never arrived"),
        ("chat-502-2", "ai_agent", "message", "I resent it, please check your spam folder"),
        ("chat-502-3", "customer", "message", "still nothing. I want a person"),
        ("chat-502-5", "human_agent", "message", "Could you describe the issue in more detail?"),
        ("5022", "human_agent", "note", "Escalated by the AI agent; mail provider blocks us"),
    ]
    assert query(zendesk_build, "select count(*) from fct_intent_vendor_verdicts") == [(0,)]


def test_zendesk_gives_the_marts_of_the_same_conversations_as_contract_files(zendesk_build, tmp_path):
    build_from_contract_files(tmp_path / "contract", ["zendesk"], "events_none.csv")
    assert_same_marts(zendesk_build, tmp_path / "contract")


def test_two_help_desks_union_with_ids_per_source_and_customers_matched_across_them(tmp_path):
    """Zendesk and Intercom together: ids prefixed per source; u1 is the same customer in
    both (Zendesk user external_id, Intercom contact external_id), so Intercom 102
    (billing_card_update, ended 03-03 10:20) is re-contacted by Zendesk 501 69 h 40 min later."""
    build_from_vendor_tables(tmp_path / "adapters", ["zendesk", "intercom", "segment"],
                             ["zendesk", "intercom", "segment"])
    recontact = query(tmp_path / "adapters", "select source_relation, is_recontacted, recontact_ticket_id,"
                                             " hours_to_recontact from fct_tickets"
                                             " where ticket_id = 'intercom:102'")
    assert recontact == [("intercom", True, "zendesk:501", pytest.approx(69 + 40 / 60))]
    assert query(tmp_path / "adapters", "select source_relation, count(*) from fct_tickets"
                                        " group by all order by 1") == [("intercom", 5), ("zendesk", 3)]
    build_from_contract_files(tmp_path / "contract", ["zendesk", "intercom"], "events_segment.csv")
    assert_same_marts(tmp_path / "adapters", tmp_path / "contract")


def test_langfuse_sessions_become_tickets_and_observations_turns(langfuse_build):
    """Langfuse export: sess-1 (user u3) has two traces: each trace's input is a customer
    message, each GENERATION an AI answer, the TOOL observation a tool_call and a
    tool_result; the SPAN is dropped. tr-3 has no session: it is its own ticket; its failed
    tool calls are delivered too (ob-5 and ob-8 at level ERROR, ob-8 with no output but a
    status message), its EVENT dropped. Sessions never close: a ticket ends at its last turn.
    A tool observation's name is the tool_name of both its turns; its level gives the
    result's is_tool_error ('rate limit exceeded' alone would not read as an error)."""
    assert query(langfuse_build, "select turn_id, ticket_id, author_role, turn_type, body, tool_name, is_tool_error"
                                 " from stg_langfuse__observations order by sent_at, turn_id") == [
        ("tr-1-input", "sess-1", "customer", "message", "Where is my order 123?", None, None),
        ("ob-2-call", "sess-1", "ai_agent", "tool_call", 'lookup_order {"order_id": "123"}', "lookup_order", None),
        ("ob-2-result", "sess-1", "system", "tool_result", '{"status": "shipped"}', "lookup_order", "false"),
        ("ob-3", "sess-1", "ai_agent", "message", "Your order shipped yesterday.", None, None),
        ("tr-2-input", "sess-1", "customer", "message", "thanks, that worked", None, None),
        ("ob-4", "sess-1", "ai_agent", "message", "Glad to help!", None, None),
        ("tr-3-input", "tr-3", "customer", "message", "Please cancel my subscription", None, None),
        ("ob-5-call", "tr-3", "ai_agent", "tool_call", 'cancel_subscription {"plan": "pro"}',
         "cancel_subscription", None),
        ("ob-5-result", "tr-3", "system", "tool_result", "timeout after 1s", "cancel_subscription", "true"),
        ("ob-8-call", "tr-3", "ai_agent", "tool_call", 'issue_refund {"amount": 10}', "issue_refund", None),
        ("ob-8-result", "tr-3", "system", "tool_result", "rate limit exceeded", "issue_refund", "true"),
        ("ob-6", "tr-3", "ai_agent", "message", "Done, it is cancelled.", None, None),
    ]
    # Validated staging accepts the tool turns, keeping only the tool and whether it failed.
    assert query(langfuse_build, "select turn_id, tool_name, is_tool_error, body from stg_support__conversation_turns"
                                 " where turn_type = 'tool_result' order by turn_id") == [
        ("ob-2-result", "lookup_order", False, None),
        ("ob-5-result", "cancel_subscription", True, None),
        ("ob-8-result", "issue_refund", True, None),
    ]
    assert query(langfuse_build, "select ticket_id, customer_id, channel, source_relation, customer_turns,"
                                 " ai_agent_turns, is_escalated, closed_at, ended_at"
                                 " from fct_tickets order by ticket_id") == [
        ("sess-1", "u3", "chat", "langfuse", 2, 2, False, None, T(2026, 3, 2, 10, 5, 2)),
        ("tr-3", "u4", "chat", "langfuse", 1, 1, False, None, T(2026, 3, 3, 9, 0, 4)),
    ]


def test_langfuse_gives_the_marts_of_the_same_conversations_as_contract_files(langfuse_build, tmp_path):
    """With its scores as reviews: sc-1 (boolean True on trace tr-2, so session sess-1) and sc-2
    (categorical "Not resolved" on the session) review sess-1, sc-3 (0.4, below 0.5) tr-3; the
    "helpfulness" score is not a review. The latest review of a ticket is its verdict."""
    assert query(langfuse_build, "select ticket_id, is_resolved, reviewer from stg_langfuse__scores"
                                 " order by reviewed_at") == [
        ("sess-1", "false", "eval"),
        ("sess-1", "true", "annotation"),
        ("tr-3", "false", "annotation"),
    ]
    assert query(langfuse_build, "select ticket_id, is_resolved, reviewer, reviewed_at"
                                 " from stg_support__conversation_reviews order by ticket_id") == [
        ("sess-1", True, "annotation", T(2026, 3, 2, 11)),
        ("tr-3", False, "annotation", T(2026, 3, 3, 10)),
    ]
    build_from_contract_files(tmp_path / "contract", ["langfuse"], "events_none.csv")
    assert_same_marts(langfuse_build, tmp_path / "contract")


def test_a_missing_vendor_table_stops_the_build_naming_it(tmp_path):
    load_vendor_tables(tmp_path / "warehouse.duckdb", "intercom")
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    connection.execute("drop table intercom.contact_history")
    connection.close()
    (tmp_path / "no_files").mkdir()
    completed = run_dbt("build", tmp_path / "no_files", tmp_path,
                        {"support_sources": ["intercom"], **ADAPTER_VARS}, check=False)
    assert completed.returncode != 0
    assert "contact_history" in completed.stdout and "not found" in completed.stdout


def test_an_unknown_adapter_name_stops_the_build_naming_it(tmp_path):
    (tmp_path / "no_files").mkdir()
    completed = run_dbt("build", tmp_path / "no_files", tmp_path, {"support_sources": ["zendsk"]}, check=False)
    assert completed.returncode != 0
    assert "Unknown source adapter 'zendsk'" in completed.stdout
