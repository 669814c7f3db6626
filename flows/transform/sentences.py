"""Sentence splitting that survives news prose, vectorised over a whole batch of articles.

The body (as its one-byte-per-character skeleton, see `text.py`) is cut into *chunks* that end at
every candidate boundary: sentence punctuation (`.`, `?`, `!`, possibly doubled and followed by
closing quotes or brackets) followed by whitespace, or a line break. A single regex split
(`str.split(..., literal=False, inclusive=True)`) yields chunks that tile the text, so their
character offsets are cumulative sums of their lengths. Whether a candidate really ends a sentence
is then decided from the last word of the chunk and the first word of the next one:

* a line break always ends a sentence (paragraphs, digest lines);
* `?` / `!` / `...` end it when the next word starts with a capital or a digit (`"Why?" he asked`
  and `concerns... and firmly` do not split);
* `.` after an abbreviation that never ends a sentence (`Mr.`, `Gen.`, `Lt.`, `Adm.`, `No.`,
  `Jan.`) does not split;
* `.` after an abbreviation that may end one (`U.S.`, `Jr.`, `Inc.`, initials such as `J.D.` or the
  `W.` of `George W. Bush`) splits only when the next word is a typical sentence opener (`The`, `He`,
  `But`, ...), not when it is a capitalised name;
* any other `.` splits before a capital or a digit. Decimals (`$1.5`, `3.5%`) never form a candidate
  because no whitespace follows their point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import polars as pl

from flows.transform.text import prepare
from flows.transform.workers import pool

_R = TypeVar("_R")

# A candidate boundary: sentence punctuation (with closing quotes/brackets) and the whitespace after
# it, or a line break. Splitting on it (keeping it at the end of each piece) gives chunks that tile
# the text -- a regex split is several times faster than `extract_all` with a lazy prefix.
_BOUNDARY = r"""[.!?]+["')\]]*\s+|\n\s*"""

NEVER_END = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "messrs",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "cpl",
        "pvt",
        "adm",
        "cmdr",
        "cdr",
        "brig",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "amb",
        "pres",
        "supt",
        "insp",
        "det",
        "st",
        "mt",
        "ft",
        "no",
        "nos",
        "vol",
        "pp",
        "fig",
        "art",
        "sec",
        "vs",
        "v",
        "cf",
        "approx",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
MAYBE_END = frozenset(["jr", "sr", "inc", "corp", "co", "ltd", "llc", "plc", "bros", "etc", "al", "esq"])
STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "But",
        "And",
        "Or",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "There",
        "Here",
        "However",
        "Meanwhile",
        "Moreover",
        "Also",
        "After",
        "Before",
        "While",
        "When",
        "As",
        "If",
        "Despite",
        "Although",
        "Though",
        "Since",
        "Because",
        "So",
        "Yet",
        "Still",
        "Then",
        "Now",
        "Today",
        "Yesterday",
        "Last",
        "Next",
        "According",
        "Officials",
        "Some",
        "Many",
        "Most",
        "Both",
        "Such",
        "Other",
        "Another",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Several",
        "Earlier",
        "Later",
        "Under",
        "Over",
        "With",
        "Without",
        "For",
        "From",
        "By",
        "To",
        "Of",
        "During",
        "Following",
        "Amid",
        "Asked",
        "What",
        "Who",
        "Why",
        "How",
        "Where",
        "Which",
        "Analysts",
        "Experts",
        "Critics",
        "Separately",
        "Additionally",
        "Further",
        "Furthermore",
        "Instead",
        "Indeed",
        "Overall",
        "Until",
        "Once",
        "Each",
        "Every",
        "All",
        "No",
        "Not",
        "Only",
        "Even",
        "Just",
        "Nor",
        "Neither",
        "Either",
        "Among",
        "Between",
        "Against",
        "Across",
        "Around",
        "Within",
        "Through",
        "Like",
        "Unlike",
        "Regardless",
        "Nevertheless",
        "Nonetheless",
        "Thus",
        "Hence",
        "Therefore",
        "Otherwise",
        "Above",
        "Below",
    ]
)

SENTENCE_SCHEMA = {
    "article_id": pl.String,
    "sentence_no": pl.Int32,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
}


# Below this much text a batch is not worth splitting across threads.
MIN_PARALLEL_BYTES = 4 * 1024 * 1024


def slices(articles: pl.DataFrame, threads: int | None = None) -> list[pl.DataFrame]:
    """Cut a batch of articles into up to `threads` contiguous slices of about equal text size.

    `threads=None` uses Polars' thread-pool size for batches over MIN_PARALLEL_BYTES of text.
    """
    if threads is None:
        total = articles["body"].str.len_bytes().sum() if articles.height else 0
        threads = pl.thread_pool_size() if (total or 0) >= MIN_PARALLEL_BYTES else 1
    threads = max(1, min(threads, articles.height))
    if threads == 1:
        return [articles]
    sizes = articles["body"].str.len_bytes().fill_null(0).cast(pl.Int64).cum_sum()
    total = sizes[-1] or 1
    bounds = [0]
    for k in range(1, threads):
        bounds.append(int(sizes.search_sorted(total * k // threads)))
    bounds.append(articles.height)
    return [articles.slice(a, b - a) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def per_slice(
    work: Callable[[pl.DataFrame], _R], articles: pl.DataFrame, threads: int | None = None
) -> list[_R]:
    """`work` of each of the `slices` of `articles`, in order: on the transform pool when there are
    several, in this thread when there is one (then `articles` itself)."""
    parts = slices(articles, threads)
    return list(pool().map(work, parts)) if len(parts) > 1 else [work(articles)]


def split_sentences(articles: pl.DataFrame, *, threads: int | None = None) -> pl.DataFrame:
    """One row per sentence: article_id, sentence_no (1-based), char_start, char_end (exclusive).

    Offsets are Unicode character offsets into `body`; a sentence's span starts at its first
    non-blank character and ends after its last one (closing quotes included). Large batches are
    split across `threads` (see `slices`); the result does not depend on it.
    """
    return pl.concat(per_slice(_split_sentences, articles, threads))


def _split_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    return prepared_sentences(prepare(articles))


def prepared_sentences(prep: pl.DataFrame) -> pl.DataFrame:
    """`split_sentences` of articles already prepared (`text.prepare`), in one thread."""
    return (
        sentence_spans(prep)
        .join(prep.select("_a", "article_id"), on="_a", how="left")
        .select(list(SENTENCE_SCHEMA))
        .cast(SENTENCE_SCHEMA)
    )


def sentence_spans(prep: pl.DataFrame) -> pl.DataFrame:
    """Sentences of prepared articles (`text.prepare`): _a, sentence_no, char_start, char_end."""
    chunks = (
        prep.select("_a", pl.col("sk").str.split(_BOUNDARY, inclusive=True, literal=False).alias("c"))
        .explode("c")
        .filter(pl.col("c").is_not_null() & (pl.col("c") != ""))
    )
    if chunks.height == 0:
        return pl.DataFrame(
            schema={"_a": pl.UInt32, "sentence_no": pl.Int32, "char_start": pl.Int64, "char_end": pl.Int64}
        )
    # Chunks tile each body, so a chunk's end is a running total minus the bodies before its own
    # (global cumulative sums instead of per-article windows: much cheaper).
    lengths = prep["sk"].str.len_bytes().cast(pl.Int64)
    base = (lengths.cum_sum() - lengths).alias("base")
    # Offsets from regex searches instead of stripped copies of every chunk: `lead` is where the
    # first non-blank character is (null for a blank chunk), `tail` where the trailing blanks start.
    c = pl.col("c")
    chunks = (
        chunks.with_columns(clen=c.str.len_bytes().cast(pl.Int64))
        .with_columns(
            end=pl.col("clen").cum_sum() - pl.lit(base).gather(pl.col("_a")),
            lead=c.str.find(r"\S").cast(pl.Int64),
        )
        .filter(pl.col("lead").is_not_null())
    )

    # The last word of a chunk (its final run of non-blanks, closing quotes and brackets aside, then
    # opening ones and full stops) and the first word of the next one (opening quotes aside, then
    # closing punctuation) are tested with regexes anchored at the chunk's end or start, which read
    # only those words: no copy of either word is made.
    def last_word(word: str) -> pl.Expr:
        return c.str.contains(rf"""(?:^|\s)["'(\[]*(?:{word})\.*["')\]]*\s*$""")

    def next_word(word: str) -> pl.Expr:
        return c.str.contains(rf"""^\s*["'(\[]*(?:{word})[.,;:!?"')\]]*(?:\s|$)""").shift(-1)

    never = "(?i:" + "|".join(sorted(NEVER_END)) + ")"
    ambiguous = "(?i:" + "|".join(sorted(MAYBE_END)) + r")|(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]"
    starters = "|".join(sorted(STARTERS))
    chunks = chunks.with_columns(
        tail=c.str.find(r"\s*$").cast(pl.Int64),
        nl=c.str.contains("\n", literal=True),
        strong=c.str.contains(r"""(?:[?!]|\.\.)["')\]]*\s*$"""),
        dot=c.str.contains(r"""\.["')\]]*\s*$"""),
        never=last_word(never),
        ambiguous=last_word(ambiguous),
        same=pl.col("_a").shift(-1) == pl.col("_a"),
        next_cap=c.str.contains(r"""^\s*["'(\[]*[A-Z0-9]""").shift(-1),
        next_starter=next_word(starters),
    )
    dot_ends = pl.col("dot") & ~pl.col("never") & (~pl.col("ambiguous") | pl.col("next_starter"))
    brk = (
        pl.col("nl")
        | (
            pl.col("same").fill_null(False)
            & pl.col("next_cap").fill_null(False)
            & (pl.col("strong") | dot_ends)
        )
    ).fill_null(False)
    first_in_article = (pl.col("_a").shift(1) != pl.col("_a")).fill_null(True)
    last_in_article = (pl.col("_a").shift(-1) != pl.col("_a")).fill_null(True)
    chunks = chunks.with_columns(brk=brk).with_columns(
        opens=first_in_article | pl.col("brk").shift(1).fill_null(True),
        closes=last_in_article | pl.col("brk"),
        s0=pl.col("end") - pl.col("clen") + pl.col("lead"),
        e0=pl.col("end") - pl.col("clen") + pl.col("tail"),
    )
    # chunks are in text order: a sentence runs from an opening chunk to the next closing one
    starts = chunks.filter(pl.col("opens")).select("_a", "s0")
    ends = chunks.filter(pl.col("closes")).select("e0")
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    new_article = (pl.col("_a").shift(1) != pl.col("_a")).fill_null(True)
    return (
        pl.concat([starts, ends], how="horizontal")
        .with_columns(sentence_no=(idx - pl.when(new_article).then(idx).forward_fill() + 1).cast(pl.Int32))
        .select("_a", "sentence_no", char_start="s0", char_end="e0")
    )
