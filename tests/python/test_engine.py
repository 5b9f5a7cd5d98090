"""The engine shim (ai_support_metrics.engine): the Python models' inputs read the same from
each engine, and the per-ticket text work gives the same rows distributed on a local PySpark
session (grouped by ticket, applyInPandas) as in process on DuckDB."""

import os

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from ai_support_metrics import engine
from conftest import local_spark_session

# PySpark 3.5 calls pandas APIs that pandas 3 deprecates (its own warnings, not this project's).
pytestmark = pytest.mark.filterwarnings(r"ignore::Warning:pyspark\..*")

# Demo tickets classified on both engines (all their turns: a few hundred).
COMPARED_TICKETS = 60
LOADED_AT = pd.Timestamp("2026-03-02 06:00")
WATERMARK_SQL = "select 1 as ticket_number, 'a' as ticket_id, cast(null as timestamp) as watermark_at"


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    """A local Spark session (requirements-spark.txt) with its warehouse and metastore in a
    fresh folder: Derby's metastore admits one process per folder. Skipped without PySpark,
    except in CI (env CI set), where scripts/check installs it."""
    if not os.environ.get("CI"):
        pytest.importorskip("pyspark.sql", reason="pip install -r requirements-spark.txt -c constraints.txt")
    session = local_spark_session(tmp_path_factory.mktemp("spark"), {
        "spark.sql.shuffle.partitions": "4",
        # Keeps the four shuffle partitions (buckets of tickets) apart instead of coalescing them.
        "spark.sql.adaptive.enabled": "false",
    })
    yield session
    session.stop()


@pytest.fixture(scope="module")
def demo_turns(demo_warehouse):
    """The kept turns of the first COMPARED_TICKETS demo tickets, and the phrase seeds."""
    connection = duckdb.connect(str(demo_warehouse / "warehouse.duckdb"), read_only=True)
    turns = connection.sql(
        "select * from int_conversation_turns_kept where ticket_id in"
        f" (select distinct ticket_id from int_conversation_turns_kept order by ticket_id limit {COMPARED_TICKETS})")
    phrases = connection.sql("select * from conversation_signal_phrases").df()
    agent_phrases = connection.sql("select * from agent_trajectory_phrases").df()
    yield turns, phrases, agent_phrases
    connection.close()


def test_duckdb_inputs_read_as_pandas_arrow_and_first_rows():
    connection = duckdb.connect()
    relation = connection.sql(WATERMARK_SQL)
    assert engine.engine_of(relation) == "duckdb"
    assert engine.to_pandas(relation, columns=("ticket_id",)).columns.tolist() == ["ticket_id"]
    assert engine.first_row(relation) == {"ticket_number": 1, "ticket_id": "a", "watermark_at": None}
    assert engine.to_arrow(relation).column_names == ["ticket_number", "ticket_id", "watermark_at"]
    connection.execute(f"create table earlier_output as {WATERMARK_SQL}")
    assert engine.read_table(connection, "earlier_output")["ticket_id"].tolist() == ["a"]
    with pytest.raises(TypeError, match="no engine known"):
        engine.engine_of(pd.DataFrame())


def test_a_duckdb_session_reads_parts_of_a_table_and_the_rows_of_some_tickets():
    from dbt.adapters.duckdb.environments.local import DuckDBCursorWrapper

    connection = duckdb.connect()
    connection.execute("create table stored as select * from (values ('a', 1), ('b', 2), ('c', 3)) as t(ticket_id, n)")
    for session in (connection, DuckDBCursorWrapper(connection.cursor())):  # what dbt-duckdb hands a model
        assert engine.engine_of(session) == "duckdb"
        assert engine.read_table(session, "stored", columns=("n",), where="n > 1")["n"].tolist() == [2, 3]
        rows = engine.read_rows_of_tickets(session, "stored", pd.Series(["c", "a", "z"]))
        assert sorted(rows["ticket_id"]) == ["a", "c"] and rows.columns.tolist() == ["ticket_id", "n"]


def test_apply_by_ticket_in_process_uses_the_chunked_path_when_given():
    relation = duckdb.connect().sql("select * from (values ('a', 1), ('a', 2), ('b', 5)) as t(ticket_id, n)")

    def totals(tickets: pd.DataFrame) -> pd.DataFrame:
        return tickets.groupby("ticket_id", as_index=False)["n"].sum()

    assert engine.apply_by_ticket(relation, totals).sort_values("ticket_id")["n"].tolist() == [3, 5]
    # in_process gets the input as Arrow (e.g. to classify it a chunk at a time).
    assert engine.apply_by_ticket(relation, totals, in_process=lambda table: table.num_rows) == 3


def test_spark_inputs_read_like_duckdb(spark):
    frame = spark.sql(WATERMARK_SQL)
    assert engine.engine_of(frame) == "pyspark"
    assert engine.to_pandas(frame, columns=("ticket_id",)).columns.tolist() == ["ticket_id"]
    assert engine.first_row(frame) == {"ticket_number": 1, "ticket_id": "a", "watermark_at": None}
    assert isinstance(engine.to_arrow(frame), pa.Table)
    frame.createOrReplaceTempView("earlier_output")
    assert engine.read_table(spark, "earlier_output")["ticket_id"].tolist() == ["a"]


def test_turns_classified_on_spark_by_ticket_equal_those_on_duckdb(spark, demo_turns):
    turns, phrases, agent_phrases = demo_turns
    on_duckdb = engine.classify_turns_by_ticket(turns, phrases, 0.45, agent_phrases, LOADED_AT).to_pandas()
    spark_turns = spark.createDataFrame(engine.to_pandas(turns))
    on_spark = engine.classify_turns_by_ticket(spark_turns, phrases, 0.45, agent_phrases, LOADED_AT)

    assert engine.engine_of(on_spark) == "pyspark"
    # Spread over the buckets of whole tickets: more than one pandas call did the work.
    assert on_spark.rdd.getNumPartitions() > 1
    on_spark = engine.to_pandas(on_spark)
    assert on_duckdb["ticket_id"].nunique() == COMPARED_TICKETS
    assert on_duckdb["is_rephrase"].any() and on_duckdb["is_confirmation"].any()
    assert on_duckdb["is_tool_call"].any() and (on_duckdb["loaded_at"] == LOADED_AT).all()
    pd.testing.assert_frame_equal(
        on_spark[on_duckdb.columns].sort_values("turn_id", ignore_index=True),
        on_duckdb.sort_values("turn_id", ignore_index=True),
        check_dtype=False,
    )
