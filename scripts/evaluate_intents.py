"""Assigned intents against the truth: demo data with truth (many phrasings per intent, a share
of the tickets unlabelled, intents that never carry a label, one intent only in the last three
weeks) built with dbt (`dbt seed`, `dbt run`), then fct_tickets and dim_intents read against
the generator's true intents. Prints every target of the assigned-intents issue:

- unlabelled tickets of known intents given their right intent (target >= 90%);
- tickets of intents that never carry a label given a known one (target <= 10%);
- adjusted mutual information of discovered intents against the true intents (target >= 0.7);
- the planted new intent: share of its tickets in an intent dim_intents flags novel (>= 70%),
  share of all other tickets in a novel intent (<= 5%);
- re-contacts as fct_tickets links them (through assigned intents) against those the true
  intents give: tickets whose re-contact (or its absence) agrees, among the tickets
  re-contacted under either (>= 90%);
- label agreement per labelled intent (dim_intents), and the intent models' dbt run time.

    python scripts/evaluate_intents.py [--tickets 20000] [--seed 11] [--work-dir DIR]
    python scripts/evaluate_intents.py --cost --tickets 1000000 [--raw-dir DIR] [--work-dir DIR]

--cost measures what assigning intents adds to a build: everything upstream of the intent
models is built first, then the intent models run alone, one at a time (dbt's execution time
of each, the peak memory of that dbt process), against the build of everything else (its time
and peak memory). --raw-dir reads demo data written earlier (e.g. by scripts/benchmark.py).
"""

import argparse
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
from sklearn.metrics import adjusted_mutual_info_score

from ai_support_metrics import demo_data
from benchmark import fresh_work_dir, run_dbt

INTENT_MODELS = ("int_tickets_described_by_customer_text", "int_intent_training_tickets", "int_intent_models_fitted",
                 "int_intent_pool_placements", "int_tickets_matched_to_intent_models", "int_tickets_assigned_intents",
                 "int_intents_described", "dim_intents")

TICKETS = """
    select ticket_id, customer_id, intent, intent_source, labelled_intent, created_at, ended_at, week_start,
        recontact_ticket_id
    from fct_tickets
"""

# The contract's re-contact rule, over any intent column.
RECONTACTS = """
    with instants as (
        select customer_id, {intent} as intent, created_at, min(ticket_id) as first_ticket_id
        from tickets where {intent} is not null
        group by all
    ),
    next_instants as (
        select *,
            lead(first_ticket_id) over (partition by customer_id, intent order by created_at) as next_ticket_id,
            lead(created_at) over (partition by customer_id, intent order by created_at) as next_created_at
        from instants
    )
    select tickets.ticket_id, next_instants.next_ticket_id as recontact_ticket_id
    from tickets
    inner join next_instants
        on tickets.customer_id = next_instants.customer_id
        and tickets.{intent} = next_instants.intent
        and tickets.created_at = next_instants.created_at
    where next_instants.next_created_at <= tickets.ended_at + interval {hours} hour
"""


def built_tickets(frames, work_dir):
    """Write frames as raw inputs, build the project, and read fct_tickets, dim_intents and the
    intent models' execution times."""
    demo_data.write(frames, work_dir / "raw")
    run_dbt(["seed"], work_dir / "raw", work_dir)
    _, _, run_results = run_dbt(["run", "--full-refresh"], work_dir / "raw", work_dir)
    seconds = {result["unique_id"].rsplit(".", 1)[-1]: result["execution_time"] for result in run_results["results"]}
    with duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True) as connection:
        return (connection.execute(TICKETS).df(), connection.execute("select * from dim_intents").df(),
                {name: seconds[name] for name in INTENT_MODELS})


def recontacts(tickets, intent_column, hours=72):
    connection = duckdb.connect()
    connection.register("tickets", tickets)
    found = connection.execute(RECONTACTS.format(intent=intent_column, hours=hours)).df()
    connection.close()
    return found.set_index("ticket_id")["recontact_ticket_id"]


def evaluate(tickets, dim_intents, truth):
    facts = tickets.merge(truth[["ticket_id", "true_intent"]], on="ticket_id")
    known = set(facts["labelled_intent"].dropna())
    unlabelled = facts["labelled_intent"].isna()
    of_known = unlabelled & facts["true_intent"].isin(known)
    of_unlabelled_intents = unlabelled & ~facts["true_intent"].isin(known)
    discovered = facts["intent_source"] == "discovered"
    print(f"\nsources: {facts['intent_source'].value_counts(dropna=False).to_dict()}")
    figures = {
        "unlabelled tickets of known intents given their right intent (>= 0.90)":
            (facts.loc[of_known, "intent"] == facts.loc[of_known, "true_intent"]).mean(),
        "tickets of unlabelled intents given a known intent (<= 0.10)":
            facts.loc[of_unlabelled_intents, "intent"].isin(known).mean(),
        "AMI of discovered intents against true intents (>= 0.70)": adjusted_mutual_info_score(
            facts.loc[discovered, "true_intent"], facts.loc[discovered, "intent"]),
    }

    novel = set(dim_intents.loc[dim_intents["is_novel"], "intent"])
    in_novel = facts["intent"].isin(novel)
    new_intent = next(p.name for p in demo_data.INTENTS if p.first_week > 1)
    is_new = facts["true_intent"] == new_intent
    figures[f"{new_intent} tickets in a novel intent (>= 0.70)"] = in_novel[is_new].mean()
    figures["other tickets in a novel intent (<= 0.05)"] = in_novel[~is_new].mean()

    by_assigned = facts.set_index("ticket_id")["recontact_ticket_id"].dropna()
    by_truth = recontacts(facts, "true_intent")
    involved = by_assigned.index.union(by_truth.index)
    agrees = by_assigned.reindex(involved).fillna("") == by_truth.reindex(involved).fillna("")
    figures["re-contacts through assigned intents agreeing with the truth's (>= 0.90)"] = agrees.mean()

    print("\nTargets:")
    for name, value in figures.items():
        print(f"  {value:6.3f}  {name}")
    print(f"\nnovel intents: {sorted(novel)}")
    print("\ndiscovered intents (rows) against true intents (columns):")
    print(pd.crosstab(facts.loc[discovered, "intent"], facts.loc[discovered, "true_intent"]).to_string())
    print("\nlabel agreement (each week judged by the weeks before, dim_intents):")
    labels = dim_intents[dim_intents["intent_source"] == "label"]
    print(labels[["intent", "label_agreement_tickets", "label_agreement_rate"]].to_string(
        index=False, float_format=lambda value: f"{value:.3f}"))
    return figures


def measure_cost(raw_dir, work_dir):
    """Seconds and peak memory of the intent models run alone, against the rest of the build."""
    learning_and_assigning = INTENT_MODELS[1:7]
    with_upstream = [f"+{name}" for name in learning_and_assigning]
    fresh_work_dir(work_dir)  # a new warehouse: every week is learnt (stored weeks would be kept)
    run_dbt(["seed"], raw_dir, work_dir)
    _, upstream_peak, upstream_results = run_dbt(
        ["run", "--select", *with_upstream, "--exclude", *learning_and_assigning], raw_dir, work_dir)
    _, intents_peak, intent_results = run_dbt(["run", "--threads", "1", "--select", *learning_and_assigning],
                                              raw_dir, work_dir)
    _, rest_peak, rest_results = run_dbt(["run", "--exclude", *with_upstream], raw_dir, work_dir)
    seconds = {result["unique_id"].rsplit(".", 1)[-1]: result["execution_time"]
               for run_results in (upstream_results, intent_results, rest_results) for result in run_results["results"]}
    gib = 2 ** 30
    print("dbt execution time of the intent models (one thread, nothing else running in dbt):")
    for name in INTENT_MODELS:
        print(f"  {name:<44} {seconds[name]:7.1f} s")
    print(f"  {'total':<44} {sum(seconds[name] for name in INTENT_MODELS):7.1f} s")
    print(f"every other model, summed: {sum(seconds.values()) - sum(seconds[name] for name in INTENT_MODELS):.1f} s")
    print(f"peak memory: the learning and assignment run {intents_peak / gib:.2f} GiB; the rest of the build"
          f" {max(upstream_peak, rest_peak) / gib:.2f} GiB")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11, help="another seed than the demo's 42")
    parser.add_argument("--work-dir", type=Path, help="default: a temporary folder")
    parser.add_argument("--cost", action="store_true", help="measure the intent models' time and memory only")
    parser.add_argument("--raw-dir", type=Path, help="with --cost: demo data written earlier")
    args = parser.parse_args(argv)

    if args.cost:
        with tempfile.TemporaryDirectory() as temporary:
            work_dir = args.work_dir or Path(temporary)
            raw_dir = args.raw_dir or work_dir / "raw"
            if not args.raw_dir:
                demo_data.write(demo_data.generate(args.tickets, seed=args.seed), raw_dir)
            measure_cost(raw_dir, work_dir)
        return
    frames = demo_data.generate(args.tickets, seed=args.seed)
    truth = frames.pop("ground_truth")
    with tempfile.TemporaryDirectory() as temporary:
        work_dir = args.work_dir or Path(temporary)
        tickets, dim_intents, seconds = built_tickets(frames, work_dir)
        evaluate(tickets, dim_intents, truth)
    print("\ndbt execution time of the intent models:")
    for name, value in seconds.items():
        print(f"  {name:<44} {value:7.1f} s")
    print(f"  {'total':<44} {sum(seconds.values()):7.1f} s")


if __name__ == "__main__":
    main()
