"""Time resolution confidence at scale: demo data for N tickets (1M by default, about 3.8M
turns), built with dbt up to the scoring model, then the feature and scoring logic timed on
its own (inputs already read, dbt's startup left out).

    python scripts/benchmark_scoring.py [--tickets 1000000] [--work-dir DIR] [--raw-dir DIR]
                                        [--logic-only]

--raw-dir builds on raw inputs already written (tickets, conversation_turns, events, e.g. by
scripts/generate_demo_data.py) instead of generating them, so that two code versions can be
timed on the very same data. --logic-only reruns only the timed logic on the warehouse an
earlier run left in --work-dir, without dbt: run it under `/usr/bin/time -v` and the peak
memory reported is the scoring path's alone.

Prints: per-model execution times from dbt (these include reading the staging views) and the
logic alone: per-turn signals (classify_turns), the trajectory SQL, scoring (score_tickets),
then the peak memory of this process (the logic; dbt runs in child processes).
The target is under 60 s for 1M tickets on a 2-core machine.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from ai_support_metrics import demo_data
from ai_support_metrics.confidence import score_tickets
from ai_support_metrics.conversation_signals import classify_turns_in_chunks

REPO_ROOT = Path(__file__).resolve().parents[1]

CONFIDENCE_MODELS = (
    "int_conversation_turns_classified", "int_tickets_described_by_trajectory",
    "int_tickets_labelled_with_outcomes", "int_confidence_models_fitted", "int_tickets_scored_for_confidence",
)


def dbt(command, work_dir, *args, raw_dir=None):
    env = {
        **os.environ,
        "DBT_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
    }
    subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), command, "--quiet",
         "--vars", str({"raw_data_path": str(raw_dir or work_dir / "raw")}),
         "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"), *args],
        cwd=REPO_ROOT, env=env, check=True,
    )


def timed(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:7.1f} s")
    return result, seconds


def build(work_dir, tickets, raw_dir):
    """The warehouse in work_dir up to the scoring model, on raw_dir's inputs or on freshly
    generated demo data; prints the dbt execution time of each confidence model."""
    if raw_dir is None:
        print(f"Preparing {tickets:,} demo tickets in {work_dir}")
        frames, _ = timed("generate demo data", demo_data.generate, tickets)
        raw_dir = work_dir / "raw"
        demo_data.write(frames, raw_dir)
    else:
        print(f"Building on the raw inputs in {raw_dir}, warehouse in {work_dir}")
    timed("dbt seed + run of everything upstream", lambda: (
        dbt("seed", work_dir, raw_dir=raw_dir),
        dbt("run", work_dir, "--select", "+int_tickets_scored_for_confidence", "--exclude", *CONFIDENCE_MODELS,
            raw_dir=raw_dir)))
    # One model at a time, so that no other model competes for the two cores.
    timed("dbt run of the confidence models", dbt, "run", work_dir, "--threads", "1",
          "--select", *CONFIDENCE_MODELS, raw_dir=raw_dir)

    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    model_seconds = {result["unique_id"].rsplit(".", 1)[-1]: result["execution_time"]
                     for result in run_results["results"]}
    print("\ndbt execution time of the confidence models (reading the staging views included):")
    for name in CONFIDENCE_MODELS:
        print(f"  {name:<44} {model_seconds[name]:7.1f} s")
    print(f"  {'total':<44} {sum(model_seconds[name] for name in CONFIDENCE_MODELS):7.1f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--work-dir", type=Path, help="where to put data and warehouse (default: a temp dir)")
    parser.add_argument("--raw-dir", type=Path, help="use the raw inputs in this folder instead of generating "
                        "--tickets demo tickets")
    parser.add_argument("--logic-only", action="store_true", help="skip dbt: time the logic on the warehouse "
                        "an earlier run left in --work-dir")
    args = parser.parse_args(argv)
    if args.logic_only and not args.work_dir:
        parser.error("--logic-only needs the --work-dir of an earlier run")
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="benchmark_scoring_"))
    work_dir.mkdir(parents=True, exist_ok=True)
    if not args.logic_only:
        build(work_dir, args.tickets, args.raw_dir)

    connection = duckdb.connect(str(work_dir / "warehouse.duckdb"))
    turns = connection.table("int_conversation_turns_kept")
    phrases = connection.execute("select * from conversation_signal_phrases").df()
    agent_phrases = connection.execute("select * from agent_trajectory_phrases").df()
    trajectory_sql = (work_dir / "target" / "compiled" / "ai_support_metrics" / "models" / "intermediate"
                      / "int_tickets_described_by_trajectory.sql").read_text()
    [(turn_count,)] = turns.aggregate("count(*)").fetchall()
    print(f"\nLogic alone on {turn_count:,} turns (reading the turns included):")
    _, signal_seconds = timed("per-turn signals (classify_turns_in_chunks)", lambda: classify_turns_in_chunks(
                                  turns.to_arrow_table(), phrases, agent_phrases=agent_phrases))
    _, feature_seconds = timed("trajectory features (SQL, DuckDB)", lambda: connection.execute(
        f"create or replace temp table benchmark_features as {trajectory_sql}"))
    features = connection.execute("select * from int_tickets_described_by_trajectory").df()
    outcomes = connection.execute("select * from int_tickets_labelled_with_outcomes").df()
    reviews = connection.execute("select * from stg_support__conversation_reviews").df()
    scores, scoring_seconds = timed(f"scoring {len(features):,} tickets (score_tickets)",
                                    score_tickets, features, outcomes, reviews=reviews)
    connection.close()
    total = signal_seconds + feature_seconds + scoring_seconds
    print(f"  {'total':<44} {total:7.1f} s")
    print(f"\n{len(features):,} tickets scored ({(scores['scoring_method'] == 'cross_fitted').mean():.0%}"
          f" cross-fitted) in {total:.1f} s of feature and scoring logic.")
    # ru_maxrss is in KiB on Linux.
    print(f"Peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB")


if __name__ == "__main__":
    main()
