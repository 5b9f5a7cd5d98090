"""Reviews as labels for resolution confidence: a reviewed sample (conversation_reviews: a QA
team, an LLM judge, a survey) says whether each reviewed conversation was really resolved,
which observed outcomes (no re-contact, the expected action) only approximate.

Two uses, both per cross-fitting fold (a ticket's own review never reaches its score):
- `labels_preferring_reviews`: a reviewed ticket's verdict replaces its observed outcome as
  its training label, and reviewed tickets train even before their outcome settles;
- `fit_adjustment`: once a fold's other folds hold at least min_reviewed_tickets reviews (100
  by default), a correction of the fold's model toward the reviewers: a logistic regression
  of the verdicts on the standardised features with the model's own log-odds as offset, its
  coefficients shrunk toward zero by an L2 penalty. With 100 reviews the correction is small
  and the score stays close to the model (or to the prior weights, when too few outcomes are
  known for a model); the more reviews, the more it follows them. No cliff: each review
  moves the score a little.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.optimize import minimize
from scipy.special import expit

DEFAULT_MIN_REVIEWED_TICKETS = 100
# A fold's correction learns from at most this many reviews: with the penalty below it has
# converged long before, and the fit stays a few seconds at a million tickets.
MAX_REVIEWED_TICKETS = 20_000
# L2 penalty on the standardised coefficients of the correction (in units of reviews): a
# coefficient moves only when about this many reviews agree on it.
DEFAULT_REVIEW_PENALTY = 50.0
# The correction's intercept (a shift of the whole score) is penalised this much less.
_INTERCEPT_PENALTY_SHARE = 0.02


def review_verdicts(ticket_ids: pd.Series, reviews: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """Per ticket (in ticket_ids' order): whether it was reviewed, and the verdict."""
    if reviews is None or reviews.empty:
        return np.zeros(len(ticket_ids), bool), np.zeros(len(ticket_ids), bool)
    reviews = reviews[reviews["is_resolved"].notna()]
    as_text = {"type": pa.large_string(), "from_pandas": True}
    row = pc.index_in(pa.array(ticket_ids, **as_text), value_set=pa.array(reviews["ticket_id"], **as_text))
    row = row.fill_null(len(reviews)).to_numpy(zero_copy_only=False)
    verdict = np.append(reviews["is_resolved"].astype(bool).to_numpy(), False)[row]
    return row < len(reviews), verdict


def labels_preferring_reviews(
    is_labelled: np.ndarray, resolved: np.ndarray, is_reviewed: np.ndarray, verdict: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Training labels: the review's verdict where there is one, else the observed outcome."""
    return is_labelled | is_reviewed, np.where(is_reviewed, verdict, resolved)


def fit_adjustment(values: np.ndarray, verdict: np.ndarray, base_log_odds: np.ndarray, penalty: float) -> dict:
    """The correction (mean, scale, coefficients, intercept) that, added to base_log_odds,
    best predicts the verdicts under the L2 penalty (see the module docstring)."""
    mean = values.mean(axis=0)
    scale = values.std(axis=0)
    scale[scale == 0] = 1.0
    standardised = (values - mean) / scale
    target = verdict.astype(float)
    penalties = np.r_[penalty * _INTERCEPT_PENALTY_SHARE, np.full(values.shape[1], penalty)]

    def loss_and_gradient(theta):
        log_odds = base_log_odds + theta[0] + standardised @ theta[1:]
        residual = expit(log_odds) - target
        loss = np.sum(np.logaddexp(0.0, log_odds) - target * log_odds) + 0.5 * np.sum(penalties * theta**2)
        gradient = np.r_[residual.sum(), standardised.T @ residual] + penalties * theta
        return loss, gradient

    fitted = minimize(loss_and_gradient, np.zeros(values.shape[1] + 1), jac=True, method="L-BFGS-B")
    return {
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "coefficients": fitted.x[1:].tolist(),
        "intercept": float(fitted.x[0]),
        "reviewed_tickets": int(len(verdict)),
    }


def adjustment_log_odds(values: np.ndarray, adjustment: dict) -> np.ndarray:
    """The correction's log-odds for rows of values (same feature order as when fitted)."""
    standardised = (values - np.asarray(adjustment["mean"])) / np.asarray(adjustment["scale"])
    return standardised @ np.asarray(adjustment["coefficients"]) + adjustment["intercept"]
