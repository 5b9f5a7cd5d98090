"""Assigned intents, learnt week by week from the customer's own (redacted) words.

Every ticket gets an intent: its label; otherwise a known intent (one that appears as a label)
predicted from the customer's messages when the prediction is confident and the ticket looks
like that intent's labelled tickets; otherwise a discovered intent, a group of unlabelled
tickets that ask about the same thing, named from their most characteristic words.

Point in time: a week's tickets are assigned by what the tickets of the weeks before taught
(the first week's by its own). The models are running sums, so learning a week costs what that
week's sample costs, a full build replays the weeks one by one, and a daily run only assigns
its new tickets; a week's assignments never change because later weeks arrive, except that
tickets waiting in the discovery pool move into the intent their group becomes.

- Representation: hashed TF-IDF on words (1-2 grams) and 4-character runs within words
  (sublinear term frequency, inverse document frequency from every training text seen so
  far): robust to typos and casual spelling, and needs no vocabulary fitted up front.
- Known intents: nearest centroid (the normalised sum of each label's training vectors). A
  prediction counts when the ticket's similarity to the nearest centroid reaches
  `min_similarity` (the open-set rule: a ticket unlike every known intent is not forced into
  one) and leads the runner-up by `min_margin` (the confidence rule).
- Discovery: a week's unlabelled training tickets that no known intent takes join the nearest
  discovered intent when alike enough (`join_similarity`, on naming words); the others wait in
  a pool. Once the pool holds `min_pool_tickets`, it is grouped (average linkage, cosine,
  `merge_distance`); every group of at least `min_group_tickets` becomes a discovered intent,
  named then from its words, and its tickets move into it. Names never change afterwards.
- Novel intents are flagged in SQL (dim_intents), from the weekly volume of each discovered intent.
- Label agreement: per labelled intent, the share of its training tickets that the model of the
  weeks before (which never saw them) puts nearest to their own label.

Everything works on whole columns (pandas, sparse matrices); nothing loops over tickets.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import pickle
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from ai_support_metrics.confidence import scoring_code_version, training_fingerprint

LABEL, PREDICTED, DISCOVERED = "label", "predicted", "discovered"
DESCRIBED_TYPES = {"intent": "string", "intent_source": "string", "name_words": "string", "example_message": "string",
                   "label_agreement_tickets": "Int64", "label_agreement_rate": "float64"}
EXAMPLE_MESSAGE_CHARACTERS = 300
LABEL_TEXTS = 200  # per label, the texts its description is read from
MODEL_ROW_TYPES = {"trained_through_week_start": "datetime64[us]", "training_tickets": "int64",
                   "training_fingerprint": "string", "fitted_model": "string", "loaded_at": "datetime64[us]"}

# Words that name no need: greetings, requests for help, and the placeholders of redaction.
_GREETING_WORDS = {
    "hi", "hello", "hey", "good", "morning", "help", "pls", "please", "advise", "thanks", "thank",
    "just", "need", "want", "like", "know", "does", "did", "don", "doesn", "didn", "dont", "cant",
    "im", "ive", "ur", "u", "ty", "thx", "email", "phone", "card_number", "iban", "address_redacted",
    # What is left of negative contractions ("aren't" -> "aren") once the apostrophe splits them.
    "aren", "isn", "wasn", "weren", "won", "wouldn", "couldn", "shouldn", "haven", "hasn", "hadn",
}
_REDACTION_PLACEHOLDER = re.compile(r"\[(?:email|iban|card|phone|address)\]")
_NAMING_TOKEN = r"(?u)\b[a-z][a-z]{2,}\b"

WORD_FEATURES, NAMING_FEATURES = 2 * 2**20, 2**18  # words and characters; naming words


# scikit-learn is imported on first use: a run that only keeps its stored rows never pays for it.
@functools.cache
def naming_stop_words() -> frozenset[str]:
    """Words that name no need: English stop words, greetings, requests for help, redaction."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _GREETING_WORDS


@functools.cache
def _hashers():
    """The hashing vectorizers: words (1-2 grams), 4-character runs within words, naming words."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return (HashingVectorizer(ngram_range=(1, 2), n_features=2**20, alternate_sign=False, norm=None),
            HashingVectorizer(analyzer="char_wb", ngram_range=(4, 4), n_features=2**20, alternate_sign=False,
                              norm=None),
            HashingVectorizer(token_pattern=_NAMING_TOKEN, stop_words=sorted(naming_stop_words()),
                              n_features=NAMING_FEATURES, alternate_sign=False, norm=None))


def _unit_rows(matrix):
    """Each row divided by its length (L2); all-zero rows stay zero. Sparse (CSR) or dense."""
    if sparse.issparse(matrix):
        matrix = sparse.csr_matrix(matrix, dtype=float, copy=True)
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        lengths = np.sqrt(np.bincount(rows, weights=matrix.data ** 2, minlength=matrix.shape[0]))
        lengths[lengths == 0] = 1
        matrix.data /= np.repeat(lengths, np.diff(matrix.indptr))
        return matrix
    matrix = np.asarray(matrix, dtype=float)
    lengths = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(lengths > 0, lengths, 1)


@dataclass(frozen=True)
class IntentSettings:
    """The knobs: dbt vars intent_<name> (int_intent_models_fitted fills them in)."""

    min_similarity: float = 0.2
    min_margin: float = 0.08
    join_similarity: float = 0.2
    merge_distance: float = 0.97
    min_group_tickets: int = 10
    min_pool_tickets: int = 120
    max_pool_tickets: int = 2_000
    name_words: int = 3


@dataclass
class WeightedSpace:
    """Running document frequencies over a hashed feature space: TF-IDF weights that a week's
    texts update without refitting anything."""

    features: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # sorted, each seen at least once
    doc_freq: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # texts with each feature
    docs: int = 0

    def counted(self, frequencies: sparse.csr_matrix) -> WeightedSpace:
        """This space with the texts of `frequencies` counted in."""
        frequencies.sum_duplicates()  # each feature once per row
        features, inverse = np.unique(np.concatenate([self.features, frequencies.indices]), return_inverse=True)
        counts = np.bincount(inverse, weights=np.concatenate([self.doc_freq, np.ones(frequencies.nnz)]))
        return WeightedSpace(features.astype(np.int64), counts.astype(np.int64), self.docs + frequencies.shape[0])

    def weigh(self, frequencies: sparse.csr_matrix) -> sparse.csr_matrix:
        """Rows of sublinear term frequencies as unit-length TF-IDF rows."""
        weighted = frequencies.copy()
        doc_freq = np.zeros(weighted.nnz)
        if len(self.features):
            position = np.minimum(np.searchsorted(self.features, weighted.indices), len(self.features) - 1)
            seen = self.features[position] == weighted.indices
            doc_freq[seen] = self.doc_freq[position[seen]]
        weighted.data = weighted.data * (np.log((1 + self.docs) / (1 + doc_freq)) + 1)
        return _unit_rows(weighted)


@dataclass
class WeekModel:
    """What the training weeks up to `trained_through` taught: it assigns the next week's tickets."""

    settings: IntentSettings
    trained_through: pd.Timestamp | None = None
    words: WeightedSpace = field(default_factory=WeightedSpace)
    naming: WeightedSpace = field(default_factory=WeightedSpace)
    labels: list[str] = field(default_factory=list)
    label_sums: sparse.csr_matrix = field(default_factory=lambda: sparse.csr_matrix((0, WORD_FEATURES)))
    groups: list[str] = field(default_factory=list)
    group_sums: sparse.csr_matrix = field(default_factory=lambda: sparse.csr_matrix((0, NAMING_FEATURES)))
    # Tickets that no intent took yet (ticket_id, text, week_start), oldest first.
    pool: pd.DataFrame = field(default_factory=lambda: _pool([], [], []))
    # Pool tickets moved into the intent their group became (ticket_id, intent, placed_week_start).
    placements: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"ticket_id": pd.Series(dtype=object), "intent": pd.Series(dtype=object),
         "placed_week_start": pd.Series(dtype="datetime64[us]")}))
    # Per label: training tickets judged by the model of the weeks before, and those it agreed with.
    agreement: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"labelled_intent": pd.Series(dtype=object), "judged": pd.Series(dtype="int64"),
         "agreeing": pd.Series(dtype="int64")}))
    # Per label, texts of the newest week that had it (at most LABEL_TEXTS): what describe reads.
    label_texts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"labelled_intent": pd.Series(dtype=object), "text": pd.Series(dtype=object)}))
    # Per discovered intent, described when it was found: name_words, example_message.
    discovered: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["intent", "intent_source", "name_words", "example_message"]))


def _pool(ticket_ids, texts, weeks) -> pd.DataFrame:
    return pd.DataFrame({"ticket_id": pd.Series(ticket_ids, dtype=object), "text": pd.Series(texts, dtype=object),
                         "week_start": pd.Series(weeks, dtype="datetime64[us]")})


def term_frequencies(cleaned: pd.Series) -> sparse.csr_matrix:
    """Sublinear term frequencies of words (1-2 grams) and 4-character runs, hashed."""
    if len(cleaned) == 0:  # the hashers cannot take no text
        return sparse.csr_matrix((0, WORD_FEATURES))
    words, characters, _ = _hashers()
    frequencies = sparse.hstack([words.transform(cleaned), characters.transform(cleaned)], format="csr")
    frequencies.data = 1 + np.log(frequencies.data)
    return frequencies


def naming_frequencies(cleaned: pd.Series) -> sparse.csr_matrix:
    """Sublinear term frequencies of the words that can name a need, hashed."""
    if len(cleaned) == 0:
        return sparse.csr_matrix((0, NAMING_FEATURES))
    frequencies = _hashers()[2].transform(cleaned).tocsr()
    frequencies.data = 1 + np.log(frequencies.data)
    return frequencies


def predict_known(model: WeekModel, cleaned: pd.Series, frequencies: sparse.csr_matrix | None = None) -> pd.DataFrame:
    """Per text: its nearest known intent, the similarity to it, its lead over the runner-up,
    and whether the prediction is accepted (alike enough, and clearly the nearest).
    frequencies: the texts' term_frequencies, when already computed."""
    if not model.labels:
        return pd.DataFrame({"predicted_intent": pd.Series(None, index=cleaned.index, dtype=object),
                             "similarity": 0.0, "lead": 0.0, "is_accepted": False}, index=cleaned.index)
    vectors = model.words.weigh(term_frequencies(cleaned) if frequencies is None else frequencies)
    similarity = (vectors @ _unit_rows(model.label_sums).T).toarray()
    order = np.argsort(-similarity, axis=1, kind="stable")
    rows = np.arange(len(similarity))
    best = similarity[rows, order[:, 0]]
    runner_up = similarity[rows, order[:, 1]] if similarity.shape[1] > 1 else np.zeros(len(rows))
    settings = model.settings
    return pd.DataFrame({
        "predicted_intent": np.array(model.labels, dtype=object)[order[:, 0]],
        "similarity": best,
        "lead": best - runner_up,
        "is_accepted": (best >= settings.min_similarity) & (best - runner_up >= settings.min_margin)
        & (cleaned.str.strip() != "").to_numpy(),
    }, index=cleaned.index)


def nearest_group(model: WeekModel, cleaned: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each text's nearest discovered intent (index into model.groups) and its similarity."""
    vectors = model.naming.weigh(naming_frequencies(cleaned))
    similarity = (vectors @ _unit_rows(model.group_sums).T).toarray()
    return similarity.argmax(axis=1), similarity.max(axis=1)


def learn_week(model: WeekModel | None, tickets: pd.DataFrame, week_start, settings: IntentSettings) -> WeekModel:
    """`model` (what the weeks before taught; None before the first week) updated with one
    week's training tickets (ticket_id, labelled_intent, text): the model that assigns the next
    week's tickets, and for the first week its own."""
    first = model is None
    prior = WeekModel(settings) if first else model
    tickets = tickets.sort_values("ticket_id", kind="stable", ignore_index=True)
    cleaned = clean_text(tickets["text"])
    with_text = (cleaned.str.strip() != "").to_numpy()
    tickets, cleaned = tickets[with_text].reset_index(drop=True), cleaned[with_text].reset_index(drop=True)
    labelled = tickets["labelled_intent"].notna().to_numpy()
    frequencies = term_frequencies(cleaned)
    words = prior.words.counted(frequencies)
    labels, label_sums = _summed_by_name(prior.labels, prior.label_sums, tickets.loc[labelled, "labelled_intent"],
                                         words.weigh(frequencies[labelled]))
    learnt = dataclasses.replace(
        prior, trained_through=pd.Timestamp(week_start), words=words, labels=labels, label_sums=label_sums,
        agreement=_agreement(prior, cleaned[labelled], frequencies[labelled], tickets.loc[labelled, "labelled_intent"]),
        label_texts=_newest_label_texts(prior.label_texts, cleaned[labelled], tickets.loc[labelled, "labelled_intent"]))
    # The week's unlabelled tickets as the model that assigns them saw them.
    assigner = learnt if first else prior
    unlabelled = cleaned[~labelled]
    known = predict_known(assigner, unlabelled, frequencies[~labelled])
    rejected = unlabelled[~known["is_accepted"].to_numpy()]
    rejected = rejected[_has_naming_word(rejected).to_numpy()]
    joins = np.zeros(len(rejected), bool)
    nearest = np.zeros(len(rejected), int)
    if assigner.groups and len(rejected):
        nearest, similarity = nearest_group(assigner, rejected)
        joins = similarity >= settings.join_similarity
    naming = naming_frequencies(rejected)
    learnt.naming = assigner.naming.counted(naming)
    learnt.group_sums = learnt.group_sums + _summed_rows(nearest[joins], len(learnt.groups),
                                                         learnt.naming.weigh(naming[joins]))
    waiting = _pool(tickets.loc[rejected.index[~joins], "ticket_id"].to_numpy(), rejected[~joins].to_numpy(),
                    [pd.Timestamp(week_start)] * int((~joins).sum()))
    learnt.pool = pd.concat([prior.pool, waiting], ignore_index=True)
    return _grow_groups(learnt, pd.Timestamp(week_start))


def _grow_groups(model: WeekModel, week_start) -> WeekModel:
    """The pool grouped once it holds enough tickets: each group of at least min_group_tickets
    becomes a discovered intent, named now and for good, and its tickets move into it. The
    pool keeps its newest max_pool_tickets (grouping costs the square of its size)."""
    settings = model.settings
    pool = model.pool.iloc[max(0, len(model.pool) - settings.max_pool_tickets):].reset_index(drop=True)
    if len(pool) >= max(settings.min_pool_tickets, settings.min_group_tickets, 2):
        vectors = model.naming.weigh(naming_frequencies(pool["text"]))
        distance = np.clip(1 - (vectors @ vectors.T).toarray(), 0, None)
        from sklearn.cluster import AgglomerativeClustering

        clusters = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                           distance_threshold=settings.merge_distance).fit_predict(distance)
        members = np.bincount(clusters)[clusters] >= settings.min_group_tickets
        if members.any():
            codes, _ = pd.factorize(clusters[members])  # numbered by their oldest ticket
            texts = pool.loc[members, "text"].reset_index(drop=True)
            fresh = group_names(texts, codes, codes.max() + 1, settings.name_words)
            names = _unique_names(fresh, set(model.labels) | set(model.groups))
            model.groups = model.groups + names
            model.group_sums = sparse.vstack([model.group_sums, _summed_rows(codes, len(names), vectors[members])],
                                             format="csr")
            placed = pd.DataFrame({"ticket_id": pool.loc[members, "ticket_id"].to_numpy(),
                                   "intent": np.array(names, dtype=object)[codes],
                                   "placed_week_start": pd.Series([week_start] * len(codes), dtype="datetime64[us]")})
            model.placements = pd.concat([model.placements, placed], ignore_index=True)
            model.discovered = pd.concat([model.discovered, pd.DataFrame({
                "intent": names, "intent_source": DISCOVERED, "name_words": fresh,
                "example_message": _typical_texts(texts, codes, len(names))})], ignore_index=True)
            pool = pool[~members]
    model.pool = pool.reset_index(drop=True)
    return model


def _unique_names(fresh: list[str], taken: set[str]) -> list[str]:
    """fresh names made unique against the taken ones and each other ("refund order 2")."""
    names = []
    for name in fresh:
        candidate, suffix = name, 2
        while candidate in taken or candidate in names:
            candidate, suffix = f"{name} {suffix}", suffix + 1
        names.append(candidate)
    return names


def _summed_by_name(names: list[str], sums: sparse.csr_matrix, row_names: pd.Series, rows: sparse.csr_matrix):
    """names and their summed rows, with `rows` (named by row_names) added; new names last, sorted."""
    new = sorted(set(row_names) - set(names))
    names = names + new
    sums = sparse.vstack([sums, sparse.csr_matrix((len(new), sums.shape[1]))], format="csr")
    return names, sums + _summed_rows(pd.Categorical(row_names, categories=names).codes, len(names), rows)


def _summed_rows(codes: np.ndarray, n_groups: int, rows: sparse.csr_matrix) -> sparse.csr_matrix:
    """Per group (0 to n_groups - 1), the sum of its rows (row r belongs to group codes[r])."""
    entries = rows.tocoo()
    return sparse.csr_matrix((entries.data, (np.asarray(codes)[entries.row], entries.col)),
                             shape=(n_groups, rows.shape[1]))


def _agreement(prior: WeekModel, cleaned: pd.Series, frequencies: sparse.csr_matrix, labels: pd.Series) -> pd.DataFrame:
    """prior.agreement with this week's labelled tickets judged by prior (which never saw them):
    whether each one's nearest known intent is its label."""
    agreement = prior.agreement
    if len(prior.labels) < 2 or labels.empty:
        return agreement
    nearest = predict_known(prior, cleaned, frequencies)["predicted_intent"].to_numpy()
    judged = pd.DataFrame({"labelled_intent": labels.to_numpy(), "judged": 1,
                           "agreeing": (nearest == labels.to_numpy()).astype("int64")})
    return (pd.concat([agreement, judged]).groupby("labelled_intent", as_index=False)[["judged", "agreeing"]].sum())


def _newest_label_texts(label_texts: pd.DataFrame, cleaned: pd.Series, labels: pd.Series) -> pd.DataFrame:
    """label_texts with the labels of this week's tickets taking this week's texts (at most
    LABEL_TEXTS each, in ticket order)."""
    fresh = pd.DataFrame({"labelled_intent": labels.to_numpy(), "text": cleaned.to_numpy()})
    fresh = fresh[fresh.groupby("labelled_intent").cumcount() < LABEL_TEXTS]
    kept = label_texts[~label_texts["labelled_intent"].isin(fresh["labelled_intent"])]
    return pd.concat([kept, fresh], ignore_index=True)


def _labels_described(label_texts: pd.DataFrame, name_words: int) -> pd.DataFrame:
    """Per label: the words that set its texts apart from the other labels', and its most
    typical text."""
    if label_texts.empty:
        return pd.DataFrame(columns=["intent", "intent_source", "name_words", "example_message"])
    codes, names = pd.factorize(label_texts["labelled_intent"], sort=True)
    texts = label_texts["text"].reset_index(drop=True)
    return pd.DataFrame({"intent": names.astype(object), "intent_source": LABEL,
                         "name_words": _words_or_none(texts, codes, len(names), name_words),
                         "example_message": _typical_texts(texts, codes, len(names))})


def _words_or_none(texts, codes, n_groups, name_words):
    try:
        return group_names(texts, codes, n_groups, name_words)
    except ValueError:  # no word recurs (few tickets, or greetings only)
        return [None] * n_groups


def assign(model: WeekModel, tickets: pd.DataFrame, placements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Assign tickets (ticket_id, labelled_intent, text) of one week with the model of that week:
    a label wins; else a confident, known-looking prediction; else the discovered intent that its
    pool group became (placements, the newest model's); else the nearest discovered intent.
    A ticket without a label and without a word that could name a need stays unassigned."""
    tickets = tickets.reset_index(drop=True)
    intent = tickets["labelled_intent"].astype(object).copy()
    source = pd.Series(np.where(intent.notna(), LABEL, None), index=intent.index, dtype=object)
    unlabelled = intent.isna()
    cleaned = clean_text(tickets.loc[unlabelled, "text"])
    cleaned = cleaned[(cleaned.str.strip() != "").to_numpy()]
    known = predict_known(model, cleaned)
    accepted = known.index[known["is_accepted"]]
    intent[accepted], source[accepted] = known.loc[accepted, "predicted_intent"], PREDICTED
    rest = cleaned.drop(accepted)
    rest = rest[_has_naming_word(rest).to_numpy()]
    placed = tickets.loc[rest.index, "ticket_id"].map(
        (placements if placements is not None else model.placements).set_index("ticket_id")["intent"])
    intent[placed.dropna().index], source[placed.dropna().index] = placed.dropna(), DISCOVERED
    nearest = rest[placed.isna().to_numpy()]
    if model.groups and len(nearest):
        groups, _ = nearest_group(model, nearest)
        intent[nearest.index], source[nearest.index] = np.array(model.groups, dtype=object)[groups], DISCOVERED
    return pd.DataFrame({"ticket_id": tickets["ticket_id"], "intent": intent.astype("string"),
                         "intent_source": source.astype("string")})


def assign_by_week(tickets: pd.DataFrame, texts: pd.DataFrame, matched: pd.DataFrame, models: dict,
                   placements: pd.DataFrame) -> pd.DataFrame:
    """assign for every ticket (ticket_id, labelled_intent) with the model of its week: texts
    (ticket_id, text) of the unlabelled ones, matched (ticket_id, intent_model_week_start) the
    week whose model assigns each of those, models {week: WeekModel}, placements (ticket_id,
    intent) the pool tickets moved into a discovered intent."""
    tickets = tickets.merge(texts, on="ticket_id", how="left").merge(matched, on="ticket_id", how="left")
    unassigned = tickets["intent_model_week_start"].isna()
    parts = [_labels_only(tickets[unassigned])]
    for week, part in tickets[~unassigned].groupby("intent_model_week_start", sort=True):
        parts.append(assign(models[pd.Timestamp(week)], part, placements))
    return pd.concat(parts, ignore_index=True)


def _labels_only(tickets: pd.DataFrame) -> pd.DataFrame:
    """Tickets no model assigns (labelled, or without customer text): their label alone, typed
    as text also when every value is missing (a warehouse cannot type a column of nulls)."""
    labelled = tickets["labelled_intent"].notna().to_numpy()
    return pd.DataFrame({"ticket_id": tickets["ticket_id"].to_numpy(),
                         "intent": pd.array(tickets["labelled_intent"], dtype="string"),
                         "intent_source": pd.array(np.where(labelled, LABEL, None), dtype="string")})


def placed_at(newest: WeekModel | None, weeks: pd.DataFrame) -> pd.DataFrame:
    """The newest model's pool placements (ticket_id, intent) with placed_at: when the row of
    the week that placed each was learnt (weeks: trained_through_week_start, loaded_at)."""
    placements = newest.placements if newest is not None else WeekModel(IntentSettings()).placements
    learnt = pd.DataFrame({"placed_week_start": weeks["trained_through_week_start"].astype("datetime64[us]"),
                           "placed_at": weeks["loaded_at"].astype("datetime64[us]")})
    placed = placements.astype({"placed_week_start": "datetime64[us]"}).merge(learnt, on="placed_week_start",
                                                                               how="left")
    return pd.DataFrame({"ticket_id": placed["ticket_id"].astype("string"), "intent": placed["intent"].astype("string"),
                         "placed_at": placed["placed_at"]})


def from_newest_model(read_models, stored: pd.DataFrame | None, make) -> pd.DataFrame:
    """make(newest, weeks) with loaded_at: the rows a model makes from the newest row of
    int_intent_models_fitted (newest: its WeekModel, None when there is none; weeks: every
    row's trained_through_week_start and loaded_at), stamped with when that row was learnt.
    The stored rows (the model's earlier output) when they were made from that row already:
    only a run that learnt a week reads the newest model (megabytes) again. read_models(columns,
    where) reads int_intent_models_fitted."""
    weeks = read_models(("trained_through_week_start", "loaded_at"))
    learnt_at = weeks["loaded_at"].max() if len(weeks) else None
    if stored is not None and len(stored) and stored["loaded_at"].iloc[0] == learnt_at:
        return stored
    newest = read_week_models(read_models, weeks["trained_through_week_start"].max())
    made = make(next(iter(newest.values()), None), weeks)
    return made.assign(loaded_at=learnt_at).astype({"loaded_at": "datetime64[us]"})


def read_week_models(read_models, weeks) -> dict:
    """{trained_through_week_start: WeekModel} of the stored rows of weeks (one, several or
    none), read_models(columns, where) reading int_intent_models_fitted: only those rows'
    pickled models leave the warehouse."""
    stored = read_models(("trained_through_week_start", "fitted_model"),
                         where=weeks_condition("trained_through_week_start", weeks))
    return {pd.Timestamp(week): loads(blob) for week, blob in stored.itertuples(index=False)}


def weeks_condition(column: str, weeks, comparison: str = "in") -> str:
    """SQL condition: column is one of weeks (timestamps; one, or none: false), or with a
    comparison such as '>=', compares with the one week given."""
    weeks = pd.to_datetime(pd.Series(list(weeks) if np.ndim(weeks) else [weeks], dtype=object)).dropna()
    if weeks.empty:
        return "false"
    literals = [repr(str(pd.Timestamp(week))) for week in weeks]
    if comparison == "in":
        return f"{column} in ({', '.join(literals)})"
    [literal] = literals
    return f"{column} {comparison} {literal}"


def describe(model: WeekModel | None, weeks: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per intent the model knows (DESCRIBED_TYPES; none without a model): each label and
    each discovered intent, the words that characterise it, its most typical (redacted) message
    and, for labels, their agreement (training tickets judged by the weeks before theirs, and
    the share agreeing). weeks: unused, for from_newest_model."""
    model = model if model is not None else WeekModel(IntentSettings())
    agreement = model.agreement.assign(label_agreement_rate=lambda frame: frame["agreeing"] / frame["judged"])
    agreement = agreement.rename(columns={"labelled_intent": "intent", "judged": "label_agreement_tickets"})
    described = pd.concat([_labels_described(model.label_texts, model.settings.name_words), model.discovered],
                          ignore_index=True)
    described = described.merge(agreement[["intent", "label_agreement_tickets", "label_agreement_rate"]],
                                on="intent", how="left")
    return _typed_description(described.sort_values(["intent_source", "intent"], ignore_index=True))


def dumps(model: WeekModel) -> str:
    """A model as text, to store in the warehouse between runs."""
    return base64.b64encode(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")


def loads(stored: str) -> WeekModel:
    """A model back from dumps (the project's own stored rows: their fingerprint includes the
    libraries' versions, so a row is only read by the versions that wrote it)."""
    return pickle.loads(base64.b64decode(stored))  # noqa: S301 - the warehouse's own rows, written by dumps


def week_fingerprints(row_hashes: pd.DataFrame, settings: IntentSettings) -> pd.Series:
    """Per training week (row_hashes: training_week_start, training_row_hash, one row per
    training ticket), what its model depends on, hashed: the fingerprint of the week before, the
    week's training rows, the settings and the code (the intents module, the libraries'
    versions). Equal fingerprints give equal models."""
    code = training_fingerprint(dataclasses.asdict(settings), 0, 0, scoring_code_version(modules=("intents.py",)))
    fingerprints, previous = {}, code
    for week, hashes in row_hashes.groupby("training_week_start", sort=True)["training_row_hash"]:
        digest = hashlib.sha256(previous.encode())
        digest.update("\n".join(sorted(hashes)).encode())
        fingerprints[pd.Timestamp(week)] = previous = digest.hexdigest()[:32]
    return pd.Series(fingerprints, dtype=object)


def learn_weeks(row_hashes: pd.DataFrame, stored: pd.DataFrame | None, read_tickets, read_model,
                settings: IntentSettings, loaded_at) -> pd.DataFrame:
    """The rows (MODEL_ROW_TYPES) of the training weeks to learn, from the first whose
    fingerprint (week_fingerprints of row_hashes) differs from the stored rows' (stored:
    trained_through_week_start, training_fingerprint; None for none) to the newest; no row when
    none differs. read_tickets(week) gives the training tickets (ticket_id, labelled_intent,
    text, training_week_start) of that week and later ones; read_model(week) the stored model of
    a week before them. Only those are read."""
    fingerprints = week_fingerprints(row_hashes, settings)
    kept = {} if stored is None else dict(zip(pd.to_datetime(stored["trained_through_week_start"]),
                                              stored["training_fingerprint"]))
    changed = [week for week, fingerprint in fingerprints.items() if kept.get(week) != fingerprint]
    rows = []
    if changed:
        earlier = [week for week in fingerprints.index if week < changed[0]]
        model = read_model(earlier[-1]) if earlier else None
        tickets = read_tickets(changed[0])
        weeks = pd.to_datetime(tickets["training_week_start"])
        for week in fingerprints.index[len(earlier):]:
            week_tickets = tickets[(weeks == week).to_numpy()]
            model = learn_week(model, week_tickets, week, settings)
            rows.append({"trained_through_week_start": week, "training_tickets": len(week_tickets),
                         "training_fingerprint": fingerprints[week], "fitted_model": dumps(model),
                         "loaded_at": loaded_at})
    # Typed, also with no row: a warehouse cannot type an empty column of objects.
    return pd.DataFrame(rows, columns=list(MODEL_ROW_TYPES)).astype(MODEL_ROW_TYPES)


def clean_text(texts: pd.Series) -> pd.Series:
    """Lower-cased text with redaction placeholders removed; null becomes ''."""
    return texts.fillna("").astype(str).str.lower().str.replace(_REDACTION_PLACEHOLDER, " ", regex=True)


def group_names(texts: pd.Series, groups: np.ndarray, n_groups: int, name_words: int) -> list[str]:
    """A readable name per group: its name_words most characteristic words by class-based
    TF-IDF (a word frequent in the group and rare in the others), space-separated."""
    from sklearn.feature_extraction.text import CountVectorizer

    counter = CountVectorizer(token_pattern=_NAMING_TOKEN, stop_words=sorted(naming_stop_words()),
                              min_df=_min_df(len(texts)))
    counts = counter.fit_transform(texts)
    vocabulary = np.array(counter.get_feature_names_out())
    membership = sparse.csr_matrix((np.ones(len(groups)), (groups, np.arange(len(groups)))),
                                   shape=(n_groups, len(groups)))
    per_group = np.asarray((membership @ (counts > 0).astype(float)).todense())  # tickets using the word
    sizes = np.maximum(np.bincount(groups, minlength=n_groups), 1)[:, None]
    share = per_group / sizes
    distinctiveness = np.log1p(n_groups / np.maximum((share > 0.05).sum(axis=0), 1))
    scores = share * distinctiveness
    names = []
    for row in scores:  # one name per group, not per ticket
        top = np.argsort(-row, kind="stable")[:name_words]
        words = [vocabulary[i] for i in top if row[i] > 0]
        names.append(" ".join(words) if words else "other")
    return names


def stamp_intent_changes(assigned: pd.DataFrame, stored: pd.DataFrame | None, loaded_at) -> pd.DataFrame:
    """`assigned` (assign's rows) with intent_changed_at: when the ticket's intent or its source
    last changed. A ticket whose stored row (the model's earlier output, None in a full build)
    has the same intent and source keeps the stored instant; a new ticket, a changed one, and one
    stored without an instant (a table from before the column) get loaded_at. A daily run after
    the models learnt a week recomputes, beyond the touched tickets, only those whose instant is
    this run's."""
    changed_at = pd.Series(pd.Timestamp(loaded_at), index=assigned.index)
    if stored is not None and "intent_changed_at" in stored.columns:
        earlier = assigned[["ticket_id"]].merge(
            stored[["ticket_id", "intent", "intent_source", "intent_changed_at"]], on="ticket_id", how="left")
        kept = (_same(assigned["intent"], earlier["intent"]) & _same(assigned["intent_source"], earlier["intent_source"])
                & earlier["intent_changed_at"].notna())
        changed_at = changed_at.where(~kept.to_numpy(), pd.to_datetime(earlier["intent_changed_at"]).to_numpy())
    return assigned.assign(intent_changed_at=changed_at)


def _same(values: pd.Series, others: pd.Series) -> pd.Series:
    """Element-wise equality of two aligned columns, missing equal to missing."""
    values, others = values.astype(object).reset_index(drop=True), others.astype(object).reset_index(drop=True)
    return (values.isna() & others.isna()) | (values.notna() & others.notna() & (values == others))


def _typed_description(rows) -> pd.DataFrame:
    """The description's columns with their types, also when it has no row (a warehouse
    cannot type an empty column of objects)."""
    return pd.DataFrame(rows, columns=list(DESCRIBED_TYPES)).astype(DESCRIBED_TYPES)


def _typical_texts(texts, codes, n_groups):
    """Per group, its text most like the group as a whole (highest cosine similarity of its
    words to the group's mean), cut to EXAMPLE_MESSAGE_CHARACTERS."""
    from sklearn.feature_extraction.text import CountVectorizer

    counter = CountVectorizer(token_pattern=_NAMING_TOKEN, stop_words=sorted(naming_stop_words()), binary=True)
    try:
        counts = counter.fit_transform(texts)
    except ValueError:  # scikit-learn's "empty vocabulary": no text has a naming word
        counts = sparse.csr_matrix((len(texts), 1))
    words = _unit_rows(counts)
    similarity = np.asarray(words.multiply(_centroids(words, codes, n_groups)[codes]).sum(axis=1)).ravel()
    order = np.lexsort((np.arange(len(codes)), -similarity, codes))  # best first within each group
    first = order[np.r_[True, codes[order][1:] != codes[order][:-1]]]
    examples = pd.Series(texts.to_numpy()[first], index=codes[first]).reindex(range(n_groups))
    return [text.strip()[:EXAMPLE_MESSAGE_CHARACTERS] if isinstance(text, str) else None for text in examples]


def _centroids(features, codes, n_groups):
    """Mean row per group, each L2-normalised."""
    membership = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                                   shape=(n_groups, features.shape[0]))
    sums = membership @ features
    return _unit_rows(np.asarray(sums.todense()) if sparse.issparse(sums) else sums)


def _has_naming_word(texts):
    """Whether each text has a word that can name a need (not only greetings, emoji or
    redacted personal data)."""
    words = texts.str.findall(_NAMING_TOKEN).explode()
    naming = words.notna() & ~words.isin(naming_stop_words())
    return naming.groupby(level=0).any().reindex(texts.index, fill_value=False)


def _min_df(n_texts):
    """Words must recur to count, unless there are only a few texts."""
    return 2 if n_texts >= 50 else 1
