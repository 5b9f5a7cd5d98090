"""Time resolution confidence at scale: demo data for N tickets (1M by default, about 3.8M
turns), built with dbt up to the scoring model, then the feature and scoring logic timed on
its own (inputs already read, dbt's startup left out).

    python scripts/benchmark_scoring.py [--tickets 1000000] [--work-dir DIR]

Prints: per-model execution times from dbt (these include reading the staging views) and the
logic alone: per-turn signals (classify_turns), the trajectory SQL, scoring (score_tickets).
The target is under 60 s for 1M tickets on a 2-core machine.
"""

import argparse
import json
import os
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


def dbt(command, work_dir, *args):
    env = {
        **os.environ,
        "DBT_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
        "DBT_PROFILES_DIR": str(REPO_ROOT),
    }
    subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), command, "--quiet",
         "--vars", str({"raw_data_path": str(work_dir / "raw")}),
         "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"), *args],
        cwd=REPO_ROOT, env=env, check=True,
    )


def timed(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:7.1f} s")
    return result, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--work-dir", type=Path, help="where to put data and warehouse (default: a temp dir)")
    args = parser.parse_args(argv)
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="benchmark_scoring_"))
    work_dir.mkdir(parents=True, exist_ok=True)

    print(f"Preparing {args.tickets:,} demo tickets in {work_dir}")
    frames, _ = timed("generate demo data", demo_data.generate, args.tickets)
    demo_data.write(frames, work_dir / "raw")
    timed("dbt seed + run of everything upstream", lambda: (
        dbt("seed", work_dir),
        dbt("run", work_dir, "--select", "+int_tickets_scored_for_confidence", "--exclude", *CONFIDENCE_MODELS)))
    # One model at a time, so that no other model competes for the two cores.
    timed("dbt run of the confidence models", dbt, "run", work_dir, "--threads", "1",
          "--select", *CONFIDENCE_MODELS)

    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    model_seconds = {result["unique_id"].rsplit(".", 1)[-1]: result["execution_time"]
                     for result in run_results["results"]}
    print("\ndbt execution time of the confidence models (reading the staging views included):")
    for name in CONFIDENCE_MODELS:
        print(f"  {name:<44} {model_seconds[name]:7.1f} s")
    print(f"  {'total':<44} {sum(model_seconds[name] for name in CONFIDENCE_MODELS):7.1f} s")

    connection = duckdb.connect(str(work_dir / "warehouse.duckdb"))
    turns = connection.table("int_conversation_turns_kept")
    phrases = connection.execute("select * from conversation_signal_phrases").df()
    agent_phrases = connection.execute("select * from agent_trajectory_phrases").df()
    trajectory_sql = (work_dir / "target" / "compiled" / "ai_support_metrics" / "models" / "intermediate"
                      / "int_tickets_described_by_trajectory.sql").read_text()
    [(turn_count,)] = turns.aggregate("count(*)").fetchall()
    print(f"\nLogic alone on {turn_count:,} turns (reading the turns included):")
    _, signal_seconds = timed("per-turn signals (classify_turns_in_chunks)", classify_turns_in_chunks,
                              turns, phrases, agent_phrases=agent_phrases)
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


if __name__ == "__main__":
    main()
