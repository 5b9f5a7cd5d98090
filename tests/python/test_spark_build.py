"""Apache Spark as the second engine (docs/other_warehouses.md): the project builds and passes
its data tests on a local Spark session (dbt-spark, method session) from warehouse tables
(var raw_source: warehouse) without the Python models (var python_models_enabled: false), and
every mart and dq_rejected_rows equal the DuckDB build of the same tables and vars row for row
(ai_support_metrics.mart_equality, the comparison of the daily-run equality test), on the
hand-checked fixture (every data test run on Spark too) and on 3,000 demo tickets.

dbt runs in this process (dbtRunner), so one Spark session (one JVM) serves every build; the
sources are loaded into Spark tables here, from the same text values as the DuckDB tables.
"""

import os

import duckdb
import pytest

from ai_support_metrics import demo_data
from ai_support_metrics.mart_equality import EXTRA_TABLES, mart_differences
from conftest import FIXTURES, PROJECT_ROOT, WITHOUT_DATA_TESTS, local_spark_session, run_dbt

# PySpark 3.5 calls pandas APIs that pandas 3 deprecates (its own warnings, not this project's).
pytestmark = [pytest.mark.spark, pytest.mark.filterwarnings(r"ignore::Warning:pyspark\..*")]

SPARK_VARS = {"raw_source": "warehouse", "python_models_enabled": False}
# Unit tests test the SQL's rules; scripts/check runs them on DuckDB.
BUILD_ARGS = ("--full-refresh", "--exclude-resource-type", "unit_test")
# Every data test runs on Spark on the fixture; the demo build compares the marts only (each
# data test is a Spark job of its own, and the CI's time is counted).
DEMO_TICKETS = 3000
INPUTS = ("tickets", "conversation_turns", "events", "conversation_reviews")


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    """A local Spark session for dbt-spark's session method, which takes the session that
    exists: its catalog in memory (no Derby metastore to create) and its tables in a fresh
    folder, UTC, and few shuffle partitions for small data (as profiles.yml's spark target).
    Skipped without PySpark and dbt-spark, except in CI (env CI set), where scripts/check
    installs them."""
    if not os.environ.get("CI"):
        pytest.importorskip("dbt.adapters.spark", reason="pip install -r requirements-spark.txt -c constraints.txt")
    session = local_spark_session(tmp_path_factory.mktemp("spark_build"), {
        "spark.sql.catalogImplementation": "in-memory",
        "spark.sql.legacy.createHiveTableByDefault": "false",
        "spark.sql.shuffle.partitions": "1",
    })
    yield session
    session.stop()


def raw_tables(raw_dir):
    """{input name: pandas frame of its values as text} of the inputs (CSV or Parquet) in raw_dir."""
    connection = duckdb.connect()
    try:
        tables = {}
        for path in sorted(raw_dir.iterdir()):
            if path.stem not in INPUTS:
                continue
            reader = (f"read_parquet('{path}')" if path.suffix == ".parquet"
                      else f"read_csv('{path}', header = true, all_varchar = true)")
            relation = connection.sql(f"select * from {reader}")
            text_columns = ", ".join(f'cast("{column}" as varchar) as "{column}"' for column in relation.columns)
            tables[path.stem] = connection.sql(f"select {text_columns} from {reader}").df()
        return tables
    finally:
        connection.close()


def build_on_duckdb(raw_dir, work_dir):
    """The inputs as tables of a DuckDB warehouse, built with SPARK_VARS; returns its path."""
    work_dir.mkdir(parents=True)
    warehouse = work_dir / "warehouse.duckdb"
    connection = duckdb.connect(str(warehouse))
    for name, frame in raw_tables(raw_dir).items():
        connection.register("frame", frame)
        connection.execute(f"create table main.{name} as select * from frame")
        connection.unregister("frame")
    connection.close()
    run_dbt("build", raw_dir, work_dir, extra_vars=SPARK_VARS, extra_args=BUILD_ARGS)
    return warehouse


def build_on_spark(spark, raw_dir, work_dir, schema, extra_args=()):
    """The inputs as Spark tables in `schema`, built with SPARK_VARS (and extra_args) by dbt in
    this process."""
    from dbt.cli.main import dbtRunner
    from pyspark.sql.types import StringType, StructField, StructType

    spark.sql(f"create database {schema}")
    for name, frame in raw_tables(raw_dir).items():
        text_schema = StructType([StructField(column, StringType()) for column in frame.columns])
        rows = frame.astype(object).where(frame.notna(), None)
        spark.createDataFrame(rows, text_schema).write.saveAsTable(f"{schema}.{name}")
    os.environ["DBT_SPARK_SCHEMA"] = schema
    try:
        result = dbtRunner().invoke([
            "build", *BUILD_ARGS, *extra_args, "--target", "spark", "--project-dir", str(PROJECT_ROOT),
            "--profiles-dir", str(PROJECT_ROOT), "--vars", str(SPARK_VARS),
            "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
        ])
    finally:
        del os.environ["DBT_SPARK_SCHEMA"]
    assert result.success, f"dbt build on Spark failed: {result.exception or (work_dir / 'logs' / 'dbt.log')}"


def spark_marts_as_duckdb(spark, schema, duckdb_reference, path):
    """The compared tables of the Spark build copied into a DuckDB file at path, each column
    cast to the type the DuckDB build (duckdb_reference) gave it, so that values are compared."""
    reference = duckdb.connect(str(duckdb_reference), read_only=True)
    connection = duckdb.connect(str(path))
    try:
        for table in spark.catalog.listTables(schema):
            if not (table.name.startswith(("fct_", "dim_")) or table.name in EXTRA_TABLES):
                continue
            frame = spark.table(f"{schema}.{table.name}").toPandas()
            types = dict(reference.execute(
                "select column_name, data_type from information_schema.columns where table_name = ?", [table.name]
            ).fetchall())
            columns = ", ".join(
                f'cast("{column}" as {types[column]}) as "{column}"' if column in types else f'"{column}"'
                for column in frame.columns)
            connection.register("frame", frame)
            connection.execute(f'create table "{table.name}" as select {columns} from frame')
            connection.unregister("frame")
    finally:
        connection.close()
        reference.close()
    return path


def assert_spark_equals_duckdb(spark, raw_dir, tmp_path, schema, spark_args=()):
    on_duckdb = build_on_duckdb(raw_dir, tmp_path / "duckdb")
    build_on_spark(spark, raw_dir, tmp_path / "spark", schema, spark_args)
    on_spark = spark_marts_as_duckdb(spark, schema, on_duckdb, tmp_path / "spark" / "marts.duckdb")
    connection = duckdb.connect(str(on_spark), read_only=True)
    [(compared_tables,)] = connection.execute("select count(*) from duckdb_tables()").fetchall()
    connection.close()
    assert compared_tables > 10, "the Spark build wrote too few marts to compare"
    assert mart_differences(on_duckdb, on_spark) == []


def test_hand_checked_fixture_on_spark_equals_duckdb(spark, tmp_path):
    assert_spark_equals_duckdb(spark, FIXTURES / "hand_checked", tmp_path, "hand_checked")


def test_demo_tickets_on_spark_equal_duckdb(spark, tmp_path):
    demo_data.write(demo_data.generate(DEMO_TICKETS), tmp_path / "raw")
    assert_spark_equals_duckdb(spark, tmp_path / "raw", tmp_path, "demo", WITHOUT_DATA_TESTS)
