"""Checksums of warehouse tables, to compare two warehouses built from the same input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

# Bookkeeping of the run that loaded a row and of the file it read (its mtime): differs between two runs
# by design, not a difference in data.
RUN_COLUMNS = {"run_id", "loaded_at", "modified_ns"}


def table_checksums(warehouse: Path) -> dict[str, str]:
    """sha256 of every non-audit table's rows, in key order (`order by all`), without run bookkeeping."""
    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        for table in tables:
            if table.startswith("audit_"):
                continue
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where table_name = ? order by column_index",
                    [table],
                ).fetchall()
                if r[0] not in RUN_COLUMNS
            ]
            data = con.execute(f"select {', '.join(columns)} from {table} order by all").fetchall()
            out[table] = hashlib.sha256(repr(data).encode()).hexdigest()
    return out
