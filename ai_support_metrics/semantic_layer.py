"""Query the project's MetricFlow semantic layer from Python, straight against a DuckDB file.

`SemanticLayer(manifest_path, warehouse_path)` loads the semantic manifest that `dbt parse`
(or any dbt command) writes to `target/semantic_manifest.json` and answers MetricFlow queries
(saved queries, or metrics grouped by dimensions) as pandas DataFrames. The SQL is MetricFlow's
own, the same `mf query` runs; only the connection is a plain read-only DuckDB one, so the
report does not need a dbt adapter or the project's profile. The manifest names the tables by
the warehouse file it was parsed against, so parse with the same DBT_DUCKDB_PATH.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import duckdb
import pandas as pd
from metricflow.data_table.mf_table import MetricFlowDataTable
from metricflow.engine.metricflow_engine import MetricFlowEngine, MetricFlowQueryRequest
from metricflow.protocols.sql_client import SqlEngine
from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer
from metricflow.sql.render.sql_plan_renderer import SqlPlanRenderer
from metricflow_semantics.model.dbt_manifest_parser import parse_manifest_from_dbt_generated_manifest
from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup
from metricflow_semantics.sql.sql_bind_parameters import SqlBindParameterSet


class DuckDBSqlClient:
    """MetricFlow's SqlClient protocol over one DuckDB connection."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection
        self._renderer = DuckDbSqlPlanRenderer()

    @property
    def sql_engine_type(self) -> SqlEngine:
        return SqlEngine.DUCKDB

    @property
    def sql_plan_renderer(self) -> SqlPlanRenderer:
        return self._renderer

    def query(
        self, stmt: str, sql_bind_parameter_set: SqlBindParameterSet = SqlBindParameterSet()
    ) -> MetricFlowDataTable:
        cursor = self._connection.execute(stmt, _parameters(sql_bind_parameter_set))
        return MetricFlowDataTable.create_from_rows(
            column_names=[column[0] for column in cursor.description], rows=cursor.fetchall()
        )

    def execute(self, stmt: str, sql_bind_parameter_set: SqlBindParameterSet = SqlBindParameterSet()) -> None:
        self._connection.execute(stmt, _parameters(sql_bind_parameter_set))

    def dry_run(self, stmt: str, sql_bind_parameter_set: SqlBindParameterSet = SqlBindParameterSet()) -> None:
        self._connection.execute(f"explain {stmt}", _parameters(sql_bind_parameter_set))

    def close(self) -> None:
        self._connection.close()

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}"


def _parameters(sql_bind_parameter_set: SqlBindParameterSet) -> dict:
    return dict(sql_bind_parameter_set.param_dict)


class SemanticLayer:
    """MetricFlow queries against one warehouse file, answered as DataFrames."""

    def __init__(self, manifest_path: str | Path, warehouse_path: str | Path) -> None:
        manifest = parse_manifest_from_dbt_generated_manifest(Path(manifest_path).read_text())
        self.connection = duckdb.connect(str(warehouse_path), read_only=True)
        self._engine = MetricFlowEngine(
            semantic_manifest_lookup=SemanticManifestLookup(manifest),
            sql_client=DuckDBSqlClient(self.connection),
        )
        self.metric_names = sorted(metric.name for metric in manifest.metrics)
        self.metric_labels = {metric.name: metric.label or metric.name for metric in manifest.metrics}

    def query(
        self,
        saved_query: str | None = None,
        metrics: Sequence[str] | None = None,
        group_by: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """A saved query's rows, or the metrics grouped by the group-by names (as `mf query`)."""
        request = MetricFlowQueryRequest.create(
            saved_query_name=saved_query,
            metric_names=metrics,
            group_by_names=group_by,
        )
        table = self._engine.query(request).result_df
        return pd.DataFrame(list(table.rows), columns=list(table.column_names))

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> SemanticLayer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
