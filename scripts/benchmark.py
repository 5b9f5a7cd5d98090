"""Benchmark the full dbt build and a daily incremental run on generated demo data, against a
hand-written DuckDB reference.

    python scripts/benchmark.py --tickets 100000 1000000 [--out data/bench] [--skip-daily]

Per size: generates the demo data (reused when already there), runs `dbt build` into its own
DuckDB file and reports per model (dbt's run_results.json) seconds, rows and rows per second,
dbt's start-up overhead, the total and the peak memory (max RSS) of the whole dbt process; times
scripts/benchmark_reference.sql over the same files; prints core path / reference, the core
path timed two ways: its models' seconds summed within the full build (where they share the
two cores with the scoring and signal models) and a dbt run of the core path models alone
(`dbt run --full-refresh --select <core path>` on the built warehouse, execution without
start-up).

Then the daily runs: the same data split by arrival (ai_support_metrics/deliveries.py) into a
history (every row that arrived before the last N full days, --daily-days, default 7: the
last week, Monday to Sunday) and one delivery per day (late and re-sent rows included; the
last one catches every later row); `dbt build --full-refresh` on the history (timed apart),
then each day's run `dbt build --exclude-resource-type unit_test`, timed like the full build,
every run reading one landing folder that shows that day's files (as a scheduled job would).
Reports per day whether the confidence model was refitted (on the first run whose data
reaches a new week, when its training cutoff moves) and daily / full for the execution
(without dbt's start-up) and the wall time (with it; the full build runs the unit tests too),
their mean over the days, a run on an empty delivery (what a day costs beyond its data), and
whether the marts after the last day equal the full build's, row for row
(ai_support_metrics/mart_equality.py). For every run, the two floors under its execution
(ai_support_metrics/run_timing.py): its nodes' busy time per thread and its critical path.
Writes a table to stdout and everything to <out>/benchmark.json.
"""

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from string import Template

import duckdb
import yaml

from ai_support_metrics import deliveries, demo_data
from ai_support_metrics.mart_equality import mart_differences
from ai_support_metrics.run_timing import execution_floors

REPO_ROOT = Path(__file__).resolve().parents[1]

REFERENCE_SQL = REPO_ROOT / "scripts" / "benchmark_reference.sql"
DBT_PROJECT = REPO_ROOT / "dbt_project.yml"
DOWNSTREAM_SEED = REPO_ROOT / "seeds" / "intent_downstream_actions.csv"
INPUTS = {"tickets": "tickets", "turns": "conversation_turns", "events": "events"}
# Runs argv[2:] and writes its peak RSS (ru_maxrss, KiB on Linux) to argv[1]. A fresh, small
# launcher: Linux carries a parent's peak RSS over fork and exec, and this process grows while
# it runs the reference query.
MAXRSS_LAUNCHER = (
    "import os, subprocess, sys;"
    "process = subprocess.Popen(sys.argv[2:]);"
    "_, status, usage = os.wait4(process.pid, 0);"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss));"
    "sys.exit(os.waitstatus_to_exitcode(status))"
)
# The core path of the targets: staging to fct_intent_weekly without scoring, i.e. the models
# behind the core definitions (re-contact, downstream action, weekly rates) that the reference
# computes. The base views count: creating a view costs nothing, and reading the raw files they
# describe is timed in the validated staging models that select from them. fct_tickets counts
# too (fct_intent_weekly reads it); it also joins the scoring and signal models, which do not.
# The two ticket-scope logs of daily runs count: every ticket passes through them.
CORE_PATH = (
    "base_support__tickets", "base_support__conversation_turns", "base_support__events",
    "base_support__tickets_validated", "base_support__conversation_turns_validated",
    "base_support__events_validated",
    "stg_support__tickets", "stg_support__conversation_turns", "stg_support__events",
    "int_conversation_turns_checked_against_tickets", "int_conversation_turns_kept",
    "int_data_watermark", "int_tickets_touched_by_delivery", "int_tickets_rolled_up",
    "int_tickets_affected_by_delivery", "int_tickets_linked_to_recontacts",
    "int_tickets_attributed_to_actions", "int_tickets_checked_for_reexplain",
    "fct_tickets", "fct_intent_weekly",
)
CORE_PATH_LABEL = "core path (staging to fct_intent_weekly, base views included, no scoring)"
# The daily run's command (and the history load's): unit tests test SQL, not data.
WITHOUT_UNIT_TESTS = ("--exclude-resource-type", "unit_test")


def ensure_demo_data(n_tickets, out_dir, seed=42):
    """The demo data for n_tickets in out_dir/t<n_tickets>, generated unless already there."""
    data_dir = out_dir / f"t{n_tickets}"
    stamp = data_dir / f".generated-{n_tickets}-{seed}"
    if not stamp.exists():
        started = time.perf_counter()
        demo_data.write(demo_data.generate(n_tickets, seed=seed), data_dir)
        stamp.touch()
        print(f"generated {n_tickets:,} tickets in {time.perf_counter() - started:.1f} s -> {data_dir}")
    return data_dir


def run_dbt(args, data_dir, work_dir, extra_vars=None):
    """Run dbt in its own process; returns (wall seconds, peak RSS bytes of dbt, run_results)."""
    dbt_vars = {"raw_data_path": str(data_dir), **(extra_vars or {})}
    env = {
        **os.environ,
        "DBT_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
    }
    command = [
        str(Path(sys.executable).with_name("dbt")), *args,
        "--vars", json.dumps(dbt_vars),
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
    ]
    log_path = work_dir / "dbt.log"
    rss_path = work_dir / "dbt.maxrss"
    with open(log_path, "a") as log:
        started = time.perf_counter()
        completed = subprocess.run([sys.executable, "-c", MAXRSS_LAUNCHER, str(rss_path), *command],
                                   cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed, see {log_path}")
    peak_rss = int(rss_path.read_text()) * 1024
    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    return wall, peak_rss, run_results


def model_rows(work_dir, names):
    """Row count of each built model (queried after the build, outside the timings)."""
    connection = duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True)
    try:
        return {name: connection.execute(f'select count(*) from "{name}"').fetchall()[0][0]
                for name in names}
    finally:
        connection.close()


def summarise_run(wall, peak_rss, run_results, work_dir, with_rates=True):
    """Per-model seconds, rows and rows/s, plus totals, of one dbt invocation. Rows are the
    model's rows after the run; without rates (a daily run adds to tables) no rows/s."""
    results = run_results["results"]
    models = [r for r in results if r["unique_id"].startswith("model.")]
    rows = model_rows(work_dir, [r["unique_id"].split(".")[-1] for r in models])
    per_model = []
    for result in models:
        name = result["unique_id"].split(".")[-1]
        seconds = result["execution_time"]
        per_model.append({
            "model": name,
            "core": name in CORE_PATH,
            "seconds": round(seconds, 3),
            "rows": rows[name],
            "rows_per_second": round(rows[name] / seconds) if with_rates and seconds > 0 else None,
        })

    def seconds_of(prefix):
        return round(sum(r["execution_time"] for r in results if r["unique_id"].startswith(prefix)), 3)

    return {
        "wall_seconds": round(wall, 3),
        "dbt_execution_seconds": round(run_results["elapsed_time"], 3),
        # Parsing, manifest, adapter start: everything dbt does before and after running nodes.
        "dbt_startup_seconds": round(wall - run_results["elapsed_time"], 3),
        "core_path_seconds": round(sum(m["seconds"] for m in per_model if m["core"]), 3),
        "models_seconds": seconds_of("model."),
        "tests_seconds": seconds_of("test."),
        "unit_tests_seconds": seconds_of("unit_test."),
        "seeds_seconds": seconds_of("seed."),
        "nodes": len(results),
        # The floors under dbt_execution_seconds: is the run bound by its work or its order?
        "execution_floors": execution_floors(
            run_results, json.loads((work_dir / "target" / "graph_summary.json").read_text())),
        "peak_rss_bytes": peak_rss,
        "models": per_model,
    }


def reference_sql(data_dir, dbt_vars=None):
    """scripts/benchmark_reference.sql filled in for the raw files in data_dir, with the project's
    vars (dbt_project.yml, overridden by dbt_vars) and the load time of now."""
    project_vars = {**yaml.safe_load(DBT_PROJECT.read_text())["vars"], **(dbt_vars or {})}
    null_text_values = ", ".join("'" + str(value).lower().replace("'", "''") + "'"
                                 for value in project_vars["null_text_values"])
    load_started_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return Template(REFERENCE_SQL.read_text()).substitute(
        {key: deliveries.reader(deliveries.raw_file(Path(data_dir), name)) for key, name in INPUTS.items()},
        downstream_actions=f"read_csv('{DOWNSTREAM_SEED}', header = true)",
        null_text_values=null_text_values,
        load_started_at=f"timestamp '{load_started_at}'",
        **{name: project_vars[name] for name in (
            "recontact_window_hours", "future_tolerance_hours", "turn_clock_skew_minutes",
            "unlabeled_intent_label",
        )},
    )


def run_reference(data_dir, connection):
    """Build reference_intent_weekly in connection; returns the seconds it took."""
    connection.execute("set TimeZone = 'UTC'")
    sql = reference_sql(data_dir)
    started = time.perf_counter()
    connection.execute(sql)
    return time.perf_counter() - started


def fresh_work_dir(path):
    """path, created, without the warehouse and log of an earlier run."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "warehouse.duckdb").unlink(missing_ok=True)
    (path / "dbt.log").unlink(missing_ok=True)
    return path


def benchmark_size(n_tickets, out_dir, with_daily_run=True, daily_days=7, dbt_vars=None):
    data_dir = ensure_demo_data(n_tickets, out_dir)
    work_dir = fresh_work_dir(out_dir / f"run-t{n_tickets}")
    print(f"\n== {n_tickets:,} tickets: full dbt build")
    wall, peak, run_results = run_dbt(["build"], data_dir, work_dir, dbt_vars)
    # Kept for a closer look: the core path run at the end overwrites dbt's own.
    (work_dir / "run_results-full-build.json").write_text(json.dumps(run_results))
    full = summarise_run(wall, peak, run_results, work_dir)

    connection = duckdb.connect()
    try:
        reference_seconds = run_reference(data_dir, connection)
        reference_rows = connection.execute("select count(*) from reference_intent_weekly").fetchall()[0][0]
    finally:
        connection.close()

    result = {
        "tickets": n_tickets,
        "input_rows": input_rows(data_dir),
        "full_build": full,
        "reference_seconds": round(reference_seconds, 3),
        "reference_rows": reference_rows,
        "core_path_over_reference": round(full["core_path_seconds"] / reference_seconds, 2),
    }
    if with_daily_run:
        result["daily_runs"] = benchmark_daily_run(n_tickets, data_dir, out_dir, work_dir, full, daily_days,
                                                   dbt_vars)
    # Last: it rewrites the core path's tables of the full build's warehouse (same data).
    print(f"== {n_tickets:,} tickets: the core path models alone (dbt run --full-refresh --select ...)")
    _, _, core_results = run_dbt(["run", "--full-refresh", "--select", *CORE_PATH], data_dir, work_dir,
                                 dbt_vars)
    result["core_path_alone_seconds"] = round(core_results["elapsed_time"], 3)
    result["core_path_alone_over_reference"] = round(core_results["elapsed_time"] / reference_seconds, 2)
    return result


def benchmark_daily_run(n_tickets, data_dir, out_dir, full_work_dir, full, days, dbt_vars=None):
    """History load, then the timed daily runs of the last `days` full days (the last one
    catching every later row), compared with the full build after the last one."""
    last_day = deliveries.last_full_day(data_dir)
    first_day = last_day - dt.timedelta(days=days - 1)
    deliveries_dir = out_dir / f"deliveries-t{n_tickets}"
    started = time.perf_counter()
    history, *daily_deliveries = deliveries.split(
        data_dir, deliveries_dir, history_until=first_day, last_delivery_day=last_day)
    split_seconds = time.perf_counter() - started
    work_dir = fresh_work_dir(out_dir / f"run-t{n_tickets}-daily")
    # Like a scheduled job, every run reads the one landing folder the day's files arrive in:
    # the same vars each day, so dbt re-parses only what changed (its partial parsing).
    landing = work_dir / "landing"
    print(f"== {n_tickets:,} tickets: history load (dbt build --full-refresh), rows before {first_day}")
    land(history, landing)
    history_wall, history_peak, _ = run_dbt(["build", "--full-refresh", *WITHOUT_UNIT_TESTS], landing, work_dir,
                                            dbt_vars)
    runs = []
    for delivery in daily_deliveries:
        day = delivery.name.removeprefix("day-")
        print(f"== {n_tickets:,} tickets: daily run on the delivery of {day}")
        land(delivery, landing)
        wall, peak, run_results = run_dbt(["build", *WITHOUT_UNIT_TESTS], landing, work_dir, dbt_vars)
        # Kept per day for a closer look (the next run overwrites dbt's own).
        (work_dir / f"run_results-{day}.json").write_text(json.dumps(run_results))
        run = summarise_run(wall, peak, run_results, work_dir, with_rates=False)
        runs.append({
            "delivery_day": day,
            "weekday": dt.date.fromisoformat(day).strftime("%A"),
            "delivery_rows": input_rows(delivery),
            "confidence_model_refitted": confidence_model_refitted(work_dir),
            "run": run,
            "models_over_full": round(run["models_seconds"] / full["models_seconds"], 3),
            "execution_over_full": round(run["dbt_execution_seconds"] / full["dbt_execution_seconds"], 3),
            "wall_over_full": round(run["wall_seconds"] / full["wall_seconds"], 3),
        })
    differences = mart_differences(work_dir / "warehouse.duckdb", full_work_dir / "warehouse.duckdb")
    # A day on which nothing came: what a daily run costs beyond its data (dbt's work per
    # node, the data-quality tables and per-intent marts rebuilt whole).
    print(f"== {n_tickets:,} tickets: a daily run on an empty delivery")
    land(deliveries.write_empty_delivery(daily_deliveries[-1], deliveries_dir / "empty"), landing)
    wall, peak, run_results = run_dbt(["build", *WITHOUT_UNIT_TESTS], landing, work_dir, dbt_vars)
    empty_delivery_run = summarise_run(wall, peak, run_results, work_dir, with_rates=False)
    return {
        "mean_execution_over_full": round(sum(run["execution_over_full"] for run in runs) / len(runs), 3),
        "mean_wall_over_full": round(sum(run["wall_over_full"] for run in runs) / len(runs), 3),
        "split_seconds": round(split_seconds, 3),
        "history_until": str(first_day),
        "history_load_wall_seconds": round(history_wall, 3),
        "history_load_peak_rss_bytes": history_peak,
        "runs": runs,
        "empty_delivery_run": empty_delivery_run,
        "empty_delivery_execution_over_full": round(
            empty_delivery_run["dbt_execution_seconds"] / full["dbt_execution_seconds"], 3),
        "marts_equal_full_build": not differences,
        "mart_differences": differences,
    }


def land(delivery, landing):
    """Make the landing folder show the files of delivery (a symbolic link swapped in)."""
    if landing.is_symlink():
        landing.unlink()
    landing.symlink_to(delivery.resolve(), target_is_directory=True)


def confidence_model_refitted(work_dir):
    """Whether the last run refitted the confidence models (they carry that run's loaded_at)."""
    connection = duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True)
    try:
        return connection.execute(
            "select max(models.loaded_at) = max(watermark.loaded_at)"
            " from int_confidence_models_fitted as models, int_data_watermark as watermark"
        ).fetchall()[0][0]
    finally:
        connection.close()


def input_rows(data_dir):
    connection = duckdb.connect()
    try:
        return {
            name: connection.execute(
                f"select count(*) from {deliveries.reader(deliveries.raw_file(data_dir, name))}"
            ).fetchall()[0][0]
            for name in INPUTS.values()
        }
    finally:
        connection.close()


def print_size(result):
    full = result["full_build"]
    daily = result.get("daily_runs")
    # The per-model column: the first daily run without a refit (the usual day).
    usual_day = next((run for run in daily["runs"] if not run["confidence_model_refitted"]), daily["runs"][0]) \
        if daily else None
    daily_seconds = {model["model"]: model["seconds"] for model in usual_day["run"]["models"]} if daily else {}
    print(f"\n{result['tickets']:,} tickets  (inputs: "
          + ", ".join(f"{name} {rows:,}" for name, rows in result["input_rows"].items()) + ")")
    print(f"{'model':<48}{'core':>5}{'seconds':>10}{'rows':>12}{'rows/s':>13}"
          + (f"{'day s':>10}" if daily else ""))
    for model in full["models"]:
        rate = f"{model['rows_per_second']:,}" if model["rows_per_second"] is not None else "-"
        in_daily = daily_seconds.get(model["model"])
        print(f"{model['model']:<48}{'yes' if model['core'] else '':>5}{model['seconds']:>10.2f}"
              f"{model['rows']:>12,}{rate:>13}"
              + ((f"{in_daily:>10.2f}" if in_daily is not None else f"{'-':>10}") if daily else ""))
    print_figure(CORE_PATH_LABEL + ", summed", full["core_path_seconds"])
    print_figure("unit tests", full["unit_tests_seconds"])
    print_figure("seeds", full["seeds_seconds"])
    print_run(full)
    print_figure("hand-written DuckDB reference", result["reference_seconds"])
    print_figure("core path summed / reference", result["core_path_over_reference"], " x")
    print_figure("core path models alone, one dbt run (execution)", result["core_path_alone_seconds"])
    print_figure("core path alone / reference", result["core_path_alone_over_reference"], " x")
    if daily:
        print(f"\nday s: seconds of each model in the daily run of {usual_day['delivery_day']}"
              " (a day without a refit)")
        print_daily_runs(daily)


def print_figure(label, value, unit=" s", digits=2):
    print(f"{label:<78}{value:>10.{digits}f}{unit}")


def print_run(run, prefix=""):
    """The totals of one dbt invocation (summarise_run), each label after prefix."""
    for label, key in (("all models", "models_seconds"), ("data tests", "tests_seconds"),
                       ("dbt execution (wall)", "dbt_execution_seconds"),
                       ("dbt start-up and parsing", "dbt_startup_seconds"),
                       ("whole dbt build (wall)", "wall_seconds")):
        print_figure(prefix + label, run[key])
    print_floors(run["execution_floors"], prefix + "  ")
    print_figure(prefix + "peak memory (max RSS)", run["peak_rss_bytes"] / 2**30, " GiB")


def print_floors(floors, prefix=""):
    """The two floors under a run's execution (run_timing.execution_floors)."""
    print_figure(prefix + f"floor: busy time of every node / {floors['threads']} threads",
                 floors["busy_per_thread_seconds"])
    print_figure(prefix + f"floor: critical path ({len(floors['critical_path'])} nodes, tests included)",
                 floors["critical_path_seconds"])


def print_daily_runs(daily):
    print(f"\ndaily runs after a history of every row that arrived before {daily['history_until']}")
    print_figure("split into history and deliveries (ai_support_metrics.deliveries)", daily["split_seconds"])
    print_figure("history load: dbt build --full-refresh (wall, not in the ratios)",
                 daily["history_load_wall_seconds"])
    print(f"{'delivery':<12}{'weekday':<11}{'tickets':>9}{'turns':>10}{'events':>10}{'refit':>7}"
          f"{'models s':>10}{'busy/thr':>9}{'critical':>9}{'exec s':>9}{'wall s':>9}{'GiB':>6}"
          f"{'exec/full':>10}{'wall/full':>10}")
    for day in daily["runs"]:
        run, rows = day["run"], day["delivery_rows"]
        print(f"{day['delivery_day']:<12}{day['weekday']:<11}{rows['tickets']:>9,}{rows['conversation_turns']:>10,}"
              f"{rows['events']:>10,}{'yes' if day['confidence_model_refitted'] else 'no':>7}"
              f"{run['models_seconds']:>10.2f}{run['execution_floors']['busy_per_thread_seconds']:>9.2f}"
              f"{run['execution_floors']['critical_path_seconds']:>9.2f}"
              f"{run['dbt_execution_seconds']:>9.2f}{run['wall_seconds']:>9.2f}"
              f"{run['peak_rss_bytes'] / 2**30:>6.2f}{day['execution_over_full']:>10.3f}{day['wall_over_full']:>10.3f}")
    print(f"{'mean of the days':<111}{daily['mean_execution_over_full']:>10.3f}{daily['mean_wall_over_full']:>10.3f}")
    print("exec: dbt execution without its start-up; wall: the whole command; both against the full build's.")
    print("busy/thr, critical: the floors under exec, the nodes' busy time per thread and the critical path.")
    empty_delivery_run = daily["empty_delivery_run"]
    print_figure("a daily run on an empty delivery (nothing came): dbt execution", empty_delivery_run["dbt_execution_seconds"])
    print_figure("  against the full build's execution", daily["empty_delivery_execution_over_full"], " x", digits=3)
    print_floors(empty_delivery_run["execution_floors"], "  ")
    print(f"{'marts after the last daily run equal the full build (row for row)':<78}"
          f"{'yes' if daily['marts_equal_full_build'] else 'no':>10}")
    for difference in daily["mart_differences"]:
        print(difference)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="sizes to benchmark (default 100000 1000000)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "bench",
                        help="folder for generated data, warehouses and benchmark.json (default data/bench)")
    parser.add_argument("--skip-daily", action="store_true",
                        help="time the full build only, not the history load and daily runs")
    parser.add_argument("--daily-days", type=int, default=7,
                        help="daily runs to time: the last N full days of the data (default 7, a week)")
    parser.add_argument("--vars", type=json.loads, default={},
                        help='dbt vars for every run, as JSON, e.g. \'{"assign_intents": false}\'')
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)

    results = [benchmark_size(n, args.out, with_daily_run=not args.skip_daily, daily_days=args.daily_days,
                              dbt_vars=args.vars) for n in args.tickets]
    for result in results:
        print_size(result)
    report = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "duckdb": duckdb.__version__},
        "core_path": {"definition": CORE_PATH_LABEL, "models": list(CORE_PATH)},
        "sizes": results,
    }
    json_path = args.out / "benchmark.json"
    json_path.write_text(json.dumps(report, indent=2))
    print(f"\nJSON: {json_path}")


if __name__ == "__main__":
    main()
