"""Print where the marts are and a per-intent summary of the weeks whose figures are final."""

import argparse
import os

import duckdb

SUMMARY_SQL = """
select
    intent,
    sum(tickets) as tickets,
    sum(contained_tickets) / sum(tickets) as deflection,
    sum(ai_resolved_tickets) / sum(tickets) as true_resolution,
    sum(recontacted_tickets) / sum(tickets) as recontact,
    sum(avg_resolution_confidence * tickets) / sum(tickets) as confidence,
    sum(downstream_actioned_tickets) / nullif(sum(downstream_eligible_tickets), 0) as action,
    sum(reexplain_asked_tickets) / nullif(sum(escalated_tickets), 0) as reexplain,
    sum(csat_ai * csat_ai_responses) / nullif(sum(csat_ai_responses), 0) as csat_ai,
    sum(csat_human * csat_human_responses) / nullif(sum(csat_human_responses), 0) as csat_human
from fct_intent_weekly
where is_recontact_window_complete
group by intent
order by tickets desc
"""

ALERTS_SQL = """
select
    intent,
    week_start,
    alert_type,
    severity,
    metric_name,
    baseline_value,
    metric_value
from fct_intent_alerts
order by week_start, intent, alert_type
"""

COLUMNS = [
    ("intent", "{:<24}", 24),
    ("tickets", "{:>8}", 8),
    ("deflection", "{:>10.0%}", 10),
    ("true_resolution", "{:>15.0%}", 15),
    ("recontact", "{:>9.0%}", 9),
    ("confidence", "{:>10.2f}", 10),
    ("action", "{:>7.0%}", 7),
    ("reexplain", "{:>9.0%}", 9),
    ("csat_ai", "{:>7.2f}", 7),
    ("csat_human", "{:>10.2f}", 10),
]


def format_cell(value, pattern, width):
    return " " * (width - 1) + "-" if value is None else pattern.format(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database",
        default=os.environ.get("DBT_DUCKDB_PATH", "warehouse/support_metrics.duckdb"),
    )
    database = parser.parse_args().database
    connection = duckdb.connect(database, read_only=True)
    marts = connection.execute(
        "select table_name from information_schema.tables"
        " where table_name like 'fct\\_%' escape '\\' order by table_name"
    ).fetchall()
    print(f"\nMarts are in {os.path.abspath(database)}:")
    for (table_name,) in marts:
        (rows,) = connection.execute(f"select count(*) from {table_name}").fetchall()[0]
        print(f"  main.{table_name:<32} {rows:>10,} rows")
    print(f"\nOpen them with: duckdb -readonly {database}\n")
    print("Per intent, over the weeks whose re-contact windows are complete:")
    print(" ".join(f"{name:>{width}}" if i else f"{name:<{width}}" for i, (name, _, width) in enumerate(COLUMNS)))
    for row in connection.execute(SUMMARY_SQL).fetchall():
        print(" ".join(format_cell(value, pattern, width) for value, (_, pattern, width) in zip(row, COLUMNS)))
    alerts = connection.execute(ALERTS_SQL).fetchall()
    print(f"\nAlerts (fct_intent_alerts): {len(alerts)}")
    for intent, week_start, alert_type, severity, metric_name, baseline, value in alerts:
        print(
            f"  {week_start}  {intent:<24} {alert_type:<26} {severity:<7}"
            f" {metric_name} {baseline:.2f} -> {value:.2f}"
        )
    print(
        "\ndeflection = left without a human; true_resolution = left without a human AND did not"
        " come back about the same intent within the re-contact window."
    )


if __name__ == "__main__":
    main()
