"""Compare the marts of two warehouses row for row (daily runs against a full refresh).

`mart_differences(warehouse_a, warehouse_b)` compares every `fct_*` and `dim_*` table or view (found by
listing them, so new marts are covered without a change here) and `dq_rejected_rows`, on the
same columns, as multisets: EXCEPT ALL in both directions. Load times (`loaded_at`) are left
out, and doubles are rounded to 9 decimals (above 1, to 9 significant digits), since a float
sum depends on the order of its rows in its last digits; two rows that differ only by one unit
of that last digit in their doubles are equal (a sum exactly halfway between two rounded values,
such as a cost of 0.0125 per second summed, rounds either way by its last bit).
Returns one message per table that differs (missing, other columns, or the first rows found
in one warehouse only); an empty list means identical.

`mart_fingerprints(warehouse)` condenses the same tables, read the same way, into a row count,
a hash of the rows without their doubles and sums of each double column, to compare a build with
one kept from earlier code (a JSON file) by `fingerprint_differences`.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from pathlib import Path

import duckdb

IGNORED_COLUMNS = ("loaded_at",)
EXTRA_TABLES = ("dq_rejected_rows",)
DOUBLE_DIGITS = 9
_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def mart_differences(warehouse_a: str | Path, warehouse_b: str | Path, shown_rows: int = 5) -> list[str]:
    """Messages describing each compared table that differs between the two DuckDB files."""
    connection = duckdb.connect()
    try:
        connection.execute(f"attach '{warehouse_a}' as warehouse_a (read_only)")
        connection.execute(f"attach '{warehouse_b}' as warehouse_b (read_only)")
        tables_a, tables_b = (_compared_tables(connection, name) for name in ("warehouse_a", "warehouse_b"))
        differences = [f"{name}: only in {side}" for side, only in
                       (("A", tables_a.keys() - tables_b.keys()), ("B", tables_b.keys() - tables_a.keys()))
                       for name in sorted(only)]
        for name in sorted(tables_a.keys() & tables_b.keys()):
            difference = _table_difference(connection, name, tables_a[name], tables_b[name], shown_rows)
            if difference:
                differences.append(difference)
        return differences
    finally:
        connection.close()


def mart_fingerprints(warehouse: str | Path, columns_by_table: dict[str, list[str]] | None = None) -> dict:
    """{table: {"columns": [...], "rows": n, "sha256": hash of its rows in order without their
    doubles, "doubles": {column: [non-null values, sum, sum of squares]}}} of each compared
    table, or of those in columns_by_table on those columns only (a later build may add some).

    Doubles are condensed to sums, compared with a tolerance by fingerprint_differences: a fitted
    model's scores differ from machine to machine in their last digits."""
    connection = duckdb.connect()
    try:
        connection.execute(f"attach '{warehouse}' as warehouse (read_only)")
        tables = _compared_tables(connection, "warehouse")
        fingerprints = {}
        for name in sorted(columns_by_table or tables):
            if name not in tables:
                continue
            types = dict(_columns(connection, tables[name]))
            columns = [column for column in (columns_by_table or {}).get(name, types) if column in types]
            exact = [column for column in columns if types[column] not in _FLOAT_TYPES]
            doubles = [column for column in columns if types[column] in _FLOAT_TYPES]
            rows = connection.execute(
                f"select {_select_list([(column, types[column]) for column in exact]) or 'null'}"
                f" from {tables[name]} order by all"
            ).fetchall()
            sums = connection.execute(
                "select " + ", ".join(f'count("{column}"), sum("{column}"), sum("{column}" * "{column}")'
                                      for column in doubles) + f" from {tables[name]}"
            ).fetchall()[0] if doubles else ()
            digest = hashlib.sha256("\n".join(repr(row) for row in rows).encode())
            fingerprints[name] = {
                "columns": columns, "rows": len(rows), "sha256": digest.hexdigest(),
                "doubles": {column: list(sums[3 * index:3 * index + 3]) for index, column in enumerate(doubles)},
            }
        return fingerprints
    finally:
        connection.close()


def fingerprint_differences(actual: dict, expected: dict, rel_tol: float = 1e-6) -> list[str]:
    """One message per table whose fingerprints differ: other columns, row count or rows without
    their doubles, or a double column's count, sum or sum of squares off by more than rel_tol."""
    differences = [f"{name}: only in {side}" for side, only in
                   (("actual", actual.keys() - expected.keys()), ("expected", expected.keys() - actual.keys()))
                   for name in sorted(only)]
    for name in sorted(actual.keys() & expected.keys()):
        mine, theirs = actual[name], expected[name]
        for part in ("columns", "rows", "sha256"):
            if mine[part] != theirs[part]:
                differences.append(f"{name}: {part} differ")
        for column, summary in theirs["doubles"].items():
            found = mine["doubles"].get(column)
            if found is None or any(
                (a is None) != (b is None) or (a is not None and not math.isclose(a, b, rel_tol=rel_tol, abs_tol=rel_tol))
                for a, b in zip(found, summary)
            ):
                differences.append(f"{name}.{column}: [count, sum, sum of squares] {found}, expected {summary}")
    return differences


def _compared_tables(connection, catalog):
    """{table name: qualified name} of the fct_* and dim_* tables and views and EXTRA_TABLES in catalog."""
    rows = connection.execute(
        "select table_schema, table_name from information_schema.tables"
         " where table_catalog = ? and (starts_with(table_name, 'fct_') or starts_with(table_name, 'dim_')"
        " or list_contains(?, table_name))",
        [catalog, list(EXTRA_TABLES)],
    ).fetchall()
    return {name: f'{catalog}."{schema}"."{name}"' for schema, name in rows}


def _columns(connection, qualified_name):
    """(name, type) of each compared column, in table order."""
    return [(name, data_type) for name, data_type, *_ in connection.execute(
        f"describe select * from {qualified_name}"
    ).fetchall() if name not in IGNORED_COLUMNS]


def _rounded(column):
    """SQL rounding a double to DOUBLE_DIGITS decimals, or significant digits above 1."""
    return (f'case when abs("{column}") > 1'
            f' then round("{column}", {DOUBLE_DIGITS} - cast(ceil(log10(abs("{column}"))) as integer))'
            f' else round("{column}", {DOUBLE_DIGITS}) end')


def _select_list(columns):
    """The columns ((name, type) pairs) as compared: doubles rounded."""
    def compared(column, data_type):
        if data_type in _FLOAT_TYPES:
            return f'{_rounded(column)} as "{column}"'
        return f'"{column}"'
    return ", ".join(compared(column, data_type) for column, data_type in columns)


def _table_difference(connection, name, table_a, table_b, shown_rows):
    columns = _columns(connection, table_a)
    columns_b = _columns(connection, table_b)
    if columns != columns_b:
        return f"{name}: columns differ\n  A: {columns}\n  B: {columns_b}"
    select_list = _select_list(columns)
    only_rows = {}
    for only_in, first, second in (("A", table_a, table_b), ("B", table_b, table_a)):
        only_rows[only_in] = connection.execute(
            f"select {select_list} from {first} except all select {select_list} from {second} order by all"
        ).fetchall()
    doubles = [position for position, (_, data_type) in enumerate(columns) if data_type in _FLOAT_TYPES]
    only_rows["A"], only_rows["B"] = _unpaired(only_rows["A"], only_rows["B"], doubles)
    messages = [f"  {len(rows)} rows only in {only_in}, first ones:\n"
                + "\n".join(f"    {row}" for row in rows[:shown_rows])
                for only_in, rows in only_rows.items() if rows]
    if not messages:
        return None
    header = f"{name} ({[column for column, _ in columns]}):"
    return "\n".join([header, *messages])


def _unpaired(rows_a, rows_b, doubles):
    """rows_a and rows_b less the pairs equal but for their doubles (positions in doubles) within
    one unit of the last digit kept by _rounded."""
    def key(row):
        return tuple(value for position, value in enumerate(row) if position not in doubles)

    def close(row, other):
        return all(row[position] == other[position] or (
            row[position] is not None and other[position] is not None
            and math.isclose(row[position], other[position], rel_tol=1.01 * 10 ** -(DOUBLE_DIGITS - 1),
                             abs_tol=1.01 * 10 ** -DOUBLE_DIGITS)) for position in doubles)

    candidates = defaultdict(list)
    for row in rows_b:
        candidates[key(row)].append(row)
    unpaired_a = []
    for row in rows_a:
        matches = candidates[key(row)]
        match = next((index for index, other in enumerate(matches) if close(row, other)), None)
        if match is None:
            unpaired_a.append(row)
        else:
            matches.pop(match)
    return unpaired_a, [row for rows in candidates.values() for row in rows]
