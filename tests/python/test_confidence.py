"""Scoring: feature matrix, prior fallback, cross-fitting (a ticket's own label never reaches its
score) and calibration on synthetic tickets whose true resolution probability is known."""

import numpy as np
import pandas as pd
import pytest

from ai_support_metrics.confidence import PRIOR_WEIGHTS, feature_matrix, fold_of, score_tickets

STATE_LOG_ODDS = {"confirmed": 2.0, "assumed": 0.5, "unresolved": -2.0, "escalated": 0.8}


def synthetic_tickets(n, seed=0):
    """Trajectory features and known-outcome labels: the true log-odds of resolution is a
    function of the state and the AI's confidence; 80% of tickets have a known outcome."""
    rng = np.random.default_rng(seed)
    state = rng.choice(list(STATE_LOG_ODDS), n, p=[0.35, 0.3, 0.2, 0.15])
    ai_confidence = np.where(rng.random(n) < 0.1, np.nan, rng.random(n))
    confusion = (state == "unresolved") * rng.integers(0, 3, n)
    log_odds = pd.Series(state).map(STATE_LOG_ODDS).to_numpy() + 2.5 * (np.nan_to_num(ai_confidence, nan=0.5) - 0.5)
    probability = 1 / (1 + np.exp(-log_odds))
    features = pd.DataFrame({
        "ticket_id": [f"t{i:06d}" for i in range(n)],
        "last_speaker_role": np.where(state == "assumed", "ai_agent", "customer"),
        "resolution_state": state,
        "customer_messages": 1 + confusion, "ai_agent_messages": 1 + confusion,
        "human_agent_messages": (state == "escalated").astype(int),
        "confirmation_messages": (state == "confirmed").astype(int), "confusion_messages": confusion,
        "human_request_messages": 0, "rephrase_messages": 0, "ai_answer_loops": confusion,
        "feedback_up_answers": 0, "feedback_down_answers": 0,
        "max_rephrase_similarity": np.nan, "avg_ai_confidence": ai_confidence, "min_ai_confidence": ai_confidence,
        "avg_customer_message_length": rng.integers(5, 80, n).astype(float),
        "avg_ai_message_length": 120.0, "silence_after_last_answer_hours": np.nan,
        "is_escalated": state == "escalated", "has_handoff": state == "escalated",
        "has_customer_message_after_last_answer": state != "assumed",
        "is_last_customer_confirmation": state == "confirmed", "is_last_customer_confusion": state == "unresolved",
        "is_last_customer_human_request": False, "is_last_customer_rephrase": False,
        "is_last_customer_outcome_confirmation": state == "confirmed",
        "is_last_customer_courtesy": False, "is_last_customer_question": False,
        "turns": 2 + 2 * confusion, "tool_calls": 0, "lookup_calls": 0, "write_calls": 0,
        "failed_tool_calls": 0, "successful_write_calls": 0, "action_claims": 0, "unbacked_action_claims": 0,
        "refusal_messages": 0, "apology_messages": 0, "outcome_confirmation_messages": (state == "confirmed").astype(int),
        "repeated_tool_calls": 0, "has_unrecovered_tool_error": False,
        "is_handoff_warranted": pd.array(np.where(state == "escalated", True, None), dtype="boolean"),
    })
    known = rng.random(n) < 0.8
    outcomes = pd.DataFrame({
        "ticket_id": features["ticket_id"],
        "is_outcome_known": known,
        "is_observed_resolved": pd.array(np.where(known, rng.random(n) < probability, None), dtype="boolean"),
    })
    return features, outcomes, probability


def test_feature_matrix_has_no_gaps_and_one_row_per_ticket():
    features, _, _ = synthetic_tickets(500)
    features = features.astype({"is_escalated": object})
    features.loc[:5, ["avg_ai_confidence", "last_speaker_role", "is_escalated"]] = None
    matrix = feature_matrix(features)
    assert len(matrix) == 500 and not matrix.isna().any().any()
    assert set(PRIOR_WEIGHTS) - {"intercept"} <= set(matrix.columns)


def test_every_ticket_scored_in_unit_interval():
    features, outcomes, _ = synthetic_tickets(3000)
    scores = score_tickets(features, outcomes, min_labelled_tickets=100)
    assert len(scores) == 3000 and scores["ticket_id"].is_unique
    assert scores["resolution_confidence"].between(0, 1).all()
    assert (scores["scoring_method"] == "cross_fitted").all()


@pytest.mark.parametrize("max_training_tickets", [500, 200_000])
def test_scores_are_bit_identical_whatever_the_row_order(max_training_tickets):
    """An incremental build's tables hold their rows in another physical order than a full
    refresh's: the scores must still be the same to the last bit, in the same row order."""
    features, outcomes, _ = synthetic_tickets(3000)
    features.loc[features.sample(n=20, random_state=5).index, "avg_ai_confidence"] = np.nan
    scores = score_tickets(features, outcomes, min_labelled_tickets=100, max_training_tickets=max_training_tickets)
    for seed in (1, 2):
        shuffled = score_tickets(
            features.sample(frac=1.0, random_state=seed), outcomes.sample(frac=1.0, random_state=seed + 10),
            min_labelled_tickets=100, max_training_tickets=max_training_tickets,
        )
        pd.testing.assert_frame_equal(shuffled, scores, check_exact=True)
    assert scores["ticket_id"].is_monotonic_increasing


def flip(outcomes, ticket_ids):
    flipped = outcomes.copy()
    rows = flipped["ticket_id"].isin(ticket_ids) & flipped["is_outcome_known"]
    flipped.loc[rows, "is_observed_resolved"] = ~flipped.loc[rows, "is_observed_resolved"]
    return flipped


def test_flipping_a_tickets_own_label_never_changes_its_own_score():
    features, outcomes, _ = synthetic_tickets(3000)
    base = score_tickets(features, outcomes, min_labelled_tickets=100).set_index("ticket_id")
    one_ticket = outcomes.loc[outcomes["is_outcome_known"], "ticket_id"].iloc[0]
    after = score_tickets(features, flip(outcomes, [one_ticket]), min_labelled_tickets=100).set_index("ticket_id")
    assert after.loc[one_ticket, "resolution_confidence"] == base.loc[one_ticket, "resolution_confidence"]
    # The flip did reach the models of the other folds.
    assert not np.array_equal(after["resolution_confidence"], base["resolution_confidence"])


def test_flipping_a_whole_fold_leaves_that_fold_untouched():
    features, outcomes, _ = synthetic_tickets(3000)
    base = score_tickets(features, outcomes, min_labelled_tickets=100).set_index("ticket_id")
    in_fold = base["cross_fit_fold"] == 2
    after = score_tickets(features, flip(outcomes, base.index[in_fold]), min_labelled_tickets=100).set_index("ticket_id")
    np.testing.assert_array_equal(after.loc[in_fold, "resolution_confidence"], base.loc[in_fold, "resolution_confidence"])
    assert (after.loc[~in_fold, "resolution_confidence"] - base.loc[~in_fold, "resolution_confidence"]).abs().max() > 0.05


def test_unknown_outcomes_never_train_the_model():
    features, outcomes, _ = synthetic_tickets(2000)
    base = score_tickets(features, outcomes, min_labelled_tickets=100)
    unknown = ~outcomes["is_outcome_known"]
    noisy = outcomes.copy()
    noisy.loc[unknown, "is_observed_resolved"] = True  # a label where the window is not complete
    np.testing.assert_array_equal(
        score_tickets(features, noisy, min_labelled_tickets=100)["resolution_confidence"],
        base["resolution_confidence"],
    )


def test_too_few_labelled_tickets_fall_back_to_the_prior_weights():
    features, outcomes, _ = synthetic_tickets(300)
    scores = score_tickets(features, outcomes, min_labelled_tickets=1000)
    assert (scores["scoring_method"] == "prior").all()
    confirmed = scores["resolution_confidence"][features["resolution_state"] == "confirmed"].mean()
    unresolved = scores["resolution_confidence"][features["resolution_state"] == "unresolved"].mean()
    assert confirmed > 0.8 > 0.3 > unresolved


def test_prior_for_a_fold_whose_training_labels_are_all_one_outcome():
    features, outcomes, _ = synthetic_tickets(400)
    outcomes["is_observed_resolved"] = outcomes["is_observed_resolved"].where(~outcomes["is_outcome_known"], True)
    scores = score_tickets(features, outcomes, min_labelled_tickets=10)
    assert (scores["scoring_method"] == "prior").all()


def test_no_tickets():
    features, outcomes, _ = synthetic_tickets(0)
    assert score_tickets(features, outcomes).empty


def test_folds_are_stable_and_balanced():
    ids = pd.Series([f"tkt_{i}" for i in range(10_000)])
    folds = fold_of(ids, 5)
    np.testing.assert_array_equal(folds, fold_of(ids.iloc[::-1], 5)[::-1])
    assert np.bincount(folds, minlength=5).min() > 1_800


def test_scores_are_calibrated_and_rank_well():
    features, outcomes, probability = synthetic_tickets(20_000, seed=7)
    scores = score_tickets(features, outcomes)["resolution_confidence"].to_numpy()
    # Reliability: within each tenth of predicted confidence, the true probability agrees.
    bins = np.minimum((scores * 10).astype(int), 9)
    for b in np.unique(bins):
        in_bin = bins == b
        if in_bin.sum() >= 200:
            assert abs(scores[in_bin].mean() - probability[in_bin].mean()) < 0.03
    # The score tracks the true probability closely.
    assert np.corrcoef(scores, probability)[0, 1] > 0.97


def test_training_sample_cap_changes_the_models():
    features, outcomes, _ = synthetic_tickets(3000)
    capped = score_tickets(features, outcomes, min_labelled_tickets=100, max_training_tickets=500)
    full = score_tickets(features, outcomes, min_labelled_tickets=100, max_training_tickets=3000)
    assert not np.allclose(capped["resolution_confidence"], full["resolution_confidence"])
