"""Bad input and personal data, end to end: the bad-input fixture (see bad_input_fixture.py)
builds without error, every raw row is accounted for, its good rows give exactly the marts
of the hand-checked fixture, and no personal data is visible anywhere a BI user looks."""

import hashlib
import re

import pytest

from ai_support_metrics import demo_data
from bad_input_fixture import EXPECTED_MERGED, EXPECTED_REJECTED, PERSONAL_DATA, write_bad_input_fixture
from conftest import WITHOUT_DATA_TESTS, query, run_dbt, warehouse
from test_end_to_end import assert_marts_match_hand_checked

# Rows the reader finds (header repeats and unreadable lines included) per input.
EXPECTED_RAW_ROWS = {"tickets": 20, "conversation_turns": 40, "events": 14}
# The hand-checked fixture's rows that reach the metrics.
EXPECTED_CLEAN_ROWS = {"tickets": 10, "conversation_turns": 24, "events": 7}

# Written independently of the redaction macro: what a reviewer would grep for.
PERSONAL_DATA_PATTERNS = {
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z.]{2,}",
    "phone": r"\+[0-9]{1,3}[ (]*[0-9]{2,4}[) .-]*[0-9]{3,4}[ .-]*[0-9]{3,4}",
    "card": r"\b([0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{1,4}|3[47][0-9]{13})\b",
    "iban": r"\b[A-Z]{2}[0-9]{2} ?[0-9A-Z]{4} ?[0-9A-Z]{4} ?[0-9A-Z]{4}",
    "address": r"[0-9]+ [A-Z][a-z]+ (Street|Road|Avenue|Lane)",
    "url_token": r"[?&][A-Za-z_]*(token|key|code|session)[A-Za-z_]*=",
}


def personal_data_hits(work_dir, raw_input=False):
    """(relation, column, kind) for every text value matching a personal-data pattern, in every
    table and view of the warehouse except base_support__*, the raw input as delivered (or,
    with raw_input, in those only). One query per relation, so that a view is computed once."""
    hits = []
    with warehouse(work_dir) as connection:
        columns = connection.execute(f"""
            select table_schema, table_name, column_name
            from information_schema.columns
            where data_type = 'VARCHAR' and (table_name like 'base_support__%') = {raw_input}
            order by table_schema, table_name, ordinal_position
        """).fetchall()
        relations = {}
        for schema, table, column in columns:
            relations.setdefault((schema, table), []).append(column)
        for (schema, table), names in relations.items():
            checks = [(column, kind) for column in names for kind in PERSONAL_DATA_PATTERNS]
            counts = ", ".join(f"count(*) filter (where regexp_matches(\"{column}\", '{PERSONAL_DATA_PATTERNS[kind]}'))"
                               for column, kind in checks)
            found = connection.execute(f'select {counts} from "{schema}"."{table}"').fetchall()[0]
            hits += [(table, column, kind) for (column, kind), count in zip(checks, found) if count]
    return hits


def mart_rows(work_dir, mart, key):
    # loaded_at says when a build wrote the row, not what the data says.
    return query(work_dir, f"select * exclude (loaded_at) from {mart} order by {key}"
                 if mart == "fct_tickets" else f"select * from {mart} order by {key}")


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    """The bad-input fixture's good rows alone: its marts, no data tests."""
    work_dir = tmp_path_factory.mktemp("clean")
    run_dbt("build", write_bad_input_fixture(work_dir / "raw", include_bad_rows=False), work_dir,
            extra_args=WITHOUT_DATA_TESTS)
    return work_dir


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("bad")
    data_dir = write_bad_input_fixture(work_dir / "raw")
    completed = run_dbt("build", data_dir, work_dir)
    return work_dir, completed.stdout


def test_the_fixture_plants_every_personal_data_kind():
    assert all(re.search(PERSONAL_DATA_PATTERNS[kind], value) for kind, value in PERSONAL_DATA.items())


def test_bad_values_warn_with_their_count_and_do_not_stop_the_build(bad_build):
    _, output = bad_build
    total = sum(EXPECTED_REJECTED.values())
    assert re.search(rf"WARN {total} dq_rejected_rows_by_reason", output), output[-3000:]
    assert "ERROR=0" in output


def test_every_raw_row_is_clean_rejected_or_merged(bad_build):
    work_dir, _ = bad_build
    reconciliation = {
        row[0]: row[1:]
        for row in query(work_dir, "select source_table, raw_rows, clean_rows, rejected_rows, merged_rows"
                                   " from dq_input_reconciliation")
    }
    for table, raw_rows in EXPECTED_RAW_ROWS.items():
        rejected = sum(count for (source, _), count in EXPECTED_REJECTED.items() if source == table)
        assert reconciliation[table] == (raw_rows, EXPECTED_CLEAN_ROWS[table], rejected, EXPECTED_MERGED[table])
        assert raw_rows == EXPECTED_CLEAN_ROWS[table] + rejected + EXPECTED_MERGED[table]


def test_each_bad_row_has_its_reason(bad_build):
    work_dir, _ = bad_build
    counts = query(work_dir, "select source_table, rejection_reason, count(*) from dq_rejected_rows group by all")
    assert {(table, reason): count for table, reason, count in counts} == EXPECTED_REJECTED


def test_rejected_rows_keep_their_id_line_and_redacted_content(bad_build):
    work_dir, _ = bad_build
    rows = {
        (row[0], row[1]): row[2:]
        for row in query(work_dir, "select source_table, coalesce(row_id, rejection_reason), rejection_reason,"
                                   " raw_row, csv_line_number from dq_rejected_rows")
    }
    reason, raw_row, line = rows[("conversation_turns", "b10")]
    assert reason == "sent_before_ticket" and line is None
    assert "[card]" in raw_row and "[iban]" in raw_row and "[address]" in raw_row
    _, raw_row, line = rows[("events", "unreadable_csv_line")]
    assert line == 15 and "v05" in raw_row  # the header is line 1
    merged = query(work_dir, "select source_table, row_id, merge_kind from dq_merged_duplicate_rows order by all")
    assert merged == [
        ("conversation_turns", "trn01a", "identical_copy"),
        ("conversation_turns", "trn09c", "identical_copy"),
        ("events", "e1", "identical_copy"),
        ("tickets", "t01", "older_version"),
    ]


@pytest.mark.parametrize("mart, key", [("fct_tickets", "ticket_id"), ("fct_intent_weekly", "intent, week_start")])
def test_good_rows_give_the_marts_they_give_without_the_bad_rows(clean_build, bad_build, mart, key):
    bad_work_dir, _ = bad_build
    assert mart_rows(bad_work_dir, mart, key) == mart_rows(clean_build, mart, key)


def test_bad_input_gives_the_hand_checked_contract_figures(bad_build):
    work_dir, _ = bad_build
    assert_marts_match_hand_checked(work_dir)


def test_no_personal_data_in_any_relation_on_the_bad_input(bad_build):
    work_dir, _ = bad_build
    # The scan sees the personal data the raw input carries ...
    kinds_in_raw_input = {kind for _, _, kind in personal_data_hits(work_dir, raw_input=True)}
    assert kinds_in_raw_input == set(PERSONAL_DATA_PATTERNS)
    # ... and finds none of it in any model built from it.
    assert personal_data_hits(work_dir) == []
    # The redaction touched the 1 MB body too, and kept the rest of it.
    body = query(work_dir, "select body from stg_support__conversation_turns where turn_id = 'trn02a'")[0][0]
    assert len(body) > 1_000_000 and body.endswith("Reach me at [email]")


def test_no_personal_data_on_demo_data_and_customer_ids_pseudonymized(tmp_path):
    frames = demo_data.generate(600, seed=5)
    data_dir = tmp_path / "demo"
    demo_data.write({name: frame for name, frame in frames.items() if name != "ground_truth"}, data_dir)
    bodies = frames["conversation_turns"]["body"].dropna()
    assert bodies.str.contains(PERSONAL_DATA_PATTERNS["email"]).any()  # there is something to find
    salt = "pepper"
    run_dbt("build", data_dir, tmp_path, {"pseudonymize_customer_ids": True, "customer_id_salt": salt})
    assert personal_data_hits(tmp_path) == []
    raw_customers = set(frames["tickets"]["customer_id"])
    marts = dict(query(tmp_path, "select ticket_id, customer_id from fct_tickets"))
    raw = dict(frames["tickets"][["ticket_id", "customer_id"]].itertuples(index=False))
    assert not raw_customers & set(marts.values())
    assert all(hashed == hashlib.md5((salt + raw[ticket]).encode()).hexdigest() for ticket, hashed in marts.items())


def test_a_latin_1_export_is_read_with_the_encoding_var(hand_checked_copy, tmp_path):
    for path in hand_checked_copy.glob("*.csv"):
        text = path.read_text().replace("thanks, that worked", "merci, ça marche")
        path.write_bytes(text.encode("latin-1"))
    run_dbt("build", hand_checked_copy, tmp_path, {"raw_csv_encoding": "latin-1"})
    assert query(tmp_path, "select count(*) from dq_rejected_rows") == [(0,)]
    body = query(tmp_path, "select body from stg_support__conversation_turns where turn_id = 'trn01c'")
    assert body == [("merci, ça marche",)]
