"""Article themes from a term lexicon: sentences written for these tests, plus the digest seed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flows.parse import parse_text
from flows.settings import Settings
from flows.transform.themes import SHORT_ARTICLE_WORDS, THEME_SCHEMA, article_themes, load_theme_lexicon
from tests.conftest import DIGEST_SEED

LEXICON = pl.DataFrame(
    [
        ("nuclear", "nuclear"),
        ("uranium", "nuclear"),
        ("enrichment", "nuclear"),
        ("nuclear deal", "diplomacy"),
        ("ceasefire", "security"),
        ("truce", "security"),
        ("troops", "military"),
        ("military", "military"),
        ("al-qaeda", "terrorism"),
        ("sanctions", "economy"),
        ("sanctions", "diplomacy"),
    ],
    schema=["term", "theme"],
    orient="row",
)
FILLER = " ".join(["The delegation met local officials and visited a school."] * 12)  # 108 words, no term


def _themes(*bodies: str) -> dict[str, dict[str, int]]:
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)})
    frame = article_themes(articles, LEXICON)
    assert frame.schema == pl.Schema(THEME_SCHEMA)
    out: dict[str, dict[str, int]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault(row["article_id"], {})[row["theme"]] = row["hits"]
    return out


def test_terms_match_whole_words_only() -> None:
    # "unclear", "troopship" and "militaryhistory" contain terms but are other words.
    assert _themes("It is unclear whether the troopship carried militaryhistory books.") == {}


def test_case_and_punctuation_do_not_matter() -> None:
    assert _themes("Officials blamed AL QAEDA. Al-Qaeda denied it; al qaeda's leaders were silent.") == {
        "a0": {"terrorism": 3}
    }


def test_the_longest_term_wins_and_adjacent_terms_all_count() -> None:
    # "nuclear deal" is one diplomacy hit, not also a nuclear hit; "uranium enrichment" is two hits.
    assert _themes("The nuclear deal limits uranium enrichment.") == {"a0": {"diplomacy": 1, "nuclear": 2}}


def test_a_term_of_several_themes_counts_for_each() -> None:
    assert _themes("New sanctions were announced.") == {"a0": {"economy": 1, "diplomacy": 1}}


def test_one_passing_mention_does_not_make_a_long_article_about_the_theme() -> None:
    assert len(FILLER.split()) >= SHORT_ARTICLE_WORDS
    once = FILLER + " A truce was mentioned once."
    twice = FILLER + " A truce was agreed, and the ceasefire held overnight."
    short = "A truce was agreed overnight."
    assert _themes(once, twice, short) == {"a1": {"security": 2}, "a2": {"security": 1}}


def test_empty_inputs() -> None:
    empty = pl.DataFrame(schema={"article_id": pl.String, "body": pl.String})
    assert article_themes(empty, LEXICON).height == 0
    nothing = pl.DataFrame(
        {"article_id": ["a0"], "body": [None]}, schema={"article_id": pl.String, "body": pl.String}
    )
    assert article_themes(nothing, LEXICON).height == 0


def test_load_theme_lexicon_normalises_and_deduplicates(tmp_path: Path) -> None:
    (tmp_path / "themes.csv").write_text(
        "term,theme\nNuclear Deal ,diplomacy\nnuclear deal,diplomacy\n,security\nTruce,security\n"
    )
    assert load_theme_lexicon(tmp_path).rows() == [("nuclear deal", "diplomacy"), ("truce", "security")]


def test_the_project_lexicon_loads() -> None:
    reference = Settings().reference_dir
    if not (reference / "themes.csv").is_file():
        pytest.skip("reference/themes.csv not written yet")
    lexicon = load_theme_lexicon(reference)
    assert lexicon.height > 0
    assert lexicon.filter(pl.col("term") != pl.col("term").str.to_lowercase()).height == 0


def test_digest_seed_niger_summary_is_military() -> None:
    bodies = [a.body for a in parse_text(DIGEST_SEED.read_text()).articles]
    themes = _themes(*bodies)
    # Line 5: US troops leave Niger after a military coup (102 words: two or more hits needed).
    assert themes["a4"]["military"] >= 2
    # Line 13 (FBI director's visit) names no term of this small lexicon.
    assert "a12" not in themes
