"""Every incremental per-ticket model says which tickets a daily run recomputes (docs/daily_runs.md).

A per-ticket (or per-turn) model that is incremental but declares no daily_run_scope would keep
stale rows after a daily run, and only the slow equality test would notice. This check reads
the manifest of `dbt parse` and fails on such a model, on an unknown scope, on a scope whose log
is not upstream of the model (the log must be written before the model reads it), on an
input named in a daily_run_inputs_* config that the model does not read, and on a model named in
daily_run_recompute_tickets_changed_in that is not upstream or lacks the column named.
"""

import copy
import json

import pytest

from conftest import PROJECT_ROOT, run_dbt

SCOPE_LOGS = {
    "touched": "model.ai_support_metrics.int_tickets_touched_by_delivery",
    "affected": "model.ai_support_metrics.int_tickets_affected_by_delivery",
}
# Models whose daily runs follow their own rule: the scope logs and the watermark, and the
# validated staging models (merged per row key).
OWN_DAILY_RUN_PATHS = ("intermediate/daily_runs/", "staging/")


def daily_run_scope_problems(manifest):
    """What is wrong with the daily-run scopes of the manifest's models (empty when nothing)."""
    nodes = manifest["nodes"]
    parents = {unique_id: node.get("depends_on", {}).get("nodes", []) for unique_id, node in nodes.items()}

    def ancestors(unique_id):
        seen, stack = set(), list(parents.get(unique_id, []))
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(parents.get(parent, []))
        return seen

    def model_id(name):
        return f"model.ai_support_metrics.{name}"

    problems = []
    for unique_id, node in sorted(nodes.items()):
        config = node["config"]
        # Not per ticket: replace_all models (int_confidence_models_fitted) rewrite every row on
        # every run; weeks_learnt (int_intent_models_fitted) has a row per training week.
        if (node["resource_type"] != "model" or config.get("materialized") != "incremental"
                or config.get("incremental_strategy") in ("replace_all", "weeks_learnt")
                or node["path"].startswith(OWN_DAILY_RUN_PATHS)):
            continue
        name, scope = node["name"], config.get("daily_run_scope")
        if scope not in SCOPE_LOGS:
            problems.append(f"{name}: incremental per-ticket model with daily_run_scope {scope!r}, "
                            f"not one of {sorted(SCOPE_LOGS)}")
            continue
        if config.get("incremental_strategy") != "tickets_in_scope":
            problems.append(f"{name}: daily_run_scope needs incremental_strategy 'tickets_in_scope'")
        upstream = ancestors(unique_id)
        if SCOPE_LOGS[scope] not in upstream:
            problems.append(f"{name}: its scope log {SCOPE_LOGS[scope]} is not upstream of it")
        for key in ("daily_run_inputs_by_customer", "daily_run_inputs_read_whole"):
            for input_name in config.get(key, []):
                if model_id(input_name) not in node["depends_on"]["nodes"]:
                    problems.append(f"{name}: {key} names {input_name}, which it does not ref")
        for changed in config.get("daily_run_recompute_all_when_changed", []):
            if model_id(changed) not in upstream:
                problems.append(f"{name}: daily_run_recompute_all_when_changed names {changed}, not upstream")
        for changed, changed_at in config.get("daily_run_recompute_tickets_changed_in", {}).items():
            if model_id(changed) not in upstream:
                problems.append(f"{name}: daily_run_recompute_tickets_changed_in names {changed}, not upstream")
            elif changed_at not in nodes[model_id(changed)]["columns"]:
                problems.append(f"{name}: daily_run_recompute_tickets_changed_in names {changed}.{changed_at}, "
                                "which its YAML does not document")
    return problems


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("daily_run_scopes")
    run_dbt("parse", PROJECT_ROOT / "tests" / "fixtures" / "hand_checked", work_dir, artifacts=True)
    return json.loads((work_dir / "target" / "manifest.json").read_text())


def test_every_incremental_per_ticket_model_declares_its_scope(manifest):
    scoped = [node["name"] for node in manifest["nodes"].values() if node["config"].get("daily_run_scope")]
    assert "fct_tickets" in scoped and "int_conversation_turns_classified" in scoped
    assert daily_run_scope_problems(manifest) == []


def test_the_check_fails_on_a_model_without_scope(manifest):
    broken = copy.deepcopy(manifest)
    del broken["nodes"]["model.ai_support_metrics.int_tickets_rolled_up"]["config"]["daily_run_scope"]
    assert daily_run_scope_problems(broken) == [
        "int_tickets_rolled_up: incremental per-ticket model with daily_run_scope None, "
        "not one of ['affected', 'touched']"
    ]


def test_the_check_fails_when_the_scope_log_is_not_upstream(manifest):
    broken = copy.deepcopy(manifest)
    node = broken["nodes"]["model.ai_support_metrics.int_conversation_turns_checked_against_tickets"]
    node["depends_on"]["nodes"].remove(SCOPE_LOGS["touched"])
    # The Python model int_conversation_turns_classified reads the checked turns (through a view): it loses
    # its path to the log too.
    assert daily_run_scope_problems(broken) == [
        f"{name}: its scope log {SCOPE_LOGS['touched']} is not upstream of it"
        for name in ("int_conversation_turns_checked_against_tickets", "int_conversation_turns_classified")
    ]


def test_the_check_fails_on_an_input_the_model_does_not_read(manifest):
    broken = copy.deepcopy(manifest)
    node = broken["nodes"]["model.ai_support_metrics.int_tickets_checked_for_channel_switch"]
    node["config"]["daily_run_inputs_read_whole"] = ["int_tickets_rolled_up", "int_conversation_turns_classified"]
    assert daily_run_scope_problems(broken) == [
        "int_tickets_checked_for_channel_switch: daily_run_inputs_read_whole names "
        "int_conversation_turns_classified, which it does not ref"
    ]


def test_the_check_fails_on_an_undocumented_changed_at_column(manifest):
    broken = copy.deepcopy(manifest)
    node = broken["nodes"]["model.ai_support_metrics.int_tickets_rolled_up"]
    assert node["config"]["daily_run_recompute_tickets_changed_in"] == {
        "int_tickets_assigned_intents": "intent_changed_at"}
    node["config"]["daily_run_recompute_tickets_changed_in"] = {
        "int_tickets_assigned_intents": "intent_changed_on", "fct_tickets": "loaded_at"}
    assert daily_run_scope_problems(broken) == [
        "int_tickets_rolled_up: daily_run_recompute_tickets_changed_in names "
        "int_tickets_assigned_intents.intent_changed_on, which its YAML does not document",
        "int_tickets_rolled_up: daily_run_recompute_tickets_changed_in names fct_tickets, not upstream",
    ]
