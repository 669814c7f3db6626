"""The real flow, on a real Prefect (temporary) server, into a real DuckDB file, validated by GX."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from flows import pipeline
from flows.pipeline import newsdw_flow
from tests.checksums import table_checksums
from tests.conftest import FEED_SEED

pytestmark = pytest.mark.integration

BAD_FILES = {
    "empty.txt": b"",
    "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01binary",
    "legacy.txt": b"Moscow \x81\x8d\xd0 report on talks with Kyiv officials today",
}


def rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One run over the seeds plus broken files, then a second run over the same input."""
    base = tmp_path_factory.mktemp("pipeline")
    seeds = base / "seeds"
    shutil.copytree(FEED_SEED.parent, seeds, ignore=shutil.ignore_patterns("reference"))
    for name, data in BAD_FILES.items():
        (seeds / name).write_bytes(data)
    text = FEED_SEED.read_text()
    (seeds / "cut.txt").write_text(text[: text.rindex("\nTT\n") + 4])
    warehouse = base / "warehouse" / "newsdw.duckdb"
    first = newsdw_flow(seeds_dir=str(seeds), warehouse=str(warehouse))
    first_checksum = table_checksums(warehouse)
    first_keys = rows(warehouse, "select article_id from dim_article order by 1")
    second = newsdw_flow(seeds_dir=str(seeds), warehouse=str(warehouse))
    return {
        "seeds": seeds,
        "warehouse": warehouse,
        "first": first,
        "second": second,
        "first_checksum": first_checksum,
        "first_keys": first_keys,
    }


def test_seed_articles_are_loaded(loaded: dict) -> None:
    warehouse = loaded["warehouse"]
    # 4 feed + 15 digest from the seeds, plus 3 good articles of the cut copy of the feed.
    assert rows(warehouse, "select count(*) from dim_article")[0][0] == 22
    by_format = dict(
        rows(
            warehouse,
            "select f.format, count(*) from dim_article join dim_source_file f "
            "using (source_file_id) where f.file_name != 'cut.txt' group by 1",
        )
    )
    assert by_format == {"feed": 4, "digest": 15}


def test_feed_headlines_and_agencies(loaded: dict) -> None:
    got = rows(
        loaded["warehouse"],
        """
        select a.headline, e.name, e.acronym
        from dim_article a
        join dim_source_file f using (source_file_id)
        join fact_caption c using (article_id)
        join dim_entity e on e.entity_id = c.agency_entity_id
        where f.file_name like '000_%' order by a.ordinal""",
    )
    assert [r[0] for r in got][0] == "Putin, Xi Advance Anti-West Alliance At Central Asian Summit"
    assert [r[2] or r[1] for r in got] == ["AFP", "Reuters", "EPA", "EPA"]


def test_bad_input_is_quarantined_with_reasons_and_good_files_load(loaded: dict) -> None:
    first = loaded["first"]
    assert first.status == "published"
    assert first.files_quarantined == 3
    reasons = dict(
        rows(
            loaded["warehouse"],
            "select regexp_extract(path, '[^/]+$'), reason from audit_quarantine where run_id = ?",
            [first.run_id],
        )
    )
    assert reasons["empty.txt"] == "empty file (0 bytes)"
    assert "NUL" in reasons["photo.jpg"]
    assert "not UTF-8" in reasons["legacy.txt"]
    assert "no body after the TT line" in reasons["cut.txt"]
    for name, data in BAD_FILES.items():  # quarantine never touches the original bytes
        assert (loaded["seeds"] / name).read_bytes() == data


def test_second_run_over_the_same_input_changes_nothing(loaded: dict) -> None:
    second = loaded["second"]
    assert second.status == "unchanged" and second.exit_code == 3  # the bad files are still there
    assert second.files_loaded == 0 and second.files_skipped == 3 and second.files_quarantined == 3
    assert rows(loaded["warehouse"], "select article_id from dim_article order by 1") == loaded["first_keys"]
    assert table_checksums(loaded["warehouse"]) == loaded["first_checksum"]


def test_runs_are_audited(loaded: dict) -> None:
    audited = rows(
        loaded["warehouse"], "select run_id, status, articles_loaded from audit_run order by started_at"
    )
    # A run with nothing new publishes nothing, so only the run log beside the warehouse has it.
    assert [(r[0], r[1]) for r in audited] == [(loaded["first"].run_id, "published")]
    log = [json.loads(line) for line in (loaded["warehouse"].parent / "runs.jsonl").read_text().splitlines()]
    assert [r["status"] for r in log] == ["published", "unchanged"]
    checks = rows(loaded["warehouse"], "select count(*), bool_and(success) from audit_validation")
    assert checks[0][0] > 10 and checks[0][1] is True


def test_failed_validation_blocks_publishing(loaded: dict, tmp_path: Path, monkeypatch) -> None:
    warehouse = loaded["warehouse"]
    before = warehouse.read_bytes()
    strict = tmp_path / "expectations"
    shutil.copytree(Path(__file__).resolve().parents[1] / "expectations", strict)
    suite = json.loads((strict / "dim_article.json").read_text())
    suite["expectations"].append(
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "word_count", "min_value": 100000},
            "meta": {},
        }
    )
    (strict / "dim_article.json").write_text(json.dumps(suite))
    monkeypatch.setenv("NEWSDW_EXPECTATIONS", str(strict))
    (loaded["seeds"] / "extra.txt").write_text("A new summary line about Japan and China holding talks.\n")
    try:
        result = newsdw_flow(seeds_dir=str(loaded["seeds"]), warehouse=str(warehouse), full_refresh=True)
    finally:
        (loaded["seeds"] / "extra.txt").unlink()
    assert result.status == "failed_validation"
    assert "dim_article: expect_column_values_to_be_between(word_count)" in result.message
    assert warehouse.read_bytes() == before
    assert not list(warehouse.parent.glob(".*build*"))
    log = [json.loads(line) for line in (warehouse.parent / "runs.jsonl").read_text().splitlines()]
    failed = [r for r in log if r["run_id"] == result.run_id][0]
    assert failed["status"] == "failed_validation"
    assert any(not v["success"] and v["unexpected_count"] > 0 for v in failed["validation"])


def test_a_run_that_fails_mid_way_leaves_the_published_warehouse_and_no_build(
    loaded: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incremental run copies the published warehouse for its build while its batch transforms;
    the batch fails, and the copy goes with the run."""
    warehouse = loaded["warehouse"]
    before = warehouse.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("transform broke")

    monkeypatch.setattr(pipeline, "transform_frames", broken)
    (loaded["seeds"] / "extra.txt").write_text("A new summary line about Japan and China holding talks.\n")
    try:
        with pytest.raises(RuntimeError, match="transform broke"):
            newsdw_flow(seeds_dir=str(loaded["seeds"]), warehouse=str(warehouse))
    finally:
        (loaded["seeds"] / "extra.txt").unlink()
    assert warehouse.read_bytes() == before
    assert not list(warehouse.parent.glob(".*build*"))


SQL_DIR = Path(__file__).resolve().parents[1] / "sql"


@pytest.mark.parametrize("view", sorted(p.stem for p in (SQL_DIR / "views").glob("*.sql")))
def test_every_view_exists_and_runs(loaded: dict, view: str) -> None:
    assert rows(loaded["warehouse"], f"select count(*) from {view}")[0][0] >= 0


@pytest.mark.parametrize("example", sorted((SQL_DIR / "examples").glob("*.sql")), ids=lambda p: p.stem)
def test_every_example_query_runs(loaded: dict, example: Path) -> None:
    text = example.read_text()
    assert text.startswith("-- "), "each example opens with the question it answers"
    rows(loaded["warehouse"], text)


def test_seed_interactions_are_coded(loaded: dict) -> None:
    events = rows(
        loaded["warehouse"],
        "select least(actor1_country_code, actor2_country_code), greatest(actor1_country_code, "
        "actor2_country_code), quad_class, actor1_country_code from fact_event",
    )
    pairs = {(a, b, q) for a, b, q, _ in events}
    assert ("PAK", "SAU", 1) in pairs  # defence pact signed: cooperation
    assert ("NER", "USA", 4) in pairs  # Niger revokes its security pact: conflict
    assert any(a == "ITA" and q == 3 for a, b, q, a1 in events if a1 == "ITA")  # Italy rejects
    assert ("JPN", "KOR", 1) in pairs and ("KOR", "USA", 1) in pairs  # trilateral statement: every pair


def test_mentions_cover_the_seed_leaders(loaded: dict) -> None:
    people = dict(
        rows(loaded["warehouse"], "select name, country_code from dim_entity where entity_type = 'person'")
    )
    for name, country in [
        ("Vladimir Putin", "RUS"),
        ("Xi Jinping", "CHN"),
        ("Antonio Tajani", "ITA"),
        ("Benjamin Netanyahu", "ISR"),
        ("Abbas Araghchi", "IRN"),
        ("Shigeru Ishiba", "JPN"),
    ]:
        assert people.get(name) == country, name
    assert "Abraham Lincoln" not in people


def test_digest_near_duplicates_share_a_story(loaded: dict) -> None:
    stories = dict(
        rows(
            loaded["warehouse"],
            "select a.ordinal, a.story_id from dim_article a join dim_source_file f using (source_file_id) "
            "where f.file_name like '004_%'",
        )
    )
    assert stories[11] == stories[12]
    assert stories[5] != stories[9]
    assert len(set(stories.values())) == 14


def test_seed_quotes_have_speakers(loaded: dict) -> None:
    quotes = rows(
        loaded["warehouse"],
        "select q.speaker, e.name, q.quote from fact_quote q "
        "left join dim_entity e on e.entity_id = q.speaker_entity_id",
    )

    def speaker_of(opening: str) -> tuple:
        return next((speaker, name) for speaker, name, quote in quotes if quote.startswith(opening))

    assert speaker_of("We should join hands") == ("Xi", "Xi Jinping")
    assert speaker_of("The multipolar world has become a reality")[1] == "Vladimir Putin"
