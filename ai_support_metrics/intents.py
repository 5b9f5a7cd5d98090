"""Assigned intents from the customer's own (redacted) words.

Every ticket gets an intent: its label; otherwise a known intent (one that appears as a label)
predicted from the customer's messages when the prediction is confident and the ticket looks
like that intent's labelled tickets; otherwise a discovered intent, a group of the remaining
unlabelled tickets that ask about the same thing, named from their most characteristic words.

- Representation: TF-IDF on words (1-2 grams) and characters (3-5 grams within words), the
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
- Novel: a discovered intent with tickets in each of the last `novel_intent_weeks` weeks and
  next to none before them: a weekly volume before at most `max_earlier_rate` of the volume
  since (`novel_intents`).
- Label agreement: per labelled intent, the share of its tickets whose wording a model fitted
  on other folds (cross-fitting) predicts as that label (`label_agreement`).

Everything works on whole columns (pandas, sparse matrices); nothing loops over tickets.
"""

from __future__ import annotations

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

LABEL, PREDICTED, DISCOVERED = "label", "predicted", "discovered"

# Words that name no need: greetings, requests for help, and the placeholders of redaction.
NAMING_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "hi", "hello", "hey", "good", "morning", "help", "pls", "please", "advise", "thanks", "thank",
    "just", "need", "want", "like", "know", "does", "did", "don", "doesn", "didn", "dont", "cant",
    "im", "ive", "ur", "u", "ty", "thx", "email", "phone", "card_number", "iban", "address_redacted",
}
_REDACTION_PLACEHOLDER = re.compile(r"\[(?:email|iban|card|phone|address)\]")
_NAMING_TOKEN = r"(?u)\b[a-z][a-z]{2,}\b"


@dataclass(frozen=True)
class IntentSettings:
    """The knobs (dbt vars of the same names)."""

    confidence_threshold: float = 0.95
    min_centroid_similarity: float = 0.3
    max_training_tickets: int = 10_000
    discovery_groups: int = 30  # k-means groups before merging alike ones
    merge_distance: float = 0.95  # cosine distance (LSA space) under which groups merge
    max_discovery_sample: int = 50_000  # tickets the groups are found on; the rest join the nearest
    name_words: int = 3
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


def text_vectorizer() -> FeatureUnion:
    """TF-IDF on words and on characters within words, each row L2-normalised."""
    return FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=30_000)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                  max_features=50_000)),
    ])


def clean_text(texts: pd.Series) -> pd.Series:
    """Lower-cased text with redaction placeholders removed; null becomes ''."""
    return texts.fillna("").str.lower().str.replace(_REDACTION_PLACEHOLDER, " ", regex=True)


def fit_known(texts: pd.Series, labels: pd.Series, settings: IntentSettings):
    """Vectorizer, classifier and per-intent centroids fitted on (a sample of) labelled texts."""
    sample = _sample(pd.DataFrame({"text": texts, "label": labels}), settings.max_training_tickets, settings.seed)
    vectorizer = text_vectorizer()
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


def stable_names(groups: np.ndarray, fresh_names: list[str], previous_intents: pd.Series) -> list[str]:
    """Names per group that keep earlier runs' names: a group whose tickets an earlier run had
    mostly (more than half of those it had seen) in one discovered intent keeps that intent's
    name, one group per old name, largest overlap first. Other groups take their fresh name,
    made unique against every old name."""
    n_groups = len(fresh_names)
    names: list[str | None] = [None] * n_groups
    seen = previous_intents.notna().to_numpy()
    taken = set(previous_intents.dropna())
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


def assign(tickets: pd.DataFrame, settings: IntentSettings = IntentSettings(),
           previous_intents: pd.Series | None = None) -> tuple[pd.DataFrame, FittedIntents]:
    """Fit on tickets (columns ticket_id, labelled_intent, text) and assign every ticket its
    intent and intent_source. previous_intents (discovered intent per ticket_id from an earlier
    run) keeps names stable. Returns the assignments (ticket_id, intent, intent_source) and the
    fitted models for daily runs (`apply`)."""
    fitted = FittedIntents(settings)
    tickets = tickets.reset_index(drop=True)
    texts = clean_text(tickets["text"])
    labelled = tickets["labelled_intent"].notna()
    if labelled.any() and tickets.loc[labelled, "labelled_intent"].nunique() > 1:
        fitted.vectorizer, fitted.classifier, fitted.known_centroids = fit_known(
            texts[labelled], tickets.loc[labelled, "labelled_intent"], settings)
    intent, source = _label_or_prediction(fitted, tickets["labelled_intent"], texts)
    remaining = intent.isna() & _has_naming_word(texts)
    if remaining.any():
        fitted.discovery_vectorizer, fitted.discovery_svd, fitted.discovered_centroids = fit_discovery(
            texts[remaining], settings)
        groups = nearest_group(fitted, texts[remaining])
        fresh = group_names(texts[remaining], groups, len(fitted.discovered_centroids), settings.name_words)
        previous = (tickets.loc[remaining, "ticket_id"].map(previous_intents) if previous_intents is not None
                    else pd.Series(None, index=texts[remaining].index, dtype=object))
        fitted.discovered_names = stable_names(groups, fresh, previous)
        intent[remaining] = np.array(fitted.discovered_names, dtype=object)[groups]
        source[remaining] = DISCOVERED
    return pd.DataFrame({"ticket_id": tickets["ticket_id"], "intent": intent, "intent_source": source}), fitted


def apply(fitted: FittedIntents, tickets: pd.DataFrame) -> pd.DataFrame:
    """Assign tickets (columns ticket_id, labelled_intent, text) with models fitted earlier:
    what a daily run does between weekly refits."""
    tickets = tickets.reset_index(drop=True)
    texts = clean_text(tickets["text"])
    intent, source = _label_or_prediction(fitted, tickets["labelled_intent"], texts)
    remaining = intent.isna() & _has_naming_word(texts)
    if remaining.any() and fitted.discovered_centroids is not None:
        intent[remaining] = np.array(fitted.discovered_names, dtype=object)[nearest_group(fitted, texts[remaining])]
        source[remaining] = DISCOVERED
    return pd.DataFrame({"ticket_id": tickets["ticket_id"], "intent": intent, "intent_source": source})


def novel_intents(assigned: pd.DataFrame, last_week_start, novel_intent_weeks: int,
                  max_earlier_rate: float) -> pd.Series:
    """Per discovered intent (assigned: intent, intent_source, week_start of every ticket):
    novel when it had tickets in each of the last novel_intent_weeks weeks (ending with the
    week starting last_week_start) and next to none before: its weekly tickets before those
    weeks (since the data's first week) at most max_earlier_rate times its weekly tickets in them."""
    window_start = pd.Timestamp(last_week_start) - pd.Timedelta(weeks=novel_intent_weeks - 1)
    earlier_weeks = max((window_start - pd.Timestamp(assigned["week_start"].min())).days // 7, 1)
    discovered = assigned[assigned["intent_source"] == DISCOVERED]
    in_window = discovered["week_start"] >= window_start
    per_intent = pd.DataFrame({
        "recent": in_window.groupby(discovered["intent"]).sum(),
        "earlier": (~in_window).groupby(discovered["intent"]).sum(),
        "recent_weeks": discovered["week_start"].where(in_window).groupby(discovered["intent"]).nunique(),
    })
    earlier_rate = per_intent["earlier"] / earlier_weeks
    recent_rate = per_intent["recent"] / novel_intent_weeks
    return (per_intent["recent_weeks"] >= novel_intent_weeks) & (earlier_rate <= max_earlier_rate * recent_rate)


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
