"""Assigned intents from the customer's own (redacted) words.

Every ticket gets an intent: its label; otherwise a known intent (one that appears as a label)
predicted from the customer's messages when the prediction is confident and the ticket looks
like that intent's labelled tickets; otherwise a discovered intent, a group of the remaining
unlabelled tickets that ask about the same thing, named from their most characteristic words.

- Representation: TF-IDF on words (1-2 grams) and 4-character runs within words, the
  baseline of the decision log (docs/intents.md): robust to typos and casual spelling.
- Known intents: multinomial logistic regression on the labelled tickets. A prediction counts
  when its probability reaches `confidence_threshold` and the ticket's cosine similarity to the
  predicted intent's centroid reaches `min_centroid_similarity` (the open-set rule: a ticket
  unlike every known intent is not forced into one).
- Discovery: k-means over a reduced word TF-IDF (latent semantic analysis) with deliberately
  many groups, then groups whose centroids are alike are merged (agglomerative, cosine).
- Names: the group's top words by class-based TF-IDF. Names never change from run to run: a
  new group that holds mostly tickets an earlier run put in one discovered intent keeps its
  name (`stable_names`). A ticket without a label whose customer text has no word that could
  name a need (only greetings, emoji or redacted personal data) stays unassigned, like a
  ticket without customer text.
- Novel intents are flagged in SQL (dim_intents), from the weekly volume of each discovered intent.
- Label agreement: per labelled intent, the share of its tickets whose wording a model fitted
  on other folds (cross-fitting) predicts as that label (`label_agreement`).

Everything works on whole columns (pandas, sparse matrices); nothing loops over tickets.
"""

from __future__ import annotations

import base64
import dataclasses
import pickle
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from ai_support_metrics.confidence import scoring_code_version, training_fingerprint

LABEL, PREDICTED, DISCOVERED = "label", "predicted", "discovered"
DESCRIBED_TYPES = {"intent": "string", "intent_source": "string", "name_words": "string", "example_message": "string",
                   "label_agreement_tickets": "Int64", "label_agreement_rate": "float64"}
EXAMPLE_MESSAGE_CHARACTERS = 300

# Words that name no need: greetings, requests for help, and the placeholders of redaction.
NAMING_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "hi", "hello", "hey", "good", "morning", "help", "pls", "please", "advise", "thanks", "thank",
    "just", "need", "want", "like", "know", "does", "did", "don", "doesn", "didn", "dont", "cant",
    "im", "ive", "ur", "u", "ty", "thx", "email", "phone", "card_number", "iban", "address_redacted",
    # What is left of negative contractions ("aren't" -> "aren") once the apostrophe splits them.
    "aren", "isn", "wasn", "weren", "won", "wouldn", "couldn", "shouldn", "haven", "hasn", "hadn",
}
_REDACTION_PLACEHOLDER = re.compile(r"\[(?:email|iban|card|phone|address)\]")
_NAMING_TOKEN = r"(?u)\b[a-z][a-z]{2,}\b"


@dataclass(frozen=True)
class IntentSettings:
    """The knobs: dbt vars intent_<name> (int_intent_models_fitted fills them in)."""

    confidence_threshold: float = 0.95
    min_centroid_similarity: float = 0.3
    max_training_tickets: int = 10_000
    discovery_groups: int = 30  # k-means groups before merging alike ones
    merge_distance: float = 0.95  # cosine distance (LSA space) under which groups merge
    max_discovery_sample: int = 50_000  # tickets the groups are found on; the rest join the nearest
    name_words: int = 3
    max_agreement_tickets: int = 3_000  # labelled tickets judged for label agreement (cross-fitting refits 5 times)
    seed: int = 0


@dataclass
class FittedIntents:
    """What a refit learns and a daily run applies to new tickets."""

    settings: IntentSettings
    vectorizer: FeatureUnion | None = None
    classifier: LogisticRegression | None = None
    known_centroids: np.ndarray | None = None  # rows follow classifier.classes_
    discovery_vectorizer: TfidfVectorizer | None = None
    discovery_svd: TruncatedSVD | None = None
    discovered_centroids: np.ndarray | None = None
    discovered_names: list[str] = field(default_factory=list)
    # One row per intent the fit knows (labelled and discovered): see describe_intents.
    described: pd.DataFrame = field(default_factory=lambda: _typed_description([]))


def text_vectorizer(n_texts: int = 50) -> FeatureUnion:
    """TF-IDF on words (1-2 grams) and on 4-character runs within words, each row
    L2-normalised. The character runs carry typos and casual spellings; 4 alone does as well
    as 3 to 5 on the demo's truth at half the time (docs/intents.md, "Cost")."""
    min_df = _min_df(n_texts)
    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True, max_features=30_000)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), min_df=min_df, sublinear_tf=True,
                                  max_features=30_000)),
    ])


def clean_text(texts: pd.Series) -> pd.Series:
    """Lower-cased text with redaction placeholders removed; null becomes ''."""
    return texts.fillna("").astype(str).str.lower().str.replace(_REDACTION_PLACEHOLDER, " ", regex=True)


def fit_known(texts: pd.Series, labels: pd.Series, settings: IntentSettings):
    """Vectorizer, classifier and per-intent centroids fitted on (a sample of) labelled texts."""
    sample = _sample(pd.DataFrame({"text": texts, "label": labels}), settings.max_training_tickets, settings.seed)
    vectorizer = text_vectorizer(len(sample))
    features = vectorizer.fit_transform(sample["text"])
    classifier = LogisticRegression(C=4.0, max_iter=100)
    classifier.fit(features, sample["label"])
    centroids = _centroids(features, pd.Categorical(sample["label"], categories=classifier.classes_).codes,
                           len(classifier.classes_))
    return vectorizer, classifier, centroids


def predict_known(fitted: FittedIntents, texts: pd.Series) -> pd.DataFrame:
    """Per text: the most likely known intent, its probability, the similarity to that intent's
    centroid, and whether the prediction is accepted (confident and not open-set)."""
    features = fitted.vectorizer.transform(texts)
    probabilities = fitted.classifier.predict_proba(features)
    best = probabilities.argmax(axis=1)
    rows = np.arange(len(best))
    similarity = np.asarray(features @ fitted.known_centroids.T)[rows, best]
    probability = probabilities[rows, best]
    settings = fitted.settings
    return pd.DataFrame({
        "predicted_intent": fitted.classifier.classes_[best],
        "probability": probability,
        "centroid_similarity": similarity,
        "is_accepted": (probability >= settings.confidence_threshold)
        & (similarity >= settings.min_centroid_similarity)
        & (texts.str.strip() != "").to_numpy(),
    }, index=texts.index)


def fit_discovery(texts: pd.Series, settings: IntentSettings):
    """Groups of texts that ask about the same thing: vectorizer, SVD and group centroids (unit
    length, in SVD space). Fitted on the texts in sorted order: the groups depend on which texts
    there are, not on the order the warehouse happens to return them in."""
    ordered = pd.DataFrame({"text": texts.sort_values(kind="stable").to_numpy()})
    sample = _sample(ordered, settings.max_discovery_sample, settings.seed)["text"]
    vectorizer = TfidfVectorizer(token_pattern=_NAMING_TOKEN, stop_words=sorted(NAMING_STOP_WORDS),
                                 ngram_range=(1, 2), min_df=_min_df(len(sample)), sublinear_tf=True)
    words = vectorizer.fit_transform(sample)
    if min(words.shape) < 3:  # too few tickets or words to group: one group
        return vectorizer, None, normalize(np.asarray(words.mean(axis=0)))
    n_components = max(1, min(100, words.shape[1] - 1, words.shape[0] - 1))
    svd = TruncatedSVD(n_components=n_components, random_state=settings.seed)
    return vectorizer, svd, _group_centroids(normalize(svd.fit_transform(words)), settings)


def _group_centroids(vectors, settings):
    """Unit-length centroids of groups of unit-length vectors: k-means with deliberately many
    groups, then the groups whose centroids are alike merged."""
    n_groups = max(1, min(settings.discovery_groups, len(vectors) // 5))
    kmeans = KMeans(n_clusters=n_groups, n_init=3, random_state=settings.seed).fit(vectors)
    centroids = normalize(kmeans.cluster_centers_)
    if n_groups > 1:
        merged = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=settings.merge_distance,
        ).fit_predict(centroids)
        centroids = normalize(_centroids(sparse.csr_matrix(vectors), merged[kmeans.labels_], merged.max() + 1))
    return centroids


def nearest_group(fitted: FittedIntents, texts: pd.Series) -> np.ndarray:
    """Index of each text's nearest discovered group."""
    words = fitted.discovery_vectorizer.transform(texts)
    reduced = normalize(words.toarray() if fitted.discovery_svd is None else fitted.discovery_svd.transform(words))
    return (reduced @ fitted.discovered_centroids.T).argmax(axis=1)


def group_names(texts: pd.Series, groups: np.ndarray, n_groups: int, name_words: int) -> list[str]:
    """A readable name per group: its name_words most characteristic words by class-based
    TF-IDF (a word frequent in the group and rare in the others), space-separated."""
    counter = CountVectorizer(token_pattern=_NAMING_TOKEN, stop_words=sorted(NAMING_STOP_WORDS),
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


def stable_names(groups: np.ndarray, fresh_names: list[str], previous_intents: pd.Series,
                 reserved: frozenset[str] = frozenset()) -> list[str]:
    """Names per group that keep earlier runs' names: a group whose tickets an earlier run had
    mostly (more than half of those it had seen) in one discovered intent keeps that intent's
    name, one group per old name, largest overlap first. Other groups take their fresh name,
    made unique against every old name and the reserved ones (the labels)."""
    n_groups = len(fresh_names)
    names: list[str | None] = [None] * n_groups
    seen = previous_intents.notna().to_numpy()
    taken = set(previous_intents.dropna()) | reserved
    if seen.any():
        overlap = pd.crosstab(groups[seen], previous_intents.to_numpy()[seen])
        pairs = overlap.stack().rename("tickets").reset_index()
        pairs.columns = ["group", "previous", "tickets"]
        pairs["share"] = pairs["tickets"] / pairs["group"].map(overlap.sum(axis=1))
        pairs = pairs[pairs["share"] > 0.5].sort_values("tickets", ascending=False, kind="stable")
        for group, previous in pairs[["group", "previous"]].itertuples(index=False):
            if names[group] is None and previous not in names:
                names[group] = previous
    for group, fresh in enumerate(fresh_names):
        if names[group] is None:
            candidate, suffix = fresh, 2
            while candidate in taken or candidate in names:
                candidate, suffix = f"{fresh} {suffix}", suffix + 1
            names[group] = candidate
    return names


def fit(tickets: pd.DataFrame, settings: IntentSettings = IntentSettings(),
        previous_intents: pd.Series | None = None) -> FittedIntents:
    """Learn from tickets (columns ticket_id, labelled_intent, text): the known-intent
    classifier from the labelled ones; the discovered groups and their names from the
    unlabelled ones that no known intent takes; a description of every intent (described).
    previous_intents (discovered intent per ticket_id from an earlier fit) keeps names stable.
    One BLAS thread: the solvers' many small steps only thrash with more, worst on a busy machine."""
    with threadpool_limits(limits=1):
        return _fit(tickets, settings, previous_intents)


def _fit(tickets, settings, previous_intents):
    fitted = FittedIntents(settings)
    tickets = tickets.reset_index(drop=True)
    texts = clean_text(tickets["text"])
    labelled = tickets["labelled_intent"].notna()
    if labelled.any() and tickets.loc[labelled, "labelled_intent"].nunique() > 1:
        fitted.vectorizer, fitted.classifier, fitted.known_centroids = _learnt(
            fit_known, texts[labelled], tickets.loc[labelled, "labelled_intent"], settings, default=(None, None, None))
    intent, _ = _label_or_prediction(fitted, tickets["labelled_intent"], texts)
    remaining = intent.isna() & _has_naming_word(texts)
    discovered = pd.DataFrame({"intent": pd.Series(dtype=object), "text": pd.Series(dtype=object)})
    if remaining.any():
        fitted.discovery_vectorizer, fitted.discovery_svd, fitted.discovered_centroids = _learnt(
            fit_discovery, texts[remaining], settings, default=(None, None, None))
    if fitted.discovered_centroids is not None:
        groups = nearest_group(fitted, texts[remaining])
        fresh = group_names(texts[remaining], groups, len(fitted.discovered_centroids), settings.name_words)
        previous = (tickets.loc[remaining, "ticket_id"].map(previous_intents) if previous_intents is not None
                    else pd.Series(None, index=texts[remaining].index, dtype=object))
        fitted.discovered_names = stable_names(groups, fresh, previous,
                                               frozenset(tickets.loc[labelled, "labelled_intent"]))
        discovered = pd.DataFrame({"intent": np.array(fitted.discovered_names, dtype=object)[groups],
                                   "text": texts[remaining].to_numpy()})
    labelled_sample = _sample(tickets.loc[labelled, ["labelled_intent", "text"]], settings.max_training_tickets,
                              settings.seed)
    judged = _sample(labelled_sample, settings.max_agreement_tickets, settings.seed)
    agreement = _learnt(label_agreement, judged, settings, default=label_agreement(judged.iloc[:0]))
    fitted.described = describe_intents(
        pd.DataFrame({"intent": labelled_sample["labelled_intent"], "text": clean_text(labelled_sample["text"])}),
        discovered, agreement, settings.name_words)
    return fitted


def assign(tickets: pd.DataFrame, settings: IntentSettings = IntentSettings(),
           previous_intents: pd.Series | None = None) -> tuple[pd.DataFrame, FittedIntents]:
    """Fit on tickets (fit) and assign every one of them (apply): the assignments (ticket_id,
    intent, intent_source) and the fitted models."""
    fitted = fit(tickets, settings, previous_intents)
    return apply(fitted, tickets), fitted


def describe_intents(labelled: pd.DataFrame, discovered: pd.DataFrame, agreement: pd.DataFrame,
                     name_words: int) -> pd.DataFrame:
    """One row per intent (DESCRIBED_TYPES), from the texts (cleaned) of a sample of its
    labelled tickets, or of its discovered tickets: the words that characterise it against the
    other intents of its source, the most typical of its (redacted) messages, and for labelled
    intents their label agreement."""
    described = []
    for source, frame in ((LABEL, labelled), (DISCOVERED, discovered)):
        if frame.empty:
            continue
        codes, intents = pd.factorize(frame["intent"], sort=True)
        described.append(pd.DataFrame({
            "intent": intents.astype(object),
            "intent_source": source,
            "name_words": _learnt(group_names, frame["text"], codes, len(intents), name_words,
                                  default=[None] * len(intents)),
            "example_message": _typical_texts(frame["text"], codes, len(intents)),
        }))
    if not described:
        return _typed_description([])
    agreement = agreement.rename(columns={"labelled_intent": "intent", "labelled_tickets": "label_agreement_tickets"})
    return _typed_description(pd.concat(described, ignore_index=True).merge(agreement, on="intent", how="left"))


def _typed_description(rows) -> pd.DataFrame:
    """The description's columns with their types, also when it has no row (a warehouse
    cannot type an empty column of objects)."""
    return pd.DataFrame(rows, columns=list(DESCRIBED_TYPES)).astype(DESCRIBED_TYPES)


def fit_fingerprint(tickets: pd.DataFrame, settings: IntentSettings) -> str:
    """What a fit on tickets (ticket_id, labelled_intent, text) depends on: the settings, the
    tickets and the code (intents.py, the fitting libraries' versions). Equal fingerprints give
    equal fits, so a stored fit with the same one can be kept."""
    content = pd.util.hash_pandas_object(tickets[["ticket_id", "labelled_intent", "text"]], index=False)
    return training_fingerprint(dataclasses.asdict(settings), len(tickets), int(content.sum()),
                                scoring_code_version(modules=("intents.py",)))


def dumps(fitted: FittedIntents) -> str:
    """The fitted models as text, to store in the warehouse between runs."""
    return base64.b64encode(pickle.dumps(fitted, protocol=pickle.HIGHEST_PROTOCOL)).decode("ascii")


def loads(stored: str) -> FittedIntents:
    """The fitted models back from dumps (the project's own stored fit: the fit's fingerprint
    includes the scikit-learn version, so a stored fit is only read by the versions that wrote it)."""
    return pickle.loads(base64.b64decode(stored))  # noqa: S301 - the warehouse's own rows, written by dumps


def apply(fitted: FittedIntents, tickets: pd.DataFrame) -> pd.DataFrame:
    """Assign tickets (columns ticket_id, labelled_intent, text) with models fitted earlier
    (fit): a label wins; only the unlabelled tickets' text is read."""
    tickets = tickets.reset_index(drop=True)
    intent = tickets["labelled_intent"].astype(object).copy()
    source = pd.Series(np.where(intent.notna(), LABEL, None), index=intent.index, dtype=object)
    unlabelled = intent.isna()
    texts = clean_text(tickets.loc[unlabelled, "text"])
    found, found_source = _label_or_prediction(fitted, intent[unlabelled], texts)
    remaining = found.isna()
    remaining[remaining] = _has_naming_word(texts[remaining])
    if remaining.any() and fitted.discovered_centroids is not None:
        found[remaining] = np.array(fitted.discovered_names, dtype=object)[nearest_group(fitted, texts[remaining])]
        found_source[remaining] = DISCOVERED
    intent[unlabelled], source[unlabelled] = found, found_source
    return pd.DataFrame({"ticket_id": tickets["ticket_id"], "intent": intent.astype("string"),
                         "intent_source": source.astype("string")})


def stamp_intent_changes(assigned: pd.DataFrame, stored: pd.DataFrame | None, loaded_at) -> pd.DataFrame:
    """`assigned` (apply's rows) with intent_changed_at: when the ticket's intent or its source
    last changed. A ticket whose stored row (the model's earlier output, None in a full build)
    has the same intent and source keeps the stored instant; a new ticket, a changed one, and one
    stored without an instant (a table from before the column) get loaded_at. A daily run after
    a refit recomputes, beyond the touched tickets, only those whose instant is this run's."""
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


def label_agreement(tickets: pd.DataFrame, settings: IntentSettings = IntentSettings(), folds: int = 5) -> pd.DataFrame:
    """Per labelled intent: labelled tickets and the share whose wording agrees with their label,
    each ticket judged by a model fitted on the other folds (no ticket grades its own label)."""
    labelled = tickets[tickets["labelled_intent"].notna()]
    texts, labels = clean_text(labelled["text"]), labelled["labelled_intent"]
    counts = labels.value_counts()
    if len(counts) < 2 or counts.min() < folds:
        return pd.DataFrame(columns=["labelled_intent", "labelled_tickets", "label_agreement_rate"])
    agrees = np.zeros(len(labelled), bool)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=settings.seed)
    for train, test in splitter.split(texts, labels):
        vectorizer, classifier, _ = fit_known(texts.iloc[train], labels.iloc[train], settings)
        agrees[test] = classifier.predict(vectorizer.transform(texts.iloc[test])) == labels.iloc[test].to_numpy()
    result = pd.DataFrame({"labelled_intent": labels.to_numpy(), "agrees": agrees}).groupby("labelled_intent")
    return result["agrees"].agg(labelled_tickets="size", label_agreement_rate="mean").reset_index()


def _label_or_prediction(fitted, labelled_intent, texts):
    intent = labelled_intent.astype(object).copy()
    source = pd.Series(np.where(intent.notna(), LABEL, None), index=intent.index, dtype=object)
    unlabelled = intent.isna() & (texts.str.strip() != "")
    if fitted.classifier is not None and unlabelled.any():
        prediction = predict_known(fitted, texts[unlabelled])
        accepted = prediction.index[prediction["is_accepted"]]
        intent[accepted] = prediction.loc[accepted, "predicted_intent"]
        source[accepted] = PREDICTED
    return intent, source


def _learnt(learn, *args, default):
    """learn(*args), or default when the texts hold no (recurring) word to learn from: too few
    tickets, or only greetings and emoji."""
    try:
        return learn(*args)
    except ValueError as error:  # scikit-learn's vectorizers: "empty vocabulary", "no terms remain"
        if "vocabulary" in str(error) or "no terms remain" in str(error):
            return default
        raise


def _typical_texts(texts, codes, n_groups):
    """Per group, its text most like the group as a whole (highest cosine similarity of its
    words to the group's mean), cut to EXAMPLE_MESSAGE_CHARACTERS."""
    counter = CountVectorizer(token_pattern=_NAMING_TOKEN, stop_words=sorted(NAMING_STOP_WORDS), binary=True)
    counts = _learnt(counter.fit_transform, texts, default=sparse.csr_matrix((len(texts), 1)))  # no naming word
    words = normalize(counts.astype(float))
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
    return normalize(np.asarray(sums.todense()) if sparse.issparse(sums) else sums)


def _has_naming_word(texts):
    """Whether each text has a word that can name a need (not only greetings, emoji or
    redacted personal data)."""
    words = texts.str.findall(_NAMING_TOKEN).explode()
    naming = words.notna() & ~words.isin(NAMING_STOP_WORDS)
    return naming.groupby(level=0).any().reindex(texts.index, fill_value=False)


def _min_df(n_texts):
    """Words must recur to count, unless there are only a few texts."""
    return 2 if n_texts >= 50 else 1


def _sample(frame, max_rows, seed):
    return frame if len(frame) <= max_rows else frame.sample(max_rows, random_state=seed)
