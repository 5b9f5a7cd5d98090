"""The row-for-row mart comparison (ai_support_metrics/mart_equality.py) on tiny warehouses."""

import duckdb

from ai_support_metrics.mart_equality import fingerprint_differences, mart_differences, mart_fingerprints

BASE_ROWS = "('a', 0.1 + 0.2, timestamp '2026-01-01'), ('a', 0.1 + 0.2, timestamp '2026-01-01'), ('b', 1.0, null)"


def warehouse(path, fct_rows=BASE_ROWS, extra_sql=""):
    connection = duckdb.connect(str(path))
    connection.execute(f"""
        create table fct_things (thing_id varchar, share double, loaded_at timestamp);
        insert into fct_things values {fct_rows};
        create table dq_rejected_rows (row_id varchar, loaded_at timestamp);
        insert into dq_rejected_rows values ('r1', now());
        create table int_ignored (x integer);
        insert into int_ignored values (1);
        {extra_sql}
    """)
    connection.close()
    return path


def test_equal_up_to_row_order_float_noise_and_load_time(tmp_path):
    a = warehouse(tmp_path / "a.duckdb")
    b = warehouse(
        tmp_path / "b.duckdb",
        "('b', 1.0000000000001, null), ('a', 0.3, timestamp '2027-01-01'), ('a', 0.3, null)",
        "insert into int_ignored values (2);",
    )
    assert mart_differences(a, b) == []


def test_a_missing_duplicate_a_changed_value_and_a_missing_mart_are_reported(tmp_path):
    a = warehouse(tmp_path / "a.duckdb", extra_sql="create table fct_only_here (x integer);")
    b = warehouse(tmp_path / "b.duckdb", "('a', 0.3, null), ('b', 1.001, null)",
                  "insert into dq_rejected_rows values ('r2', now());")
    differences = mart_differences(a, b)
    assert len(differences) == 3
    assert differences[0] == "fct_only_here: only in A"
    assert "dq_rejected_rows" in differences[1] and "1 rows only in B" in differences[1]
    assert "('r2',)" in differences[1]
    assert "2 rows only in A" in differences[2] and "1 rows only in B" in differences[2]


def test_a_sum_halfway_between_two_rounded_values_is_equal_but_a_real_change_is_not(tmp_path):
    # 9 significant digits: 223038.4625 is halfway; its last bit decides between .462 and .463.
    a = warehouse(tmp_path / "a.duckdb", "('a', 223038.46249999997, null), ('b', 0.5, null)")
    b = warehouse(tmp_path / "b.duckdb", "('a', 223038.46250000003, null), ('b', 0.5, null)")
    changed = warehouse(tmp_path / "c.duckdb", "('a', 223038.465, null), ('b', 0.5, null)")
    assert mart_differences(a, b) == []
    differences = mart_differences(a, changed)
    assert len(differences) == 1 and "1 rows only in A" in differences[0] and "1 rows only in B" in differences[0]


def test_fingerprints_take_last_digit_noise_in_doubles_but_not_a_changed_row(tmp_path):
    a = mart_fingerprints(warehouse(tmp_path / "a.duckdb", "('a', 0.123456789012, null), ('b', 2.0, null)"))
    noise = mart_fingerprints(warehouse(tmp_path / "b.duckdb", "('b', 2.0, null), ('a', 0.123456789013, null)"))
    changed_double = mart_fingerprints(warehouse(tmp_path / "c.duckdb", "('a', 0.1235, null), ('b', 2.0, null)"))
    changed_key = mart_fingerprints(warehouse(tmp_path / "d.duckdb", "('a', 0.123456789012, null), ('c', 2.0, null)"))
    assert fingerprint_differences(noise, a) == []
    [difference] = fingerprint_differences(changed_double, a)
    assert difference.startswith("fct_things.share: [count, sum, sum of squares] [2, 2.1235, ")
    assert fingerprint_differences(changed_key, a) == ["fct_things: sha256 differ"]
