"""Rules of assigned intents (ai_support_metrics.intents) on hand-written tickets, learnt week by week."""

import numpy as np
import pandas as pd
import pytest

from ai_support_metrics import intents

WEEKS = [pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-09"), pd.Timestamp("2026-03-16")]
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
SUFFIXES = ["", "thanks", "asap", "today", "hi", "now", "again", "team"]
# Small pools and groups, for a handful of tickets.
SMALL = intents.IntentSettings(min_pool_tickets=10, min_group_tickets=5)


def labelled_tickets(intent_names=tuple(PHRASES), prefix="t"):
    rows = [(intent, f"{phrase} {suffix}") for intent in intent_names for phrase in PHRASES[intent]
            for suffix in SUFFIXES]
    return pd.DataFrame({"ticket_id": [f"{prefix}{i}" for i in range(len(rows))],
                         "labelled_intent": [intent for intent, _ in rows], "text": [text for _, text in rows]})


def unlabelled(texts, prefix="u"):
    return pd.DataFrame({"ticket_id": [f"{prefix}{i}" for i in range(len(texts))], "labelled_intent": None,
                         "text": list(texts)})


def learnt(*weeks, settings=SMALL):
    """The model after learning each frame as one week, in turn."""
    model = None
    for week_start, tickets in zip(WEEKS, weeks):
        model = intents.learn_week(model, tickets, week_start, settings)
    return model


def assigned(model, tickets):
    """assign's rows by ticket_id, unassigned as the text 'none'."""
    return intents.assign(model, tickets).set_index("ticket_id").fillna("none")


def test_labels_win_and_confident_predictions_fill_the_unlabelled():
    model = learnt(labelled_tickets())
    tickets = pd.concat([labelled_tickets().head(3), unlabelled(["I forgot my password again",
                                                                  "where is my order today"])])
    result = assigned(model, tickets)
    assert (result.loc[["t0", "t1", "t2"], "intent_source"] == "label").all()
    assert result.loc[["t0", "t1", "t2"], "intent"].tolist() == ["password_reset"] * 3
    assert result.loc[["u0", "u1"], "intent"].tolist() == ["password_reset", "order_tracking"]
    assert (result.loc[["u0", "u1"], "intent_source"] == "predicted").all()


def test_a_prediction_without_a_clear_lead_over_the_runner_up_is_not_taken():
    model = learnt(labelled_tickets())
    text = pd.Series(["my password for the order"])  # half one intent, half another
    lead = intents.predict_known(model, intents.clean_text(text))["lead"][0]
    assert 0 < lead < 0.5
    for margin, taken in ((lead + 1e-9, False), (lead - 1e-9, True)):
        model.settings = intents.IntentSettings(min_similarity=0.0, min_margin=margin)
        assert (assigned(model, unlabelled(text))["intent_source"].iloc[0] == "predicted") is taken


def test_a_ticket_unlike_every_known_intent_is_not_forced_into_one():
    model = learnt(labelled_tickets())
    assert not assigned(model, unlabelled(UNKNOWN))["intent"].isin(PHRASES).any()
    # The open-set rule is what keeps them out: without it each would take its nearest intent.
    model.settings = intents.IntentSettings(min_similarity=0.0, min_margin=0.0)
    assert assigned(model, unlabelled(UNKNOWN))["intent"].isin(PHRASES).all()


def test_no_text_or_no_naming_word_and_no_label_stays_unassigned():
    model = learnt(pd.concat([labelled_tickets(), unlabelled(UNKNOWN * 3)]))
    result = assigned(model, unlabelled([None, "", "hi, thanks!! :)", "[email] [phone]"]))
    assert (result[["intent", "intent_source"]] == "none").all().all()


def test_a_week_is_assigned_by_what_the_weeks_before_taught():
    refund = unlabelled(["I want a refund for the broken item"])
    first = learnt(labelled_tickets(("password_reset", "order_tracking")))
    second = intents.learn_week(first, labelled_tickets(("refund_request",), prefix="r"), WEEKS[1], SMALL)
    # The model of the first week knows no refund; the second week's labels teach it.
    assert assigned(first, refund)["intent"].iloc[0] != "refund_request"
    assert assigned(second, refund)["intent"].iloc[0] == "refund_request"
    assert second.labels == ["order_tracking", "password_reset", "refund_request"]
    assert first.labels == ["order_tracking", "password_reset"]  # learning a week leaves the model before it


def test_the_pool_grows_a_discovered_intent_named_from_redacted_words_and_places_its_tickets():
    texts = [f"{text} [email]" for text in UNKNOWN] * 3
    model = learnt(pd.concat([labelled_tickets(), unlabelled(texts)]))
    assert len(model.groups) == 1
    name = model.groups[0]
    assert set(name.split()) <= {"gift", "voucher", "balance"} and "email" not in name
    assert set(model.placements["ticket_id"]) == {f"u{i}" for i in range(15)}
    assert (assigned(model, unlabelled(texts))["intent"] == name).all()
    assert model.pool.empty


def test_a_pool_too_small_to_group_waits():
    model = learnt(pd.concat([labelled_tickets(), unlabelled(UNKNOWN)]))  # 5 tickets, the pool needs 10
    assert model.groups == [] and len(model.pool) == 5
    # ... and its tickets stay unassigned while no discovered intent exists.
    assert (assigned(model, unlabelled(UNKNOWN))["intent"] == "none").all()


def test_names_never_change_and_new_intents_never_take_an_old_name_or_a_label():
    exports = ["export my account data", "account data export file", "download my account data export",
               "data export of my account", "export the account data please"]
    first = learnt(pd.concat([labelled_tickets(), unlabelled(UNKNOWN * 3)]))
    second = intents.learn_week(first, pd.concat([unlabelled(UNKNOWN * 2, "v"), unlabelled(exports * 3, "w")]),
                                WEEKS[1], SMALL)
    assert second.groups[:1] == first.groups  # kept, with its placements
    assert set(first.placements["ticket_id"]) <= set(second.placements["ticket_id"])
    assert (assigned(second, unlabelled(UNKNOWN, "v"))["intent"] == first.groups[0]).all()  # joins the old intent
    assert len(second.groups) == 2 and "export" in second.groups[1]
    assert intents._unique_names(["gift voucher", "gift voucher", "refund_request"],
                                 {"gift voucher", "refund_request"}) == ["gift voucher 2", "gift voucher 3",
                                                                         "refund_request 2"]


def test_the_same_tickets_in_another_order_give_the_same_model():
    rng = np.random.default_rng(0)
    words = np.array("gift voucher balance points reward loyalty export data account archive order parcel "
                     "refund invoice login code expired missing".split())
    tickets = pd.concat([labelled_tickets(), unlabelled([" ".join(rng.choice(words, 3, replace=False))
                                                          for _ in range(200)])], ignore_index=True)
    models = [learnt(tickets.sample(frac=1, random_state=seed)) for seed in range(3)]
    for other in models[1:]:
        assert other.groups == models[0].groups
        pd.testing.assert_frame_equal(other.placements, models[0].placements)
        assert (other.label_sums != models[0].label_sums).nnz == 0


def test_label_agreement_exposes_a_mislabelled_class():
    second_week = labelled_tickets(prefix="s")
    refunds = second_week["labelled_intent"] == "refund_request"
    # The help desk's classifier labels a quarter of the second week's refund requests as order tracking.
    second_week.loc[refunds & (second_week.index % 4 == 0), "labelled_intent"] = "order_tracking"
    model = learnt(labelled_tickets(), second_week)
    agreement = intents.describe(model).set_index("intent")
    assert agreement.loc["password_reset", "label_agreement_rate"] == 1.0
    assert agreement.loc["order_tracking", "label_agreement_rate"] < 0.9
    # Only the weeks after the first are judged, each by the model of the weeks before.
    assert agreement["label_agreement_tickets"].sum() == len(second_week)


def test_describe_names_every_intent_from_redacted_words():
    model = learnt(pd.concat([labelled_tickets(), unlabelled([f"{text} [iban]" for text in UNKNOWN] * 3)]))
    described = intents.describe(model).set_index("intent")
    assert set(described.index) == set(PHRASES) | set(model.groups)
    assert described.loc["password_reset", "intent_source"] == "label"
    assert "password" in described.loc["password_reset", "name_words"]
    assert "iban" not in " ".join(described["name_words"]) and "[iban]" not in " ".join(described["example_message"])
    assert described.loc[model.groups[0], "label_agreement_rate"] is pd.NA or np.isnan(
        described.loc[model.groups[0], "label_agreement_rate"])


class StoredWeeks:
    """A warehouse's training tickets and stored model rows, as int_intent_models_fitted reads
    them, remembering what was read."""

    def __init__(self, sample, rows=None):
        self.sample, self.rows, self.read = sample, rows, []

    def learn(self, loaded_at, settings=SMALL):
        row_hashes = self.sample.assign(training_row_hash=pd.util.hash_pandas_object(
            self.sample[["ticket_id", "labelled_intent", "text"]], index=False).astype(str))
        stored = None if self.rows is None else self.rows[["trained_through_week_start", "training_fingerprint"]]
        learnt = intents.learn_weeks(row_hashes[["training_week_start", "training_row_hash"]], stored,
                                     self.read_tickets, self.read_model, settings, loaded_at)
        if self.rows is not None:  # the incremental strategy weeks_learnt
            kept = self.rows[~self.rows["trained_through_week_start"].isin(learnt["trained_through_week_start"])
                             & self.rows["trained_through_week_start"].isin(self.sample["training_week_start"])]
            learnt = pd.concat([kept, learnt]).sort_values("trained_through_week_start", ignore_index=True)
        self.rows = learnt
        return learnt

    def read_tickets(self, first_week):
        self.read.append(("tickets from", first_week))
        return self.sample[self.sample["training_week_start"] >= first_week]

    def read_model(self, week):
        self.read.append(("model of", week))
        return intents.loads(self.rows.set_index("trained_through_week_start").loc[week, "fitted_model"])


def test_learn_weeks_keeps_the_stored_weeks_and_relearns_from_the_first_changed_one():
    weeks = [labelled_tickets(), pd.concat([labelled_tickets(prefix="s"), unlabelled(UNKNOWN * 3)]),
             unlabelled(["where is my order now"] + UNKNOWN, "x")]
    sample = pd.concat([week.assign(training_week_start=start) for start, week in zip(WEEKS, weeks)],
                       ignore_index=True)
    warehouse = StoredWeeks(sample)
    first_run = warehouse.learn(pd.Timestamp("2026-03-20")).copy()
    assert first_run["trained_through_week_start"].tolist() == WEEKS
    # Nothing changed: nothing is learnt, no text or model read.
    warehouse.read.clear()
    assert warehouse.learn(pd.Timestamp("2026-03-21")).equals(first_run) and warehouse.read == []
    # Late data: a ticket of the second week arrives. The first week's row is kept, the rest relearnt
    # from the first week's stored model and the tickets of the second week on.
    late = unlabelled(["gift voucher balance please"], "late").assign(training_week_start=WEEKS[1])
    warehouse.sample = pd.concat([sample, late], ignore_index=True)
    second_run = warehouse.learn(pd.Timestamp("2026-03-22"))
    assert warehouse.read == [("model of", WEEKS[0]), ("tickets from", WEEKS[1])]
    assert second_run["loaded_at"].tolist() == [pd.Timestamp("2026-03-20")] + [pd.Timestamp("2026-03-22")] * 2
    assert second_run["fitted_model"][0] == first_run["fitted_model"][0]
    assert (second_run["training_fingerprint"][1:] != first_run["training_fingerprint"][1:]).all()
    # ... giving the rows a build from nothing gives.
    from_nothing = StoredWeeks(warehouse.sample).learn(pd.Timestamp("2026-03-22"))
    assert from_nothing["training_fingerprint"].tolist() == second_run["training_fingerprint"].tolist()
    newest = [intents.loads(rows["fitted_model"].iloc[-1]) for rows in (second_run, from_nothing)]
    probe = unlabelled(["where is my order", *UNKNOWN, "gift voucher balance please"], "p")
    pd.testing.assert_frame_equal(intents.assign(newest[0], probe), intents.assign(newest[1], probe))
    # Another setting relearns every week.
    warehouse.read.clear()
    relearnt = warehouse.learn(pd.Timestamp("2026-03-23"), settings=intents.IntentSettings(min_pool_tickets=10,
                                                                                           min_group_tickets=6))
    assert warehouse.read == [("tickets from", WEEKS[0])] and (relearnt["loaded_at"] == pd.Timestamp("2026-03-23")).all()


def test_a_week_whose_tickets_are_gone_loses_its_row_and_the_weeks_after_it_are_relearnt():
    weeks = [labelled_tickets(), labelled_tickets(prefix="s"), unlabelled(UNKNOWN * 3, "x")]
    sample = pd.concat([week.assign(training_week_start=start) for start, week in zip(WEEKS, weeks)],
                       ignore_index=True)
    warehouse = StoredWeeks(sample)
    warehouse.learn(pd.Timestamp("2026-03-20"))
    warehouse.sample = sample[sample["training_week_start"] != WEEKS[1]]
    rows = warehouse.learn(pd.Timestamp("2026-03-21"))
    assert rows["trained_through_week_start"].tolist() == [WEEKS[0], WEEKS[2]]
    assert rows["loaded_at"].tolist() == [pd.Timestamp("2026-03-20"), pd.Timestamp("2026-03-21")]


def test_assign_by_week_uses_each_ticket_s_model_and_the_newest_placements():
    first = learnt(labelled_tickets(("password_reset", "order_tracking")))
    second = intents.learn_week(first, labelled_tickets(("refund_request",), prefix="r"), WEEKS[1], SMALL)
    tickets = pd.DataFrame({"ticket_id": ["old", "new", "labelled", "no_text", "placed"],
                            "labelled_intent": [None, None, "order_tracking", None, None]})
    texts = pd.DataFrame({"ticket_id": ["old", "new", "placed"],
                          "text": ["I want a refund", "I want a refund", "gift voucher balance"]})
    matched = pd.DataFrame({"ticket_id": ["old", "new", "placed"],
                            "intent_model_week_start": [WEEKS[0], WEEKS[1], WEEKS[1]]})
    placements = pd.DataFrame({"ticket_id": ["placed"], "intent": ["gift voucher balance"]})
    result = intents.assign_by_week(tickets, texts, matched, {WEEKS[0]: first, WEEKS[1]: second},
                                    placements).set_index("ticket_id").fillna("none")
    assert result.loc["old", "intent"] != "refund_request"
    assert result.loc["new", "intent"] == "refund_request"
    assert tuple(result.loc["labelled"]) == ("order_tracking", "label")
    assert tuple(result.loc["no_text"]) == ("none", "none")
    assert tuple(result.loc["placed"]) == ("gift voucher balance", "discovered")


def test_a_stored_model_assigns_as_the_model_itself():
    model = learnt(pd.concat([labelled_tickets(), unlabelled(UNKNOWN * 3)]))
    probe = unlabelled(UNKNOWN + ["reset my password please"])
    pd.testing.assert_frame_equal(intents.assign(intents.loads(intents.dumps(model)), probe),
                                  intents.assign(model, probe))


@pytest.mark.parametrize("tickets", [
    pd.DataFrame({"ticket_id": ["a", "b", "c"], "labelled_intent": ["x", "y", None], "text": ["card", "password", "hi?"]}),
    pd.DataFrame({"ticket_id": ["a", "b", "c"], "labelled_intent": ["x", "y", None], "text": [None, None, None]}),
    pd.DataFrame({"ticket_id": [f"t{i}" for i in range(60)], "labelled_intent": None,
                  "text": [f"word{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(60)]}),  # no word recurs
    pd.DataFrame({"ticket_id": [], "labelled_intent": [], "text": []}),
], ids=["two labelled tickets", "no text", "no recurring word", "no ticket"])
def test_too_little_text_to_learn_from_keeps_the_labels(tickets):
    model = intents.learn_week(None, tickets, WEEKS[0], intents.IntentSettings())
    result = intents.assign(model, tickets)
    labelled = tickets["labelled_intent"].notna().to_numpy()
    assert (result["intent"].to_numpy()[labelled] == tickets["labelled_intent"].to_numpy()[labelled]).all()
    assert set(intents.describe(model).columns) == set(intents.DESCRIBED_TYPES)


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


def test_placements_and_descriptions_are_read_again_only_from_a_newer_model_row():
    model = learnt(pd.concat([labelled_tickets(), unlabelled(UNKNOWN * 3)]))
    rows = pd.DataFrame({"trained_through_week_start": [WEEKS[0]], "loaded_at": [pd.Timestamp("2026-03-09 06:00")],
                         "fitted_model": [intents.dumps(model)]})
    reads = []

    def read_models(columns, where=None):
        reads.append(columns)
        return rows[list(columns)]  # one row: every condition holds

    placements = intents.from_newest_model(read_models, None, intents.placed_at)
    assert set(placements["ticket_id"]) == set(model.placements["ticket_id"])
    assert (placements["placed_at"] == placements["loaded_at"]).all()  # placed by the newest row itself
    reads.clear()
    assert intents.from_newest_model(read_models, placements, intents.placed_at) is placements
    assert reads == [("trained_through_week_start", "loaded_at")]  # the model itself was not read
    rows["loaded_at"] = pd.Timestamp("2026-03-16 06:00")  # a run learnt it again
    assert (intents.from_newest_model(read_models, placements, intents.placed_at)["loaded_at"]
            == pd.Timestamp("2026-03-16 06:00")).all()
    no_rows = rows.iloc[:0]
    described = intents.from_newest_model(lambda columns, where=None: no_rows[list(columns)], None, intents.describe)
    assert described.empty and set(described.columns) == set(intents.DESCRIBED_TYPES) | {"loaded_at"}


def test_tickets_without_any_label_or_model_still_give_typed_text_columns():
    # A source with no intent labels (Langfuse traces) before any week was learnt: every value
    # is missing, and the columns must still be text for the warehouse.
    tickets = pd.DataFrame({"ticket_id": ["a", "b"], "labelled_intent": [None, None]})
    texts = pd.DataFrame({"ticket_id": pd.Series(dtype=object), "text": pd.Series(dtype=object)})
    matched = pd.DataFrame({"ticket_id": pd.Series(dtype=object),
                            "intent_model_week_start": pd.Series(dtype="datetime64[us]")})
    result = intents.assign_by_week(tickets, texts, matched, {}, pd.DataFrame({"ticket_id": [], "intent": []}))
    assert result["intent"].isna().all()
    assert str(result["intent"].dtype) == "string" and str(result["intent_source"].dtype) == "string"
