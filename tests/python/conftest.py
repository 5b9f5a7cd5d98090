"""Shared helpers: run dbt on a folder of raw files into a throw-away DuckDB file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ai_support_metrics import demo_data

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


def run_dbt(command, data_dir, work_dir, extra_vars=None, check=True, extra_args=(),
            project_dir=PROJECT_ROOT, profiles_dir=PROJECT_ROOT, extra_env=None):
    """Run `dbt <command> <extra_args>` on the raw files in data_dir, from work_dir, on the project
    in project_dir with the profiles.yml in profiles_dir; returns the CompletedProcess."""
    dbt_vars = {"raw_data_path": str(data_dir), **(extra_vars or {})}
    env = {
        **os.environ,
        "DBT_DUCKDB_PATH": str(work_dir / "warehouse.duckdb"),
        "DBT_PROFILES_DIR": str(profiles_dir),
        **(extra_env or {}),
    }
    dbt = Path(sys.executable).with_name("dbt")
    work_dir.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [
            str(dbt), command, *extra_args,
            "--project-dir", str(project_dir),
            "--vars", str(dbt_vars),
            "--target-path", str(work_dir / "target"),
            "--log-path", str(work_dir / "logs"),
        ],
        cwd=work_dir, env=env, capture_output=True, text=True,
    )
    if check and completed.returncode != 0:
        raise AssertionError(f"dbt {command} failed:\n{completed.stdout[-6000:]}\n{completed.stderr[-2000:]}")
    return completed


def local_spark_session(folder, config):
    """A local PySpark session on two cores, in UTC, without UI, exchanging Arrow with pandas,
    with its tables and any Derby metastore in folder (Derby admits one process per folder);
    config: {setting: value} of more Spark settings."""
    import pyspark.sql as pyspark_sql

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(folder / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={folder} -Duser.timezone=UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
    )
    for key, value in config.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def query(work_dir, sql):
    """Rows of a query against the warehouse that run_dbt built in work_dir."""
    connection = duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def csv_to_parquet(csv_dir, parquet_dir):
    """The same raw files as Parquet, every value kept as the text it was."""
    parquet_dir.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect()
    for csv_path in Path(csv_dir).glob("*.csv"):
        connection.execute(
            f"copy (select * from read_csv('{csv_path}', header = true, all_varchar = true))"
            f" to '{parquet_dir / csv_path.with_suffix('.parquet').name}' (format parquet)"
        )
    connection.close()


@pytest.fixture
def hand_checked_copy(tmp_path):
    """A writable copy of the hand-checked fixture."""
    target = tmp_path / "raw"
    shutil.copytree(FIXTURES / "hand_checked", target)
    return target


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory):
    """scripts/demo's data (20,000 tickets) built once per session: seeds and models, no tests.

    The folder holds warehouse.duckdb and target/ (with semantic_manifest.json).
    """
    work_dir = tmp_path_factory.mktemp("demo_warehouse")
    demo_data.write(demo_data.generate(20_000), work_dir / "raw")
    run_dbt("seed", work_dir / "raw", work_dir)
    run_dbt("run", work_dir / "raw", work_dir)
    return work_dir
