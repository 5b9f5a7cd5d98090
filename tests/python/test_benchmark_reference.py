"""The benchmark's hand-written reference (scripts/benchmark_reference.sql) must compute what the
dbt project computes, or its timing means nothing: same weekly figures, row for row, on the
hand-checked fixture and on a small demo dataset (offsets, messy labels, stale versions). The
reference takes the help desk's label as the intent (assigning intents is the Python models'
work, which it leaves out), so the marts it is held to are built with assign_intents false."""

import sys

import duckdb
import pytest

from conftest import FIXTURES, PROJECT_ROOT, WITHOUT_DATA_TESTS, run_dbt

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import benchmark  # noqa: E402
from ai_support_metrics import demo_data  # noqa: E402

SHARED_COLUMNS = (
    "intent, week_start, tickets, contained_tickets, escalated_tickets, recontacted_tickets,"
    " ai_resolved_tickets, downstream_eligible_tickets, downstream_actioned_tickets,"
    " deflection_rate, escalation_rate, recontact_rate, ai_resolution_rate, downstream_action_rate,"
    " median_resolution_hours, median_hours_to_recontact, csat_ai, csat_human,"
    " is_recontact_window_complete"
)


def weekly_rows(connection, table):
    return connection.execute(f"select {SHARED_COLUMNS} from {table} order by intent, week_start").fetchall()


def assert_reference_matches_marts(data_dir, work_dir):
    run_dbt("build", data_dir, work_dir, extra_vars={"assign_intents": False},
            extra_args=WITHOUT_DATA_TESTS)
    connection = duckdb.connect()
    try:
        benchmark.run_reference(data_dir, connection)
        connection.execute(f"attach '{work_dir / 'warehouse.duckdb'}' as built (read_only)")
        reference = weekly_rows(connection, "reference_intent_weekly")
        marts = weekly_rows(connection, "built.fct_intent_weekly")
    finally:
        connection.close()
    assert len(reference) == len(marts) > 0
    for reference_row, mart_row in zip(reference, marts):
        assert reference_row == pytest.approx(mart_row), (reference_row, mart_row)


def test_reference_gives_the_marts_weekly_figures_on_the_hand_checked_fixture(tmp_path):
    assert_reference_matches_marts(FIXTURES / "hand_checked", tmp_path)


def test_reference_gives_the_marts_weekly_figures_on_demo_data(tmp_path):
    data_dir = tmp_path / "raw"
    demo_data.write(demo_data.generate(3_000, seed=7), data_dir)
    assert_reference_matches_marts(data_dir, tmp_path)
