"""Articles to themes (`bridge_article_theme`): which topics an article is about, from a term lexicon.

The lexicon is reference data (`reference/themes.csv`, columns `term,theme`), so analysts extend the
themes without touching code. Matching is one Aho-Corasick pass per article over all terms at once
(Polars `str.extract_many`), whatever the size of the lexicon.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import polars as pl

from flows.reference import read_reference
from flows.transform.workers import pool

THEME_SCHEMA = {"article_id": pl.String, "theme": pl.String, "hits": pl.UInt32}

# A short article (a digest summary of 30-120 words) names its topic once; a feed article that
# mentions a theme's term only once is usually touching it in passing ("... amid tensions over
# Iran's nuclear programme"). So: >= 2 hits, or >= 1 when the article is shorter than this.
MIN_HITS = 2
SHORT_ARTICLE_WORDS = 80
SLICE_BYTES = 8 * 1024 * 1024  # text normalised and matched at a time by one thread

# Everything that is not a letter, a digit or a combining mark separates words.
_NON_WORD = r"[^\p{L}\p{N}\p{M}]+"


def _normalise(text: pl.Expr) -> pl.Expr:
    """Lowercase and reduce the text to words separated by single spaces."""
    return text.str.to_lowercase().str.replace_all(_NON_WORD, " ").str.strip_chars()


def _padded(words: pl.Expr) -> pl.Expr:
    """Words separated by two spaces, with two spaces at each end.

    A term pattern is `" w1  w2 "` (one space each side), so a match starts and ends at a word
    boundary by construction: that is the whole-word filter, done inside the Aho-Corasick pass
    instead of by checking the characters around each match afterwards. Two spaces between words
    leave a leading space for the next term after a match, so adjacent terms ("iran", "nuclear
    deal") are both found without overlapping matching.
    """
    return pl.lit("  ") + words.str.replace_all(" ", "  ", literal=True) + pl.lit("  ")


def _slices(articles: pl.DataFrame) -> list[pl.DataFrame]:
    """Contiguous slices of about SLICE_BYTES of text (articles are independent)."""
    ends = articles.get_column("body").str.len_bytes().fill_null(0).cast(pl.Int64).cum_sum().to_list()
    parts, start = [], 0
    while start < len(ends):
        base = ends[start - 1] if start else 0
        stop = max(start + 1, bisect.bisect_right(ends, base + SLICE_BYTES))
        parts.append(articles.slice(start, stop - start))
        start = stop
    return parts


def load_theme_lexicon(reference_dir: Path) -> pl.DataFrame:
    """Read `themes.csv` as (term, theme), terms lowercased, blanks and duplicates dropped.

    A term may belong to several themes ("sanctions" -> economy and diplomacy); each pair is kept.
    """
    raw = read_reference(reference_dir, "themes")
    missing = {"term", "theme"} - set(raw.columns)
    if missing:
        raise ValueError(f"themes.csv lacks columns {sorted(missing)}")
    return (
        raw.select(
            term=pl.col("term").str.strip_chars().str.to_lowercase(),
            theme=pl.col("theme").str.strip_chars(),
        )
        .filter(pl.col("term").is_not_null() & (pl.col("term") != ""))
        .filter(pl.col("theme").is_not_null() & (pl.col("theme") != ""))
        .unique(maintain_order=True)
    )


def article_themes(articles: pl.DataFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    """One row per (article_id, theme) the article is about, with `hits`, the matched term count.

    Terms match whole words, case-insensitively, punctuation-insensitively ("al-Qaeda" matches the
    term "al qaeda" and vice versa), longest term first at each position ("nuclear deal" is one hit,
    not also a hit for "nuclear"). A theme counts when its hits reach MIN_HITS, or 1 for an article
    of fewer than SHORT_ARTICLE_WORDS words (a summary names its subject once): one passing mention
    in a long article is not what the article is about.
    """
    patterns = (
        lexicon.select(
            pl.col("theme"),
            pattern=pl.lit(" ") + _padded(_normalise(pl.col("term"))).str.strip_chars() + pl.lit(" "),
        )
        .filter(pl.col("pattern").str.strip_chars() != "")
        .unique()
    )
    if articles.is_empty() or patterns.is_empty():
        return pl.DataFrame(schema=THEME_SCHEMA)
    # Longest first: `leftmost` matching then prefers the longest term starting at a position.
    ordered = (
        patterns.select("pattern")
        .unique()
        .sort([pl.col("pattern").str.len_bytes(), pl.col("pattern")], descending=[True, False])
        .get_column("pattern")
    )
    ordered_list = pl.lit(ordered).implode()

    def themes_of(part: pl.DataFrame) -> pl.DataFrame:
        # An article lies in one slice, so counting and thresholding per slice is exact and keeps
        # only the (article, theme) rows, never every match of the whole batch, in memory.
        return (
            part.select(
                "article_id",
                words=pl.col("body").str.count_matches(r"\S+"),
                pattern=_padded(_normalise(pl.col("body").fill_null(""))).str.extract_many(
                    ordered_list, leftmost=True
                ),
            )
            .explode("pattern")
            .drop_nulls("pattern")
            .join(patterns, on="pattern", how="inner")
            .group_by("article_id", "theme")
            .agg(hits=pl.len().cast(pl.UInt32), words=pl.col("words").first())
            .filter(
                (pl.col("hits") >= MIN_HITS)
                | ((pl.col("hits") >= 1) & (pl.col("words") < SHORT_ARTICLE_WORDS))
            )
            .select(list(THEME_SCHEMA))
        )

    # Slices of bounded size, pl.thread_pool_size() at a time: a string kernel runs on one core, and
    # the normalised copies of the text never exceed a few slices whatever the batch size.
    found = pl.concat(list(pool().map(themes_of, _slices(articles))))
    return found.sort("article_id", "theme")
