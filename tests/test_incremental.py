"""Re-runs: skipped unread when nothing changed, a changed file replaces only its own rows, a deleted
file's rows are retired, the same bytes under two names load once, and a full refresh or a second
build from scratch gives identical tables (checksums of every table, in key order)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from flows import story_state
from flows.pipeline import newsdw_flow
from flows.settings import Settings
from flows.transform import stories
from tests.checksums import table_checksums
from tests.conftest import DIGEST_SEED, FEED_SEED

pytestmark = pytest.mark.integration


def rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def articles_by_file(warehouse: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, article in rows(
        warehouse,
        "select f.file_name, a.article_id from dim_article a join dim_source_file f using (source_file_id)",
    ):
        found.setdefault(name, set()).add(article)
    return found


def orphans(warehouse: Path) -> int:
    """Rows of article-level tables whose article is gone."""
    return sum(
        rows(
            warehouse,
            f"select count(*) from {t} where article_id not in (select article_id from dim_article)",
        )[0][0]
        for t in ("fact_mention", "fact_event", "fact_quote", "fact_caption", "article_theme")
    )


def run(seeds: Path, warehouse: Path, **options: object):
    return newsdw_flow(seeds_dir=str(seeds), warehouse=str(warehouse), **options)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds, loaded once; each test works on its own copy of input and warehouse."""
    base = tmp_path_factory.mktemp("incremental")
    seeds = base / "seeds"
    seeds.mkdir()
    for path in (FEED_SEED, DIGEST_SEED):
        shutil.copy2(path, seeds / path.name)
    warehouse = base / "warehouse" / "newsdw.duckdb"
    assert run(seeds, warehouse).status == "published"
    return seeds, warehouse


def test_nothing_new_is_skipped_unread_and_nothing_is_rebuilt(published: tuple[Path, Path]) -> None:
    seeds, warehouse = published
    before = warehouse.read_bytes()
    summary = run(seeds, warehouse)
    assert summary.status == "unchanged" and summary.exit_code == 0
    assert summary.files_skipped == 2 and summary.files_loaded == 0
    assert "parse" not in summary.stage_seconds and "validate" not in summary.stage_seconds
    assert warehouse.read_bytes() == before


def test_touched_file_with_the_same_bytes_is_hashed_and_skipped(published: tuple[Path, Path]) -> None:
    seeds, warehouse = published
    before = warehouse.read_bytes()
    os.utime(seeds / DIGEST_SEED.name)  # new mtime, same content
    summary = run(seeds, warehouse)
    assert summary.status == "unchanged" and summary.files_skipped == 2
    assert warehouse.read_bytes() == before


def test_changed_file_replaces_exactly_its_own_articles(published: tuple[Path, Path], tmp_path: Path) -> None:
    seeds, warehouse = published
    work = tmp_path / "copy"
    shutil.copytree(seeds, work / "seeds", copy_function=shutil.copy2)
    wh = work / "warehouse" / "newsdw.duckdb"
    assert run(work / "seeds", wh).status == "published"
    before = articles_by_file(wh)
    feed_rows = rows(
        wh,
        f"select * from fact_mention join dim_article using (article_id) "
        f"join dim_source_file f using (source_file_id) where f.file_name = '{FEED_SEED.name}' order by all",
    )
    digest = work / "seeds" / DIGEST_SEED.name
    lines = digest.read_text().splitlines()
    digest.write_text(
        "\n".join(lines[:-1] + ["Kenya and Ethiopia signed a trade agreement in Nairobi."]) + "\n"
    )

    summary = run(work / "seeds", wh)

    assert summary.status == "published" and summary.files_loaded == 1 and summary.files_retired == 1
    after = articles_by_file(wh)
    assert after[FEED_SEED.name] == before[FEED_SEED.name]
    assert len(after[DIGEST_SEED.name]) == len(before[DIGEST_SEED.name])
    assert not after[DIGEST_SEED.name] & before[DIGEST_SEED.name]  # new content, new keys
    assert rows(wh, "select count(*) from dim_source_file")[0][0] == 2
    assert orphans(wh) == 0
    assert rows(wh, "select count(*) from dim_article where body like 'Kenya and Ethiopia%'")[0][0] == 1
    assert feed_rows == rows(
        wh,
        f"select * from fact_mention join dim_article using (article_id) "
        f"join dim_source_file f using (source_file_id) where f.file_name = '{FEED_SEED.name}' order by all",
    )


def test_deleted_file_is_retired_with_everything_derived_from_it(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    seeds, _ = published
    work = tmp_path / "copy"
    shutil.copytree(seeds, work / "seeds", copy_function=shutil.copy2)
    wh = work / "warehouse" / "newsdw.duckdb"
    run(work / "seeds", wh)
    (work / "seeds" / FEED_SEED.name).unlink()

    summary = run(work / "seeds", wh)

    assert summary.status == "published" and summary.files_retired == 1
    assert set(articles_by_file(wh)) == {DIGEST_SEED.name}
    assert orphans(wh) == 0
    assert rows(wh, "select count(*) from fact_caption")[0][0] == 0  # captions are the feed's only
    # Entities only the feed named are gone too; the calendar and marts still build.
    assert (
        rows(
            wh,
            "select count(*) from dim_entity where entity_id not in "
            "(select entity_id from fact_mention union select agency_entity_id from fact_caption "
            "union select speaker_entity_id from fact_quote where speaker_entity_id is not null)",
        )[0][0]
        == 0
    )


def test_same_bytes_under_two_names_load_once(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(DIGEST_SEED, seeds / "a.txt")
    shutil.copy(DIGEST_SEED, seeds / "b.txt")
    wh = tmp_path / "warehouse" / "newsdw.duckdb"
    summary = run(seeds, wh)
    assert summary.files_loaded == 1 and summary.files_skipped == 1
    assert rows(wh, "select count(*) from dim_source_file")[0][0] == 1
    assert rows(wh, "select count(*) from dim_article")[0][0] == 15


def test_two_builds_and_a_full_refresh_give_identical_tables(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    seeds, warehouse = published
    other = tmp_path / "other" / "newsdw.duckdb"
    assert run(seeds, other).status == "published"
    assert table_checksums(other) == table_checksums(warehouse)
    keys = rows(other, "select article_id, story_id from dim_article order by 1")

    refreshed = run(seeds, other, full_refresh=True)

    assert refreshed.status == "published" and refreshed.files_loaded == 2
    assert table_checksums(other) == table_checksums(warehouse)
    assert rows(other, "select article_id, story_id from dim_article order by 1") == keys
    # The audit history survives a full refresh.
    assert len(rows(other, "select run_id from audit_run")) == 2


def test_new_files_extend_the_stored_stories_and_equal_a_build_from_scratch(
    published: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds, _ = published
    work = tmp_path / "copy"
    shutil.copytree(seeds, work / "seeds", copy_function=shutil.copy2)
    # The seeds' texts counted as a large corpus's would be: fixed until their number doubles.
    monkeypatch.setattr(stories, "COUNT_ALL_UP_TO", 4)
    wh = work / "warehouse" / "newsdw.duckdb"
    assert run(work / "seeds", wh).status == "published"
    before = table_checksums(wh)
    lines = DIGEST_SEED.read_text().splitlines()
    rewrite = " ".join(w for i, w in enumerate(lines[4].split(" ")) if i % 7 != 3)  # Niger, words dropped
    more = work / "seeds" / "zz_more.txt"  # loaded after the seeds by a build from scratch too
    more.write_text(f"{lines[10]}\n{rewrite}\nKenya and Ethiopia signed a trade agreement in Nairobi.\n")

    def everything_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a run adding articles recomputed every story")

    monkeypatch.setattr(story_state, "build_state", everything_again)
    assert run(work / "seeds", wh).status == "published"
    monkeypatch.setattr(story_state, "build_state", stories.build_state)

    stories_of: dict[str, list[str]] = {}
    for body, story_id in rows(wh, "select body, story_id from dim_article"):
        stories_of.setdefault(body, []).append(story_id)
    assert len(stories_of[lines[10]]) == 2 and len(set(stories_of[lines[10]])) == 1  # a copy
    assert stories_of[rewrite] == stories_of[lines[4]]  # a rewrite joins the story of its original
    scratch = tmp_path / "scratch" / "newsdw.duckdb"
    assert run(work / "seeds", scratch).status == "published"
    assert table_checksums(wh) == table_checksums(scratch)  # stories and stored state alike

    more.unlink()  # retired: the state is computed again from the remaining articles
    assert run(work / "seeds", wh).status == "published"
    assert table_checksums(wh) == before


def _copy_of(warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the published warehouse, for a test that runs on it."""
    wh = tmp_path / "warehouse" / "newsdw.duckdb"
    wh.parent.mkdir()
    shutil.copy2(warehouse, wh)
    return wh


def _organizations(warehouse: Path) -> set[str]:
    return {
        name
        for (name,) in rows(
            warehouse,
            "select distinct e.name from fact_mention join dim_entity e using (entity_id) "
            "where e.entity_type = 'organization'",
        )
    }


def test_changed_reference_files_extract_every_unchanged_file_again(
    published: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds, warehouse = published
    wh = _copy_of(warehouse, tmp_path)
    assert "North Atlantic Treaty Organization" in _organizations(wh)
    reference = Path(shutil.copytree(Settings().reference_dir, tmp_path / "reference"))
    organizations = reference / "organizations.csv"
    organizations.write_text(
        "".join(
            line
            for line in organizations.read_text().splitlines(keepends=True)
            if not line.startswith("North Atlantic Treaty Organization,")
        )
    )
    monkeypatch.setenv("NEWSDW_REFERENCE", str(reference))

    summary = run(seeds, wh)

    assert summary.status == "published" and summary.files_loaded == 2 and summary.files_skipped == 0
    assert "extracted again" in (summary.message or "")
    assert "North Atlantic Treaty Organization" not in _organizations(wh)
    assert rows(wh, "select count(*) from dim_article") == rows(warehouse, "select count(*) from dim_article")
    versions = [v for (v,) in rows(wh, "select extraction_version from audit_run order by started_at")]
    assert len(versions) == 2 and versions[0] != versions[1] == summary.extraction_version
    # the new rules are now the warehouse's: the next run has nothing to do
    assert run(seeds, wh).status == "unchanged"


def test_a_warehouse_of_unknown_extraction_is_extracted_again(
    published: tuple[Path, Path], tmp_path: Path
) -> None:
    """One made before runs recorded their extraction version: its rules are not known to be these."""
    seeds, warehouse = published
    wh = _copy_of(warehouse, tmp_path)
    with duckdb.connect(str(wh)) as con:
        con.execute("alter table audit_run drop column extraction_version")

    summary = run(seeds, wh)

    assert summary.status == "published" and summary.files_loaded == 2
    assert table_checksums(wh) == table_checksums(warehouse)
    assert rows(wh, "select count(extraction_version) from audit_run") == [(1,)]
