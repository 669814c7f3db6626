"""Checksums of warehouse tables, to compare two warehouses built from the same input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

# Bookkeeping of the run that loaded a row and of the file it read (its mtime): differs between two runs
# by design, not a difference in data.
RUN_COLUMNS = {"run_id", "loaded_at", "modified_ns"}
# Verdicts kept by a fingerprint that covers run bookkeeping (dim_source_file.run_id): like the audit
# tables, a record of what a run validated, not data.
RUN_TABLES = {"internal.validated_suite"}


def table_checksums(warehouse: Path) -> dict[str, str]:
    """sha256 of every non-audit table's rows, in key order (`order by all`), without run bookkeeping.

    Tables outside `main` (the internal story state) count too, named `schema.table`: two builds of
    the same input must leave the next run the same state.
    """
    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
            "order by all"
        ).fetchall()
        for schema, table in tables:
            name = table if schema == "main" else f"{schema}.{table}"
            if table.startswith("audit_") or name in RUN_TABLES:
                continue
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() "
                    "where database_name = current_database() and schema_name = ? and table_name = ? "
                    "order by column_index",
                    [schema, table],
                ).fetchall()
                if r[0] not in RUN_COLUMNS
            ]
            data = con.execute(
                f'select {", ".join(columns)} from "{schema}"."{table}" order by all'
            ).fetchall()
            out[name] = hashlib.sha256(repr(data).encode()).hexdigest()
    return out
