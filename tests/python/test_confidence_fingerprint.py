"""The training fingerprint int_confidence_models_fitted compares to decide whether to refit:
it changes with the settings, the training rows, the scoring code and its libraries' versions."""

from importlib import metadata
from pathlib import Path

from ai_support_metrics import confidence
from ai_support_metrics.confidence import FITTING_LIBRARIES, scoring_code_version, training_fingerprint

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
