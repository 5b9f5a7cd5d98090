"""On the demo data (scripts/demo's 20,000 tickets), the planted silent failure and the
planted decline raise their alerts in the week they start, the planted new need raises a
novel_intent alert, and no stable intent raises one."""

import datetime as dt

import pytest

from ai_support_metrics import demo_data
from conftest import query

STABLE_INTENTS = sorted(p.name for p in demo_data.INTENTS if p.scenario == "stable")
SILENT_FAILURE_STARTS = dt.date(2026, 9, 14)  # order_tracking, week 7
DECLINE_STARTS = dt.date(2026, 9, 7)  # app_login_issue, week 6


@pytest.fixture(scope="module")
def alerts(demo_warehouse):
    rows = query(
        demo_warehouse,
        "select alerts.intent, alerts.week_start, alerts.alert_type, alerts.severity,"
        " trends.is_recontact_window_complete"
        " from fct_intent_alerts as alerts"
        " inner join fct_intent_trends as trends using (intent, week_start)",
    )
    return [dict(zip(("intent", "week_start", "alert_type", "severity", "is_complete"), row)) for row in rows]


def alert_types(alerts, intent, week_start):
    return {row["alert_type"] for row in alerts if row["intent"] == intent and row["week_start"] == week_start}


def test_silent_failure_raises_recontact_rising_in_its_first_week(alerts):
    assert {"recontact_rising", "low_confidence"} <= alert_types(alerts, "order_tracking", SILENT_FAILURE_STARTS)
    earlier = [row for row in alerts if row["intent"] == "order_tracking" and row["week_start"] < SILENT_FAILURE_STARTS]
    assert earlier == []


def test_decline_raises_every_alert_type_in_its_first_week(alerts):
    assert alert_types(alerts, "app_login_issue", DECLINE_STARTS) == {
        "recontact_rising", "downstream_action_falling", "csat_falling", "low_confidence",
    }
    earlier = [row for row in alerts if row["intent"] == "app_login_issue" and row["week_start"] < DECLINE_STARTS]
    assert earlier == []


def test_no_stable_intent_and_no_provisional_week_raises_an_alert(alerts):
    rate_alerts = [row for row in alerts if row["alert_type"] != "novel_intent"]
    assert {row["intent"] for row in rate_alerts} == {"order_tracking", "app_login_issue"}
    assert not set(STABLE_INTENTS) & {row["intent"] for row in alerts}
    assert all(row["is_complete"] for row in rate_alerts)


def test_the_new_need_raises_a_novel_intent_alert_and_nothing_else_does(alerts, demo_warehouse):
    novel = [row for row in alerts if row["alert_type"] == "novel_intent"]
    [(last_week,)] = query(demo_warehouse, "select max(week_start) from fct_intent_trends")
    assert novel and all(row["week_start"] == last_week for row in novel)
    # Each alerting intent is a discovered one, and most of its tickets are of the planted new need.
    new_need = next(p.name for p in demo_data.INTENTS if p.first_week > 1)
    discovered = dict(query(demo_warehouse, "select ticket_id, intent from fct_tickets where intent_source = 'discovered'"))
    true_intents = demo_data.generate(20_000)["ground_truth"].set_index("ticket_id")["true_intent"]
    for row in novel:
        tickets = [ticket_id for ticket_id, intent in discovered.items() if intent == row["intent"]]
        assert (true_intents.reindex(tickets) == new_need).mean() > 0.5, row["intent"]
