"""The one place where the Python models meet their warehouse engine.

dbt hands a Python model its inputs as the engine's own frames: DuckDB relations (dbt-duckdb),
PySpark DataFrames (dbt-databricks, dbt-spark on a Databricks cluster, dbt-bigquery on
Dataproc) or Snowpark DataFrames (dbt-snowflake). This module turns them into plain pandas
DataFrames or Arrow tables, so the logic (conversation_signals, agent_signals, confidence,
intents) never calls an engine. A model returns pandas or Arrow, which each of those adapters
writes as a table, or (from `apply_by_ticket` on PySpark) the engine's own DataFrame.

The API, for a Python model's `model(dbt, session)`:

- `to_pandas(dbt.ref("m"), columns=("a", "b"), where="b is null")`: the input as pandas;
  `columns` and the `where` condition (SQL) are applied by the engine, so only those rows
  and columns leave the warehouse.
- `to_arrow(dbt.ref("m"))`: the input as an Arrow table (no pandas copy on DuckDB).
- `first_row(dbt.ref("int_data_watermark"))["loaded_at"]`: a one-row input as a dict, missing
  values as None.
- `read_table(session, dbt.this, columns=..., where=...)`: the model's own earlier output
  (incremental runs); `read_rows_of_tickets(session, dbt.this, ids)` only the rows of some
  tickets.
- `apply_by_ticket(frame, function, in_process=None)`: per-ticket work. `function` takes and
  returns a pandas DataFrame holding whole tickets (every row of each ticket_id in it). On
  PySpark it runs distributed, the rows grouped into buckets of whole tickets by
  `groupBy(...).applyInPandas`, and the result stays a PySpark DataFrame; elsewhere it runs in
  this process, through `in_process(arrow_table)` when given (e.g. chunked, multi-threaded),
  else `function` on the whole input. Both give the same rows when a ticket's result depends
  only on its own rows.
- `engine_of(frame)`: 'duckdb', 'pyspark' or 'snowpark'.

Converting a model: replace `.df()`, `.project(...)`, `.filter(...)`, `.aggregate(...)` and
`session.execute(...)` by these calls and do the filtering and aggregating in pandas in the
package, where pytest tests it. `classify_turns_by_ticket` (int_conversation_turns_classified)
is the worked example of apply_by_ticket.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ai_support_metrics.conversation_signals import classify_turns, classify_turns_in_chunks

# Buckets of whole tickets that the rows are grouped into on PySpark: each bucket is one
# pandas frame, big enough that the per-call work (typo map, phrase patterns) is amortised.
SPARK_TICKET_BUCKETS = 64
_BUCKET_COLUMN = "_ticket_bucket"


def engine_of(frame) -> str:
    """'duckdb', 'pyspark' or 'snowpark': which engine a frame (or the session) dbt handed in
    comes from. A DuckDB session is dbt-duckdb's wrapper of a cursor, or a connection (whose
    class lives in DuckDB's compiled module, `_duckdb`)."""
    module = type(frame).__module__
    for prefix, engine in (("duckdb", "duckdb"), ("_duckdb", "duckdb"), ("dbt.adapters.duckdb", "duckdb"),
                           ("pyspark", "pyspark"), ("snowflake.snowpark", "snowpark")):
        if module.startswith(prefix):
            return engine
    raise TypeError(f"no engine known for a {type(frame).__module__}.{type(frame).__name__}")


def to_arrow(frame) -> pa.Table:
    """The whole frame as an Arrow table."""
    if engine_of(frame) == "duckdb":
        return frame.to_arrow_table()
    return pa.Table.from_pandas(to_pandas(frame), preserve_index=False)


def to_pandas(frame, columns: tuple[str, ...] | None = None, where: str | None = None) -> pd.DataFrame:
    """The frame (only `columns` and the rows where the SQL condition `where` holds, both
    applied by the engine, when given) as a pandas DataFrame."""
    engine = engine_of(frame)
    if where:
        frame = frame.filter(where)  # each engine takes a SQL condition as text
    if engine == "duckdb":
        if columns:
            frame = frame.project(", ".join(f'"{name}"' for name in columns))
        return frame.df()
    if columns:
        frame = frame.select(*columns)
    if engine == "pyspark":
        return frame.toPandas()
    # Snowpark upper-cases unquoted names; the logic expects the names as the models wrote them.
    return frame.to_pandas().rename(columns=str.lower)


def read_table(session, relation_name, columns: tuple[str, ...] | None = None,
               where: str | None = None) -> pd.DataFrame:
    """A table of the warehouse (a model's own earlier output: dbt.this) as pandas; only
    `columns` and the rows where the SQL condition `where` holds, when given."""
    return to_pandas(session.sql(f"select * from {relation_name}"), columns=columns, where=where)


def read_rows_of_tickets(session, relation_name, ticket_ids: pd.Series) -> pd.DataFrame:
    """The rows of a table of the warehouse whose ticket_id is one of ticket_ids, as pandas: on
    DuckDB the ids are joined in the engine, so a daily run reads its tickets' stored rows, not
    every row; elsewhere the table is read and filtered here."""
    if engine_of(session) == "duckdb":
        session.register("_tickets_wanted", pd.DataFrame({"ticket_id": ticket_ids.astype(str).to_numpy()}))
        try:
            return session.sql(f"select stored.* from {relation_name} as stored"
                               " semi join _tickets_wanted on stored.ticket_id = _tickets_wanted.ticket_id").df()
        finally:
            session.unregister("_tickets_wanted")
    stored = read_table(session, relation_name)
    return stored[stored["ticket_id"].isin(ticket_ids)].reset_index(drop=True)


def first_row(frame) -> dict:
    """The first row of a frame as {column: value}, missing values as None (one-row inputs
    such as int_data_watermark)."""
    row = to_pandas(frame).iloc[0]
    return {name: None if pd.isna(value) else value for name, value in row.items()}


def apply_by_ticket(frame, function, in_process=None):
    """`function` (pandas of whole tickets -> pandas) over every ticket of `frame`: a PySpark
    DataFrame computed on the executors, a bucket of whole tickets at a time, for a PySpark
    frame; else, in this process, `in_process(arrow_table)` or `function` on the whole input."""
    if engine_of(frame) == "pyspark":
        return _apply_in_ticket_buckets(frame, function)
    if in_process is not None:
        return in_process(to_arrow(frame))
    return function(to_pandas(frame))


def classify_turns_by_ticket(turns, phrases: pd.DataFrame, rephrase_threshold: float,
                             agent_phrases: pd.DataFrame, loaded_at):
    """conversation_signals.classify_turns on every turn, with a loaded_at column: a PySpark
    DataFrame (classified on the cluster, grouped by ticket) for PySpark turns, else an Arrow
    table (classified here a chunk of whole tickets at a time, on one thread per CPU)."""
    def classify(ticket_turns: pd.DataFrame) -> pd.DataFrame:
        classified = classify_turns(ticket_turns, phrases, rephrase_threshold, agent_phrases)
        return classified.assign(loaded_at=pd.Series(pd.Timestamp(loaded_at), index=classified.index,
                                                      dtype="datetime64[us]"))

    def classify_in_chunks(table: pa.Table) -> pa.Table:
        classified = classify_turns_in_chunks(table, phrases, rephrase_threshold, agent_phrases=agent_phrases)
        stamps = np.full(classified.num_rows, np.datetime64(pd.Timestamp(loaded_at).to_datetime64(), "us"))
        return classified.append_column("loaded_at", pa.array(stamps, pa.timestamp("us")))

    return apply_by_ticket(turns, classify, in_process=classify_in_chunks)


def _apply_in_ticket_buckets(frame, function):
    """function applied to buckets of whole tickets on the Spark executors."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    # The output's schema: that of the function on no rows.
    no_rows = function(frame.limit(0).toPandas())
    schema = from_arrow_schema(pa.Table.from_pandas(no_rows, preserve_index=False).schema)

    def apply_to_bucket(bucket: pd.DataFrame) -> pd.DataFrame:
        return function(bucket.drop(columns=_BUCKET_COLUMN))

    bucketed = frame.withColumn(_BUCKET_COLUMN, F.pmod(F.xxhash64("ticket_id"), F.lit(SPARK_TICKET_BUCKETS)))
    return bucketed.groupBy(_BUCKET_COLUMN).applyInPandas(apply_to_bucket, schema)
