"""Compare the marts of two warehouses row for row (daily runs against a full refresh).

`mart_differences(warehouse_a, warehouse_b)` compares every `fct_*` table or view (found by
listing them, so new marts are covered without a change here) and `dq_rejected_rows`, on the
same columns, as multisets: EXCEPT ALL in both directions. Load times (`loaded_at`) are left
out, and doubles are rounded to 9 decimals (above 1, to 9 significant digits), since a float
sum depends on the order of its rows in its last digits.
Returns one message per table that differs (missing, other columns, or the first rows found
in one warehouse only); an empty list means identical.
"""

from __future__ import annotations

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


def _compared_tables(connection, catalog):
    """{table name: qualified name} of the fct_* tables and views and EXTRA_TABLES in catalog."""
    rows = connection.execute(
        "select table_schema, table_name from information_schema.tables"
        " where table_catalog = ? and (starts_with(table_name, 'fct_') or list_contains(?, table_name))",
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


def _table_difference(connection, name, table_a, table_b, shown_rows):
    columns = _columns(connection, table_a)
    columns_b = _columns(connection, table_b)
    if columns != columns_b:
        return f"{name}: columns differ\n  A: {columns}\n  B: {columns_b}"
    select_list = ", ".join(
        f'{_rounded(column)} as "{column}"' if data_type in _FLOAT_TYPES else f'"{column}"'
        for column, data_type in columns
    )
    messages = []
    for only_in, first, second in (("A", table_a, table_b), ("B", table_b, table_a)):
        only = f"select {select_list} from {first} except all select {select_list} from {second}"
        count = connection.execute(f"select count(*) from ({only})").fetchall()[0][0]
        if count:
            rows = connection.execute(f"{only} order by all limit {shown_rows}").fetchall()
            messages.append(f"  {count} rows only in {only_in}, first ones:\n"
                            + "\n".join(f"    {row}" for row in rows))
    if not messages:
        return None
    header = f"{name} ({[column for column, _ in columns]}):"
    return "\n".join([header, *messages])
