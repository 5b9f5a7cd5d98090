"""The project as a dbt user runs it: with their own profiles.yml, which knows nothing of this
project's Python package (no module_paths), from another working directory. The Python models
import ai_support_metrics because the set-up installs it (pyproject.toml). On the same build:
a daily run keeps the confidence models, --full-refresh and a change to the scoring code refit
them."""

import shutil
import textwrap

import pytest

from ai_support_metrics import demo_data
from conftest import PROJECT_ROOT, query, run_dbt

DEMO_TICKETS = 400
# Low enough that 400 demo tickets fit real models rather than falling back to the prior.
CONFIDENCE_VARS = {"confidence_min_labelled_tickets": 100}
USER_PROFILE = """\
    ai_support_metrics:
      target: local
      outputs:
        local:
          type: duckdb
          path: "{{ env_var('DBT_DUCKDB_PATH') }}"
          threads: 2
"""
FIT = ("select min(loaded_at), max(loaded_at), count(distinct training_fingerprint),"
       " max(training_fingerprint), count(*) filter (where scoring_method = 'cross_fitted')"
       " from int_confidence_models_fitted")


@pytest.fixture(scope="module")
def user_build(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("user_profile")
    profiles_dir = work_dir / "profiles"
    profiles_dir.mkdir()
    (profiles_dir / "profiles.yml").write_text(textwrap.dedent(USER_PROFILE))
    demo_data.write(demo_data.generate(DEMO_TICKETS, seed=13), work_dir / "raw")
    run_dbt("build", work_dir / "raw", work_dir, CONFIDENCE_VARS, profiles_dir=profiles_dir,
            extra_args=("--select", "+int_confidence_models_fitted", "--exclude-resource-type", "unit_test",
                        # tests that also read unselected models (fct_tickets) stay out
                        "--indirect-selection", "cautious"))
    return work_dir, profiles_dir


def refit_run(user_build, *extra_args, extra_env=None):
    """The fitted models before and after a run of the watermark (this run's loaded_at) and the models."""
    work_dir, profiles_dir = user_build
    [before] = query(work_dir, FIT)
    run_dbt("run", work_dir / "raw", work_dir, CONFIDENCE_VARS, profiles_dir=profiles_dir, extra_env=extra_env,
            extra_args=("--select", "int_data_watermark", "int_confidence_models_fitted", *extra_args))
    [after] = query(work_dir, FIT)
    return before, after


def test_python_models_build_under_a_profile_without_module_paths(user_build):
    work_dir, profiles_dir = user_build
    assert "module_paths" not in (profiles_dir / "profiles.yml").read_text()
    [(turns, tickets_with_turns)] = query(work_dir, "select count(*), count(distinct ticket_id) from int_conversation_turns_classified")
    assert turns > DEMO_TICKETS and tickets_with_turns > 0.9 * DEMO_TICKETS
    _, _, fingerprints, _, cross_fitted_folds = query(work_dir, FIT)[0]
    assert fingerprints == 1 and cross_fitted_folds == 5


def test_daily_run_keeps_the_models(user_build):
    before, after = refit_run(user_build)
    assert after == before


def test_full_refresh_refits(user_build):
    before, after = refit_run(user_build, "--full-refresh")
    (_, fitted_at, _, fingerprint, _), (first_at, last_at, _, new_fingerprint, _) = before, after
    assert first_at == last_at > fitted_at
    # Same data, settings and code: a refit, not a change of fingerprint, made the new models.
    assert new_fingerprint == fingerprint


def test_changed_scoring_code_refits(user_build, tmp_path):
    # A copy of the package with one more comment in the scoring code, imported first.
    shutil.copytree(PROJECT_ROOT / "ai_support_metrics", tmp_path / "ai_support_metrics")
    with open(tmp_path / "ai_support_metrics" / "confidence.py", "a") as source:
        source.write("# a change to the scoring code\n")
    before, after = refit_run(user_build, extra_env={"PYTHONPATH": str(tmp_path)})
    assert after[0] == after[1] > before[1]
    assert after[3] != before[3]
