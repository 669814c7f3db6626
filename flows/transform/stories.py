"""Stories (`dim_article.story_id`): articles that tell the same story, found as near-duplicates.

Two articles are the same story when their texts are identical after normalisation (lowercase,
punctuation stripped), or when the Jaccard similarity of their sets of 3-word shingles is at least
`threshold`. A rewrite of a story (words changed, a sentence or paragraph dropped or added) keeps a
third or more of its 3-word sequences; two different stories on the same topic share a few percent,
because 3-word sequences carry phrasing, not just vocabulary. On the digest seed, the two versions
of the Japan-ASEAN summit summary have J = 0.38; the two different stories about US troops leaving
Niger 0.016; no other pair exceeds 0.016. THRESHOLD = 0.25 sits between them with margin on both
sides (see "Margin").

How, at 1,000,000 articles (measured on the bench corpus, 1,000,000 articles, 2.2 GB of text, on a
2-core machine shared with other jobs, before the common-shingle rule below counted a prefix:
124-139 s wall, 139-144 s CPU, peak RSS 6.7 GB of which the input frame is 2.3 GB):

* Tokens (flows.transform.minhash): Polars lowercases, strips punctuation and splits; each distinct
  word of a chunk is hashed once with BLAKE2b, so hashes are the same on every machine, run and
  library version. Shingle hashes combine three word hashes arithmetically in NumPy: no Python per
  word or per shingle.
* Common shingles are left out: a shingle that is boilerplate or a stock phrase ("said in a
  statement", a recurring background paragraph) is not the wording of one story, and it would make
  unrelated articles look alike. Shingles are counted per count slot (top hash bits) over the first
  `counted_texts(T)` of the T distinct texts (in article order): all of them up to COUNT_ALL_UP_TO,
  beyond that the largest power of two not above T, so at least half of the texts. A slot counted
  more than common_cap = max(COMMON_MIN, COMMON_FRACTION * counted) times is common. Texts identical
  after normalisation (same 64-bit hash and length) are grouped first and count and MinHash once,
  so a story copied thousands of times does not count as boilerplate. Why a prefix, not every
  text: see "Incremental".
* MinHash: one-permutation hashing with optimal densification (Li, Owen & Zhang 2012; Shrivastava
  2017). Each shingle is hashed once; the top bits of its hash pick one of NUM_PERM bins and a bin
  keeps the least value of its shingles; an empty bin copies the first non-empty bin of a probe
  sequence that depends only on the bin, so two signatures agree in a bin with probability equal
  to the Jaccard similarity, as with NUM_PERM independent permutations, at 1/NUM_PERM of the
  hashing. (datasketch hashes every shingle NUM_PERM times: measured on the bench corpus,
  `MinHash.update` 400 articles/s and `update_batch` 2,500 articles/s on one core, before LSH.)
* LSH (flows.transform.lsh): BANDS bands of ROWS bins; articles with an identical band are
  candidates. Candidates are verified by the signature estimate of their Jaccard similarity
  (>= threshold); stories are the connected components (union-find semantics, via SciPy) of the
  verified pairs that are either strong (>= STRONG) or the best verified match of one of their two
  articles (chaining guard).

Margin, with NUM_PERM = 256 and BANDS x ROWS = 64 x 2: a pair with J = 0.38 becomes a candidate
with probability 1 - (1 - 0.38**2)**64 > 0.9999; its estimate has a standard deviation of
sqrt(0.38 * 0.62 / 256) = 0.030 (over 300 hash seeds, the Japan-ASEAN pair measured mean 0.381, sd
0.031, minimum 0.30; with the hashes shipped here 0.31), so it falls below 0.25 in well under 0.1% of
hash choices; the Niger pair and every other pair of the seed stays below 0.05 in all 300 draws.

Large buckets: a band shared by thousands of articles would give millions of pairs, so inside a
bucket (members in article order) each member is paired with its next PAIR_WINDOW members only: all
pairs for buckets of up to PAIR_WINDOW + 1 members, linear work beyond. Copies of one story are
still chained together, and true near-duplicates share several bands, so they meet in small
buckets too.

Chaining guard: connected components chain (A~B and B~C join A and C), and over a large corpus
the weak pairs (threshold <= J < STRONG) chain unrelated articles into giant "stories": on the
1,000,000-article bench corpus, whose articles are built from a few sentence templates and reuse
them with the same names, plain union-find over all verified pairs made one story of 137,587
articles. So a weak pair joins two articles only when it is the best verified match of one of them
(ties: the partner earlier in article order); pairs at or above STRONG always join. Every copy and
rewrite of a story still reaches the story through its best match, and a chain of weak links
cannot grow through articles that each have a better match elsewhere. (On that bench corpus: at
most a few dozen articles per story; its templated texts still pair some unrelated articles at
J = 0.25-0.45, which real news, not written from templates, rarely does.)

Incremental: a StoryState holds, per article, its text key, per distinct text its signature, the
slot counts and the verified pairs. `extend_state` adds articles after the existing ones: it reads
only their bodies, groups their texts with the stored keys, MinHashes the new distinct texts, looks
for their pairs among all stored signatures (`lsh.verified_pairs(..., since=...)`), and the edges
and components are redone from all stored pairs (cheap: pairs, not texts). A stored signature
depends on which slots are common, so the rule for them must change rarely. Counting every text
(the rule before) changed it on every run: on the 100,000-article bench corpus, a re-run adding 1%
more articles moved the cap from 201 to 203 and 142 slots changed side (72 became common, 70
stopped being); with a cap fixed between powers of two (263) still 74 slots became common, and
their shingles were a bin minimum in 13,159 stored signatures (13%), so keeping them exact would
mean re-reading about 13% of the bodies on every run. Counting a prefix whose length moves only as
the number of texts doubles fixes counts, cap and every stored signature in between. Its cost in
quality, on the bench corpus against the generator's own near-duplicate links: identical stories at
10,000 articles; at 100,000, 9,345 clustered pairs instead of 9,092 (precision 0.346 instead of
0.356: the templated texts) and recall 0.9991 instead of 0.9994 (3 of 3,239 linked pairs missed
instead of 2).

Exactness: extend_state(build_state(A), B) equals build_state(A + B), field for field (text keys,
signatures, counts, pairs and similarities, hence stories), whenever counted_texts is the same for
A and for A + B; B's articles come after A's and nothing of A is removed or changed. Otherwise it
returns None and the caller computes from scratch: while there are at most COUNT_ALL_UP_TO distinct
texts (cheap), and when the number of texts reaches the next power of two above it (at 1% growth a
run, one run in about 70). The caller (flows.story_state) also computes from scratch when articles
were removed or changed, on a full refresh, and when the stored state is missing or from another
algorithm, threshold or Polars version (the text hash is Polars'). Either way the stories are those
of assign_stories over the articles in load order.

story_id = stable_id("story", smallest article_id of the story): derived from content, identical
across re-runs of the same input. When a later load adds an article with a smaller id to an
existing story, the story's id changes with it (the story itself changed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from flows.ids import stable_id
from flows.transform.lsh import verified_pairs
from flows.transform.minhash import COUNT_BITS, Bodies, scan, signatures, text_keys_and_signatures

STORY_SCHEMA = {"article_id": pl.String, "story_id": pl.String}

THRESHOLD = 0.25
STRONG = 0.5  # a pair this similar always joins; a weaker one only as an article's best match
# A shingle occurring more often than this is boilerplate or a stock phrase, not a story's wording.
COMMON_FRACTION = 0.002
COMMON_MIN = 100
# Up to this many distinct texts every one is counted, so a corpus this small is clustered from
# scratch whenever a new text arrives (under a second); beyond, a prefix that moves as it doubles.
COUNT_ALL_UP_TO = 4096  # a power of two


def counted_texts(texts: int) -> int:
    """How many of the first distinct texts decide which shingles are common."""
    if texts <= COUNT_ALL_UP_TO:
        return texts
    return max(COUNT_ALL_UP_TO, 1 << (texts.bit_length() - 1))


def common_cap(counted: int) -> int:
    """A slot counted more often than this in the counted texts is common."""
    return max(COMMON_MIN, math.ceil(COMMON_FRACTION * counted))


@dataclass(frozen=True)
class StoryState:
    """Clustering of articles in one order, with what is needed to add more without reading these.

    Row i of the per-article fields is article i. The distinct texts with words sit at the rows of
    their first articles (`texts`, ascending); `signatures` and `pairs` refer to those rows.
    """

    article_ids: pl.Series  # String
    text_hash: np.ndarray  # uint64 per article, of the normalised text
    text_length: np.ndarray  # int64 per article: bytes of the normalised text, 0 when it has no word
    texts: np.ndarray  # int64 rows
    signatures: np.ndarray  # (len(texts), NUM_PERM) uint16
    counted: int  # the first this-many texts are counted in `occurrences`
    occurrences: np.ndarray  # int64 per count slot
    pairs: np.ndarray  # (m, 2) int64 rows (a, b), a < b, in lexicographic order
    similarity: np.ndarray  # float64 per pair: estimated Jaccard similarity, >= threshold
    threshold: float

    @property
    def cap(self) -> int:
        return common_cap(self.counted)

    @property
    def common(self) -> np.ndarray:
        return self.occurrences > self.cap


def first_rows(text_hash: np.ndarray, text_length: np.ndarray) -> np.ndarray:
    """Per article, the row of the first article with the same normalised text (the same key)."""
    frame = pl.DataFrame({"hash": text_hash, "length": text_length}).with_row_index("row")
    return frame.select(pl.col("row").min().over("hash", "length")).to_series().to_numpy().astype(np.int64)


def _flags(rows: np.ndarray, size: int) -> np.ndarray:
    flags = np.zeros(size, dtype=bool)
    flags[rows] = True
    return flags


def _scanned(bodies: Bodies, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
    """(text hash, text length, texts, counted, occurrences) of n articles, in one pass.

    Shingles are counted per distinct text, in order; whenever the number of texts counted reaches
    a power of two (at or above COUNT_ALL_UP_TO), the counts so far are kept, so that the counts of
    the first counted_texts(T) texts are at hand once T is known.
    """
    seen: set[tuple[int, int]] = set()
    hashes, lengths, texts = [np.empty(0, np.uint64)], [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    occurrences = np.zeros(1 << COUNT_BITS, dtype=np.int64)
    kept, kept_at, mark, total, row = occurrences, 0, COUNT_ALL_UP_TO, 0, 0
    for chunk in scan(bodies, n):
        new = np.zeros(len(chunk.text_length), dtype=bool)
        for i, key in enumerate(zip(chunk.text_hash.tolist(), chunk.text_length.tolist(), strict=True)):
            if key[1] and key not in seen:
                seen.add(key)
                new[i] = True
        rank = total + np.cumsum(new) - 1  # of each new text among all texts
        left = new
        while left.any():
            chunk.count_into(occurrences, left & (rank < mark))
            left = left & (rank >= mark)
            if rank[new][-1] >= mark - 1:  # the first `mark` texts are counted
                kept, kept_at, mark = occurrences.copy(), mark, mark * 2
        hashes.append(chunk.text_hash)
        lengths.append(chunk.text_length)
        texts.append(row + np.flatnonzero(new))
        total += int(new.sum())
        row += len(new)
    counted = counted_texts(total)
    if counted < total:
        assert kept_at == counted, (kept_at, counted)
        occurrences = kept
    return np.concatenate(hashes), np.concatenate(lengths), np.concatenate(texts), counted, occurrences


def build_state(article_ids: pl.Series, bodies: Bodies, threshold: float = THRESHOLD) -> StoryState:
    """The state of the articles `article_ids`, whose bodies `bodies()` yields in that order.

    `bodies()` is called twice (tokens and counts, then signatures) and must yield the same texts
    in the same order each time (e.g. a query with ORDER BY fetched in batches); only a few batches
    are held at a time.
    """
    n = len(article_ids)
    text_hash, text_length, texts, counted, occurrences = _scanned(bodies, n)
    found = signatures(bodies, _flags(texts, n), occurrences > common_cap(counted))
    pairs, similarity = verified_pairs(found, threshold)
    return StoryState(
        article_ids=article_ids,
        text_hash=text_hash,
        text_length=text_length,
        texts=texts,
        signatures=found,
        counted=counted,
        occurrences=occurrences,
        pairs=texts[pairs].reshape(-1, 2),
        similarity=similarity,
        threshold=threshold,
    )


def extend_state(state: StoryState, article_ids: pl.Series, bodies: Bodies) -> StoryState | None:
    """The state of state's articles followed by `article_ids` (bodies as for build_state, called
    once), or None when the counted texts change and everything must be computed again.

    Only the new bodies are read, in one pass for their keys and signatures (a copy of a text
    known before is MinHashed for nothing, cheaper than a second pass over every body). The result
    equals build_state over all the articles (see "Exactness" in the module doc).
    """
    m = len(article_ids)
    if m == 0:
        return state
    n_old = len(state.article_ids)
    new_hash, new_length, new_signatures = text_keys_and_signatures(bodies, m, state.common)
    text_hash = np.concatenate([state.text_hash, new_hash])
    text_length = np.concatenate([state.text_length, new_length])
    rows = np.arange(n_old, n_old + m)
    first = first_rows(text_hash, text_length)[n_old:]
    new_texts = rows[(first == rows) & (new_length > 0)]
    texts = np.concatenate([state.texts, new_texts])
    if counted_texts(len(texts)) != state.counted:
        return None
    found = followed_by(state.signatures, new_signatures[new_texts - n_old])
    pairs, similarity = verified_pairs(found, state.threshold, since=len(state.texts))
    pairs = np.concatenate([state.pairs, texts[pairs].reshape(-1, 2)])
    similarity = np.concatenate([state.similarity, similarity])
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    return replace(
        state,
        article_ids=pl.concat([state.article_ids, article_ids]),
        text_hash=text_hash,
        text_length=text_length,
        texts=texts,
        signatures=found,
        pairs=pairs[order],
        similarity=similarity[order],
    )


def followed_by(rows: np.ndarray, more: np.ndarray) -> np.ndarray:
    """`rows` then `more`, in the spare rows of the buffer `rows` heads when it has enough of them
    (a stored state is loaded that way: flows.story_state), else in a new array.

    The buffer's spare rows are overwritten, so a state loaded with room is extended once.
    """
    buffer = rows.base
    n = len(rows) + len(more)
    if (
        isinstance(buffer, np.ndarray)
        and buffer.dtype == rows.dtype
        and buffer.shape[1:] == rows.shape[1:]
        and len(buffer) >= n
        and buffer.ctypes.data == rows.ctypes.data
        and buffer.flags.c_contiguous
        and rows.flags.c_contiguous
    ):
        buffer[len(rows) : n] = more
        return buffer[:n]
    return np.concatenate([rows, more])


def _story_edges(pairs: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """The verified pairs that join stories: the strong ones, and each article's best match."""
    if len(pairs) == 0:
        return pairs.reshape(-1, 2)
    node = np.concatenate([pairs[:, 0], pairs[:, 1]])
    partner = np.concatenate([pairs[:, 1], pairs[:, 0]])
    order = np.lexsort((partner, -np.concatenate([similarity, similarity]), node))  # ties: lower index
    node, partner = node[order], partner[order]
    best = np.concatenate([[True], node[1:] != node[:-1]])
    return np.concatenate([pairs[similarity >= STRONG], np.stack([node[best], partner[best]], axis=1)])


def _roots(state: StoryState) -> pl.Series:
    """Per article, the smallest article id of its story: the story is named after it."""
    n = len(state.article_ids)
    first = first_rows(state.text_hash, state.text_length)
    copies = np.flatnonzero((first != np.arange(n)) & (state.text_length > 0))
    edges = np.concatenate(
        [_story_edges(state.pairs, state.similarity), np.stack([copies, first[copies]], axis=1)]
    )
    graph = coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    clustered = pl.DataFrame({"article_id": state.article_ids, "cluster": pl.Series(labels, dtype=pl.Int64)})
    return clustered.select(pl.col("article_id").min().over("cluster")).to_series()


def story_ids(state: StoryState, since: StoryState | None = None) -> pl.DataFrame:
    """(article_id, story_id) of every article of the state, in its order; with `since`, a state
    this one extends, only of the articles whose story_id is not the one `since` gives them (new
    articles, and earlier ones whose story gained a smaller id or split), so that only those are
    named and written."""
    if len(state.article_ids) == 0:
        return pl.DataFrame(schema=STORY_SCHEMA)
    frame = pl.DataFrame({"article_id": state.article_ids, "root": _roots(state)})
    if since is not None and len(since.article_ids):
        before = _roots(since).extend_constant(None, len(state.article_ids) - len(since.article_ids))
        frame = frame.filter(pl.col("root").ne_missing(before))
    roots = frame.get_column("root").unique(maintain_order=True)
    names = pl.DataFrame(
        {"root": roots, "story_id": [stable_id("story", root) for root in roots.to_list()]},
        schema={"root": pl.String, "story_id": pl.String},
    )
    return frame.join(names, on="root", how="left", maintain_order="left").select(list(STORY_SCHEMA))


def assign_stories(articles: pl.DataFrame, threshold: float = THRESHOLD) -> pl.DataFrame:
    """(article_id, story_id) for every input article; near-duplicates (Jaccard >= threshold) share one.

    All articles go in at once and clusters come out: a story is a connected component of verified
    near-duplicate pairs (strong ones, and each article's best match), so A~B and B~C put A, B and
    C in one story even if A and C differ more.
    Articles whose normalised texts are identical are one story outright and are MinHashed once.
    An article without any word is a story of its own.
    To avoid holding every body in memory at once, see assign_stories_streamed.
    """
    if articles.is_empty():
        return pl.DataFrame(schema=STORY_SCHEMA)
    bodies = articles.get_column("body")
    return assign_stories_streamed(articles.get_column("article_id"), lambda: [bodies], threshold)


def assign_stories_streamed(
    article_ids: pl.Series, bodies: Bodies, threshold: float = THRESHOLD
) -> pl.DataFrame:
    """assign_stories for the articles `article_ids` whose bodies come in batches from `bodies`
    (see build_state); the results are those of assign_stories over the same articles."""
    if len(article_ids) == 0:
        return pl.DataFrame(schema=STORY_SCHEMA)
    return story_ids(build_state(article_ids, bodies, threshold))
