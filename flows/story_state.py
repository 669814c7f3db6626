"""Stories of the build, kept up to date from state stored in the warehouse's `internal` schema.

The state (flows.transform.stories.StoryState) lives in the tables of
`sql/tables/internal_story_state.sql`, inside the build, so it is published atomically with the
articles it describes. A run extends it with the articles it added (their bodies are the only
ones read) and computes it from every body when it cannot: no state or one from another algorithm,
threshold or Polars version (a full refresh starts from an empty build), articles removed or
changed since (retired files), or the common shingles recounted (see "Exactness" in
flows.transform.stories).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import numpy as np
import polars as pl

from flows.transform import lsh, minhash, stories
from flows.transform.stories import StoryState, build_state, extend_state, story_ids
from flows.warehouse import Build

SCHEMA = "internal"
# Anything a stored field depends on: a state written under other values is not extended.
ALGORITHM = " ".join(
    f"{name}={value}"
    for name, value in (
        ("state", 1),
        ("num_perm", minhash.NUM_PERM),
        ("shingle_words", minhash.SHINGLE_WORDS),
        ("min_shingles", minhash.MIN_SHINGLES),
        ("count_bits", minhash.COUNT_BITS),
        ("bands", lsh.BANDS),
        ("rows", lsh.ROWS),
        ("pair_window", lsh.PAIR_WINDOW),
        ("common_fraction", stories.COMMON_FRACTION),
        ("common_min", stories.COMMON_MIN),
        ("count_all_up_to", stories.COUNT_ALL_UP_TO),
        ("polars", pl.__version__),  # the text hash is Polars'
    )
)
_WORDS = minhash.NUM_PERM // 4  # a signature is stored as 64-bit words of four 16-bit bins
_BODY_BATCH = 50_000


@dataclass(frozen=True)
class StoriesUpdate:
    """What a run did to the stories, for its log."""

    mode: str  # "incremental" or "full"
    reason: str
    articles: int
    hashed: int  # articles whose bodies were read
    changed: int  # articles whose story_id changed

    def describe(self) -> str:
        return (
            f"{self.mode} ({self.reason}): {self.articles} articles, {self.hashed} bodies read, "
            f"{self.changed} story ids changed"
        )


def update_stories(build: Build, threshold: float = stories.THRESHOLD) -> StoriesUpdate:
    """Bring `dim_article.story_id` and the stored state up to date with the build's articles."""
    con = build.con
    previous, reason = stored_state(con, threshold)
    state = None
    if previous is not None:
        try:
            state = extend_state(previous, _new_articles(con), lambda: _new_bodies(con))
        finally:
            con.execute("drop table if exists _story_new")
        reason = (
            "state extended" if state is not None else "the counted texts changed: common shingles recounted"
        )
    if state is None:
        previous = None
        state = build_state(
            build.column("dim_article", "article_id"),
            lambda: build.column_batches("dim_article", "body"),
            threshold,
        )
    _save(build, state, previous)
    changed = _write_story_ids(con, story_ids(state, previous))
    return StoriesUpdate(
        mode="full" if previous is None else "incremental",
        reason=reason,
        articles=len(state.article_ids),
        hashed=len(state.article_ids) - (0 if previous is None else len(previous.article_ids)),
        changed=changed,
    )


def stored_state(con: duckdb.DuckDBPyConnection, threshold: float) -> tuple[StoryState | None, str]:
    """(the build's stored state, "") when a run can extend it, else (None, why not)."""
    meta = con.execute(
        f"select algorithm, threshold, articles, counted_texts, common_cap from {SCHEMA}.story_state"
    ).fetchall()
    if len(meta) != 1:
        return None, "no stored state"
    algorithm, stored_threshold, articles, counted, cap = meta[0]
    if algorithm != ALGORITHM or stored_threshold != threshold or cap != stories.common_cap(counted):
        return None, "stored state from another algorithm"
    gone = con.execute(
        f"select count(*) from {SCHEMA}.story_article s anti join dim_article a using (article_id)"
    ).fetchall()[0][0]
    if gone:
        return None, f"{gone} articles removed or changed"
    added = con.execute("select count(*) from dim_article").fetchall()[0][0] - articles
    state = _load(con, articles, counted, threshold, room=added)
    if state is None:
        return None, "stored state inconsistent"
    return state, ""


def _load(
    con: duckdb.DuckDBPyConnection, articles: int, counted: int, threshold: float, room: int
) -> StoryState | None:
    rows = con.sql(
        f"select position, article_id, text_hash, text_length from {SCHEMA}.story_article order by position"
    ).pl()
    if rows.height != articles or not np.array_equal(
        rows.get_column("position").to_numpy(), np.arange(articles)
    ):
        return None
    texts, signatures = _signatures(con, room)
    slots = con.sql(f"select slot, occurrences from {SCHEMA}.story_slot").pl()
    occurrences = np.zeros(1 << minhash.COUNT_BITS, dtype=np.int64)
    occurrences[slots.get_column("slot").to_numpy()] = slots.get_column("occurrences").to_numpy()
    pairs = con.sql(f"select a, b, similarity from {SCHEMA}.story_pair order by a, b").pl()
    state = StoryState(
        article_ids=rows.get_column("article_id"),
        text_hash=rows.get_column("text_hash").to_numpy().astype(np.uint64),
        text_length=rows.get_column("text_length").to_numpy().astype(np.int64),
        texts=texts,
        signatures=signatures,
        counted=counted,
        occurrences=occurrences,
        pairs=pairs.select("a", "b").to_numpy().astype(np.int64).reshape(-1, 2),
        similarity=pairs.get_column("similarity").to_numpy().astype(np.float64),
        threshold=threshold,
    )
    # The texts follow from the keys: stored signatures elsewhere mean a state not written here.
    first = stories.first_rows(state.text_hash, state.text_length)
    expected = np.flatnonzero((first == np.arange(articles)) & (state.text_length > 0))
    return state if np.array_equal(expected, state.texts) else None


def _signatures(con: duckdb.DuckDBPyConnection, room: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions, signatures) of the stored signatures, in position order.

    The signatures are the head of a buffer with `room` rows more, where `extend_state` puts the
    new articles' signatures (`stories.followed_by`): over 100k articles the stored ones are 50 MB,
    which a second copy into fresh memory takes about 0.1 s to fault in, 4% of a 1% re-run.
    """
    # Through Polars: NumPy views of Arrow arrays would import pandas (a second or more).
    rows = con.sql(f"select position, signature from {SCHEMA}.story_article where signature is not null").pl()
    positions = rows.get_column("position").to_numpy().astype(np.int64)
    buffer = np.empty((len(rows) + room, minhash.NUM_PERM), dtype="<u2")
    words, at = buffer.view("<u8"), 0
    for chunk in rows.get_column("signature").get_chunks():  # each a view; copied once, here
        words[at : at + len(chunk)] = chunk.to_numpy().reshape(len(chunk), _WORDS)
        at += len(chunk)
    signatures = buffer[: len(rows)]
    if np.any(positions[1:] < positions[:-1]):  # written in order, but a table's order is not a contract
        order = np.argsort(positions, kind="stable")
        positions, signatures = positions[order], signatures[order]
    return positions, signatures


def _new_articles(con: duckdb.DuckDBPyConnection) -> pl.Series:
    """Ids of the build's articles the state does not hold, in storage order; kept in `_story_new`
    for `_new_bodies`."""
    con.execute(
        f"create or replace temp table _story_new as select a.rowid as row_id, a.article_id "
        f"from dim_article a anti join {SCHEMA}.story_article s using (article_id) order by a.rowid"
    )
    return con.sql("select article_id from _story_new order by row_id").pl().get_column("article_id")


def _new_bodies(con: duckdb.DuckDBPyConnection) -> Iterator[pl.Series]:
    """Bodies of the articles in `_story_new`, in its order, a batch of row ids at a time."""
    row_ids = con.sql("select row_id from _story_new order by row_id").pl().get_column("row_id").to_numpy()
    for start in range(0, len(row_ids), _BODY_BATCH):
        low, high = int(row_ids[start]), int(row_ids[min(start + _BODY_BATCH, len(row_ids)) - 1])
        yield (
            con.sql(
                "select body from dim_article where rowid in "
                "(select row_id from _story_new where row_id between ? and ?) order by rowid",
                params=[low, high],
            )
            .pl()
            .get_column("body")
        )


def _save(build: Build, state: StoryState, previous: StoryState | None) -> None:
    """Write the state; when it extends `previous` (stored as is), append only what it added."""
    con = build.con
    start = 0 if previous is None else len(previous.article_ids)
    if previous is None:
        for table in ("story_article", "story_slot", "story_pair"):
            con.execute(f"delete from {SCHEMA}.{table}")
        used = np.flatnonzero(state.occurrences)
        build.append(
            f"{SCHEMA}.story_slot",
            pl.DataFrame({"slot": used.astype(np.int32), "occurrences": state.occurrences[used]}),
        )
    n = len(state.article_ids)
    signed = np.zeros((n - start, minhash.NUM_PERM), dtype="<u2")
    has_signature = np.zeros(n - start, dtype=bool)
    texts = state.texts[state.texts >= start]
    signed[texts - start] = state.signatures[len(state.texts) - len(texts) :]
    has_signature[texts - start] = True
    words = pl.Series(signed.view("<u8"), dtype=pl.Array(pl.UInt64, _WORDS))
    articles = pl.DataFrame(
        {
            "position": np.arange(start, n, dtype=np.int32),
            "article_id": state.article_ids.slice(start),
            "text_hash": state.text_hash[start:],
            "text_length": state.text_length[start:],
            "signature": words,
        }
    )
    build.append(
        f"{SCHEMA}.story_article",
        articles.with_columns(signature=pl.when(pl.Series(has_signature)).then("signature")),
    )
    added = state.pairs[:, 1] >= start  # an added pair has an added article, always the later one
    pairs = state.pairs[added].astype(np.int32)
    build.append(
        f"{SCHEMA}.story_pair",
        pl.DataFrame({"a": pairs[:, 0], "b": pairs[:, 1], "similarity": state.similarity[added]}),
    )
    con.execute(f"delete from {SCHEMA}.story_state")
    con.execute(
        f"insert into {SCHEMA}.story_state values (?, ?, ?, ?, ?)",
        [ALGORITHM, state.threshold, n, state.counted, state.cap],
    )


def _write_story_ids(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> int:
    """Set story_id where it differs; return how many articles changed story."""
    con.register("_stories", frame.to_arrow())
    try:
        return int(
            con.execute(
                "update dim_article set story_id = s.story_id from _stories s "
                "where s.article_id = dim_article.article_id "
                "and dim_article.story_id is distinct from s.story_id"
            ).fetchall()[0][0]
        )
    finally:
        con.unregister("_stories")
