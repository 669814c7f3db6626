"""Validation of a run's rows only gives the verdicts of validating every row (real GX, real DuckDB)."""

from __future__ import annotations

import contextlib
import logging
import shutil
from pathlib import Path

import duckdb
import pytest

from flows import validate
from flows.pipeline import newsdw_flow
from flows.settings import Settings
from flows.validate import frames, load_suites, validate_build

pytestmark = pytest.mark.integration

EXPECTATIONS = Settings().expectations_dir
NEW_RUN = "run-new"

# What a run can do to rows an earlier run loaded, and damage to its own rows: each breaks a
# different kind of expectation.
DAMAGE = [
    # a duplicate key, across old and new rows (a hashed key: a collision)
    "insert into fact_event select * replace ((select min(event_id) from fact_event where {old}) "
    "as event_id) from fact_event where {new} limit 1",
    # a key that spells out its article (article_local), repeated within the run's rows
    "insert into fact_mention select * from fact_mention where {new} limit 1",
    # an old article deleted with its rows left behind
    "delete from dim_article where article_id = (select min(article_id) from fact_mention where {old})",
    # reference data changed under old rows: a dangling event code, a Goldstein score that moved
    "delete from dim_event_type where event_code = (select min(event_code) from fact_event where {old})",
    "update dim_event_type set goldstein = goldstein / 2 "
    "where event_code = (select max(event_code) from fact_event where {old})",
    "delete from dim_entity where entity_id = (select min(entity_id) from fact_mention where {old})",
    # the run's own rows: offsets that do not point at the surface, a value out of range
    "update fact_mention set char_end = char_end + 1 where mention_id in "
    "(select mention_id from fact_mention where {new} order by mention_id limit 3)",
    "update dim_article set word_count = 0 where {new} and ordinal = 2",
]
OLD = (
    "article_id in (select article_id from dim_article join dim_source_file f "
    f"using (source_file_id) where f.run_id != '{NEW_RUN}')"
)
NEW = OLD.replace("!=", "=")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' warehouse, with the digest file marked as loaded by a newer run than the feed."""
    base = tmp_path_factory.mktemp("validate")
    seeds = base / "seeds"
    shutil.copytree(Path(__file__).resolve().parents[1] / "seeds", seeds)
    warehouse = base / "newsdw.duckdb"
    assert newsdw_flow(seeds_dir=str(seeds), warehouse=str(warehouse)).status == "published"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update dim_source_file set run_id = ? where format = 'digest'", [NEW_RUN])
    return warehouse


def _verdicts(con: duckdb.DuckDBPyConnection, run_id: str | None) -> list[tuple]:
    report = validate_build(con, EXPECTATIONS, run_id)
    return [(r.table_name, r.expectation, r.success, r.unexpected_count) for r in report.results]


def _rows(con: duckdb.DuckDBPyConnection, table: str, run_id: str | None) -> int:
    suite = next(s for s in load_suites(EXPECTATIONS) if s["meta"].get("table", s["name"]) == table)
    return sum(len(frame) for frame in frames(con, suite, run_id))


def test_a_clean_warehouse_passes_and_only_the_run_rows_reach_gx(published: Path, tmp_path: Path) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copy(published, copy)
    with duckdb.connect(str(copy)) as con:
        assert all(success for _, _, success, _ in _verdicts(con, NEW_RUN))
        assert _verdicts(con, NEW_RUN) == _verdicts(con, None)
        new_articles = con.execute(
            "select count(*) from dim_article join dim_source_file using (source_file_id) where run_id = ?",
            [NEW_RUN],
        ).fetchone()[0]
        assert _rows(con, "dim_article", NEW_RUN) == new_articles == 15
        assert 0 < _rows(con, "fact_mention", NEW_RUN) < _rows(con, "fact_mention", None)
        assert _rows(con, "fact_mention", "a-run-that-loaded-nothing") == 0


def test_broken_old_rows_fail_as_they_would_in_a_full_validation(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copy(published, copy)
    with duckdb.connect(str(copy)) as con:
        for statement in DAMAGE:
            con.execute(statement.format(old=OLD, new=NEW))
        whole = _verdicts(con, None)
        assert _verdicts(con, NEW_RUN) == whole
        monkeypatch.setattr(validate, "ROWS_PER_FRAME", 7)  # GX sees many slices of each table
        assert _verdicts(con, NEW_RUN) == whole
        con.execute("update dim_source_file set run_id = ?", [NEW_RUN])  # as in a full run
        assert _verdicts(con, NEW_RUN) == whole
    failed = {(table, expectation) for table, expectation, success, _ in whole if not success}
    assert failed >= {
        ("fact_mention", "expect_column_values_to_be_unique(mention_id)"),
        ("fact_mention", "expect_column_values_to_be_in_set(offsets_match)"),
        ("fact_mention", "expect_column_values_to_be_in_set(entity_exists)"),
        ("fact_mention", "expect_column_values_to_be_in_set(article_exists)"),
        ("dim_article", "expect_column_values_to_be_between(word_count)"),
        ("fact_event", "expect_column_values_to_be_unique(event_id)"),
        ("fact_event", "expect_column_values_to_be_in_set(code_exists)"),
        ("fact_event", "expect_column_values_to_be_in_set(scale_agrees)"),
    }


def test_configurations_built_once_give_gx_s_own_verdicts_counts_and_samples(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from great_expectations.expectations.expectation import Expectation

    copy = tmp_path / "w.duckdb"
    shutil.copy(published, copy)
    original = Expectation.configuration
    with duckdb.connect(str(copy)) as con:
        for statement in DAMAGE:
            con.execute(statement.format(old=OLD, new=NEW))
        monkeypatch.setattr(validate, "ROWS_PER_FRAME", 7)  # expectations validate many frames
        cached = validate_build(con, EXPECTATIONS, NEW_RUN).results
        assert Expectation.configuration is original  # restored after validation
        monkeypatch.setattr(validate, "_configurations_built_once", contextlib.nullcontext)
        assert validate_build(con, EXPECTATIONS, NEW_RUN).results == cached
    assert any(not r.success and r.sample for r in cached)


def test_an_old_row_edited_outside_a_run_is_seen_only_by_a_full_validation(
    published: Path, tmp_path: Path
) -> None:
    """The documented limit: offsets of an article no run reloaded are not checked again."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(published, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(f"update fact_mention set char_end = char_end + 1 where {OLD}")
        offsets = "expect_column_values_to_be_in_set(offsets_match)"
        verdicts = {
            run: {e: ok for t, e, ok, _ in _verdicts(con, run) if t == "fact_mention"}
            for run in (NEW_RUN, None)
        }
        assert verdicts[NEW_RUN][offsets] and not verdicts[None][offsets]


def test_a_suite_with_a_table_level_expectation_is_validated_whole(published: Path) -> None:
    suite = next(s for s in load_suites(EXPECTATIONS) if s["name"] == "dim_country")
    scoped = {**suite, "meta": {**suite["meta"], "scope": "country_code"}}
    with duckdb.connect(str(published), read_only=True) as con:
        assert _rows(con, "dim_country", None) == sum(len(f) for f in frames(con, scoped, NEW_RUN)) >= 249


def test_dimensions_as_validated_before_carry_their_verdicts_over(
    published: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copy(published, copy)
    with duckdb.connect(str(copy)) as con, caplog.at_level(logging.INFO, logger="flows.validate"):
        first = _verdicts(con, NEW_RUN)
        caplog.clear()
        assert _verdicts(con, NEW_RUN) == first
        carried = {r.getMessage().split(":")[0] for r in caplog.records if "carried over" in r.getMessage()}
        assert carried >= {"dim_country", "dim_date", "dim_entity", "dim_event_type"}
        assert not carried & {"dim_article", "fact_mention"}  # scoped suites: always the run's rows

        # a changed dimension is validated again, and its broken rows are found
        con.execute("update dim_country set country_code = 'FR' where country_code = 'FRA'")
        caplog.clear()
        verdicts = _verdicts(con, NEW_RUN)
        assert ("dim_country", "expect_column_value_lengths_to_equal(country_code)", False, 1) in verdicts
        assert "dim_country" not in {
            r.getMessage().split(":")[0] for r in caplog.records if "carried over" in r.getMessage()
        }
        assert verdicts == _verdicts(con, None)


def test_a_run_whose_only_dimension_fails_reports_it(published: Path, tmp_path: Path) -> None:
    suites = tmp_path / "expectations"
    suites.mkdir()
    shutil.copy(EXPECTATIONS / "dim_country.json", suites)
    copy = tmp_path / "w.duckdb"
    shutil.copy(published, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update dim_country set country_code = 'FR' where country_code = 'FRA'")
        report = validate_build(con, suites, NEW_RUN)
        assert not report.success
        assert con.execute("select count(*) from internal.validated_suite").fetchone()[0] == 0


def test_gx_gets_64_bit_numbers_and_python_string_keys() -> None:
    import numpy as np
    import pandas as pd

    from flows.validate import _for_gx

    frame = pd.DataFrame(
        {
            "sentence_no": np.array([1, 2], dtype=np.int32),
            "score": np.array([0.5, 1.0], dtype=np.float32),
            "size": np.array([1, 2], dtype=np.int64),
            "ok": [True, False],
            "key": ["a", "b"],
        }
    )
    widened = _for_gx(frame, {"key"})
    assert widened.dtypes.map(str).to_dict() == {
        "sentence_no": "int64",
        "score": "float64",
        "size": "int64",
        "ok": "bool",
        "key": "object",
    }
    assert widened["sentence_no"].tolist() == [1, 2] and widened["key"].tolist() == ["a", "b"]
