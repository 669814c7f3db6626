"""Every table and view of the warehouse as Parquet, for tools that read files rather than DuckDB.

    newsdw export --parquet DIR [--warehouse PATH]

The warehouse is opened read-only, like `newsdw query`, but with file writes allowed into the output
folder alone (DuckDB's `allowed_directories`, then external access off and the configuration
locked). Only catalog names and the output path, quoted, ever reach the SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from flows.query import WarehouseMissing
from flows.settings import Settings


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def connect_for_export(warehouse: Path, out_dir: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that may write files under `out_dir` and nowhere else."""
    if not warehouse.is_file():
        raise WarehouseMissing(f"no warehouse at {warehouse}: run `newsdw run` first")
    con = duckdb.connect(str(warehouse), read_only=True, config={"memory_limit": Settings().duckdb_memory})
    try:
        # The trailing separator stops a sibling such as "<out_dir>-old" from matching as a prefix.
        # allowed_directories can only be set on a started database, so it comes before the lock.
        allowed = str(out_dir.resolve()) + "/"
        con.execute(f"set allowed_directories = [{_literal(allowed)}]").fetchall()
        con.execute("set enable_external_access = false").fetchall()
        con.execute("set lock_configuration = true").fetchall()
    except BaseException:
        con.close()
        raise
    return con


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of the main schema, by name."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = current_database() and table_schema = 'main' order by table_name"
    ).fetchall()
    return [name for (name,) in rows]


def export_parquet(
    warehouse: Path, out_dir: Path, progress: Callable[[Path, int], None] | None = None
) -> list[Path]:
    """Write `<name>.parquet` into `out_dir` for every table and view; `progress(path, rows)` after each."""
    warehouse, out_dir = Path(warehouse), Path(out_dir)
    if not warehouse.is_file():  # before creating the output folder for nothing
        raise WarehouseMissing(f"no warehouse at {warehouse}: run `newsdw run` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with connect_for_export(warehouse, out_dir) as con:
        for name in relations(con):
            target = out_dir.resolve() / f"{name}.parquet"
            rows = con.execute(
                f"copy (select * from main.{_ident(name)}) to {_literal(str(target))} (format parquet)"
            ).fetchall()
            written.append(target)
            if progress is not None:
                progress(target, int(rows[0][0]) if rows else 0)
    return written
