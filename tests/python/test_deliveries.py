"""The deliveries splitter (ai_support_metrics/deliveries.py) on small demo data."""

import datetime as dt

import duckdb
import pytest

from ai_support_metrics import demo_data
from ai_support_metrics.deliveries import (
    INPUTS,
    OPTIONAL_INPUTS,
    last_full_day,
    split,
    write_empty_delivery,
    write_union,
)

# The demo export holds the optional reviews too.
EXPORT_INPUTS = INPUTS + OPTIONAL_INPUTS

# Each input's row key, and its own time (when it arrives unless late).
KEYS = {
    "tickets": "ticket_id, updated_at",
    "conversation_turns": "turn_id",
    "events": "event_id",
}
OWN_TIMES = {
    "tickets": "coalesce(try_cast(updated_at as timestamptz), try_cast(closed_at as timestamptz),"
               " try_cast(created_at as timestamptz))",
    "conversation_turns": "try_cast(sent_at as timestamptz)",
    "events": "try_cast(occurred_at as timestamptz)",
}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("export")
    demo_data.write(demo_data.generate(1500, seed=7), data_dir)
    return data_dir


@pytest.fixture(scope="module")
def daily(export, tmp_path_factory):
    """Every day a delivery: the history holds only what arrived before the first ticket."""
    out_dir = tmp_path_factory.mktemp("daily")
    return split(export, out_dir, history_until=dt.date(2026, 8, 3))


def connect():
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    return connection


def rows(connection, sql):
    return connection.execute(sql).fetchall()


def delivered(folders, name):
    """Every delivered copy of the input with its delivery day (the history as 0001-01-01)."""
    files = ", ".join(f"'{folder / f'{name}.parquet'}'" for folder in folders)
    return (
        f"(select * exclude (filename), coalesce(try_cast(regexp_extract(filename, 'day-([0-9-]+)/', 1)"
        f" as date), date '0001-01-01') as delivery_day from read_parquet([{files}], filename = true))"
    )


def test_every_row_is_delivered_unchanged_and_nothing_else(export, daily, tmp_path):
    union = write_union(daily, tmp_path / "union")
    connection = connect()
    for name in EXPORT_INPUTS:
        original, copies = f"'{export / f'{name}.parquet'}'", f"'{union / f'{name}.parquet'}'"
        assert rows(connection, f"describe {original}") == rows(connection, f"describe {copies}")
        assert rows(connection, f"select * from {original} except select * from {copies}") == []
        assert rows(connection, f"select * from {copies} except select * from {original}") == []
        [(n_original,)] = rows(connection, f"select count(*) from {original}")
        [(n_copies,)] = rows(connection, f"select count(*) from {copies}")
        assert n_original <= n_copies <= n_original * 1.05
        assert n_copies > n_original or name in OPTIONAL_INPUTS  # too few reviews for a re-send


def test_a_share_of_rows_arrives_one_or_two_days_late(daily):
    connection = connect()
    for name in INPUTS:
        [(share_late, earliest_delay, latest_delay)] = rows(connection, f"""
            with first_arrival as (
                select
                    {KEYS[name]},
                    min(delivery_day) - cast(any_value({OWN_TIMES[name]}) as date) as delay_days
                from {delivered(daily[1:], name)}
                group by all
            )
            select
                avg(cast(delay_days > 0 as integer)),
                min(delay_days),
                max(delay_days)
            from first_arrival
        """)
        assert 0.12 < share_late < 0.18, name
        assert (earliest_delay, latest_delay) == (0, 2), name


def test_identical_rows_and_stale_ticket_versions_are_sent_again_later(daily):
    connection = connect()
    for name in INPUTS:
        [(resent, resent_later)] = rows(connection, f"""
            select count(*), count(*) filter (where first_day < last_day)
            from (
                select {KEYS[name]}, min(delivery_day) as first_day, max(delivery_day) as last_day
                from {delivered(daily, name)}
                group by all
                having count(*) > 1
            ) as copies
        """)
        assert resent > 0 and resent == resent_later, name
    [(stale_resent,)] = rows(connection, f"""
        with versions as (
            select
                *,
                try_cast(updated_at as timestamptz) as version_at,
                max(try_cast(updated_at as timestamptz)) over (partition by ticket_id) as latest_version_at
            from {delivered(daily, 'tickets')}
        ),
        latest_arrival as (
            select ticket_id, min(delivery_day) as latest_version_day
            from versions
            where version_at = latest_version_at
            group by ticket_id
        )
        select count(*)
        from versions
        inner join latest_arrival using (ticket_id)
        where version_at < latest_version_at and delivery_day > latest_version_day
    """)
    assert stale_resent > 0


def test_history_cut_and_last_delivery(export, tmp_path):
    folders = split(export, tmp_path, history_until=dt.date(2026, 10, 20),
                    last_delivery_day=dt.date(2026, 10, 24))
    assert [folder.name for folder in folders] == ["history"] + [
        f"day-2026-10-{day}" for day in range(20, 25)
    ]
    connection = connect()
    for name in INPUTS:
        [(before_cut, on_last_day)] = rows(connection, f"""
            select
                count(*) filter (where delivery_day = date '0001-01-01'
                                 and cast({OWN_TIMES[name]} as date) >= date '2026-10-20'),
                count(*) filter (where delivery_day = date '2026-10-24'
                                 and cast({OWN_TIMES[name]} as date) > date '2026-10-24')
            from {delivered(folders, name)}
        """)
        assert before_cut == 0, name  # nothing of the delivered days sits in the history
        assert on_last_day > 0, name  # the last delivery catches the later days


def test_default_split_is_history_and_the_last_full_day(export, tmp_path):
    assert last_full_day(export) == dt.date(2026, 10, 25)
    folders = split(export, tmp_path)
    assert folders[1].name == "day-2026-10-25"


def test_same_input_same_deliveries(export, daily, tmp_path):
    again = split(export, tmp_path, history_until=dt.date(2026, 8, 3))
    assert [folder.name for folder in again] == [folder.name for folder in daily]
    for first, second in zip(daily, again):
        for name in EXPORT_INPUTS:
            assert (first / f"{name}.parquet").read_bytes() == (second / f"{name}.parquet").read_bytes()


def test_csv_values_stay_text(tmp_path):
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    frames = demo_data.generate(200, seed=3)
    for name in INPUTS:
        frames[name].to_csv(csv_dir / f"{name}.csv", index=False)
    folders = split(csv_dir, tmp_path / "out", history_until=dt.date(2026, 10, 1))
    assert not any((folder / "conversation_reviews.parquet").exists() for folder in folders)  # optional, absent
    connection = connect()
    for name in INPUTS:
        types = {row[1] for row in rows(connection, f"describe select * from {delivered(folders, name)}")}
        assert types == {"VARCHAR", "DATE"}, name  # DATE: the delivery_day added here
        original = f"read_csv('{csv_dir / f'{name}.csv'}', header = true, all_varchar = true)"
        union = f"(select * exclude (delivery_day) from {delivered(folders, name)})"
        assert rows(connection, f"select * from {original} except select * from {union}") == []


def test_empty_delivery_has_the_columns_and_no_rows(daily, tmp_path):
    empty = write_empty_delivery(daily[1], tmp_path / "empty")
    connection = connect()
    try:
        for name in EXPORT_INPUTS:
            like = connection.execute(f"describe select * from '{daily[1] / f'{name}.parquet'}'").fetchall()
            described = connection.execute(f"describe select * from '{empty / f'{name}.parquet'}'").fetchall()
            [(rows,)] = connection.execute(f"select count(*) from '{empty / f'{name}.parquet'}'").fetchall()
            assert [column[:2] for column in described] == [column[:2] for column in like]
            assert rows == 0
    finally:
        connection.close()
