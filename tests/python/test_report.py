"""The weekly report (ai_support_metrics/report.py) on the demo data: its figures are the marts'
(through the semantic layer), its week is the latest complete one, intents are ordered by where
value leaks, provisional weeks are marked, and no personal data reaches the file."""

import dataclasses
import datetime as dt
import math

import duckdb
import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from ai_support_metrics import report
from ai_support_metrics.semantic_layer import SemanticLayer
from conftest import query


@pytest.fixture(scope="module")
def report_data(demo_warehouse):
    manifest = demo_warehouse / "target" / "semantic_manifest.json"
    with SemanticLayer(manifest, demo_warehouse / "warehouse.duckdb") as layer:
        return report.load_report_data(layer)


@pytest.fixture(scope="module")
def report_html(report_data):
    return report.render_report(report_data)


def figure(report_data, scope, week, metric):
    rows = report_data.figures[(report_data.figures.scope == scope) & (report_data.figures.week_start == week)]
    assert len(rows) == 1, (scope, week)
    return rows.iloc[0][metric]


@pytest.mark.parametrize(("value", "kind", "shown"), [
    (0.63249, "percent", "63.2%"),
    (24.96, "points", "25.0 pts"),
    (0.7163, "score", "0.72"),
    (4.206, "csat", "4.21"),
    (1234.4, "hours", "1,234 h"),
    (None, "percent", "-"),
    (float("nan"), "score", "-"),
])
def test_format_value(value, kind, shown):
    assert report.format_value(value, kind) == shown


@pytest.mark.parametrize(("change", "kind", "shown"), [
    (0.0132, "percent", "+1.3 pts"),
    (-0.05, "percent", "-5.0 pts"),
    (6.24, "points", "+6.2 pts"),
    (-0.071, "csat", "-0.07"),
    (4.2, "hours", "+4 h"),
    (None, "percent", ""),
])
def test_format_change(change, kind, shown):
    assert report.format_change(change, kind) == shown


def test_the_report_week_is_the_latest_complete_week(report_data, demo_warehouse):
    (latest_complete_week,), = query(demo_warehouse, "select max(latest_complete_week) from fct_knowledge_gaps")
    assert report_data.latest_complete_week == latest_complete_week
    provisional = {(intent, week) for intent, week in query(
        demo_warehouse, "select intent, week_start from fct_intent_weekly where not is_recontact_window_complete")}
    shown = report_data.figures[report_data.figures.scope != report.ALL_INTENTS]
    assert {(row.scope, row.week_start) for row in shown.itertuples() if row.is_provisional} == provisional
    assert any(week > latest_complete_week for _, week in provisional)


def test_every_intent_figure_is_the_marts(report_data, demo_warehouse):
    marts = query(demo_warehouse, """
        select weekly.intent, weekly.week_start, weekly.ai_resolution_rate, weekly.deflection_rate,
            weekly.recontact_rate, weekly.avg_resolution_confidence, weekly.downstream_action_rate,
            value.hours_freed, handoffs.customer_asked_rate
        from fct_intent_weekly as weekly
        inner join fct_intent_value as value using (intent, week_start)
        left join fct_intent_handoffs as handoffs using (intent, week_start)
    """)
    metrics = ["ai_resolution_rate", "deflection_rate", "recontact_rate", "avg_resolution_confidence",
               "downstream_action_rate", "hours_freed", "customer_asked_rate"]
    for intent, week, *values in marts:
        for metric, expected in zip(metrics, values):
            shown = figure(report_data, intent, week, metric)
            if expected is None:
                assert pd.isna(shown), (intent, week, metric)
            else:
                assert math.isclose(shown, expected, rel_tol=1e-9), (intent, week, metric)


def test_all_intents_figures_are_fct_weekly_metrics(report_data, demo_warehouse):
    for week, metric, value in query(
            demo_warehouse, "select week_start, metric_name, metric_value from fct_weekly_metrics"
                            " where metric_name in ('ai_resolution_rate', 'deflection_gap_points', 'hours_freed')"):
        assert math.isclose(figure(report_data, report.ALL_INTENTS, week, metric), value, rel_tol=1e-9)


def test_intents_are_ordered_by_where_value_leaks(report_data, demo_warehouse):
    leaks = query(demo_warehouse, f"""
        select intent from fct_intent_weekly
        where week_start = '{report_data.latest_complete_week}'
        order by tickets - ai_resolved_tickets desc, intent
    """)
    assert report_data.scopes == [report.ALL_INTENTS, *[intent for intent, in leaks]]


def test_alerts_are_those_of_the_last_complete_weeks(report_data, demo_warehouse):
    since = report_data.latest_complete_week - dt.timedelta(weeks=report.ALERT_WEEKS)
    expected = query(demo_warehouse, f"""
        select intent, week_start, alert_type from fct_intent_alerts
        where week_start > '{since}' and week_start <= '{report_data.latest_complete_week}'
    """)
    shown = report_data.alerts
    assert sorted(zip(shown.intent, shown.week_start.dt.date, shown.alert_type)) == sorted(expected)


def test_the_report_holds_no_customer_or_ticket_id_nor_message_text(report_html, demo_warehouse):
    identifiers = query(demo_warehouse, "select ticket_id, customer_id from fct_tickets using sample 300 rows")
    assert not [value for row in identifiers for value in row if value in report_html]
    messages = duckdb.connect().execute(
        f"select distinct body from '{demo_warehouse / 'raw' / 'conversation_turns.parquet'}'"
        " where author_role = 'customer' and length(body) > 25 using sample 300 rows"
    ).fetchall()
    assert messages
    assert not [body for body, in messages if body in report_html]


def test_the_report_opens_offline_with_every_chart_and_the_filter(report_html, report_data):
    assert get_plotlyjs() in report_html  # embedded, so the file needs no network
    own_markup = report_html.replace(get_plotlyjs(), "")
    assert " src=" not in own_markup and "http" not in own_markup
    for chart_id in report.CHARTS:
        assert f'id="chart-{chart_id}"' in report_html
    for scope in report_data.scopes:
        assert f'<option value="{scope}">' in report_html


def test_new_intents_section_lists_the_novel_intents_with_an_example(report_data):
    connection = duckdb.connect()
    connection.execute("""
        create table dim_intents as select * from (values
            ('eu travel refund', 140, 35.0, date '2026-09-28', 'my train was late, refund under eu rules?', true),
            ('order_tracking', 2300, 180.0, date '2026-08-03', 'where is my order', false)
        ) as rows (intent, tickets, novelty_window_weekly_tickets, first_seen_week_start, example_message, is_novel)
    """)
    novel = report._novel_intents(connection)
    assert novel.intent.tolist() == ["eu travel refund"]
    section = report.render_report(dataclasses.replace(report_data, novel_intents=novel))
    section = section[section.index('id="novel-intents"'):]
    section = section[:section.index("</section>")]
    assert "eu travel refund" in section and "refund under eu rules?" in section and "order_tracking" not in section
