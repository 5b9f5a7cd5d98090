"""Quality and time of resolution confidence per training cap (confidence_max_training_tickets):
scores a built warehouse's tickets with each cap and prints AUC, Brier score and the worst
calibration gap against the observed outcomes and against the generator's truth.

    python scripts/evaluate_training_cap.py WAREHOUSE GROUND_TRUTH [--caps 200000 50000] [--tickets N]

WAREHOUSE: a DuckDB file built by `dbt build` (opened read-only), e.g. the benchmark's
data/bench/run-t1000000/warehouse.duckdb; GROUND_TRUTH: the generator's ground_truth.parquet
for the same data. --tickets keeps the first N tickets by ticket_id.
"""

import argparse
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, roc_auc_score

from ai_support_metrics.confidence import score_tickets

# Calibration bins (tenths of the score) with fewer tickets are too noisy to judge.
MIN_BIN_TICKETS = 1_000


def worst_calibration_gap(confidence, outcome):
    """Largest |mean score - observed rate| over the score's tenths with enough tickets."""
    bins = pd.DataFrame({"bin": np.minimum((confidence * 10).astype(int), 9), "score": confidence,
                         "outcome": outcome.astype(float)}).groupby("bin")
    summary = bins.agg(tickets=("score", "size"), score=("score", "mean"), outcome=("outcome", "mean"))
    summary = summary[summary["tickets"] >= MIN_BIN_TICKETS]
    return (summary["score"] - summary["outcome"]).abs().max()


def quality(confidence, outcome):
    return (f"AUC {roc_auc_score(outcome, confidence):.4f}  Brier {brier_score_loss(outcome, confidence):.4f}"
            f"  worst gap {worst_calibration_gap(confidence, outcome):.3f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("ground_truth", type=Path)
    parser.add_argument("--caps", type=int, nargs="+", default=[200_000, 50_000])
    parser.add_argument("--tickets", type=int, help="keep the first N tickets by ticket_id")
    args = parser.parse_args(argv)

    connection = duckdb.connect(str(args.warehouse), read_only=True)
    features = connection.execute("select * from int_tickets_described_by_trajectory").df()
    outcomes = connection.execute("select * from int_tickets_labelled_with_outcomes").df()
    truth = connection.execute(
        "select ticket_id, is_truly_resolved from read_parquet(?)", [str(args.ground_truth)]).df()
    connection.close()
    if args.tickets:
        features = features.sort_values("ticket_id").head(args.tickets)

    print(f"{len(features):,} tickets")
    for cap in args.caps:
        started = time.perf_counter()
        scores = score_tickets(features, outcomes, max_training_tickets=cap)
        seconds = time.perf_counter() - started
        scored = scores.merge(outcomes, on="ticket_id").merge(truth, on="ticket_id")
        known = (scored["is_outcome_known"].astype(bool) & scored["is_observed_resolved"].notna()).to_numpy()
        confidence = scored["resolution_confidence"].to_numpy()
        observed = scored.loc[known, "is_observed_resolved"].astype(bool).to_numpy()
        print(f"cap {cap:>9,}  {seconds:5.1f} s | vs observed ({known.sum():,}): {quality(confidence[known], observed)}"
              f" | vs truth ({len(scored):,}): {quality(confidence, scored['is_truly_resolved'].to_numpy(bool))}")


if __name__ == "__main__":
    main()
