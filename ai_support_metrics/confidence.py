"""Resolution confidence: a calibrated probability, per ticket, that the customer's problem was
really solved, from the ticket's own conversation (int_tickets_described_by_trajectory).

`fit_fold_models(features, outcomes, ...)` fits a logistic regression (scikit-learn) on the
tickets whose outcome is known (outcomes.is_outcome_known; label is_observed_resolved) with
K-fold cross-fitting, and `apply_fold_models(features, models)` scores tickets with them
(`score_tickets` does both): each ticket belongs to one fold, fixed by a hash of its ticket_id, and is
scored by the model fitted on the labelled tickets of the *other* folds. So no ticket's own
label ever reaches its score, and tickets whose outcome is not known yet are scored the same
way. The outcome is only a label: every feature comes from the ticket's own conversation.

With fewer labelled tickets than `min_labelled_tickets` (or a fold whose training tickets are
all of one outcome) the score falls back to PRIOR_WEIGHTS, hand-set log-odds documented in the
README. Reviewed verdicts (conversation_reviews) are preferred labels and, from
min_reviewed_tickets reviews on, adjust each fold's model or prior toward the reviewers
(ai_support_metrics.confidence_reviews). Logistic regression's probabilities are calibrated by construction on the training
distribution (it minimises log loss), which fct_confidence_calibration checks.

`training_fingerprint` identifies a fit (settings, training rows, this module's code and the
versions of the libraries it fits with): int_confidence_models_fitted keeps its stored models
while it stays the same.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from threadpoolctl import threadpool_limits

from ai_support_metrics.confidence_reviews import (
    DEFAULT_MIN_REVIEWED_TICKETS, DEFAULT_REVIEW_PENALTY, MAX_REVIEWED_TICKETS, adjustment_log_odds, fit_adjustment,
    labels_preferring_reviews, review_verdicts,
)

DEFAULT_FOLDS = 5
DEFAULT_MIN_LABELLED_TICKETS = 1_000
DEFAULT_MAX_TRAINING_TICKETS = 50_000
# The libraries whose versions can change a fit or a score (solver, arithmetic, conversions).
FITTING_LIBRARIES = ("scikit-learn", "scipy", "numpy", "pandas")
# The modules whose code fits the models: a change to either refits them.
SCORING_MODULES = ("confidence.py", "confidence_reviews.py")
STATES = ("assumed", "confirmed", "unresolved", "escalated")
# Missing AI confidence is read as a coin toss (with its own indicator feature).
_NEUTRAL_AI_CONFIDENCE = 0.5

# Log-odds of resolution used while there are too few labelled tickets to fit on. The
# intercept is an assumed resolution (customer left quietly, about 7 in 10 resolved); the
# other weights move it per unit of each feature (see the README's decision log).
PRIOR_WEIGHTS = {
    "intercept": 0.8,
    "is_state_confirmed": 1.4,
    "is_state_unresolved": -2.0,
    "is_state_escalated": 0.2,
    "confusion_messages": -0.4,
    "rephrase_messages": -0.4,
    "human_request_messages": -0.5,
    "feedback_up_answers": 0.8,
    "feedback_down_answers": -1.0,
    "ai_confidence_above_neutral": 2.0,
    # The agent's actions (docs/resolution_confidence_rules.md): a claim no successful write
    # backs and a failed call weigh against; a warranted handoff is not a failure.
    "unbacked_action_claims": -1.5,
    "failed_tool_calls": -0.5,
    "is_handoff_warranted": 0.8,
}

_COUNT_FEATURES = (
    "customer_messages", "ai_agent_messages", "human_agent_messages", "confirmation_messages",
    "confusion_messages", "human_request_messages", "rephrase_messages", "ai_answer_loops",
    "feedback_up_answers", "feedback_down_answers",
    "turns", "tool_calls", "lookup_calls", "write_calls", "failed_tool_calls", "successful_write_calls",
    "action_claims", "unbacked_action_claims", "refusal_messages", "apology_messages",
    "outcome_confirmation_messages", "repeated_tool_calls",
)
_FLAG_FEATURES = (
    "is_escalated", "has_handoff", "has_customer_message_after_last_answer",
    "is_last_customer_confirmation", "is_last_customer_confusion",
    "is_last_customer_human_request", "is_last_customer_rephrase",
    "is_last_customer_outcome_confirmation", "is_last_customer_courtesy", "is_last_customer_question",
    "has_unrecovered_tool_error", "is_handoff_warranted",
)

# The int_tickets_described_by_trajectory columns the model reads.
FEATURE_INPUT_COLUMNS = (
    "resolution_state", "last_speaker_role", "avg_ai_confidence", "min_ai_confidence",
    "max_rephrase_similarity", "silence_after_last_answer_hours", "avg_customer_message_length",
    "avg_ai_message_length", *_COUNT_FEATURES, *_FLAG_FEATURES,
)


def feature_matrix(features: pd.DataFrame) -> pd.DataFrame:
    """Numeric model inputs, one row per ticket (same index), no missing values."""
    avg_confidence = features["avg_ai_confidence"].astype(float)
    columns = {
        **{f"is_state_{state}": (features["resolution_state"] == state).astype(float) for state in STATES[1:]},
        **{name: features[name].astype(float) for name in _COUNT_FEATURES},
        **{name: features[name].fillna(False).astype(float) for name in _FLAG_FEATURES},
        "is_last_speaker_customer": (features["last_speaker_role"] == "customer").astype(float),
        "has_ai_confidence": avg_confidence.notna().astype(float),
        "ai_confidence_above_neutral": avg_confidence.fillna(_NEUTRAL_AI_CONFIDENCE) - _NEUTRAL_AI_CONFIDENCE,
        "min_ai_confidence": features["min_ai_confidence"].astype(float).fillna(_NEUTRAL_AI_CONFIDENCE),
        "max_rephrase_similarity": features["max_rephrase_similarity"].astype(float).fillna(0.0),
        "log_silence_hours": np.log1p(features["silence_after_last_answer_hours"].astype(float).fillna(0.0)),
        "log_customer_message_length": np.log1p(features["avg_customer_message_length"].astype(float).fillna(0.0)),
        "log_ai_message_length": np.log1p(features["avg_ai_message_length"].astype(float).fillna(0.0)),
    }
    matrix = pd.DataFrame(columns, index=features.index)
    # The AI's confidence means most on tickets it handled alone: let the model see that.
    matrix["ai_confidence_if_assumed"] = matrix["ai_confidence_above_neutral"] * (
        features["resolution_state"] == "assumed").astype(float)
    return matrix.fillna(0.0)


def prior_log_odds(matrix: pd.DataFrame) -> np.ndarray:
    """Log-odds of resolution from PRIOR_WEIGHTS."""
    return PRIOR_WEIGHTS["intercept"] + sum(
        weight * matrix[name].to_numpy() for name, weight in PRIOR_WEIGHTS.items() if name != "intercept"
    )


def prior_scores(matrix: pd.DataFrame) -> np.ndarray:
    """Probabilities from PRIOR_WEIGHTS."""
    return 1.0 / (1.0 + np.exp(-prior_log_odds(matrix)))


def _model_log_odds(values: np.ndarray, parameters: dict) -> np.ndarray:
    """Log-odds of a fitted model (its JSON parameters) for rows of values."""
    return (values - parameters["mean"]) / parameters["scale"] @ np.asarray(
        parameters["coefficients"]) + parameters["intercept"]


def _ticket_hashes(ticket_ids: pd.Series) -> np.ndarray:
    return pd.util.hash_pandas_object(ticket_ids.astype(str), index=False).to_numpy()


def fold_of(ticket_ids: pd.Series, folds: int) -> np.ndarray:
    """The cross-fitting fold of each ticket: a stable hash of its id, so a ticket keeps its
    fold from run to run whatever the row order."""
    return _fold_of_hashes(_ticket_hashes(ticket_ids), folds)


def _fold_of_hashes(hashes: np.ndarray, folds: int) -> np.ndarray:
    return (hashes % np.uint64(folds)).astype(np.int64)


def _labels(ticket_ids: pd.Series, outcomes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per ticket (in ticket_ids' order): whether its outcome is known, and if so resolved."""
    as_text = {"type": pa.large_string(), "from_pandas": True}
    row = pc.index_in(pa.array(ticket_ids, **as_text), value_set=pa.array(outcomes["ticket_id"], **as_text))
    # Tickets missing from outcomes point one past its end, at an unknown outcome.
    row = row.fill_null(len(outcomes)).to_numpy(zero_copy_only=False)
    resolved = outcomes["is_observed_resolved"]
    is_known = outcomes["is_outcome_known"].fillna(False).astype(bool).to_numpy() & resolved.notna().to_numpy()
    is_resolved = resolved.fillna(False).astype(bool).to_numpy()
    return np.append(is_known, False)[row], np.append(is_resolved, False)[row]


def _new_model():
    # Imported here: scikit-learn takes half a second to import, and only a refit needs it
    # (scoring reads the stored parameters).
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1_000))


def fit_fold_models(
    features: pd.DataFrame,
    outcomes: pd.DataFrame,
    folds: int = DEFAULT_FOLDS,
    min_labelled_tickets: int = DEFAULT_MIN_LABELLED_TICKETS,
    max_training_tickets: int = DEFAULT_MAX_TRAINING_TICKETS,
    reviews: pd.DataFrame | None = None,
    min_reviewed_tickets: int = DEFAULT_MIN_REVIEWED_TICKETS,
    review_penalty: float = DEFAULT_REVIEW_PENALTY,
) -> pd.DataFrame:
    """One row per cross-fitting fold: fold, scoring_method ('cross_fitted' or 'prior') and
    parameters (JSON: the fitted scaler and logistic regression, and the review adjustment
    when there is one; null for 'prior').

    reviews (ticket_id, is_resolved; optional): reviewed verdicts, preferred to observed
    outcomes as labels; with at least min_reviewed_tickets of them in the other folds, a
    fold's model (or the prior) is also adjusted toward them (confidence_reviews).

    features: the training candidates (int_tickets_described_by_trajectory rows); outcomes:
    ticket_id, is_outcome_known, is_observed_resolved (tickets missing from it count as
    unknown). Fold k's model is fitted on the labelled tickets of the other folds, at most
    max_training_tickets of them (a sample fixed by the ticket ids, whatever the row order)."""
    features = features.reset_index(drop=True)
    is_reviewed, verdict = review_verdicts(features["ticket_id"], reviews)
    is_labelled, resolved = labels_preferring_reviews(*_labels(features["ticket_id"], outcomes), is_reviewed, verdict)
    hashes = _ticket_hashes(features["ticket_id"])
    fold = _fold_of_hashes(hashes, folds)
    # The training sample, too, follows the ticket hash (other bits than the fold's); the
    # whole hash breaks ties, so the rows' order never changes a fit.
    sample_order = np.lexsort((hashes, hashes // np.uint64(folds)))
    matrix = feature_matrix(features)
    values = matrix.to_numpy()
    rows = []
    for k in range(folds):
        parameters = None
        if is_labelled.sum() >= min_labelled_tickets:
            train = sample_order[is_labelled[sample_order] & (fold[sample_order] != k)][:max_training_tickets]
            if len(np.unique(resolved[train])) == 2:
                # One BLAS thread: on small dense problems more threads only fight each other.
                with threadpool_limits(limits=1):
                    scaler, regression = _new_model().fit(values[train], resolved[train]).named_steps.values()
                parameters = {
                    "features": list(matrix.columns),
                    "mean": scaler.mean_.tolist(),
                    "scale": scaler.scale_.tolist(),
                    "coefficients": regression.coef_[0].tolist(),
                    "intercept": float(regression.intercept_[0]),
                }
        # In hash order too (a row order that never changes the fit), at most MAX_REVIEWED_TICKETS.
        reviewed = sample_order[is_reviewed[sample_order] & (fold[sample_order] != k)][:MAX_REVIEWED_TICKETS]
        if len(reviewed) >= min_reviewed_tickets:
            base = (prior_log_odds(matrix.iloc[reviewed]) if parameters is None
                    else _model_log_odds(values[reviewed], parameters))
            parameters = {"features": list(matrix.columns), **(parameters or {"is_prior": True})}
            with threadpool_limits(limits=1):
                parameters["review_adjustment"] = fit_adjustment(
                    values[reviewed], verdict[reviewed], base, review_penalty)
        parameters = None if parameters is None else json.dumps(parameters)
        rows.append({
            "fold": k,
            "scoring_method": "prior" if parameters is None else "cross_fitted",
            "parameters": parameters,
        })
    return pd.DataFrame(rows, columns=["fold", "scoring_method", "parameters"])


def apply_fold_models(features: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """One row per ticket of features: ticket_id, resolution_confidence (0-1),
    scoring_method and cross_fit_fold, each ticket scored by its own fold's model
    (fit_fold_models), or by PRIOR_WEIGHTS where that fold has none; plus the fold's review
    adjustment where it has one."""
    features = features.reset_index(drop=True)
    matrix = feature_matrix(features)
    fold = fold_of(features["ticket_id"], len(models))
    confidence = prior_scores(matrix)
    is_cross_fitted = np.zeros(len(features), dtype=bool)
    for model in models.itertuples():
        scored = fold == model.fold
        if model.parameters is None or pd.isna(model.parameters) or not scored.any():
            continue
        parameters = json.loads(model.parameters)
        values = matrix.loc[scored, parameters["features"]].to_numpy()
        log_odds = (prior_log_odds(matrix.loc[scored]) if parameters.get("is_prior")
                    else _model_log_odds(values, parameters))
        if "review_adjustment" in parameters:
            log_odds = log_odds + adjustment_log_odds(values, parameters["review_adjustment"])
        confidence[scored] = 1.0 / (1.0 + np.exp(-log_odds))
        is_cross_fitted[scored] = True
    return pd.DataFrame({
        "ticket_id": features["ticket_id"],
        "resolution_confidence": np.clip(confidence, 0.0, 1.0),
        "scoring_method": pd.array(np.where(is_cross_fitted, "cross_fitted", "prior"), dtype="string"),
        "cross_fit_fold": fold,
    })


def score_tickets(
    features: pd.DataFrame,
    outcomes: pd.DataFrame,
    folds: int = DEFAULT_FOLDS,
    min_labelled_tickets: int = DEFAULT_MIN_LABELLED_TICKETS,
    max_training_tickets: int = DEFAULT_MAX_TRAINING_TICKETS,
    reviews: pd.DataFrame | None = None,
    min_reviewed_tickets: int = DEFAULT_MIN_REVIEWED_TICKETS,
) -> pd.DataFrame:
    """Every ticket of features scored by the fold models fitted on them, outcomes and
    reviews (fit_fold_models, then apply_fold_models), in ticket_id order. The result does not
    depend on the order of the input rows (the same scores to the last bit)."""
    features = features.sort_values("ticket_id", kind="stable", ignore_index=True)
    models = fit_fold_models(
        features, outcomes, folds, min_labelled_tickets, max_training_tickets, reviews, min_reviewed_tickets)
    return apply_fold_models(features, models)


def scoring_code_version(source: bytes | None = None, library_versions: dict[str, str] | None = None,
                         modules: tuple[str, ...] = SCORING_MODULES) -> str:
    """A short hash of the code behind a fit: the source of modules (by default SCORING_MODULES:
    features, fit, review adjustment and scoring) and the versions of FITTING_LIBRARIES; by
    default the running modules and installed versions."""
    if source is None:
        source = b"".join(Path(__file__).with_name(name).read_bytes() for name in modules)
    if library_versions is None:
        library_versions = {name: metadata.version(name) for name in FITTING_LIBRARIES}
    digest = hashlib.sha256(source)
    for name, version in sorted(library_versions.items()):
        digest.update(f"\n{name}=={version}".encode())
    return digest.hexdigest()[:16]


def settled_training_labels(labels: pd.DataFrame, cutoff_at) -> pd.DataFrame:
    """The labelled tickets the models may learn from: outcome known and settled by cutoff_at
    (none without a cutoff, i.e. without data)."""
    if cutoff_at is None:
        return labels.iloc[0:0]
    return labels[labels["is_outcome_known"].fillna(False).astype(bool)
                  & (labels["outcome_settled_at"] <= pd.Timestamp(cutoff_at))]


def hash_sum(hashes: pd.Series) -> int | None:
    """The exact sum of unsigned 64-bit hashes (None for none), for training_fingerprint: it
    does not depend on the order of the rows."""
    return sum(int(value) for value in hashes) if len(hashes) else None


def review_hash_sum(reviews: pd.DataFrame) -> int | None:
    """hash_sum of the reviews' (ticket_id, is_resolved), typed first so that every engine's
    frame of the same reviews gives the same number."""
    typed = reviews[["ticket_id", "is_resolved"]].astype({"ticket_id": "string", "is_resolved": "boolean"})
    return hash_sum(pd.util.hash_pandas_object(typed, index=False))


def training_fingerprint(settings: dict, training_rows: int, training_row_hash_sum, code_version: str) -> str:
    """What a fit depends on, as text: the settings (name: value), the number of training rows,
    the sum of their training_row_hash (their labels and features) and the scoring code's
    version (scoring_code_version). Equal fingerprints give the same models."""
    described_settings = ";".join(f"{name}={value}" for name, value in settings.items())
    return f"{described_settings};rows={training_rows};sum={training_row_hash_sum};code={code_version}"
