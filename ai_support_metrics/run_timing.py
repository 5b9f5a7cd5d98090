"""What bounds the execution time of one dbt invocation, from the files it leaves in its target
folder: run_results.json and graph_summary.json (the graph it ran on, with the edges that
`dbt build` adds so that a model's children wait for its tests).

No run finishes before its critical path (the longest chain of nodes each waiting for the one
before) nor before its nodes' busy time shared out over its threads. A run close to the second
floor is bound by work: only fewer or cheaper nodes make it faster, not another order.
"""

import datetime as dt


def node_seconds(run_results):
    """Seconds each node that ran kept its thread busy: from the start of its compiling to the
    end of its executing. Nodes skipped after a failure have no timings and are left out."""
    seconds = {}
    for result in run_results["results"]:
        steps = {step["name"]: step for step in result["timing"]}
        if "execute" not in steps:
            continue
        started = steps.get("compile", steps["execute"])["started_at"]
        seconds[result["unique_id"]] = (_instant(steps["execute"]["completed_at"]) - _instant(started)).total_seconds()
    return seconds


def critical_path(seconds, graph_summary):
    """(seconds, unique ids) of the longest chain of the graph, a node weighing its seconds.
    Nodes of the graph that did not run (sources, deselected nodes) weigh nothing but still
    pass their order on."""
    graph = graph_summary["with_test_edges"]
    successors = {int(index): node.get("succ", []) for index, node in graph.items()}
    unique_ids = {int(index): node["name"] for index, node in graph.items()}
    waiting_on = {index: 0 for index in successors}
    for children in successors.values():
        for child in children:
            waiting_on[child] += 1
    # Longest chain ending at each node, in topological order (Kahn's algorithm).
    longest = {index: (seconds.get(unique_ids[index], 0.0), None) for index in successors}
    ready = [index for index, count in waiting_on.items() if count == 0]
    while ready:
        index = ready.pop()
        for child in successors[index]:
            through_index = longest[index][0] + seconds.get(unique_ids[child], 0.0)
            if longest[child][1] is None or through_index > longest[child][0]:
                longest[child] = (through_index, index)
            waiting_on[child] -= 1
            if waiting_on[child] == 0:
                ready.append(child)
    if any(waiting_on.values()):
        raise ValueError("graph_summary.json has a cycle")
    end = max(longest, key=lambda index: longest[index][0], default=None)
    if end is None:
        return 0.0, []
    length, chain = longest[end][0], []
    while end is not None:
        if unique_ids[end] in seconds:
            chain.append(unique_ids[end])
        end = longest[end][1]
    return length, chain[::-1]


def execution_floors(run_results, graph_summary):
    """The busy time of a run's nodes, its threads (those that ran a node), the busy time per
    thread and the critical path: the two floors under its execution time."""
    seconds = node_seconds(run_results)
    threads = len({result["thread_id"] for result in run_results["results"] if result["unique_id"] in seconds})
    path_seconds, path = critical_path(seconds, graph_summary)
    busy = sum(seconds.values())
    return {
        "busy_seconds": round(busy, 3),
        "threads": threads,
        "busy_per_thread_seconds": round(busy / threads, 3) if threads else 0.0,
        "critical_path_seconds": round(path_seconds, 3),
        "critical_path": path,
    }


def _instant(timestamp):
    return dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
