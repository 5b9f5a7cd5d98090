"""The semantic layer (models/semantic/) answers with the marts' numbers, so the two can never
drift apart: every metric that names a column of fct_intent_weekly equals it for every intent
and week, every metric of fct_weekly_metrics equals it for every week, and `mf query` (the CLI a
BI user runs) prints the same figures."""

import csv
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ai_support_metrics.semantic_layer import SemanticLayer
from conftest import PROJECT_ROOT, query

# fct_intent_weekly columns that are not metrics: its keys, and the provisional flag (checked
# against the provisional_tickets metric below).
INTENT_WEEKLY_NON_METRICS = {"intent", "week_start", "is_recontact_window_complete"}


@pytest.fixture(scope="module")
def layer(demo_warehouse):
    manifest = demo_warehouse / "target" / "semantic_manifest.json"
    with SemanticLayer(manifest, demo_warehouse / "warehouse.duckdb") as layer:
        yield layer


def columns(work_dir, table):
    return [row[0] for row in query(
        work_dir,
        f"select column_name from information_schema.columns where table_name = '{table}' order by ordinal_position",
    )]


def same_number(a, b):
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return (a is None or a != a) and (b is None or b != b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def differences(expected, actual):
    """(key, expected, actual) for every key whose values differ or that only one side has."""
    return [(key, expected.get(key), actual.get(key))
            for key in sorted(expected.keys() | actual.keys(), key=str)
            if key not in expected or key not in actual or not same_number(expected[key], actual[key])]


def test_every_intent_weekly_column_is_a_metric_equal_for_every_intent_and_week(layer, demo_warehouse):
    metric_columns = [c for c in columns(demo_warehouse, "fct_intent_weekly") if c not in INTENT_WEEKLY_NON_METRICS]
    assert set(metric_columns) <= set(layer.metric_names), "a fct_intent_weekly column has no metric"
    answered = layer.query(metrics=metric_columns, group_by=["metric_time__week", "ticket__intent"])
    mart = query(demo_warehouse, f"select intent, week_start, {', '.join(metric_columns)} from fct_intent_weekly")
    assert len(mart) > 50
    for position, metric in enumerate(metric_columns):
        expected = {(row[0], row[1]): row[2 + position] for row in mart}
        actual = {(row.ticket__intent, row.metric_time__week.date()): getattr(row, metric)
                  for row in answered.itertuples()}
        assert differences(expected, actual) == [], metric


def test_provisional_tickets_mark_the_weeks_whose_windows_are_open(layer, demo_warehouse):
    answered = layer.query(metrics=["provisional_tickets"], group_by=["metric_time__week", "ticket__intent"])
    actual = {(row.ticket__intent, row.metric_time__week.date()): row.provisional_tickets == 0
              for row in answered.itertuples()}
    expected = dict(((intent, week), complete) for intent, week, complete in query(
        demo_warehouse, "select intent, week_start, is_recontact_window_complete from fct_intent_weekly"))
    assert actual == expected
    assert False in expected.values() and True in expected.values()


def test_every_weekly_metric_equals_fct_weekly_metrics_for_every_week(layer, demo_warehouse):
    mart = query(demo_warehouse, "select metric_name, week_start, metric_value from fct_weekly_metrics")
    metric_names = sorted({row[0] for row in mart})
    assert set(metric_names) <= set(layer.metric_names), "a fct_weekly_metrics metric has no semantic-layer metric"
    answered = layer.query(metrics=metric_names, group_by=["metric_time__week"])
    for metric in metric_names:
        expected = {week: value for name, week, value in mart if name == metric}
        actual = {row.metric_time__week.date(): getattr(row, metric) for row in answered.itertuples()}
        assert differences(expected, actual) == [], metric


def test_metrics_split_by_where_the_intent_came_from(layer, demo_warehouse):
    answered = layer.query(metrics=["tickets", "ai_resolution_rate"], group_by=["ticket__intent_source"])
    expected = dict(query(demo_warehouse, """
        select coalesce(intent_source, 'none'), count(*) from fct_tickets group by all
    """))
    actual = dict(zip(answered["ticket__intent_source"].fillna("none"), answered["tickets"]))
    assert actual == expected and {"label", "predicted", "discovered"} <= actual.keys()
    [(label_rate,)] = query(demo_warehouse, """
        select avg(case when is_ai_resolved then 1.0 else 0.0 end) from fct_tickets where intent_source = 'label'
    """)
    assert same_number(answered.set_index("ticket__intent_source").loc["label", "ai_resolution_rate"], label_rate)


def test_a_rate_over_many_weeks_is_pooled_from_counts_not_averaged(layer, demo_warehouse):
    (pooled, averaged), = query(
        demo_warehouse,
        "select sum(ai_resolved_tickets) / sum(tickets), avg(ai_resolution_rate) from fct_intent_weekly"
        " where intent = 'order_tracking'",
    )
    answered = layer.query(metrics=["ai_resolution_rate"], group_by=["ticket__intent"])
    rate = answered.set_index("ticket__intent").loc["order_tracking", "ai_resolution_rate"]
    assert same_number(rate, pooled)
    assert not same_number(pooled, averaged)


def test_mf_query_cli_answers_with_the_marts_numbers(demo_warehouse, tmp_path):
    # mf reads <project>/target/semantic_manifest.json: a project folder whose target is the
    # test build's, so the repository's own target/ is left alone. mf's dbt adapter opens the
    # warehouse for writing, so it gets a copy (same file name: the manifest names tables by it).
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_warehouse / "warehouse.duckdb", warehouse)
    project = tmp_path / "project"
    project.mkdir()
    for entry in ("dbt_project.yml", "models", "macros", "seeds", "analyses", "tests"):
        (project / entry).symlink_to(PROJECT_ROOT / entry)
    (project / "target").symlink_to(demo_warehouse / "target")
    out = tmp_path / "answer.csv"
    env = {**os.environ, "DBT_PROFILES_DIR": str(PROJECT_ROOT), "DBT_PROJECT_ROOT": str(PROJECT_ROOT),
           "DBT_DUCKDB_PATH": str(warehouse)}
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("mf")), "query",
         "--metrics", "ai_resolution_rate,deflection_rate",
         "--group-by", "metric_time__week,ticket__intent", "--csv", str(out)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    with out.open() as answer:
        rows = list(csv.DictReader(answer))
    mart = {(intent, str(week)[:10]): (ai_resolution_rate, deflection_rate)
            for intent, week, ai_resolution_rate, deflection_rate in query(
                demo_warehouse,
                "select intent, week_start, ai_resolution_rate, deflection_rate from fct_intent_weekly")}
    answered = {(row["ticket__intent"], row["metric_time__week"][:10]):
                (float(row["ai_resolution_rate"]), float(row["deflection_rate"])) for row in rows}
    assert answered.keys() == mart.keys()
    for key, (ai_resolution_rate, deflection_rate) in mart.items():
        assert same_number(answered[key][0], ai_resolution_rate), key
        assert same_number(answered[key][1], deflection_rate), key
