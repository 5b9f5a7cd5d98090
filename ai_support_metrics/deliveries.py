"""Split a complete export into the daily deliveries a scheduled pipeline would receive.

`split(data_dir, out_dir, history_until, last_delivery_day)` reads the three raw inputs of
the data contract from data_dir (`<name>.parquet`, else `<name>.csv`), and the optional
`conversation_reviews` when the export has it, and writes, in load order:
`out_dir/history/` (every row that arrived before history_until: the first load) and one
`out_dir/day-YYYY-MM-DD/` per day from history_until to last_delivery_day (the rows that
arrived that day). Every folder holds all of those inputs as Parquet, possibly empty.

When a row arrives (UTC):
- at its own time: tickets at updated_at, else closed_at, else created_at (each ticket
  version row on its own); turns at sent_at; events at occurred_at; reviews at reviewed_at.
  A row whose time cannot be read arrives with the history;
- late: a share of rows (`late_fraction`), chosen by a hash of the row, arrives 1 to 2 days
  after its own time;
- again: a share of rows (`resend_fraction`) is re-sent identical 1 to 3 days after it first
  arrived, and a share of superseded ticket versions (`stale_resend_fraction`; superseded =
  another version of the ticket has a later updated_at) is re-sent 1 to 2 days after the
  ticket's latest version arrived. A re-send that would land in the same delivery as the
  copy it repeats is dropped.
- The last delivery holds everything arriving on or after last_delivery_day.

Every value is kept as it was (Parquet types as read, CSV as text). The split depends on
nothing but the rows (the hash is DuckDB's, fixed for a DuckDB version): the same input gives
the same deliveries, row order included.
`write_union(delivery_dirs, out_dir)` writes every delivered row (re-sends included) as one
export: the input of the full refresh a sequence of daily runs must equal.
`write_empty_delivery(like_dir, out_dir)` writes the delivery of a day on which nothing came:
the inputs of like_dir with its columns and no rows.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb

INPUTS = ("tickets", "conversation_turns", "events")
# Split like the others when the export has them.
OPTIONAL_INPUTS = ("conversation_reviews",)
# A row's own time, first non-empty (parsed) column wins.
ARRIVAL_COLUMNS = {
    "tickets": ("updated_at", "closed_at", "created_at"),
    "conversation_turns": ("sent_at",),
    "events": ("occurred_at",),
    "conversation_reviews": ("reviewed_at",),
}
HISTORY_FOLDER = "history"
DAY_FOLDER_PREFIX = "day-"
_SECONDS_PER_DAY = 86_400


def raw_file(data_dir: Path, name: str) -> Path:
    """The file of one input: <name>.parquet, else <name>.csv (as the project reads them)."""
    for suffix in (".parquet", ".csv"):
        path = Path(data_dir) / f"{name}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(Path(data_dir) / f"{name}.parquet")


def inputs_of(data_dir: str | Path) -> tuple[str, ...]:
    """The inputs an export holds: the required ones and the optional ones it has."""
    return INPUTS + tuple(name for name in OPTIONAL_INPUTS
                          if any((Path(data_dir) / f"{name}{suffix}").exists() for suffix in (".parquet", ".csv")))


def last_full_day(data_dir: str | Path) -> dt.date:
    """The UTC day of the latest ticket creation: the last day the export covers in full."""
    connection = _connect()
    try:
        return connection.execute(
            f"select cast(max(try_cast(created_at as timestamptz)) as date)"
            f" from {reader(raw_file(Path(data_dir), 'tickets'))}"
        ).fetchall()[0][0]
    finally:
        connection.close()


def split(
    data_dir: str | Path,
    out_dir: str | Path,
    history_until: dt.date | None = None,
    last_delivery_day: dt.date | None = None,
    late_fraction: float = 0.15,
    resend_fraction: float = 0.01,
    stale_resend_fraction: float = 0.3,
) -> list[Path]:
    """Write the history and the daily deliveries of the export in data_dir to out_dir (see the
    module docstring); returns their folders in load order, the history first.

    history_until defaults to the last full day of the data (so the deliveries are that day's
    and any later ones); last_delivery_day defaults to the latest day a row arrives.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    history_until = history_until or last_full_day(data_dir)
    if last_delivery_day is not None and last_delivery_day < history_until:
        raise ValueError("last_delivery_day is before history_until")
    names = inputs_of(data_dir)
    connection = _connect()
    try:
        columns = {name: _load_with_arrival(connection, name, raw_file(data_dir, name), late_fraction)
                   for name in names}
        if last_delivery_day is None:
            latest = connection.execute(
                " union all ".join(f"select max(arrival_day) from placed_{name}" for name in names)
            ).fetchall()
            last_delivery_day = max([day for (day,) in latest if day is not None] + [history_until])
        days = [history_until + dt.timedelta(days=offset)
                for offset in range((last_delivery_day - history_until).days + 1)]
        folders = [out_dir / HISTORY_FOLDER] + [out_dir / f"{DAY_FOLDER_PREFIX}{day}" for day in days]
        _clear(out_dir)
        for folder in folders:
            folder.mkdir(parents=True)
        for name in names:
            _append_resends(connection, name, history_until, len(days), resend_fraction,
                            stale_resend_fraction)
            column_list = ", ".join(f'"{column}"' for column in columns[name])
            delivery = f"coalesce(resent_to, {_delivery_sql(history_until, len(days))})"
            for index, folder in enumerate(folders):
                connection.execute(
                    f"copy (select {column_list} from placed_{name} where {delivery} = {index})"
                    f" to '{folder / f'{name}.parquet'}' (format parquet)"
                )
            connection.execute(f"drop table placed_{name}")
        return folders
    finally:
        connection.close()


def write_union(delivery_dirs: list[Path], out_dir: str | Path) -> Path:
    """Every row of the given deliveries, in their order and re-sends included, as one export
    in out_dir (one Parquet file per input); returns out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    connection = _connect()
    try:
        for name in inputs_of(delivery_dirs[0]):
            files = ", ".join(f"'{Path(folder) / f'{name}.parquet'}'" for folder in delivery_dirs)
            connection.execute(
                f"copy (select * from read_parquet([{files}])) to '{out_dir / f'{name}.parquet'}'"
                " (format parquet)"
            )
        return out_dir
    finally:
        connection.close()


def write_empty_delivery(like_dir: str | Path, out_dir: str | Path) -> Path:
    """The inputs of like_dir with their columns and no rows, in out_dir (one Parquet file per
    input); returns out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    connection = _connect()
    try:
        for name in inputs_of(like_dir):
            connection.execute(
                f"copy (select * from {reader(raw_file(Path(like_dir), name))} limit 0)"
                f" to '{out_dir / f'{name}.parquet'}' (format parquet)"
            )
        return out_dir
    finally:
        connection.close()


def _connect():
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    connection.execute("set enable_progress_bar = false")
    # Filters and copies keep the input's row order: the same input gives the same files.
    connection.execute("set preserve_insertion_order = true")
    return connection


def reader(path: Path) -> str:
    """A DuckDB table expression reading one raw file: Parquet as written, CSV as text."""
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    return f"read_csv('{path}', header = true, all_varchar = true)"


def _clear(out_dir: Path):
    """Remove the folders of an earlier split (and nothing else) from out_dir."""
    if not out_dir.exists():
        return
    for folder in out_dir.iterdir():
        if folder.is_dir() and (folder.name == HISTORY_FOLDER or folder.name.startswith(DAY_FOLDER_PREFIX)):
            shutil.rmtree(folder)


# What each of the six numbers drawn from a row's hash decides.
_LATE, _LATE_DELAY, _RESEND, _RESEND_DELAY, _STALE_RESEND, _STALE_RESEND_DELAY = range(6)


def _draw(number: int) -> str:
    """SQL for the number-th of six numbers in [0, 1) drawn from the row's hash (10 bits each)."""
    return f"((row_hash >> {10 * number}) & 1023) / 1024.0"


def _delivery_sql(history_until: dt.date, n_days: int, day: str = "arrival_day") -> str:
    """SQL for the delivery of a day (SQL expression): 0 = history (or no day), k = the k-th
    day, the last day catching everything later."""
    return (
        f"(case when {day} is null or {day} < date '{history_until}' then 0"
        f" else least({day} - date '{history_until}' + 1, {n_days}) end)"
    )


def _resend_day(draw: int, max_days: int, day: str) -> str:
    """SQL for the day a copy is sent again: 1 to max_days days after day (SQL expression)."""
    return f"({day} + cast(1 + floor({_draw(draw)} * {max_days}) as integer))"


def _load_with_arrival(connection, name: str, path: Path, late_fraction: float) -> list[str]:
    """placed_<name>: the input as read (rowid = input order) plus row_hash (DuckDB's hash of
    the whole row: the same for the same row and DuckDB version), arrival_day, for tickets
    version_at (updated_at in UTC), and resent_to (empty: these are the first copies). Returns
    the input's columns."""
    columns = [row[0] for row in connection.execute(f"describe select * from {reader(path)}").fetchall()]
    own_time = ", ".join(f'try_cast("{column}" as timestamptz)'
                         for column in ARRIVAL_COLUMNS[name] if column in columns)
    version_at = ("try_cast(updated_at as timestamptz)" if "updated_at" in columns
                  else "cast(null as timestamptz)")
    connection.execute(f"""
        create temp table placed_{name} as
        with hashed as (
            select
                *,
                hash({", ".join(f'"{column}"' for column in columns)}) as row_hash,
                coalesce({own_time}) as own_at
            from {reader(path)}
        )
        select
            * exclude (own_at),
            {version_at + " as version_at," if name == "tickets" else ""}
            cast(own_at + to_seconds(case when {_draw(_LATE)} < {late_fraction}
                then cast(round((1 + {_draw(_LATE_DELAY)}) * {_SECONDS_PER_DAY}) as bigint) else 0 end)
                as date) as arrival_day,
            cast(null as integer) as resent_to
        from hashed
    """)
    return columns


def _append_resends(connection, name, history_until, n_days, resend_fraction, stale_resend_fraction):
    """Append to placed_<name> the re-sent copies, their delivery in resent_to: identical rows
    1 to 3 days after they arrived, superseded ticket versions 1 to 2 days after the ticket's
    latest version; dropped when that is not a later delivery (the last one catches later
    days). Appended after the first copies, so a delivery lists its first copies, then its
    re-sends, each in input order."""
    stale_versions = f"""
        union all
        select
            row_number,
            {_delivery_sql(history_until, n_days, _resend_day(_STALE_RESEND_DELAY, 2, "latest_arrival_day"))}
                as delivery,
            {_delivery_sql(history_until, n_days, "latest_arrival_day")} as must_follow
        from (
            select
                *,
                max(version_at) over (partition by ticket_id) as latest_version_at,
                max(arrival_day) over (partition by ticket_id) as latest_arrival_day
            from placed
        ) as versions
        where version_at < latest_version_at and {_draw(_STALE_RESEND)} < {stale_resend_fraction}
    """ if name == "tickets" else ""
    connection.execute(f"""
        insert into placed_{name}
        with placed as (
            select
                rowid as row_number,
                row_hash,
                {"ticket_id, version_at," if name == "tickets" else ""}
                arrival_day
            from placed_{name}
        ),
        copies as (
            select
                row_number,
                {_delivery_sql(history_until, n_days, _resend_day(_RESEND_DELAY, 3, "arrival_day"))} as delivery,
                {_delivery_sql(history_until, n_days)} as must_follow
            from placed
            where {_draw(_RESEND)} < {resend_fraction}
            {stale_versions}
        )
        select placed_{name}.* replace (cast(copies.delivery as integer) as resent_to)
        from copies
        inner join placed_{name} on copies.row_number = placed_{name}.rowid
        where copies.delivery > copies.must_follow
        order by copies.row_number, copies.delivery
    """)
