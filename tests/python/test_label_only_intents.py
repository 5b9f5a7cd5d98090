"""With var assign_intents false every mart equals, row for row, what the project computed
before intents were assigned: the label alone.

tests/fixtures/label_only_marts.json holds the marts of 3,000 demo tickets as that code built
them (commit 6ef35b5, `dbt seed` and `dbt run`), condensed by
ai_support_metrics.mart_equality.mart_fingerprints: each table's columns, row count, a hash of
its rows without their doubles, and each double column's count, sum and sum of squares (equal
within a millionth: the confidence fit's last digits differ from machine to machine). A
label-only build today must give the same tables on those columns (columns and marts added
since are left out). Rebuild the file only when a mart's definition is meant to
change, and say so in the changelog.
"""

import json

from ai_support_metrics import demo_data
from ai_support_metrics.mart_equality import fingerprint_differences, mart_fingerprints
from conftest import FIXTURES, query, run_dbt

LABEL_ONLY_MARTS = FIXTURES / "label_only_marts.json"


def test_label_only_marts_equal_the_marts_before_assigned_intents(tmp_path):
    expected = json.loads(LABEL_ONLY_MARTS.read_text())
    demo_data.write(demo_data.generate(3000), tmp_path / "raw")
    run_dbt("seed", tmp_path / "raw", tmp_path)
    run_dbt("run", tmp_path / "raw", tmp_path, extra_vars={"assign_intents": False})

    actual = mart_fingerprints(tmp_path / "warehouse.duckdb",
                               {table: fingerprint["columns"] for table, fingerprint in expected.items()})
    assert fingerprint_differences(actual, expected) == []
    [(reassigned, predicted_or_discovered)] = query(tmp_path, """
        select
            count(*) filter (where intent is distinct from labelled_intent),
            count(*) filter (where intent_source in ('predicted', 'discovered'))
        from fct_tickets
    """)
    assert reassigned == 0 and predicted_or_discovered == 0
