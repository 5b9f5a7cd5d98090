"""var python_models_enabled false (engines that cannot run Python models): the SQL stand-ins
take the Python models' place, every SQL mart builds and passes its tests, the hand-checked
values that need no Python logic stay, and the columns of the Python logic are null."""

import json

from conftest import FIXTURES, query, run_dbt
from test_end_to_end import assert_marts_match_hand_checked


def test_marts_build_without_python_models(tmp_path):
    run_dbt("build", FIXTURES / "hand_checked", tmp_path, extra_vars={"python_models_enabled": False},
            artifacts=True)
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    languages = {node["language"] for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    assert languages == {"sql"}
    assert_marts_match_hand_checked(tmp_path)
    [(tickets, scored, repeat_scored, turns, positioned, signalled)] = query(tmp_path, """
        select
            (select count(*) from fct_tickets),
            (select count(resolution_confidence) + count(confidence_scoring_method) from fct_tickets),
            (select count(repeat_similarity) from fct_tickets),
            (select count(*) from int_conversation_turns_classified),
            (select count(turn_position) from int_conversation_turns_classified),
            (select count(is_confirmation) + count(is_rephrase) + count(rephrase_similarity)
             from int_conversation_turns_classified)
    """)
    assert tickets == 10 and scored == 0 and repeat_scored == 0
    assert turns > 0 and positioned == turns and signalled == 0
    # Unknown, not zero: no intent-week counts low-confidence tickets it could not score.
    [(intent_weeks, low_confidence_counted, low_confidence_shares)] = query(tmp_path, """
        select count(*), count(low_confidence_tickets), count(low_confidence_share) from fct_intent_weekly
    """)
    assert intent_weeks > 0 and low_confidence_counted == 0 and low_confidence_shares == 0
    assert query(tmp_path, "select count(*) from fct_confidence_calibration") == [(0,)]
    assert query(tmp_path, "select count(*) from int_confidence_models_fitted") == [(0,)]
    # Intents: the label alone, as with assign_intents false; dim_intents without the fit's words.
    [(reassigned, named_intents, described)] = query(tmp_path, """
        select
            (select count(*) from fct_tickets
             where intent is distinct from labelled_intent or intent_source is distinct from
                 case when labelled_intent is not null then 'label' end),
            (select count(*) from dim_intents),
            (select count(name_words) + count(example_message) + count(label_agreement_rate) from dim_intents)
    """)
    assert reassigned == 0 and named_intents > 0 and described == 0
