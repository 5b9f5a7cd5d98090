"""The training fingerprint int_confidence_models_fitted compares to decide whether to refit:
it changes with the settings, the training rows, the scoring code and its libraries' versions."""

import datetime as dt
from importlib import metadata
from pathlib import Path

import pandas as pd

from ai_support_metrics import confidence
from ai_support_metrics.confidence import (
    FITTING_LIBRARIES, hash_sum, review_hash_sum, scoring_code_version, settled_training_labels, training_fingerprint,
)

SETTINGS = {"folds": 5, "min": 1000, "max": 50000, "cutoff": "2026-03-02 00:00:00"}
VERSIONS = {"numpy": "2.4.6", "scipy": "1.17.1", "pandas": "3.1.1", "scikit-learn": "1.9.1"}


def test_default_is_the_running_code_and_installed_libraries():
    package = Path(confidence.__file__).parent
    running = (package / "confidence.py").read_bytes() + (package / "confidence_reviews.py").read_bytes()
    installed = {name: metadata.version(name) for name in FITTING_LIBRARIES}
    assert scoring_code_version() == scoring_code_version(running, installed)
    assert set(installed) == {"scikit-learn", "scipy", "numpy", "pandas"}


def test_code_version_changes_with_the_source_and_each_library_version():
    base = scoring_code_version(b"def fit(): ...", VERSIONS)
    assert scoring_code_version(b"def fit(): ...", dict(VERSIONS)) == base
    assert scoring_code_version(b"def fit(): ...  # tuned", VERSIONS) != base
    for library in VERSIONS:
        assert scoring_code_version(b"def fit(): ...", {**VERSIONS, library: "99.0"}) != base


def test_fingerprint_changes_with_each_input():
    code = scoring_code_version(b"def fit(): ...", VERSIONS)
    base = training_fingerprint(SETTINGS, 2602, 123456789, code)
    assert training_fingerprint(dict(SETTINGS), 2602, 123456789, code) == base
    assert training_fingerprint({**SETTINGS, "folds": 3}, 2602, 123456789, code) != base
    assert training_fingerprint(SETTINGS, 2603, 123456789, code) != base
    assert training_fingerprint(SETTINGS, 2602, 123456788, code) != base
    new_library = scoring_code_version(b"def fit(): ...", {**VERSIONS, "scikit-learn": "1.10.0"})
    assert training_fingerprint(SETTINGS, 2602, 123456789, new_library) != base


def test_training_labels_are_the_known_outcomes_settled_by_the_cutoff():
    labels = pd.DataFrame({
        "ticket_id": ["settled", "on_cutoff", "late", "unknown", "no_outcome"],
        "is_outcome_known": [True, True, True, False, None],
        "outcome_settled_at": pd.to_datetime(["2026-02-20", "2026-02-23", "2026-02-24", "2026-02-01", None]),
    })
    cutoff = dt.datetime(2026, 2, 23)
    assert settled_training_labels(labels, cutoff)["ticket_id"].tolist() == ["settled", "on_cutoff"]
    # No watermark (no data): nothing to learn from.
    assert settled_training_labels(labels, None).empty


def test_hash_sums_are_exact_and_ignore_row_order():
    hashes = pd.Series([2**64 - 1, 2**64 - 2, 5], dtype="uint64")
    assert hash_sum(hashes) == 2**65 + 2  # beyond 64 bits: no wrap-around
    assert hash_sum(hashes.iloc[::-1]) == hash_sum(hashes)
    assert hash_sum(hashes.iloc[0:0]) is None
    reviews = pd.DataFrame({"ticket_id": ["a", "b"], "is_resolved": [True, False]})
    assert review_hash_sum(reviews.iloc[::-1]) == review_hash_sum(reviews)
    # The same reviews as another engine hands them (object columns) give the same sum.
    assert review_hash_sum(reviews.astype(object)) == review_hash_sum(reviews)
    assert review_hash_sum(reviews.assign(is_resolved=[True, True])) != review_hash_sum(reviews)
