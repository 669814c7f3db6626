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
2-core machine shared with other jobs: 124-139 s wall, 139-144 s CPU, peak RSS 6.7 GB of which the
input frame is 2.3 GB):

* Tokens: Polars lowercases, strips punctuation and splits; each distinct word of a chunk is hashed
  once with BLAKE2b, so hashes are the same on every machine, run and library version. Shingle
  hashes combine three word hashes arithmetically in NumPy: no Python per word or per shingle.
* Common shingles are left out: a shingle occurring more than max(COMMON_MIN, COMMON_FRACTION * n)
  times is boilerplate or a stock phrase ("said in a statement", a recurring background paragraph),
  not the wording of one story, and it would make unrelated articles look alike. Texts identical
  after normalisation (same 64-bit hash and length) are grouped before this and MinHashed once,
  so a story copied thousands of times does not count as boilerplate.
* MinHash: one-permutation hashing with optimal densification (Li, Owen & Zhang 2012; Shrivastava
  2017). Each shingle is hashed once; the top bits of its hash pick one of NUM_PERM bins and a bin
  keeps the least value of its shingles; an empty bin copies the first non-empty bin of a probe
  sequence that depends only on the bin, so two signatures agree in a bin with probability equal
  to the Jaccard similarity, as with NUM_PERM independent permutations, at 1/NUM_PERM of the
  hashing. (datasketch hashes every shingle NUM_PERM times: measured on the bench corpus,
  `MinHash.update` 400 articles/s and `update_batch` 2,500 articles/s on one core, before LSH.)
* LSH: BANDS bands of ROWS bins; articles with an identical band are candidates. Candidates are
  verified by the signature estimate of their Jaccard similarity (>= threshold); stories are the
  connected components (union-find semantics, via SciPy) of the verified pairs that are either
  strong (>= STRONG) or the best verified match of one of their two articles (chaining guard).

Margin, with NUM_PERM = 256 and BANDS x ROWS = 64 x 2: a pair with J = 0.38 becomes a candidate
with probability 1 - (1 - 0.38**2)**64 > 0.9999; its estimate has a standard deviation of
sqrt(0.38 * 0.62 / 256) = 0.030 (over 300 hash seeds, the Japan-ASEAN pair measured mean 0.381, sd
0.031, minimum 0.30; with the hashes shipped here 0.31), so it falls below 0.25 in well under 0.1% of
hash choices; the Niger pair and every other pair of the seed stays below 0.05 in all 300 draws.

Large buckets: a band shared by thousands of articles would give millions of pairs, so inside a
bucket (members sorted by key) each member is paired with its next PAIR_WINDOW members only: all
pairs for buckets of up to PAIR_WINDOW + 1 members, linear work beyond. Copies of one story are
still chained together, and true near-duplicates share several bands, so they meet in small
buckets too.

Chaining guard: connected components chain (A~B and B~C join A and C), and over a large corpus
the weak pairs (threshold <= J < STRONG) chain unrelated articles into giant "stories": on the
1,000,000-article bench corpus, whose articles are built from a few sentence templates and reuse
them with the same names, plain union-find over all verified pairs made one story of 137,587
articles. So a weak pair joins two articles only when it is the best verified match of one of them;
pairs at or above STRONG always join. Every copy and rewrite of a story still reaches the story
through its best match, and a chain of weak links cannot grow through articles that each have a
better match elsewhere. (On that bench corpus: at most a few dozen articles per story; its
templated texts still pair some unrelated articles at J = 0.25-0.45, which real news, not written
from templates, rarely does.)

story_id = stable_id("story", smallest article_id of the story): derived from content, identical
across re-runs of the same input. When a later load adds an article with a smaller id to an
existing story, the story's id changes with it (the story itself changed).
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from flows.ids import stable_id

STORY_SCHEMA = {"article_id": pl.String, "story_id": pl.String}

THRESHOLD = 0.25
STRONG = 0.5  # a pair this similar always joins; a weaker one only as an article's best match
NUM_PERM = 256  # bins of the one-permutation MinHash; a power of two, at most 256
BANDS = 64
ROWS = 2
SHINGLE_WORDS = 3
PAIR_WINDOW = 8
# A shingle occurring more often than this is boilerplate or a stock phrase, not a story's wording.
COMMON_FRACTION = 0.002
COMMON_MIN = 100
# Below this many (uncommon) shingles a Jaccard estimate is noise ("2 of 6 shingles shared"): such
# a text (a one-line photo note, a headline-only item) is matched by exact duplicates only.
MIN_SHINGLES = 5
CHUNK_BYTES = 4 * 1024 * 1024  # text tokenised and hashed at a time, by one of WORKERS threads
WORKERS = pl.thread_pool_size()  # Polars' setting (POLARS_MAX_THREADS), so one knob bounds both

_NON_WORD = r"[^\p{L}\p{N}\p{M}]+"
_EMPTY = np.uint16(0xFFFF)  # a bin without shingles; real values are 0..0xFFFE
_U64 = np.uint64
_U32 = np.uint32
# SplitMix64 constants, and odd multipliers that make a shingle hash depend on word order.
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_SHINGLE_MULT = (_U64(0xC2B2AE3D27D4EB4F), _U64(0x165667B19E3779F9), _U64(0x27D4EB2F165667C5))
# A shingle is kept as 32 hash bits: the top log2(NUM_PERM) pick its bin, the next 16 are its value
# in the bin; the top _COUNT_BITS index the table that counts occurrences.
_BIN_BITS = int(np.log2(NUM_PERM))
_BIN_MASK = NUM_PERM - 1
_BIN_SHIFT = _U32(32 - _BIN_BITS)
_VALUE_SHIFT = _U32(32 - _BIN_BITS - 16)
_COUNT_BITS = 22
_COUNT_SHIFT = _U32(32 - _COUNT_BITS)
_PROBE_LIMIT = 4096
_QUICK_ATTEMPTS = 16
_QUICK_WIDTH = 16  # rows with fewer non-empty bins skip the quick attempts in _densify
_SOURCE_BATCH = 1 << 20  # (empty bin, non-empty bin) pairs ranked at a time by _densify
# Verification first compares this many bins and drops pairs far below the threshold (see _agreement).
_PREFILTER_BINS = 64
_PREFILTER_SLACK = 0.15

assert BANDS * ROWS <= NUM_PERM <= 256 and NUM_PERM & (NUM_PERM - 1) == 0
assert len(_SHINGLE_MULT) >= SHINGLE_WORDS


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: spreads any 64-bit input over all 64 output bits (wrapping arithmetic)."""
    z = x + _GOLDEN
    z = (z ^ (z >> _U64(30))) * _MIX1
    z = (z ^ (z >> _U64(27))) * _MIX2
    return z ^ (z >> _U64(31))


def _normalised(bodies: pl.Series) -> pl.Series:
    """Lowercased words separated by single spaces: punctuation and case do not make a text different."""
    return bodies.fill_null("").str.to_lowercase().str.replace_all(_NON_WORD, " ").str.strip_chars()


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _word_hashes(normalised: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit hash of every word in text order, word count of every document) of a chunk.

    Each distinct word of the chunk is hashed once (tens of thousands of calls, not one per word).
    """
    words = normalised.str.split(" ")
    counts = (words.list.len() - (normalised == "").cast(pl.UInt32)).to_numpy().astype(np.int64)
    flat = words.explode()
    flat = flat.filter(flat != "")
    if flat.is_empty():
        return np.empty(0, np.uint64), counts
    distinct = flat.unique()
    codes = flat.cast(pl.Enum(distinct)).to_physical().to_numpy()
    table = np.fromiter((_word_hash(w) for w in distinct.to_list()), dtype=np.uint64, count=len(distinct))
    return table[codes], counts


def _shingle_codes(normalised: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """(32-bit code of every shingle in document order, shingle count of every document) of a chunk.

    A shingle is SHINGLE_WORDS consecutive words of one document; its code is the top 32 bits of a
    mix of the word hashes, each multiplied by a constant of its position (word order matters).
    """
    k = SHINGLE_WORDS
    hashes, word_counts = _word_hashes(normalised)
    n_docs, span = len(word_counts), len(hashes) - k + 1
    if span <= 0:
        return np.empty(0, np.uint32), np.zeros(n_docs, dtype=np.int64)
    word_doc = np.repeat(np.arange(n_docs), word_counts)
    combined = hashes[:span] * _SHINGLE_MULT[0]
    for j in range(1, k):
        combined += hashes[j : j + span] * _SHINGLE_MULT[j]
    inside = word_doc[:span] == word_doc[k - 1 :]
    codes = (_mix(combined[inside]) >> _U64(32)).astype(np.uint32)
    return codes, np.bincount(word_doc[:span][inside], minlength=n_docs)


def _chunks(sizes: pl.Series) -> list[tuple[int, int]]:
    """(start, stop) row ranges of about CHUNK_BYTES of text each, from the texts' byte sizes."""
    ends = sizes.cast(pl.Int64).cum_sum().to_numpy()
    bounds, start = [], 0
    while start < len(ends):
        base = ends[start - 1] if start else 0
        stop = max(int(np.searchsorted(ends, base + CHUNK_BYTES, side="right")), start + 1)
        bounds.append((start, stop))
        start = stop
    return bounds


def _probe_tables() -> tuple[np.ndarray, np.ndarray]:
    """The probe sequences of optimal densification, in two forms.

    `probes[t, j]`: the bin that empty bin j looks at in attempt t + 1.
    `first_attempt[j, b]`: the first attempt at which bin j looks at bin b (_PROBE_LIMIT if never).
    """
    t = np.arange(_PROBE_LIMIT, dtype=np.uint64)[:, None]
    j = np.arange(NUM_PERM, dtype=np.uint64)[None, :]
    probes = (_mix(j * _U64(_PROBE_LIMIT + 1) + t + _U64(1)) % _U64(NUM_PERM)).astype(np.intp)
    first_attempt = np.full((NUM_PERM, NUM_PERM), _PROBE_LIMIT, dtype=np.int16)
    attempts = np.broadcast_to(np.arange(_PROBE_LIMIT, dtype=np.int16)[:, None], probes.shape)
    bins = np.broadcast_to(np.arange(NUM_PERM)[None, :], probes.shape)
    np.minimum.at(first_attempt, (bins.ravel(), probes.ravel()), attempts.ravel())
    return probes[:_QUICK_ATTEMPTS], first_attempt


_PROBES, _FIRST_ATTEMPT = _probe_tables()


def _densify(signatures: np.ndarray) -> None:
    """Fill empty bins in place by optimal densification: bin j copies the first originally
    non-empty bin of the sequence h(j, 1), h(j, 2), ... (at most _PROBE_LIMIT attempts).

    The probe sequence depends only on (j, attempt), never on the document, so two documents fill
    an empty bin from the same source bin whenever they can, which keeps P[agree] = Jaccard. In
    rows with at least _QUICK_WIDTH non-empty bins, the empty bins follow their sequences for
    _QUICK_ATTEMPTS attempts (enough for almost all of them); every bin still empty then takes, of
    its row's non-empty bins, the one its sequence reaches first (the same bin, found by ranking:
    cheaper for a row with few non-empty bins). Documents without any shingle keep all bins empty.
    """
    empty = signatures == _EMPTY
    width = NUM_PERM - empty.sum(axis=1)  # non-empty bins of each row
    rows = np.flatnonzero((width > 0) & (width < NUM_PERM))
    if rows.size == 0:
        return
    original, width = signatures[rows], width[rows]
    source_flat, filled = original.reshape(-1), original.reshape(-1).copy()
    cell = np.flatnonzero(empty[rows])  # row * NUM_PERM + bin of the empty bins
    dense = width[cell >> _BIN_BITS] >= _QUICK_WIDTH
    # Rows with many non-empty bins: follow the sequences of their empty bins a few attempts.
    quick, rest = cell[dense], [cell[~dense]]
    for probe in _PROBES:
        value = source_flat[(quick & ~_BIN_MASK) | probe[quick & _BIN_MASK]]
        found = value != _EMPTY
        filled[quick[found]] = value[found]
        quick = quick[~found]
    rest.append(quick)
    # The rest (and rows with few non-empty bins): each empty bin takes, of its row's non-empty
    # bins, the one its sequence reaches first (attempts are distinct, so the least is unique).
    cell = np.concatenate(rest)
    row_of, source = np.divmod(np.flatnonzero(~empty[rows]), NUM_PERM)
    starts = np.searchsorted(row_of, np.arange(rows.size + 1))
    doc, bin_ = cell >> _BIN_BITS, cell & _BIN_MASK
    width = width[doc]
    ends = np.cumsum(width)
    done = 0
    while done < cell.size:
        stop = max(
            int(np.searchsorted(ends, ends[done] - width[done] + _SOURCE_BATCH, side="right")), done + 1
        )
        d, b, w = doc[done:stop], bin_[done:stop], width[done:stop]
        offsets = np.cumsum(w) - w
        candidates = source[np.repeat(starts[d] - offsets, w) + np.arange(int(w.sum()))]
        rank = _FIRST_ATTEMPT[np.repeat(b, w), candidates].astype(np.int32) * NUM_PERM + candidates
        best = np.minimum.reduceat(rank, offsets)
        ok = best < _PROBE_LIMIT * NUM_PERM
        filled[cell[done:stop][ok]] = source_flat[d[ok] * NUM_PERM + best[ok] % NUM_PERM]
        done = stop
    signatures[rows] = filled.reshape(-1, NUM_PERM)


Bodies = Callable[[], Iterable[pl.Series]]
"""Where the bodies come from: each call yields all of them again, as String Series, in one order."""

_T = TypeVar("_T")
_R = TypeVar("_R")


def _pieces(bodies: Bodies, rows: int) -> Iterator[tuple[int, pl.Series]]:
    """(row of its first body, bodies) of about CHUNK_BYTES of text each, in order, over one pass
    over the `rows` bodies of `bodies`."""
    start = 0
    for batch in bodies():
        for a, b in _chunks(batch.str.len_bytes().fill_null(0)):
            yield start + a, batch.slice(a, b - a)
        start += len(batch)
    if start != rows:
        raise ValueError(f"expected {rows} bodies, got {start}")


def _mapped(function: Callable[[_T], _R], items: Iterable[_T]) -> Iterator[_R]:
    """function(item) for every item, in order, on WORKERS threads (Polars and NumPy release the
    GIL), with at most 2 * WORKERS items started and not yet consumed: a pass holds a few chunks."""
    with ThreadPoolExecutor(WORKERS) as pool:
        pending: deque[Future[_R]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= 2 * WORKERS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _scan(piece: tuple[int, pl.Series]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(text hash, text length, count slot of every shingle) of a chunk of bodies."""
    normalised = _normalised(piece[1])
    codes, _ = _shingle_codes(normalised)
    return (
        normalised.hash(seed=0).to_numpy(),
        normalised.str.len_bytes().to_numpy().astype(np.int64),
        codes >> _COUNT_SHIFT,
    )


def _first_pass(bodies: Bodies, rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(text hash, text length) of every document, and the shingle occurrences of each count slot.

    Shingles are counted in a 2**_COUNT_BITS-slot table indexed by their top hash bits, chunk by
    chunk; the shingles themselves are not kept (the second pass computes them again).
    """
    hashes, lengths = [], []
    occurrences = np.zeros(1 << _COUNT_BITS, dtype=np.int64)
    for text_hash, length, slots in _mapped(_scan, _pieces(bodies, rows)):
        hashes.append(text_hash)
        lengths.append(length)
        np.add.at(occurrences, slots, 1)
    return (
        np.concatenate([np.empty(0, np.uint64), *hashes]),
        np.concatenate([np.empty(0, np.int64), *lengths]),
        occurrences,
    )


def _uncount(bodies: Bodies, skip: np.ndarray, occurrences: np.ndarray) -> None:
    """Take the shingles of the documents flagged in `skip` out of `occurrences` (another pass,
    which normalises only those documents)."""

    def slots(piece: tuple[int, pl.Series]) -> np.ndarray:
        start, chunk = piece
        mask = skip[start : start + len(chunk)]
        if not mask.any():
            return np.empty(0, np.uint32)
        return _shingle_codes(_normalised(chunk.filter(pl.Series(mask))))[0] >> _COUNT_SHIFT

    for taken in _mapped(slots, _pieces(bodies, len(skip))):
        np.subtract.at(occurrences, taken, 1)


def _signatures(bodies: Bodies, keep: np.ndarray, occurrences: np.ndarray) -> np.ndarray:
    """(keep.sum(), NUM_PERM) uint16 one-permutation MinHash signatures of the kept documents.

    Shingles occurring more than max(COMMON_MIN, COMMON_FRACTION * documents) times among the
    kept documents (`occurrences`, per count slot) are left out (a rare shingle sharing a slot with
    a common one is dropped too, which costs a little recall, never precision). A document with
    fewer than MIN_SHINGLES remaining shingles keeps every bin at 0xFFFF and matches nothing.
    The shingles are computed again chunk by chunk, and dropped once their chunk is MinHashed.
    """
    n_keep = int(keep.sum())
    signatures = np.full((n_keep, NUM_PERM), _EMPTY, dtype=np.uint16)
    position = np.cumsum(keep) - 1  # row of each kept document in `signatures`
    cap = max(COMMON_MIN, int(np.ceil(COMMON_FRACTION * n_keep)))

    def fill(piece: tuple[int, pl.Series]) -> None:
        start, chunk = piece
        mask = keep[start : start + len(chunk)]
        if not mask.any():
            return
        first = position[start + int(np.argmax(mask))]
        codes, per_doc = _shingle_codes(_normalised(chunk if mask.all() else chunk.filter(pl.Series(mask))))
        n_docs = len(per_doc)
        doc = np.repeat(np.arange(n_docs), per_doc)
        ok = occurrences[codes >> _COUNT_SHIFT] <= cap
        codes, doc = codes[ok], doc[ok]
        enough = np.bincount(doc, minlength=n_docs) >= MIN_SHINGLES
        codes, doc = codes[enough[doc]], doc[enough[doc]]
        block = signatures[first : first + n_docs]  # a view: jobs write their own rows
        bins = (codes >> _BIN_SHIFT).astype(np.int64)
        values = np.minimum((codes >> _VALUE_SHIFT) & _U32(0xFFFF), _U32(0xFFFE)).astype(np.uint16)
        np.minimum.at(block.reshape(-1), doc * NUM_PERM + bins, values)
        _densify(block)

    for _ in _mapped(fill, _pieces(bodies, len(keep))):
        pass
    return signatures


def minhash_signatures(bodies: pl.Series) -> np.ndarray:
    """(len(bodies), NUM_PERM) uint16 MinHash signatures of raw bodies, exact duplicates included.

    For inspection and tuning: two rows agree in a fraction of bins that estimates the Jaccard
    similarity of the two texts' uncommon 3-word shingles.
    """
    _, _, occurrences = _first_pass(lambda: [bodies], len(bodies))
    return _signatures(lambda: [bodies], np.ones(len(bodies), dtype=bool), occurrences)


def _agreement(signatures: np.ndarray, a: np.ndarray, b: np.ndarray, threshold: float) -> np.ndarray:
    """Bins in which the signatures of a[k] and b[k] agree; 0 for a pair dropped by the prefilter.

    Most candidates are far below the threshold, so the first _PREFILTER_BINS bins are compared
    first and a pair estimated below threshold - _PREFILTER_SLACK there is dropped: a pair truly at
    the threshold is lost that way with probability under 0.3% (2.8 standard deviations at 64
    bins), one at J = 0.38 practically never. The rest is decided on all NUM_PERM bins.
    """
    head = _PREFILTER_BINS
    agreement = np.zeros(len(a), dtype=np.int64)
    quick = (signatures[a, :head] == signatures[b, :head]).sum(axis=1)
    alive = np.flatnonzero(quick >= (threshold - _PREFILTER_SLACK) * head)
    rest = (signatures[a[alive], head:] == signatures[b[alive], head:]).sum(axis=1)
    agreement[alive] = quick[alive] + rest
    return agreement


def _verified_pairs(
    signatures: np.ndarray, threshold: float, batch: int = 65_536
) -> tuple[np.ndarray, np.ndarray]:
    """(unique (i, j), i < j, in order; estimated Jaccard) of the LSH candidates reaching `threshold`.

    Candidates are articles sharing a band (neighbours within a bucket). Each band's candidates are
    verified as soon as they are found and only the verified pairs are kept, so the candidates of
    all bands are never held together (62 million distinct pairs on the bench corpus, 1 GB as a
    pair array); a pair found in several bands is verified in each (14% more comparisons there).
    """
    n = signatures.shape[0]
    usable = np.flatnonzero(signatures[:, 0] != _EMPTY)

    def verify_band(band: int) -> tuple[np.ndarray, np.ndarray]:
        cols = signatures[usable, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
        key = cols[:, 0]
        for r in range(1, ROWS):
            key = _mix(key * _SHINGLE_MULT[0] + cols[:, r])
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        in_band = [np.empty(0, np.int64)]
        for d in range(1, PAIR_WINDOW + 1):
            same = np.flatnonzero(sorted_key[d:] == sorted_key[:-d])
            if same.size == 0:
                break
            a, b = usable[order[same]], usable[order[same + d]]
            in_band.append(np.minimum(a, b) * n + np.maximum(a, b))
        candidates = np.concatenate(in_band)
        candidates.sort()  # signature rows in order: faster to gather than in bucket order
        found, agreements = [], []
        for s in range(0, len(candidates), batch):
            part = candidates[s : s + batch]
            agreement = _agreement(signatures, *np.divmod(part, n), threshold)
            ok = agreement >= threshold * NUM_PERM
            found.append(part[ok])
            agreements.append(agreement[ok])
        return np.concatenate([np.empty(0, np.int64), *found]), np.concatenate(
            [np.empty(0, np.int64), *agreements]
        )

    found, agreements = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    pending = 0
    for codes, agreement in _mapped(verify_band, range(BANDS)):
        found.append(codes)
        agreements.append(agreement)
        pending += len(codes)
        if pending > len(found[0]):  # a pair verified in many bands: keep the list near its unique size
            codes, first = np.unique(np.concatenate(found), return_index=True)
            found, agreements, pending = [codes], [np.concatenate(agreements)[first]], 0
    codes, first = np.unique(np.concatenate(found), return_index=True)
    agreement = np.concatenate(agreements)[first]
    return np.stack([codes // n, codes % n], axis=1), agreement / NUM_PERM


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
    """assign_stories for the articles `article_ids` whose bodies come in batches from `bodies`.

    `bodies()` yields String Series: the bodies of `article_ids`, in that order. It is called two
    times, or three when some texts are identical, and must yield the same texts in the same order
    each time (e.g. a query with ORDER BY fetched in batches). Only a few batches are held at a
    time; the results are those of assign_stories over the same articles.
    """
    n = len(article_ids)
    if n == 0:
        return pl.DataFrame(schema=STORY_SCHEMA)
    text_hash, length, occurrences = _first_pass(bodies, n)
    # Identical normalised texts: same 64-bit hash and same length (a false match between two
    # different texts has a probability of about n**2 / 2**65: 3e-8 for a million articles).
    exact = (
        pl.DataFrame({"hash": text_hash, "length": length})
        .with_row_index("row")
        .select(first=pl.col("row").min().over("hash", "length"), has_text=pl.col("length") > 0)
    )
    del text_hash, length
    first = exact.get_column("first").to_numpy().astype(np.int64)
    has_text = exact.get_column("has_text").to_numpy()
    rows = np.arange(n)
    keep = (first == rows) & has_text
    is_copy = (first != rows) & has_text
    copies = np.flatnonzero(is_copy)
    if copies.size:  # shingles are counted once per distinct text: a copy is not boilerplate
        _uncount(bodies, is_copy, occurrences)
    distinct = np.flatnonzero(keep)
    signatures = _signatures(bodies, keep, occurrences)
    pairs = distinct[_story_edges(*_verified_pairs(signatures, threshold))]
    del signatures
    edges = np.concatenate([pairs.reshape(-1, 2), np.stack([copies, first[copies]], axis=1)])
    graph = coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    clustered = pl.DataFrame({"article_id": article_ids, "cluster": pl.Series(labels, dtype=pl.Int64)})
    roots = clustered.group_by("cluster").agg(root=pl.col("article_id").min())
    story_ids = [stable_id("story", root) for root in roots.get_column("root").to_list()]
    roots = roots.with_columns(story_id=pl.Series(story_ids, dtype=pl.String))
    return clustered.join(roots, on="cluster", how="left", maintain_order="left").select(list(STORY_SCHEMA))
