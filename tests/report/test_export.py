"""`newsdw export --parquet DIR`: one Parquet file per table and view, with every row."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.cli import main
from flows.export import connect_for_export
from tests.report.conftest import table_rows


def test_export_writes_every_table_and_view(published: dict, tmp_path: Path, capsys) -> None:
    out = tmp_path / "parquet"
    assert main(["export", "--parquet", str(out), "--warehouse", str(published["warehouse"])]) == 0
    expected = table_rows(published["warehouse"])
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(expected)
    for name, count in expected.items():
        assert pl.read_parquet(out / f"{name}.parquet").height == count, name
    printed = capsys.readouterr().out
    assert f"{len(expected)} Parquet files" in printed
    assert f"{out.resolve() / 'dim_article.parquet'}  {expected['dim_article']:,} rows" in printed


def test_export_connection_writes_only_into_its_folder(published: dict, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with connect_for_export(published["warehouse"], out) as con:
        for sql in (
            f"copy (select 1) to '{tmp_path / 'elsewhere.parquet'}' (format parquet)",
            f"copy (select 1) to '{out}/../escape.parquet' (format parquet)",
            f"copy (select 1) to '{out}-sibling.parquet' (format parquet)",
            "select * from read_text('/etc/hostname')",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(sql).fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("set enable_external_access = true").fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("create table x (a integer)").fetchall()  # read-only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_export_errors_are_one_line(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "missing.duckdb"
    assert main(["export", "--parquet", str(tmp_path / "p"), "--warehouse", str(missing)]) == 2
    assert (
        capsys.readouterr().err.strip() == f"newsdw: error: no warehouse at {missing}: run `newsdw run` first"
    )
    assert not (tmp_path / "p").exists()
