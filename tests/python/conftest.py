"""Shared helpers: run dbt on a folder of raw files into a throw-away DuckDB file; and the
order in which pytest-xdist's workers get the test modules (see docs/testing.md)."""

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

from ai_support_metrics import demo_data

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
# The test modules that take longest, longest first (measured with --durations): sent to the
# workers first, so that the short ones fill in beside them and the workers finish together.
SLOWEST_FIRST = (
    "test_spark_build.py",
    "test_incremental_equality.py",
    "test_source_adapters.py",
    "test_bad_input.py",
    "test_end_to_end.py",
    "test_semantic_layer.py",  # the first reader of demo_warehouse; its other readers follow
    "test_report.py",
    "test_report_browser.py",
    "test_demo_alerts.py",
    "test_resolution_confidence_end_to_end.py",
    "test_header_only_seeds.py",
    "test_benchmark_reference.py",
    "test_user_profile.py",
    "test_python_models_off.py",
    "test_label_only_intents.py",
)


# dbt arguments for a build of the models (and seeds) alone, for a test that compares marts.
WITHOUT_DATA_TESTS = ("--exclude-resource-type", "test")

# Runs with the same project, profiles, vars and environment share dbt's parse: a full parse
# costs a run about 11 s, and dbt itself checks the saved one against the files.
_SAVED_PARSES = {}


def run_dbt(command, data_dir, work_dir, extra_vars=None, check=True, extra_args=(),
            project_dir=PROJECT_ROOT, profiles_dir=PROJECT_ROOT, extra_env=None, unit_tests=False,
            artifacts=False):
    """Run `dbt <command> <extra_args>` on the raw files in data_dir, from work_dir, on the project
    in project_dir with the profiles.yml in profiles_dir; returns a CompletedProcess (stdout holds
    dbt's log lines).

    A `build` leaves the unit tests out unless unit_tests is true: scripts/check runs them all
    once, on the demo data, and they never read the data a test builds. dbt writes its JSON
    artifacts (manifest.json, run_results.json, semantic_manifest.json) only when artifacts is
    true: most tests read the warehouse alone, and writing them costs a run 2-3 s.

    dbt runs in this process (dbtRunner), one run at a time as a pytest worker runs its tests:
    its imports and warm caches are paid once per worker, about a third of a build on the small
    fixtures and most of a run that stops early. extra_env (environment a running interpreter
    cannot take in, such as PYTHONPATH) runs it as a process of its own."""
    work_dir.mkdir(parents=True, exist_ok=True)
    dbt_vars = {"raw_data_path": _raw_data_path(Path(data_dir), work_dir), **(extra_vars or {})}
    # Paths relative to work_dir (dbt's working folder), so that runs in other folders match.
    env = {"DBT_DUCKDB_PATH": "warehouse.duckdb", "DBT_PROFILES_DIR": str(profiles_dir)}
    if command == "build" and not unit_tests:
        extra_args = ("--exclude-resource-type", "unit_test", *extra_args)
    if not artifacts:
        extra_args = ("--no-write-json", *extra_args)
    parse_key = (str(project_dir), str(profiles_dir), str(dbt_vars), str(sorted((extra_env or {}).items())))
    saved_parse = work_dir / "target" / "partial_parse.msgpack"
    if parse_key in _SAVED_PARSES and not saved_parse.exists():
        saved_parse.parent.mkdir(exist_ok=True)
        shutil.copy(_SAVED_PARSES[parse_key], saved_parse)
    args = [
        command, *extra_args,
        "--project-dir", str(project_dir),
        "--vars", str(dbt_vars),
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
    ]
    if extra_env:
        completed = _dbt_in_a_new_process(args, work_dir, {**os.environ, **env, **extra_env})
    else:
        completed = _dbt_in_this_process(args, work_dir, env)
    if parse_key not in _SAVED_PARSES and saved_parse.exists():
        kept = Path(tempfile.mkdtemp(prefix="dbt_parse_")) / saved_parse.name
        shutil.copy(saved_parse, kept)
        _SAVED_PARSES[parse_key] = kept
    if check and completed.returncode != 0:
        raise AssertionError(f"dbt {command} failed:\n{completed.stdout[-6000:]}\n{completed.stderr[-2000:]}")
    return completed


def _dbt_in_this_process(args, work_dir, env):
    """dbt's CLI run by dbtRunner from work_dir with env set, as a CompletedProcess with the
    return code the CLI gives (0 success, 1 a node failed, 2 an error stopped dbt)."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner

    saved_env = {name: os.environ.get(name) for name in env}
    saved_cwd = os.getcwd()
    output = io.StringIO()
    os.environ.update(env)
    os.chdir(work_dir)
    DuckDBConnectionManager._LOGGED_MESSAGES.clear()  # its warnings "once per run", as in a new process
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            result = dbtRunner().invoke(args)
    finally:
        # dbt-duckdb keeps the database open in a class attribute for the process's next run:
        # closed, as a process's exit closes it, so that the test can open the file.
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    stdout = output.getvalue()
    if result.exception is not None:
        stdout += f"\n{result.exception}"
    returncode = 0 if result.success else 2 if result.exception is not None else 1
    return subprocess.CompletedProcess(["dbt", *args], returncode, stdout, "")


def _dbt_in_a_new_process(args, work_dir, env):
    """dbt's CLI as a process of its own, from work_dir with exactly env."""
    dbt = Path(sys.executable).with_name("dbt")
    return subprocess.run([str(dbt), *args], cwd=work_dir, env=env, capture_output=True, text=True)


def _raw_data_path(data_dir, work_dir):
    """The raw_data_path var for data_dir: 'raw' (work_dir/raw, a link to data_dir when it is
    elsewhere) so that the var, and with it the parse, is the same for every folder; data_dir
    itself when work_dir/raw is a folder of other files."""
    link = work_dir / "raw"
    if data_dir == link:
        return "raw"
    if link.is_symlink():
        link.unlink()
    if not link.exists():
        link.symlink_to(data_dir.resolve(), target_is_directory=True)
    return "raw" if link.resolve() == data_dir.resolve() else str(data_dir)


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


@contextlib.contextmanager
def warehouse(work_dir):
    """A read-only connection to the warehouse that run_dbt built in work_dir."""
    connection = duckdb.connect(str(work_dir / "warehouse.duckdb"), read_only=True)
    try:
        # The views over the raw files name them relative to work_dir, dbt's working folder.
        connection.execute(f"set file_search_path = '{work_dir}'")
        yield connection
    finally:
        connection.close()


def query(work_dir, sql):
    """Rows of a query against the warehouse that run_dbt built in work_dir."""
    with warehouse(work_dir) as connection:
        return connection.execute(sql).fetchall()


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
    """scripts/demo's data (20,000 tickets, seed 42) built once per session: seeds and models.

    The folder holds warehouse.duckdb, raw/ (the input files) and target/semantic_manifest.json.
    scripts/check has built that data already (its demo build) and names the folder holding that
    warehouse, its semantic manifest and raw/ in DEMO_WAREHOUSE_BUILT: a copy of that build is
    used instead of another.
    """
    work_dir = tmp_path_factory.mktemp("demo_warehouse")
    built = os.environ.get("DEMO_WAREHOUSE_BUILT")
    if built:
        (work_dir / "target").mkdir()
        shutil.copy(Path(built) / "warehouse.duckdb", work_dir)
        shutil.copy(Path(built) / "semantic_manifest.json", work_dir / "target")
        (work_dir / "raw").symlink_to((Path(built) / "raw").resolve(), target_is_directory=True)
        # Its views name the demo files relative to the project, where dbt ran.
        (work_dir / "data").symlink_to(PROJECT_ROOT / "data", target_is_directory=True)
        return work_dir
    demo_data.write(demo_data.generate(20_000), work_dir / "raw")
    run_dbt("seed", work_dir / "raw", work_dir)
    run_dbt("run", work_dir / "raw", work_dir, artifacts=True)  # its semantic manifest
    return work_dir


def pytest_collection_modifyitems(config, items):
    """The modules of SLOWEST_FIRST first, in that order; the rest as collected. Under
    `--dist loadfile` (scripts/check) each module goes whole to one worker, in this order."""
    def rank(item):
        module = item.path.name
        return SLOWEST_FIRST.index(module) if module in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)
