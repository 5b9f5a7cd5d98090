"""Reviews as labels: preferred to observed outcomes, learned from 100 reviews on, shrunk
toward the model or the prior (no cliff), and never reaching a reviewed ticket's own score."""

import numpy as np
import pandas as pd

from ai_support_metrics.confidence import score_tickets
from test_confidence import synthetic_tickets


def reviews_of(features, probability, share, seed=0, truth=None):
    """A reviewed sample: `share` of the tickets, the verdict drawn from the true probability
    (or given as truth)."""
    rng = np.random.default_rng(seed)
    reviewed = rng.random(len(features)) < share
    verdict = rng.random(len(features)) < probability if truth is None else truth
    return pd.DataFrame({"ticket_id": features["ticket_id"][reviewed], "is_resolved": verdict[reviewed]})


def assumed_mean(scores, features):
    return scores["resolution_confidence"][(features["resolution_state"] == "assumed").to_numpy()].mean()


def no_outcomes(outcomes):
    return outcomes.assign(is_outcome_known=False, is_observed_resolved=pd.NA)


def test_a_hundred_reviews_move_the_prior_toward_the_reviewers_without_a_cliff():
    """No outcome is known, so the prior scores: it takes assumed resolutions for about 0.69.
    The reviewers find a third of them resolved. Below 100 reviews nothing changes; from 100
    on, every fold adjusts, and more reviews move it further."""
    features, outcomes, _ = synthetic_tickets(6000, seed=3)
    outcomes = no_outcomes(outcomes)
    truth = np.where(features["resolution_state"] == "assumed", np.random.default_rng(1).random(6000) < 0.33,
                     features["resolution_state"].isin(["confirmed", "escalated"]).to_numpy())
    prior = score_tickets(features, outcomes)
    assert (prior["scoring_method"] == "prior").all()
    gaps = []
    for share in (0.015, 0.03, 0.1, 0.5):
        reviews = reviews_of(features, None, share, truth=truth)
        scores = score_tickets(features, outcomes, reviews=reviews)
        if share == 0.015:  # about 90 reviews, fewer than 100 in the other folds
            pd.testing.assert_frame_equal(scores, prior)
            continue
        assert (scores["scoring_method"] == "cross_fitted").all()
        gaps.append(abs(assumed_mean(scores, features) - 0.33))
    prior_gap = abs(assumed_mean(prior, features) - 0.33)
    assert prior_gap > gaps[0] > gaps[1] > gaps[2]
    assert gaps[0] > 0.05  # 180 reviews: still shrunk toward the prior
    assert gaps[2] < 0.08  # 3,000 reviews: close to the reviewers


def test_a_reviewed_tickets_own_verdict_never_reaches_its_own_score():
    features, outcomes, probability = synthetic_tickets(4000, seed=4)
    reviews = reviews_of(features, probability, 0.2, seed=2)
    base = score_tickets(features, outcomes, min_labelled_tickets=100, reviews=reviews).set_index("ticket_id")
    one = reviews["ticket_id"].iloc[0]
    flipped = reviews.assign(is_resolved=np.where(reviews["ticket_id"] == one, ~reviews["is_resolved"],
                                                  reviews["is_resolved"]))
    after = score_tickets(features, outcomes, min_labelled_tickets=100, reviews=flipped).set_index("ticket_id")
    assert after.loc[one, "resolution_confidence"] == base.loc[one, "resolution_confidence"]
    assert not np.array_equal(after["resolution_confidence"], base["resolution_confidence"])


def test_a_review_replaces_the_observed_outcome_as_the_label():
    features, outcomes, probability = synthetic_tickets(4000, seed=5)
    reviews = reviews_of(features, probability, 0.2, seed=3)
    base = score_tickets(features, outcomes, min_labelled_tickets=100, reviews=reviews)
    reviewed = outcomes["ticket_id"].isin(reviews["ticket_id"]) & outcomes["is_outcome_known"]
    flipped = outcomes.copy()
    flipped.loc[reviewed, "is_observed_resolved"] = ~flipped.loc[reviewed, "is_observed_resolved"].astype(bool)
    pd.testing.assert_frame_equal(
        score_tickets(features, flipped, min_labelled_tickets=100, reviews=reviews), base)


def test_reviews_correct_observed_outcomes_that_overstate_resolution():
    """Observed outcomes call a third of the unresolved tickets resolved (the customer never
    came back); the reviews of a tenth know better, and the score follows them."""
    features, outcomes, probability = synthetic_tickets(20_000, seed=6)
    rng = np.random.default_rng(8)
    truly_resolved = rng.random(len(features)) < probability
    overstated = truly_resolved | (rng.random(len(features)) < 0.33)
    outcomes = outcomes.assign(
        is_observed_resolved=pd.array(np.where(outcomes["is_outcome_known"], overstated, None), dtype="boolean"))
    reviews = reviews_of(features, None, 0.1, seed=9, truth=truly_resolved)
    unjudged = ~features["ticket_id"].isin(reviews["ticket_id"]).to_numpy()
    without = score_tickets(features, outcomes)["resolution_confidence"].to_numpy()[unjudged]
    with_reviews = score_tickets(features, outcomes, reviews=reviews)["resolution_confidence"].to_numpy()[unjudged]
    truth_rate = truly_resolved[unjudged].mean()
    assert without.mean() - truth_rate > 0.1
    assert abs(with_reviews.mean() - truth_rate) < (without.mean() - truth_rate) / 2
