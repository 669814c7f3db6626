"""Story state stored in the build: the next build extends it, reading only the bodies it added, and
gets the stories (and the state) of one computation over every article; when it cannot extend it,
it computes everything again."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from flows import story_state
from flows.settings import Settings
from flows.story_state import update_stories
from flows.transform import stories
from flows.transform.stories import assign_stories, build_state
from flows.warehouse import Build
from tests.transform.test_stories import _two_loads


@pytest.fixture(autouse=True)
def _small_corpus_behaves_as_a_large_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "COUNT_ALL_UP_TO", 8)
    monkeypatch.setattr(stories, "COMMON_MIN", 25)


def _start(warehouse: Path, name: str) -> Build:
    settings = Settings()
    return Build.start(
        warehouse,
        warehouse.with_name(name),
        settings.sql_dir,
        settings.storage_version,
        full_refresh=False,
        memory_limit=settings.duckdb_memory,
    )


def _add(build: Build, ids: list[str], bodies: list[str | None]) -> None:
    build.append(
        "dim_article",
        pl.DataFrame(
            {
                "article_id": ids,
                "source_file_id": ["f"] * len(ids),
                "ordinal": list(range(len(ids))),
                "body": [b or "" for b in bodies],
                "word_count": [0] * len(ids),
                "content_sha256": ids,
            },
            schema_overrides={"ordinal": pl.Int32, "word_count": pl.Int32},
        ),
    )


def _publish(build: Build, warehouse: Path) -> None:
    build.close()
    os.replace(build.path, warehouse)


def _stories_of(build: Build) -> dict[str, str]:
    return dict(build.con.execute("select article_id, story_id from dim_article").fetchall())


def _expected(ids: list[str], bodies: list[str | None]) -> dict[str, str]:
    frame = assign_stories(pl.DataFrame({"article_id": ids, "body": [b or "" for b in bodies]}))
    return dict(frame.iter_rows())


@pytest.fixture
def first_load(tmp_path: Path) -> tuple[Path, list[str], list[str | None], int]:
    ids, bodies, n = _two_loads(2)
    warehouse = tmp_path / "newsdw.duckdb"
    build = _start(warehouse, "first.duckdb")
    _add(build, ids[:n], bodies[:n])
    update = update_stories(build)
    assert (update.mode, update.reason, update.hashed) == ("full", "no stored state", n)
    _publish(build, warehouse)
    return warehouse, ids, bodies, n


def test_a_build_reads_only_the_bodies_it_added(first_load: tuple[Path, list[str], list, int]) -> None:
    warehouse, ids, bodies, n = first_load
    build = _start(warehouse, "second.duckdb")
    _add(build, ids[n:], bodies[n:])
    # loaded with room for the added articles' signatures (stories.followed_by)
    loaded, _ = story_state.stored_state(build.con, stories.THRESHOLD)
    assert loaded is not None and len(loaded.signatures.base) == len(loaded.signatures) + len(ids) - n

    update = update_stories(build)

    assert (update.mode, update.hashed, update.articles) == ("incremental", len(ids) - n, len(ids))
    assert 0 < update.changed < len(ids)  # the new articles, and old ones whose story grew
    assert _stories_of(build) == _expected(ids, bodies)
    # What the build stores is what one computation over every article gives.
    stored, _ = story_state.stored_state(build.con, stories.THRESHOLD)
    column = pl.Series([b or "" for b in bodies], dtype=pl.String)
    whole = build_state(pl.Series(ids), lambda: [column])
    assert stored is not None and stored.counted == whole.counted
    for name in ("text_hash", "text_length", "texts", "signatures", "occurrences", "pairs", "similarity"):
        assert np.array_equal(getattr(stored, name), getattr(whole, name)), name
    build.discard()


def test_removed_articles_mean_computing_everything_again(first_load: tuple[Path, list, list, int]) -> None:
    warehouse, ids, bodies, n = first_load
    build = _start(warehouse, "second.duckdb")
    build.con.execute("delete from dim_article where article_id = ?", [ids[3]])
    _add(build, ids[n:], bodies[n:])

    update = update_stories(build)

    assert (update.mode, update.reason) == ("full", "1 articles removed or changed")
    keep = [i for i in range(len(ids)) if i != 3]
    assert _stories_of(build) == _expected([ids[i] for i in keep], [bodies[i] for i in keep])
    build.discard()


def test_a_state_from_another_algorithm_is_not_extended(
    first_load: tuple[Path, list, list, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, ids, bodies, n = first_load
    monkeypatch.setattr(story_state, "ALGORITHM", story_state.ALGORITHM + " changed")
    build = _start(warehouse, "second.duckdb")
    _add(build, ids[n:], bodies[n:])

    update = update_stories(build)

    assert (update.mode, update.reason, update.hashed) == (
        "full",
        "stored state from another algorithm",
        len(ids),
    )
    assert _stories_of(build) == _expected(ids, bodies)
    build.discard()


def test_a_small_corpus_is_computed_again_when_a_new_text_arrives(
    first_load: tuple[Path, list, list, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, ids, bodies, n = first_load
    monkeypatch.setattr(stories, "COUNT_ALL_UP_TO", 4096)  # every text counted: counts change
    build = _start(warehouse, "second.duckdb")
    _add(build, ids[n:], bodies[n:])
    loaded, _ = story_state.stored_state(build.con, stories.THRESHOLD)
    assert loaded is not None and len(loaded.signatures.base) == len(loaded.signatures) + len(ids) - n

    update = update_stories(build)

    assert (update.mode, update.reason) == ("full", "the counted texts changed: common shingles recounted")
    assert _stories_of(build) == _expected(ids, bodies)
    build.discard()


def test_a_warehouse_without_articles_has_an_empty_state(tmp_path: Path) -> None:
    warehouse = tmp_path / "newsdw.duckdb"
    build = _start(warehouse, "first.duckdb")
    assert update_stories(build).articles == 0
    _publish(build, warehouse)
    build = _start(warehouse, "second.duckdb")
    _add(build, ["a", "b"], ["Photo: AFP", "photo afp"])

    update = update_stories(build)

    assert (update.mode, update.hashed) == ("full", 2)  # a first text: the counted texts change
    assert len(set(_stories_of(build).values())) == 1
    build.discard()
