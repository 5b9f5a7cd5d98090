"""How well resolution confidence predicts the truth, on data whose truth is known (the demo
generator's ground_truth): AUC, Brier score and a reliability table by tenths of the score.

`judged_tickets(scores, truth, reviews)` keeps the tickets to judge: every scored ticket with
a known truth except the reviewed ones (a review is a training label: the tickets it labels are
not judged). `summary(judged)` gives the figures; `reliability(judged)` the table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, roc_auc_score

# Reliability bins with fewer tickets are too noisy to count towards the worst gap.
MIN_BIN_TICKETS = 100


def judged_tickets(scores: pd.DataFrame, truth: pd.DataFrame, reviews: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per scored ticket with a known truth and no review: ticket_id,
    resolution_confidence, is_truly_resolved, the other columns of scores and of truth."""
    judged = scores.merge(truth, on="ticket_id")
    if reviews is not None and len(reviews):
        judged = judged[~judged["ticket_id"].isin(reviews["ticket_id"])]
    return judged.reset_index(drop=True)


def reliability(judged: pd.DataFrame) -> pd.DataFrame:
    """Per tenth of the score (bin 0 = 0-0.1, ..., 9 = 0.9-1): tickets, mean score and the
    share truly resolved."""
    confidence = judged["resolution_confidence"].astype(float)
    bins = pd.DataFrame({
        "confidence_bin": np.minimum((confidence * 10).astype(int), 9),
        "confidence": confidence,
        "truly_resolved": judged["is_truly_resolved"].astype(float),
    })
    return bins.groupby("confidence_bin").agg(
        tickets=("confidence", "size"),
        avg_confidence=("confidence", "mean"),
        truly_resolved_rate=("truly_resolved", "mean"),
    ).reset_index()


def summary(judged: pd.DataFrame) -> dict[str, float]:
    """tickets, AUC, Brier score, and the worst |mean score - truth rate| over the bins with
    at least MIN_BIN_TICKETS tickets."""
    truth = judged["is_truly_resolved"].astype(bool).to_numpy()
    confidence = judged["resolution_confidence"].astype(float).to_numpy()
    table = reliability(judged)
    counted = table[table["tickets"] >= MIN_BIN_TICKETS]
    return {
        "tickets": len(judged),
        "auc": roc_auc_score(truth, confidence),
        "brier_score": brier_score_loss(truth, confidence),
        "worst_calibration_gap": (counted["avg_confidence"] - counted["truly_resolved_rate"]).abs().max(),
    }
