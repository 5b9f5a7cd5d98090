"""The execution floors of a dbt run (ai_support_metrics/run_timing.py) on small hand-made
run_results and graphs, shaped like dbt's own files."""

import pytest

from ai_support_metrics.run_timing import critical_path, execution_floors, node_seconds

T0 = "2026-10-20T06:00:"


def result(unique_id, thread, compile_at, execute_from, execute_to):
    """A run_results entry: compile from compile_at to execute_from, execute to execute_to
    (seconds after 06:00:00)."""
    def at(seconds):
        return f"{T0}{seconds:09.6f}Z"
    return {
        "unique_id": unique_id,
        "thread_id": thread,
        "timing": [
            {"name": "compile", "started_at": at(compile_at), "completed_at": at(execute_from)},
            {"name": "execute", "started_at": at(execute_from), "completed_at": at(execute_to)},
        ],
    }


def graph(edges, nodes):
    """graph_summary.json's with_test_edges: nodes by index, each with its successors."""
    index = {name: position for position, name in enumerate(nodes)}
    return {"with_test_edges": {
        str(index[name]): {"name": name, "succ": [index[child] for parent, child in edges if parent == name]}
        for name in nodes
    }}


# source -> a -> test_a -> b, and source -> c: b waits for a's test, as `dbt build` orders it.
NODES = ["source.p.s", "model.p.a", "test.p.test_a", "model.p.b", "model.p.c"]
EDGES = [("source.p.s", "model.p.a"), ("model.p.a", "test.p.test_a"), ("model.p.a", "model.p.b"),
         ("test.p.test_a", "model.p.b"), ("source.p.s", "model.p.c")]
RUN_RESULTS = {"results": [
    result("model.p.a", "Thread-1", 0.0, 0.25, 1.0),     # 1.0 s, compile included
    result("model.p.c", "Thread-2", 0.0, 0.0, 2.5),      # 2.5 s
    result("test.p.test_a", "Thread-1", 1.0, 1.0, 1.5),  # 0.5 s
    result("model.p.b", "Thread-1", 1.5, 1.5, 3.5),      # 2.0 s
    {"unique_id": "test.p.skipped", "thread_id": "Thread-2", "timing": []},
]}


def test_node_seconds_count_compile_and_execute_and_leave_out_skipped_nodes():
    assert node_seconds(RUN_RESULTS) == pytest.approx(
        {"model.p.a": 1.0, "model.p.c": 2.5, "test.p.test_a": 0.5, "model.p.b": 2.0})


def test_critical_path_goes_through_the_test_a_child_waits_for():
    seconds, path = critical_path(node_seconds(RUN_RESULTS), graph(EDGES, NODES))
    # a + its test + b = 3.5 s beats c alone (2.5 s); the source weighs nothing.
    assert seconds == pytest.approx(3.5)
    assert path == ["model.p.a", "test.p.test_a", "model.p.b"]


def test_a_single_long_node_is_the_critical_path():
    seconds, path = critical_path({"model.p.a": 1.0, "model.p.c": 9.0, "test.p.test_a": 0.5, "model.p.b": 2.0},
                                  graph(EDGES, NODES))
    assert (seconds, path) == (pytest.approx(9.0), ["model.p.c"])


def test_execution_floors_share_the_busy_time_over_the_threads_that_ran_nodes():
    floors = execution_floors(RUN_RESULTS, graph(EDGES, NODES))
    assert floors == {
        "busy_seconds": 6.0,
        "threads": 2,
        "busy_per_thread_seconds": 3.0,
        "critical_path_seconds": 3.5,
        "critical_path": ["model.p.a", "test.p.test_a", "model.p.b"],
    }


def test_an_empty_run_has_no_floor():
    assert execution_floors({"results": []}, graph([], [])) == {
        "busy_seconds": 0, "threads": 0, "busy_per_thread_seconds": 0.0,
        "critical_path_seconds": 0.0, "critical_path": []}


def test_a_cycle_is_refused():
    with pytest.raises(ValueError, match="cycle"):
        critical_path({}, graph([("model.p.a", "model.p.b"), ("model.p.b", "model.p.a")],
                                ["model.p.a", "model.p.b"]))
