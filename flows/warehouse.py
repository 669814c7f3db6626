"""The build database: a new DuckDB file beside the published one, filled by a single writer.

Keys are unique by validation rather than by PRIMARY KEY constraints: DuckDB's ART indexes slow bulk
appends and refuse a delete and re-insert of one key in one transaction, which incremental loads do.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import duckdb
import polars as pl

# Tables holding rows derived from articles, with the column that ties them to an article.
ARTICLE_TABLES = ("fact_mention", "fact_event", "fact_quote", "fact_caption", "article_theme")
AUDIT_TABLES = ("audit_run", "audit_quarantine", "audit_validation")
BUILD_ALIAS = "wh"
# DuckDB appends to a table's last row group and rewrites it whole at the next checkpoint, so a
# small re-run's checkpoint costs up to a row group of every table it touches: 32,768 rows instead
# of the default 122,880 (0.37 -> 0.13 s for the publish of a 1% re-run on 100k articles).
ROW_GROUP_ROWS = 32_768


def _quote(value: object) -> str:
    """A SQL string literal; ATTACH takes no bound parameters, and paths may hold quotes."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_files(sql_dir: Path, folder: str) -> list[Path]:
    return sorted((sql_dir / folder).glob("*.sql"))


@dataclass(frozen=True)
class PublishedState:
    """What the published warehouse already holds, read before deciding whether a run has work."""

    # path -> (size_bytes, modified_ns, sha256) of every loaded file
    files: dict[str, tuple[int, int | None, str]]
    # (path, sha256) of every file or article already quarantined
    quarantined: set[tuple[str, str]]
    # `reference_cache.extraction_version` of the last published run; None when unknown
    extraction_version: str | None = None

    @cached_property
    def sha256s(self) -> set[str]:
        return {sha for _, _, sha in self.files.values()}

    @classmethod
    def read(cls, warehouse: Path) -> PublishedState:
        if not warehouse.is_file():
            return cls({}, set())
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            columns = {
                (table, column)
                for table, column in con.execute(
                    "select table_name, column_name from duckdb_columns() "
                    "where table_name in ('dim_source_file', 'audit_run')"
                ).fetchall()
            }
            modified = "modified_ns" if ("dim_source_file", "modified_ns") in columns else "null"
            files = {
                path: (size, mtime, sha)
                for path, size, mtime, sha in con.execute(
                    f"select path, size_bytes, {modified}, sha256 from dim_source_file"
                ).fetchall()
            }
            quarantined = {
                (path, sha)
                for path, sha in con.execute("select path, sha256 from audit_quarantine").fetchall()
            }
            version = None
            if ("audit_run", "extraction_version") in columns:
                last = con.execute(
                    "select extraction_version from audit_run order by started_at desc limit 1"
                ).fetchone()
                version = last[0] if last else None
        finally:
            con.close()
        return cls(files, quarantined, version)


def _remove_stale(path: Path) -> None:
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)


def copy_published(published: Path, path: Path) -> None:
    """Copy the published file to `path`, the starting point of an incremental build, and flush it.

    Flushed now, not at the swap: a run makes this copy in the background while it transforms its
    first batch, and the fsync before publishing then writes only the blocks the run changed.
    """
    _remove_stale(path)
    shutil.copyfile(published, path)
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


class Build:
    """A warehouse under construction at `path`; published only after it validates."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.con = con
        self.loading = False

    @classmethod
    def start(
        cls,
        published: Path,
        path: Path,
        sql_dir: Path,
        storage_version: str,
        full_refresh: bool,
        memory_limit: str,
        copied: bool = False,
    ) -> Build:
        """Open a build: a copy of the published warehouse (incremental) or an empty one. `copied`
        says `copy_published` already made the copy.

        A full refresh still carries the audit history over, so `newsdw runs` never forgets a run.
        """
        previous = published if published.is_file() else None
        if previous and not full_refresh:
            if not copied:
                copy_published(previous, path)
        else:
            _remove_stale(path)
        con = duckdb.connect(":memory:")
        build = cls(path, con)
        build.cap_memory(memory_limit)
        # Spill beside the build, not into the working directory (the default of an in-memory main).
        con.execute("set temp_directory = ?", [str(_spill_dir(path))])
        con.execute(
            f"attach {_quote(path)} as {BUILD_ALIAS} "
            f"(storage_version {_quote(storage_version)}, row_group_size {ROW_GROUP_ROWS})"
        )
        con.execute(f"use {BUILD_ALIAS}")
        for ddl in sql_files(sql_dir, "tables"):
            con.execute(ddl.read_text())
        if previous and full_refresh:
            con.execute(f"attach {_quote(previous)} as previous (read_only)")
            for table in AUDIT_TABLES:
                con.execute(f"insert into {table} by name select * from previous.{table}")
            con.execute("detach previous")
        return build

    def cap_memory(self, limit: str) -> None:
        """Change DuckDB's memory cap (it spills to disk beyond it) for every connection to the build."""
        self.con.execute("set memory_limit = ?", [limit])

    def begin_loading(self) -> None:
        """Load the batches in one transaction, until `end_loading`.

        DuckDB then writes each full row group to the file once, compressed, instead of logging
        every batch to the WAL and compressing it again in the checkpoint that each 16 MB of log
        sets off (most of the load time at 1M articles; see docs/scaling.md). Rows appended in it
        have provisional row ids, so nothing that reads by rowid may run before `end_loading`.
        """
        self.con.execute("begin")
        self.loading = True

    def end_loading(self) -> None:
        """Commit the batches, so the derivations after them and other cursors (validation) see them."""
        if self.loading:
            self.con.execute("commit")
            self.loading = False

    def append_parquet(self, table: str, path: Path) -> None:
        """Append a Parquet file a worker wrote, by column name."""
        self.con.execute(f"insert into {table} by name select * from read_parquet({_quote(path)})")

    def append(self, table: str, frame: pl.DataFrame) -> None:
        """Append a frame by column name; columns the table lacks are an error, not silently lost."""
        if frame.is_empty():
            return
        self.con.register("_incoming", frame.to_arrow())
        try:
            self.con.execute(f"insert into {table} by name select * from _incoming")
        finally:
            self.con.unregister("_incoming")

    def replace(self, table: str, frame: pl.DataFrame) -> None:
        """Replace a table's rows (reference dimensions rebuilt every run)."""
        self.con.execute(f"delete from {table}")
        self.append(table, frame)

    def retire_files(self, keep_sha256: set[str]) -> int:
        """Delete every row of files whose content is no longer in the input; return how many files.

        Deleted rather than flagged: the warehouse mirrors the input folder, and the run that saw a
        file go says so in its log and in `audit_run.message`.
        """
        self.con.register(
            "_keep", pl.DataFrame({"sha256": sorted(keep_sha256)}, schema={"sha256": pl.String})
        )
        try:
            self.con.execute(
                "create or replace temp table _gone_articles as "
                "select a.article_id from dim_article a join dim_source_file f using (source_file_id) "
                "where f.sha256 not in (select sha256 from _keep)"
            )
            gone = self.scalar(
                "select count(*) from dim_source_file where sha256 not in (select sha256 from _keep)"
            )
            if gone:
                for table in self.article_tables():
                    self.con.execute(
                        f"delete from {table} where article_id in (select article_id from _gone_articles)"
                    )
                self.con.execute(
                    "delete from dim_article where article_id in (select article_id from _gone_articles)"
                )
                self.con.execute("delete from dim_source_file where sha256 not in (select sha256 from _keep)")
        finally:
            self.con.unregister("_keep")
        return int(gone)

    def article_tables(self) -> list[str]:
        existing = {r[0] for r in self.con.execute("select table_name from duckdb_tables()").fetchall()}
        return [t for t in ARTICLE_TABLES if t in existing]

    def column(self, table: str, column: str) -> pl.Series:
        """A column in storage order (rowid), the order `column_batches` yields."""
        return self.con.sql(f"select {column} from {table} order by rowid").pl().get_column(column)

    def column_batches(self, table: str, column: str, rows: int = 50_000) -> Iterator[pl.Series]:
        """A column in storage order, `rows` row ids at a time: a large text column is never whole
        in memory (a rowid range reads only its own row groups)."""
        low, high = self.con.execute(f"select min(rowid), max(rowid) from {table}").fetchall()[0]
        if low is None:
            return
        for start in range(low, high + 1, rows):
            yield (
                self.con.sql(
                    f"select {column} from {table} where rowid >= ? and rowid < ? order by rowid",
                    params=[start, start + rows],
                )
                .pl()
                .get_column(column)
            )

    def run_sql_folder(self, sql_dir: Path, folder: str) -> None:
        for script in sql_files(sql_dir, folder):
            self.con.execute(script.read_text())

    def row_counts(self) -> dict[str, int]:
        tables = [
            r[0]
            for r in self.con.execute(
                "select table_name from duckdb_tables() where database_name = ? and schema_name = 'main' "
                "order by 1",
                [BUILD_ALIAS],
            ).fetchall()
        ]
        return {t: int(self.scalar(f"select count(*) from {t}")) for t in tables}

    def scalar(self, sql: str) -> object:
        # fetchall, not fetchone: DuckDB 2.0 refuses further work while a result is partly read.
        return self.con.execute(sql).fetchall()[0][0]

    def close(self) -> None:
        """Checkpoint and close, so the file holds everything and no WAL is left beside it."""
        self.end_loading()
        self.con.execute("checkpoint")
        self.con.execute("use memory")
        self.con.execute(f"detach {BUILD_ALIAS}")
        self.con.close()
        shutil.rmtree(_spill_dir(self.path), ignore_errors=True)

    def discard(self) -> None:
        try:
            self.con.close()
        finally:
            for leftover in (self.path, self.path.with_name(self.path.name + ".wal")):
                leftover.unlink(missing_ok=True)
            shutil.rmtree(_spill_dir(self.path), ignore_errors=True)


def _spill_dir(build: Path) -> Path:
    return build.with_name(build.name + ".spill")
