"""The build file: batches loaded in one transaction, row groups small enough for cheap re-runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from flows.settings import Settings
from flows.warehouse import BUILD_ALIAS, ROW_GROUP_ROWS, Build


def _start(published: Path, path: Path) -> Build:
    settings = Settings()
    return Build.start(
        published, path, settings.sql_dir, settings.storage_version, False, settings.duckdb_memory
    )


def _sources(n: int, offset: int = 0) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source_file_id": [f"f{i:06d}" for i in range(offset, offset + n)],
            "path": [f"seeds/{i}.txt" for i in range(offset, offset + n)],
            "file_name": [f"{i}.txt" for i in range(offset, offset + n)],
            "sha256": [f"{i:064x}" for i in range(offset, offset + n)],
            "format": ["digest"] * n,
            "size_bytes": [100] * n,
            "loaded_at": [datetime(2026, 11, 24, tzinfo=UTC)] * n,
            "run_id": ["run"] * n,
        }
    )


def _row_groups(path: Path) -> list[int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [
            count
            for (count,) in con.execute(
                "select max(count) from pragma_storage_info('dim_source_file') group by row_group_id"
            ).fetchall()
        ]
    finally:
        con.close()


def test_batches_commit_together_in_small_row_groups(tmp_path: Path) -> None:
    published = tmp_path / "newsdw.duckdb"
    build = _start(published, tmp_path / "build.duckdb")
    build.begin_loading()
    for batch in range(3):
        build.append("dim_source_file", _sources(30_000, batch * 30_000))
    # another connection sees nothing of the batches until they are committed
    other = build.con.cursor()
    assert other.execute(f"select count(*) from {BUILD_ALIAS}.dim_source_file").fetchall()[0][0] == 0
    build.end_loading()
    assert other.execute(f"select count(*) from {BUILD_ALIAS}.dim_source_file").fetchall()[0][0] == 90_000
    other.close()
    build.close()
    build.path.rename(published)

    groups = _row_groups(published)
    assert sum(groups) == 90_000
    assert max(groups) <= ROW_GROUP_ROWS < 90_000


def test_a_build_given_up_while_loading_leaves_nothing(tmp_path: Path) -> None:
    build = _start(tmp_path / "newsdw.duckdb", tmp_path / "build.duckdb")
    build.begin_loading()
    build.append("dim_source_file", _sources(10))
    build.discard()
    assert not build.path.exists()
    assert not build.path.with_name(build.path.name + ".wal").exists()


def test_validation_raises_duckdb_s_memory_cap_for_every_connection(tmp_path: Path) -> None:
    settings = Settings()
    build = _start(tmp_path / "missing.duckdb", tmp_path / "build.duckdb")
    try:
        cursor = build.con.cursor()  # validation selects on cursors of its own

        def limit() -> str:
            return cursor.execute(
                "select value from duckdb_settings() where name = 'memory_limit'"
            ).fetchall()[0][0]

        before = limit()
        build.cap_memory(settings.validate_memory)
        assert limit() != before
        cursor.close()
    finally:
        build.discard()
