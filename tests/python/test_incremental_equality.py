"""Proof of equality (issue 6): daily runs over demo data split by arrival day give the same
marts, row for row, as one full refresh over every row delivered.

Build A: `dbt build --full-refresh` on the history, then `dbt build` on each daily delivery in
order (late rows, re-sent identical rows and stale ticket versions included; see
ai_support_metrics/deliveries.py), then on an empty delivery (a day on which nothing came).
Build B: `dbt build --full-refresh` on the union of the history and every delivery. Unit tests
are left out of all of them (scripts/check runs them); the data tests run.
Both build a copy of the project with one more per-ticket model, int_tickets_counted_for_questions,
written the way docs/daily_runs.md says a new rule is added (its SQL, its YAML and nothing about
daily runs but its scope): daily runs must keep it right too.
"""

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from ai_support_metrics import demo_data
from ai_support_metrics.deliveries import split, write_empty_delivery, write_union
from ai_support_metrics.mart_equality import mart_differences
from conftest import PROJECT_ROOT, query, run_dbt

TICKETS = 3000
# The demo's tickets open from Monday 2026-08-03 to Sunday 2026-10-25; closings, turns and
# events run a few days past. Three deliveries: Sunday 10-25, Monday 10-26 (a new week: the
# models refit) and 10-27 with every later row.
HISTORY_UNTIL = date(2026, 10, 25)
LAST_DELIVERY_DAY = date(2026, 10, 27)
FULL_REFRESH = ("--full-refresh",)

# A new per-ticket rule, as a user adds one: the customer's questions in a ticket.
NEW_RULE_MODEL = "int_tickets_counted_for_questions"
NEW_RULE_SQL = """{{ per_ticket_config(daily_run_scope='touched') }}

with

tickets as (select * from {{ ref('int_tickets_rolled_up') }}),

turns as (select * from {{ ref('int_conversation_turns_kept') }}),

questions as (
    select
        ticket_id,
        count(*) as customer_questions
    from turns
    where author_role = 'customer' and body like '%?%'
    group by ticket_id
),

final as (
    select
        tickets.ticket_id,
        coalesce(questions.customer_questions, 0) as customer_questions,
        coalesce(questions.customer_questions, 0) = tickets.customer_turns as is_all_questions,
        {{ batch_loaded_at() }} as loaded_at
    from tickets
    left join questions on tickets.ticket_id = questions.ticket_id
)

select * from final
"""
NEW_RULE_YAML = """version: 2
models:
  - name: int_tickets_counted_for_questions
    description: One row per ticket, the customer's messages that ask a question.
    columns:
      - name: ticket_id
        data_tests: [unique, not_null]
      - name: customer_questions
      - name: is_all_questions
      - name: loaded_at
"""


def project_with_a_new_rule(folder):
    """A copy of the project with NEW_RULE_MODEL added, in folder."""
    shutil.copytree(PROJECT_ROOT, folder, ignore=shutil.ignore_patterns(
        ".*", "data", "warehouse", "target", "logs", "__pycache__"))
    (folder / "models" / "intermediate" / f"{NEW_RULE_MODEL}.sql").write_text(NEW_RULE_SQL)
    (folder / "models" / "intermediate" / f"_{NEW_RULE_MODEL}.yml").write_text(NEW_RULE_YAML)
    return folder


@dataclass
class Builds:
    deliveries: list  # folders in load order, the history first
    daily_dir: Path  # build A
    full_refresh_dir: Path  # build B
    recontacts: list  # per load of A: {ticket_id: (is_recontacted, recontact_ticket_id)}
    discovered: list  # per load of A: ({ticket_id: discovered intent}, the newest intent model's training week)
    assignments: list  # per load of A: {ticket_id: (intent, intent_source)}
    listed_after_fit: list  # per load of A: the tickets the affected log listed in the run of the newest intent model
    daily_run_results: list  # run_results.json of each daily run of A
    manifest: dict


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental_equality")
    complete = root / "complete"
    demo_data.write(demo_data.generate(TICKETS), complete)
    deliveries = split(complete, root / "deliveries", HISTORY_UNTIL, LAST_DELIVERY_DAY)
    project = project_with_a_new_rule(root / "project")

    full_refresh_dir = root / "full_refresh"
    run_dbt("build", write_union(deliveries, root / "union"), full_refresh_dir,
            project_dir=project, extra_args=FULL_REFRESH)

    daily_dir = root / "daily"
    run_dbt("build", deliveries[0], daily_dir, project_dir=project, extra_args=FULL_REFRESH, artifacts=True)
    recontacts = [recontact_status(daily_dir)]
    discovered = [discovered_intents(daily_dir)]
    assignments, listed_after_fit = [intent_assignments(daily_dir)], [tickets_listed_in_the_fit_run(daily_dir)]
    daily_run_results = []
    for delivery in deliveries[1:]:
        run_dbt("build", delivery, daily_dir, project_dir=project, artifacts=True)
        recontacts.append(recontact_status(daily_dir))
        discovered.append(discovered_intents(daily_dir))
        assignments.append(intent_assignments(daily_dir))
        listed_after_fit.append(tickets_listed_in_the_fit_run(daily_dir))
        daily_run_results.append(json.loads((daily_dir / "target" / "run_results.json").read_text()))
    run_dbt("build", write_empty_delivery(deliveries[-1], root / "empty"), daily_dir,
            project_dir=project, artifacts=True)
    daily_run_results.append(json.loads((daily_dir / "target" / "run_results.json").read_text()))
    manifest = json.loads((daily_dir / "target" / "manifest.json").read_text())
    return Builds(deliveries, daily_dir, full_refresh_dir, recontacts, discovered, assignments, listed_after_fit,
                  daily_run_results, manifest)


def recontact_status(work_dir):
    rows = query(work_dir, "select ticket_id, is_recontacted, recontact_ticket_id from fct_tickets")
    return {ticket_id: (is_recontacted, recontact_id) for ticket_id, is_recontacted, recontact_id in rows}


def discovered_intents(work_dir):
    rows = query(work_dir, "select ticket_id, intent from fct_tickets where intent_source = 'discovered'")
    [(newest_week,)] = query(work_dir, "select max(trained_through_week_start) from int_intent_models_fitted")
    return dict(rows), newest_week


def intent_assignments(work_dir):
    rows = query(work_dir, "select ticket_id, intent, intent_source from int_tickets_assigned_intents")
    return {ticket_id: (intent, source) for ticket_id, intent, source in rows}


def tickets_listed_in_the_fit_run(work_dir):
    rows = query(work_dir, """
        select ticket_id from int_tickets_affected_by_delivery
        where loaded_at = (select max(loaded_at) from int_intent_models_fitted)""")
    return {ticket_id for (ticket_id,) in rows}


def delivered_ticket_ids(folder):
    connection = duckdb.connect()
    try:
        rows = connection.execute(f"select distinct ticket_id from '{folder / 'tickets.parquet'}'").fetchall()
        return {ticket_id for (ticket_id,) in rows}
    finally:
        connection.close()


def test_split_gives_daily_deliveries(builds):
    assert [folder.name for folder in builds.deliveries] == ["history"] + [
        f"day-2026-10-{day}" for day in range(25, 28)
    ]


def test_daily_runs_give_the_marts_of_a_full_refresh(builds):
    [(tickets,)] = query(builds.full_refresh_dir, "select count(*) from fct_tickets")
    assert tickets >= TICKETS * 0.9
    # Discovered intents included, names and all: both learn the same weeks in turn.
    differences = mart_differences(builds.daily_dir / "warehouse.duckdb", builds.full_refresh_dir / "warehouse.duckdb")
    assert not differences, "daily runs (A) differ from the full refresh (B):\n" + "\n".join(differences)


def test_the_weekly_learning_in_the_daily_runs_keeps_every_discovered_intent_s_name(builds):
    (history, history_week), (final, final_week) = builds.discovered[0], builds.discovered[-1]
    assert final_week > history_week, "no week learnt in the daily runs: nothing tested"
    assert history, "the history discovered no intent: nothing tested"
    assert set(history.values()) <= set(final.values())
    # A ticket keeps its discovered intent, unless it waited in the pool and its group became an
    # intent of its own (a placement: the newest model's).
    placements = dict(query(builds.daily_dir, "select ticket_id, intent from int_intent_pool_placements"))
    moved = {ticket_id for ticket_id, intent in history.items() if final.get(ticket_id, intent) != intent}
    assert all(placements.get(ticket_id) == final[ticket_id] for ticket_id in moved)


def test_the_weekly_learning_in_the_daily_runs_recomputes_the_tickets_it_moved_not_every_ticket(builds):
    learning_days = [day for day in range(1, len(builds.discovered))
                     if builds.discovered[day][1] > builds.discovered[day - 1][1]]
    assert learning_days, "no week learnt in the daily runs: nothing tested"
    for day in learning_days:
        before, after = builds.assignments[day - 1], builds.assignments[day]
        moved = {ticket_id for ticket_id, assignment in after.items()
                 if ticket_id in before and before[ticket_id] != assignment}
        untouched_moved = moved - delivered_ticket_ids(builds.deliveries[day])
        listed = builds.listed_after_fit[day]
        assert untouched_moved <= listed, "a ticket the new week's model moved was not recomputed"
        assert len(listed) < len(after) / 2, "the day the models learnt a week recomputed most tickets"


def test_daily_runs_keep_a_newly_added_per_ticket_model_right(builds):
    sql = f"select * exclude (loaded_at) from {NEW_RULE_MODEL} order by ticket_id"
    daily, full_refresh = query(builds.daily_dir, sql), query(builds.full_refresh_dir, sql)
    assert len(full_refresh) >= TICKETS * 0.9
    assert any(row[1] > 0 for row in full_refresh), "no ticket with a question: the rule tests nothing"
    assert daily == full_refresh


def test_daily_runs_run_the_incremental_models(builds):
    incremental_models = {
        unique_id for unique_id, node in builds.manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }
    assert incremental_models, "no model is materialized incremental"
    for run_results in builds.daily_run_results:
        assert not run_results["args"].get("full_refresh", False)
        models = {result["unique_id"]: result["status"] for result in run_results["results"]
                  if result["unique_id"].startswith("model.")}
        assert models and set(models.values()) == {"success"}
        assert incremental_models <= models.keys()


def test_a_recontact_delivered_later_flips_the_earlier_ticket(builds):
    """Some ticket loaded earlier is not re-contacted before the day its re-contact arrives,
    and is re-contacted by it after that day's run."""
    first_delivery = {}
    for index, folder in enumerate(builds.deliveries):
        for ticket_id in delivered_ticket_ids(folder):
            first_delivery.setdefault(ticket_id, index)
    flips = [
        (ticket_id, recontact_id, builds.deliveries[day].name)
        for day in range(1, len(builds.deliveries))
        for ticket_id, (is_recontacted, recontact_id) in builds.recontacts[day].items()
        if is_recontacted
        and first_delivery.get(recontact_id) == day
        and builds.recontacts[day - 1].get(ticket_id, (None, None))[0] is False
    ]
    assert flips, "no ticket loaded earlier turned re-contacted on the day its re-contact arrived"
