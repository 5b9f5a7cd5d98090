"""The weekly report opened in a real browser (Debian's headless Chromium): every chart drawn, no
console error, no request beyond the file itself, and the numbers it shows for a chosen intent
and week are the marts'. Outside CI a machine without chromium skips these; in CI (env CI set)
a missing browser fails them."""

import math
import os
import re

import pytest

from ai_support_metrics import report
from ai_support_metrics.report_browser import CHROMIUM_PATH, chromium_available, report_page
from conftest import query

if not chromium_available():
    message = f"no Chromium at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)

CHOSEN_INTENT = "order_tracking"
SHOWN_METRICS = {  # card -> its format and fct_intent_weekly column
    "ai_resolution_rate": "percent",
    "deflection_rate": "percent",
    "recontact_rate": "percent",
    "avg_resolution_confidence": "score",
    "downstream_action_rate": "percent",
}


@pytest.fixture(scope="module")
def opened_report(demo_warehouse, tmp_path_factory):
    """The page with CHOSEN_INTENT picked in the filter, and what the page did meanwhile."""
    path = report.write_report(
        demo_warehouse / "target" / "semantic_manifest.json",
        demo_warehouse / "warehouse.duckdb",
        tmp_path_factory.mktemp("report") / "weekly_report.html",
    )
    with report_page(path) as (page, visit):
        charts_on_open = visit.rendered_charts(page)
        page.select_option("#intent-filter", CHOSEN_INTENT)
        yield page, visit, charts_on_open


def test_every_chart_is_drawn_with_no_console_error_and_no_network(opened_report):
    page, visit, charts_on_open = opened_report
    assert set(charts_on_open) == {f"chart-{chart_id}" for chart_id in report.CHARTS}
    assert all(charts_on_open.values()), charts_on_open
    assert all(visit.rendered_charts(page).values())
    assert visit.console_errors == []
    assert visit.requests == []


def test_cards_show_the_marts_numbers_for_the_chosen_intent_and_week(opened_report, demo_warehouse):
    page, _, _ = opened_report
    (week,), = query(demo_warehouse, "select max(latest_complete_week) from fct_knowledge_gaps")
    columns = ", ".join(SHOWN_METRICS)
    (mart_row,) = query(demo_warehouse, f"select {columns} from fct_intent_weekly"
                                        f" where intent = '{CHOSEN_INTENT}' and week_start = '{week}'")
    block = page.locator(f'.scope-block[data-scope="{CHOSEN_INTENT}"]')
    assert block.is_visible()
    assert page.locator(f'.scope-block[data-scope="{report.ALL_INTENTS}"]').is_hidden()
    assert f"week of {week}" in block.inner_text()
    for (metric, kind), expected in zip(SHOWN_METRICS.items(), mart_row):
        shown = block.locator(f'.card[data-metric="{metric}"] .value').inner_text()
        assert shown == report.format_value(expected, kind), metric


def test_trend_chart_plots_the_marts_rates_of_the_chosen_intent(opened_report, demo_warehouse):
    page, _, _ = opened_report
    plotted = page.evaluate("""() => document.getElementById('chart-resolution-trend').data
        .map(trace => ({name: trace.name, x: trace.x, y: trace.y}))""")
    assert CHOSEN_INTENT in page.locator("#chart-resolution-trend .gtitle").text_content()
    marts = {}
    for week, deflection_rate, ai_resolution_rate in query(
            demo_warehouse, "select week_start, deflection_rate, ai_resolution_rate from fct_intent_weekly"
                            f" where intent = '{CHOSEN_INTENT}'"):
        marts[(str(week), "deflection_rate")] = deflection_rate
        marts[(str(week), "ai_resolution_rate")] = ai_resolution_rate
    names = {"Deflection": "deflection_rate", "True AI resolution": "ai_resolution_rate"}
    assert {trace["name"] for trace in plotted} == set(names)
    for trace in plotted:
        assert len(trace["x"]) == min(report.TREND_WEEKS, len(marts) // 2)
        for x, y in zip(trace["x"], trace["y"]):
            week = re.match(r"\d{4}-\d{2}-\d{2}", x).group()
            assert math.isclose(y, marts[(week, names[trace["name"]])], rel_tol=1e-9), (trace["name"], week)
