"""Resolution confidence against the truth: demo data with its failure modes (polite customers
of wrong answers, tool errors, claimed actions that never happened, warranted and avoidable
handoffs), built with dbt up to the scoring model, twice: without reviews, and with the
generator's reviewed sample (a tenth of the closed tickets). Prints AUC, Brier score and the
reliability table against the generator's truth, and the AUC on the hardest conversations:
those that end in the customer's thanks, whatever the outcome.

    python scripts/evaluate_confidence.py [--tickets 20000] [--seed 11] [--work-dir DIR]

Every score is cross-fitted (a ticket is scored by a model fitted on other tickets), so no
ticket is judged by a model that saw it; with reviews, the reviewed tickets are not judged at
all (only the others are). Targets: AUC >= 0.70 without reviews, >= 0.80 with them.
"""

import argparse
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from ai_support_metrics import demo_data
from ai_support_metrics.confidence_evaluation import judged_tickets, reliability, summary
from benchmark_scoring import dbt

SCORED = """
    select scores.ticket_id, scores.resolution_confidence, scores.scoring_method, features.resolution_state
    from int_tickets_scored_for_confidence as scores
    inner join int_tickets_described_by_trajectory as features using (ticket_id)
"""


def scores_of(frames, work_dir):
    """Write frames as the raw inputs in work_dir/raw, build up to the scoring model and
    return the scores with each ticket's resolution state."""
    demo_data.write(frames, work_dir / "raw")
    dbt("seed", work_dir)
    # A complete export each time: a fresh build, never a daily run on an earlier one.
    dbt("run", work_dir, "--full-refresh", "--select", "+int_tickets_scored_for_confidence")
    with duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True) as connection:
        return connection.execute(SCORED).df()


def report(label, judged):
    polite = judged[judged["trajectory"].isin(demo_data.POLITE_ENDINGS)]
    print(f"\n{label}, the conversations that end in the customer's thanks ({len(polite):,}):"
          f" AUC {summary(polite)['auc']:.3f}")
    figures = summary(judged)
    print(f"\n{label}: {figures['tickets']:,} tickets judged | AUC {figures['auc']:.3f}"
          f" | Brier {figures['brier_score']:.3f} | worst calibration gap {figures['worst_calibration_gap']:.3f}"
          f" | scoring methods {judged['scoring_method'].value_counts().to_dict()}")
    print(reliability(judged).to_string(index=False, float_format=lambda value: f"{value:.3f}"))
    states = judged.groupby("resolution_state")["is_truly_resolved"].agg(["size", "mean"])
    print("truly resolved per resolution_state:", {
        state: f"{row['mean']:.2f} of {int(row['size']):,}" for state, row in states.iterrows()})
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11, help="another seed than the demo's 42")
    parser.add_argument("--work-dir", type=Path, help="default: a temporary folder")
    args = parser.parse_args(argv)

    frames = demo_data.generate(args.tickets, seed=args.seed)
    truth, reviews = frames.pop("ground_truth"), frames.pop("conversation_reviews")
    with tempfile.TemporaryDirectory() as temporary:
        work_dir = args.work_dir or Path(temporary)
        without_reviews = scores_of(frames, work_dir / "without_reviews")
        with_reviews = scores_of({**frames, "conversation_reviews": reviews}, work_dir / "with_reviews")
    figures = {
        "no reviews": report("No reviews", judged_tickets(without_reviews, truth)),
        "a tenth reviewed": report(
            f"A tenth reviewed ({len(reviews):,} reviews; reviewed tickets not judged)",
            judged_tickets(with_reviews, truth, reviews)),
    }
    print("\n" + pd.DataFrame(figures).T.to_string(float_format=lambda value: f"{value:.3f}"))


if __name__ == "__main__":
    main()
