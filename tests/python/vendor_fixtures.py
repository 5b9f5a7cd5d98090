"""Load the vendor-shaped fixtures (tests/vendor_tables/<vendor>/<table>.csv) into a DuckDB
warehouse as the vendor's own tables, typed as its connector types them."""

from pathlib import Path

import duckdb

from conftest import PROJECT_ROOT

VENDOR_TABLES = PROJECT_ROOT / "tests" / "vendor_tables"
# The columns each connector types as text (everything else is detected: Zendesk ids are Long).
TEXT_COLUMNS = {
    "intercom": {"id", "conversation_id", "contact_id", "author_id", "external_id", "assigned_to_id"},
    "segment": {"id", "user_id", "anonymous_id"},
    "amplitude": {"uuid", "user_id", "device_id"},
    "zendesk": {"external_id", "actor_id", "chat_id", "merged_ticket_ids"},
    "langfuse": {"id", "trace_id", "user_id", "session_id", "input", "output", "parent_observation_id",
                 "observation_id", "string_value", "comment", "config_id", "author_user_id", "queue_id"},
}


def load_vendor_tables(warehouse_path: Path, vendor: str, schema: str | None = None) -> None:
    """Every tests/vendor_tables/<vendor>/*.csv as table <schema>.<file stem> (schema defaults to vendor)."""
    schema = schema or vendor
    connection = duckdb.connect(str(warehouse_path))
    try:
        connection.execute(f"create schema if not exists {schema}")
        for csv_path in sorted((VENDOR_TABLES / vendor).glob("*.csv")):
            header = csv_path.read_text().splitlines()[0].split(",")
            text_columns = ", ".join(f"'{name}': 'VARCHAR'" for name in header if name in TEXT_COLUMNS[vendor])
            connection.execute(
                f'create or replace table {schema}."{csv_path.stem}" as'
                f" select * from read_csv("
                f"'{csv_path}', header = true, types = {{{text_columns}}})"
            )
    finally:
        connection.close()
