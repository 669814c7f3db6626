"""BI tools: the warehouse opens through SQLAlchemy and duckdb-engine (as Superset and similar tools
open it), every contract table and view reads, and the file is in a storage version DuckDB 1.x reads."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

from flows.settings import PROJECT_ROOT, Settings
from tests.report.conftest import table_rows

# The warehouse contract (docs: warehouse-contract.md): tables and the columns they have at least.
CONTRACT = {
    "dim_source_file": "source_file_id path file_name sha256 format size_bytes loaded_at run_id",
    "dim_article": "article_id source_file_id ordinal headline body word_count content_sha256 "
    "published_date story_id",
    "dim_entity": "entity_id entity_type name acronym role country_code",
    "dim_country": "country_code iso2 name region subregion",
    "dim_date": "date_id date year quarter month day_of_week",
    "dim_event_type": "event_code event_name root_code quad_class goldstein",
    "fact_mention": "mention_id article_id entity_id sentence_no char_start char_end surface",
    "fact_event": "event_id article_id sentence_no event_code actor1_country_code actor2_country_code "
    "actor1_entity_id actor2_entity_id quad_class goldstein date_id evidence",
    "fact_quote": "quote_id article_id speaker_entity_id speaker quote",
    "fact_caption": "caption_id article_id caption agency_entity_id date_id",
    "audit_run": "run_id started_at finished_at status files_seen files_loaded files_skipped "
    "files_quarantined articles_loaded",
    "audit_quarantine": "run_id path sha256 reason detected_at",
    "audit_validation": "run_id table_name expectation success unexpected_count",
}
VIEWS = sorted(p.stem for p in (PROJECT_ROOT / "sql" / "views").glob("*.sql"))


@pytest.fixture(scope="module")
def bi_view(published: dict) -> dict:
    """What SQLAlchemy + duckdb-engine see, from a separate process as a BI tool would be."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.report.bi_client", str(published["warehouse"])],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_every_contract_table_and_view_reads_through_sqlalchemy(published: dict, bi_view: dict) -> None:
    expected = table_rows(published["warehouse"])
    assert set(CONTRACT) <= set(bi_view["tables"])
    assert set(VIEWS) <= set(bi_view["views"])
    for name in [*CONTRACT, *VIEWS]:
        seen = bi_view["relations"][name]
        assert set(CONTRACT.get(name, "").split()) <= set(seen["columns"]), name
        assert seen["rows"] == seen["count"] == expected[name], name
    assert expected["dim_article"] > 0 and expected["fact_event"] > 0 and expected["mart_country_dyads"] > 0
    # Pipeline state lives in its own schema, outside the contract and outside `main`'s listing.
    assert bi_view["internal"] and not set(bi_view["internal"]) & set(bi_view["tables"])


@pytest.mark.xfail(
    strict=True,
    reason="duckdb-engine 0.17 reflects constraints with CAST(... AS REGCLASS), a type DuckDB 2.0 lacks",
)
def test_constraint_reflection_through_duckdb_engine(bi_view: dict) -> None:
    """Known limitation, kept visible: `Table(autoload_with=...)` and the inspector's get_pk_constraint,
    get_foreign_keys and get_unique_constraints fail with DuckDB 2.0's Python client; columns, rows
    and views read fine (above). Strict: when a release fixes it, this test says so."""
    assert bi_view["pk_error"] is None, bi_view["pk_error"]


def test_file_is_in_the_storage_version_duckdb_1_reads(published: dict, bi_view: dict, tmp_path) -> None:
    wanted = Settings().storage_version  # v1.4.0: DuckDB 1.4 and later open it; DuckDB reports "v1.4.0+"
    assert bi_view["storage_version"] in (wanted, wanted + "+")
    with duckdb.connect(str(published["warehouse"]), read_only=True) as con:
        tags = con.execute(
            "select tags from duckdb_databases() where database_name = current_database()"
        ).fetchall()[0][0]
    assert tags["storage_version"] in (wanted, wanted + "+"), tags
    # The tag is real information: a file written with 2.0's defaults reports 2.0's format.
    with duckdb.connect(str(tmp_path / "default.duckdb")) as con:
        con.execute("create table t (a integer)").fetchall()
        default = con.execute(
            "select tags from duckdb_databases() where database_name = current_database()"
        ).fetchall()[0][0]
    assert not default["storage_version"].startswith("v1."), default
