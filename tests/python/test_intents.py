"""Rules of assigned intents (ai_support_metrics.intents) on hand-written tickets."""

import numpy as np
import pandas as pd
import pytest

from ai_support_metrics import intents

PHRASES = {
    "password_reset": ["I forgot my password", "reset my password please", "password reset link expired",
                       "how do I reset the password", "new password needed, forgot the old one"],
    "order_tracking": ["where is my order", "my parcel has not arrived", "track my order delivery",
                       "order still not delivered", "when will my order arrive"],
    "refund_request": ["I want a refund", "refund my money please", "charged twice, refund me",
                       "refund for the broken item", "how do I get a refund"],
}
UNKNOWN = ["gift voucher balance zero", "voucher balance left on gift", "gift voucher expired balance",
           "check gift voucher balance", "balance of my gift voucher"]


def labelled_tickets(copies=8):
    rows = [(intent, f"{phrase} {suffix}") for intent, phrases in PHRASES.items() for phrase in phrases
            for suffix in ["", "thanks", "asap", "today", "hi", "now", "again", "team"][:copies]]
    return pd.DataFrame({
        "ticket_id": [f"t{i}" for i in range(len(rows))],
        "labelled_intent": [intent for intent, _ in rows],
        "text": [text for _, text in rows],
    })


def with_unlabelled(frame, texts):
    extra = pd.DataFrame({"ticket_id": [f"u{i}" for i in range(len(texts))], "labelled_intent": None, "text": texts})
    return pd.concat([frame, extra], ignore_index=True)


def assigned(frame, **settings):
    result, _ = intents.assign(frame, intents.IntentSettings(**settings))
    return result.set_index("ticket_id")


def test_labels_win_and_confident_predictions_fill_the_unlabelled():
    frame = with_unlabelled(labelled_tickets(), ["I forgot my password again", "where is my order today"])
    result = assigned(frame)
    labelled = result.loc[frame["ticket_id"][frame["labelled_intent"].notna()]]
    assert (labelled["intent_source"] == "label").all()
    assert (labelled["intent"].to_numpy() == frame["labelled_intent"].dropna().to_numpy()).all()
    assert result.loc[["u0", "u1"], "intent"].tolist() == ["password_reset", "order_tracking"]
    assert (result.loc[["u0", "u1"], "intent_source"] == "predicted").all()


def test_a_prediction_below_the_confidence_threshold_is_not_taken():
    frame = with_unlabelled(labelled_tickets(), ["I forgot my password again", *UNKNOWN])
    fitted = intents.assign(frame)[1]
    probability = intents.predict_known(fitted, pd.Series(["i forgot my password again"]))["probability"][0]
    just_above = assigned(frame, confidence_threshold=probability + 1e-9, min_centroid_similarity=0.0)
    just_at = assigned(frame, confidence_threshold=probability - 1e-9, min_centroid_similarity=0.0)
    assert just_above.loc["u0", "intent_source"] == "discovered"
    assert just_at.loc["u0", "intent"] == "password_reset" and just_at.loc["u0", "intent_source"] == "predicted"


def test_a_ticket_unlike_every_known_intent_is_not_forced_into_one():
    frame = with_unlabelled(labelled_tickets(), UNKNOWN)
    result = assigned(frame)
    unknown = result.loc[[f"u{i}" for i in range(len(UNKNOWN))]]
    assert (unknown["intent_source"] == "discovered").all()
    assert not unknown["intent"].isin(list(PHRASES)).any()
    assert unknown["intent"].nunique() == 1 and "voucher" in unknown["intent"].iloc[0]


def test_no_text_and_no_label_stays_unassigned():
    frame = with_unlabelled(labelled_tickets(), ["", None, "hi, please help [email]", *UNKNOWN])
    result = assigned(frame)
    assert result.loc[["u0", "u1", "u2"]].isna().all().all()


def test_a_lone_unlabelled_ticket_still_gets_a_discovered_intent():
    result = assigned(with_unlabelled(labelled_tickets(), ["my gift voucher balance is zero"]))
    assert result.loc["u0", "intent_source"] == "discovered"
    assert set(result.loc["u0", "intent"].split()) <= {"gift", "voucher", "balance", "zero"}


def test_names_come_from_redacted_words_not_placeholders():
    texts = pd.Series(["gift voucher [email] balance", "gift voucher balance [phone]"] * 3)
    names = intents.group_names(intents.clean_text(texts), np.zeros(6, int), 1, 3)
    assert sorted(names[0].split()) == ["balance", "gift", "voucher"]


def test_names_stay_stable_when_groups_come_back_and_new_ones_never_take_an_old_name():
    previous = pd.Series(["card gift", "card gift", "card gift", "points reward", None, "data export"])
    groups = np.array([1, 1, 0, 2, 2, 0])
    names = intents.stable_names(groups, ["voucher gift", "gift card", "data export"], previous)
    # group 1: all its seen tickets were "card gift"; group 0 half "card gift", half "data export" (no
    # majority); group 2: "points reward" for its only seen ticket.
    assert names[1] == "card gift" and names[2] == "points reward"
    assert names[0] == "voucher gift"
    clash = intents.stable_names(np.array([0, 1]), ["data export", "data export"], pd.Series(["data export", None]))
    assert clash == ["data export", "data export 2"]


def test_a_refit_keeps_the_names_of_the_discovered_intents():
    frame = with_unlabelled(labelled_tickets(), UNKNOWN * 3)
    first = assigned(frame)
    discovered = first[first["intent_source"] == "discovered"]["intent"]
    renamed = discovered.map(lambda name: f"kept {name}")  # as if an earlier run named them so
    second, _ = intents.assign(frame, previous_intents=renamed)
    second = second.set_index("ticket_id")
    assert (second.loc[discovered.index, "intent"] == renamed).all()


def test_daily_runs_assign_new_tickets_with_the_fitted_models():
    frame = with_unlabelled(labelled_tickets(), UNKNOWN * 3)
    result, fitted = intents.assign(frame)
    new = pd.DataFrame({"ticket_id": ["n1", "n2", "n3"], "labelled_intent": [None, None, "refund_request"],
                        "text": ["reset my password please now", "gift voucher balance please", "whatever"]})
    daily = intents.apply(fitted, new).set_index("ticket_id")
    assert daily.loc["n1", "intent"] == "password_reset" and daily.loc["n1", "intent_source"] == "predicted"
    assert daily.loc["n2", "intent"] == result.set_index("ticket_id").loc["u0", "intent"]
    assert daily.loc["n3", "intent_source"] == "label"


def test_a_discovered_intent_never_takes_the_name_of_a_label():
    names = intents.stable_names(np.array([0, 1]), ["refund_request", "gift voucher"], pd.Series([None, None]),
                                 reserved=frozenset({"refund_request"}))
    assert names == ["refund_request 2", "gift voucher"]


def test_the_fit_describes_every_intent_from_redacted_words():
    frame = with_unlabelled(labelled_tickets(), [f"{text} [email]" for text in UNKNOWN * 3])
    described = intents.fit(frame).described.set_index("intent")
    assert set(described.index) == set(PHRASES) | {assigned(frame).query("intent_source == 'discovered'")["intent"].iloc[0]}
    assert (described.loc[list(PHRASES), "intent_source"] == "label").all()
    assert "password" in described.loc["password_reset", "name_words"].split()
    discovered = described[described["intent_source"] == "discovered"].iloc[0]
    assert discovered["example_message"] in {text.lower() for text in UNKNOWN}  # placeholder removed
    assert discovered[["label_agreement_tickets", "label_agreement_rate"]].isna().all()
    assert (described.loc[list(PHRASES), "label_agreement_rate"] == 1.0).all()


def test_a_stored_fit_assigns_as_the_fit_itself():
    frame = with_unlabelled(labelled_tickets(), UNKNOWN * 3 + ["reset my password please"])
    fitted = intents.fit(frame)
    restored = intents.loads(intents.dumps(fitted))
    pd.testing.assert_frame_equal(intents.apply(restored, frame), intents.apply(fitted, frame))


def test_label_agreement_exposes_a_mislabelled_class():
    frame = labelled_tickets()
    refunds = frame["labelled_intent"] == "refund_request"
    # The classifier labels a quarter of the refund requests as order tracking.
    mislabelled = refunds & (frame.index % 4 == 0)
    frame.loc[mislabelled, "labelled_intent"] = "order_tracking"
    agreement = intents.label_agreement(frame, folds=4).set_index("labelled_intent")
    assert agreement.loc["password_reset", "label_agreement_rate"] == 1.0
    assert agreement.loc["order_tracking", "label_agreement_rate"] < 0.9
    assert agreement["labelled_tickets"].sum() == len(frame)


def test_discovered_groups_do_not_depend_on_the_order_of_the_tickets():
    # The warehouse returns rows in no fixed order; the same tickets must give the same groups.
    # Texts of random words have no clear groups, so k-means would settle differently per order.
    rng = np.random.default_rng(0)
    words = np.array("gift voucher balance points reward loyalty export data account archive order parcel "
                     "refund invoice login code expired missing".split())
    texts = pd.Series([" ".join(rng.choice(words, 3, replace=False)) for _ in range(300)])
    settings = intents.IntentSettings(discovery_groups=8, merge_distance=0.01)
    groups = []
    for order_seed in range(4):
        shuffled = texts.sample(frac=1, random_state=order_seed)
        fitted = intents.FittedIntents(settings)
        fitted.discovery_vectorizer, fitted.discovery_svd, fitted.discovered_centroids = intents.fit_discovery(
            shuffled, settings)
        groups.append(pd.Series(intents.nearest_group(fitted, shuffled), index=shuffled.index).sort_index())
    for other in groups[1:]:
        assert (other == groups[0]).all()


@pytest.mark.parametrize("tickets", [
    pd.DataFrame({"ticket_id": ["a", "b", "c"], "labelled_intent": ["x", "y", None], "text": ["card", "password", "hi?"]}),
    pd.DataFrame({"ticket_id": ["a", "b", "c"], "labelled_intent": ["x", "y", None], "text": [None, None, None]}),
    pd.DataFrame({"ticket_id": [f"t{i}" for i in range(60)], "labelled_intent": None,
                  "text": [f"word{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(60)]}),  # no word recurs
    pd.DataFrame({"ticket_id": [], "labelled_intent": [], "text": []}),
], ids=["two labelled tickets", "no text", "no recurring word", "no ticket"])
def test_too_little_text_to_learn_from_keeps_the_labels_and_assigns_nothing_else(tickets):
    result, fitted = intents.assign(tickets)
    labelled = tickets["labelled_intent"].notna().to_numpy()
    assert (result["intent"].to_numpy()[labelled] == tickets["labelled_intent"].to_numpy()[labelled]).all()
    assert result.loc[~labelled, ["intent", "intent_source"]].isna().all().all()
    assert set(fitted.described.columns) == set(intents.DESCRIBED_TYPES)


def test_a_ticket_keeps_the_instant_of_its_last_intent_change():
    # After a refit, only the tickets whose intent or source moved get this run's instant: the
    # daily run recomputes those, not every ticket.
    earlier, now = pd.Timestamp("2026-03-02 06:00"), pd.Timestamp("2026-03-09 06:00")
    stored = pd.DataFrame({
        "ticket_id": ["same", "moved", "now_predicted", "still_unassigned", "from_old_table"],
        "intent": ["billing", "refund", "billing", None, "billing"],
        "intent_source": ["discovered", "discovered", "discovered", None, "label"],
        "intent_changed_at": [earlier, earlier, earlier, earlier, pd.NaT],
    })
    assigned = pd.DataFrame({
        "ticket_id": ["new", "from_old_table", "still_unassigned", "now_predicted", "moved", "same"],
        "intent": ["refund", "billing", None, "billing", "billing", "billing"],
        "intent_source": ["predicted", "label", None, "predicted", "discovered", "discovered"],
    })
    stamped = intents.stamp_intent_changes(assigned, stored, now)
    assert dict(zip(stamped["ticket_id"], stamped["intent_changed_at"])) == {
        "new": now, "from_old_table": now, "still_unassigned": earlier, "now_predicted": now,
        "moved": now, "same": earlier,
    }
    assert stamped["intent"].tolist() == assigned["intent"].tolist()


def test_a_full_build_or_a_table_without_the_instant_stamps_every_ticket():
    assigned = pd.DataFrame({"ticket_id": ["a", "b"], "intent": ["x", None], "intent_source": ["label", None]})
    now = pd.Timestamp("2026-03-09 06:00")
    assert (intents.stamp_intent_changes(assigned, None, now)["intent_changed_at"] == now).all()
    old_table = assigned.assign(loaded_at=now)
    assert (intents.stamp_intent_changes(assigned, old_table, now)["intent_changed_at"] == now).all()
