"""Stories (`dim_article.story_id`): articles that tell the same story, found as near-duplicates.

Two articles are the same story when the Jaccard similarity of their sets of 3-word shingles
(lowercased, punctuation stripped) is at least `threshold`. A rewrite of a wire story (a few words
changed, a paragraph dropped or added) keeps a third or more of its 3-word sequences; two different
stories on the same topic (US troops leaving Niger, told twice by different outlets) share a few
percent, because 3-word sequences carry phrasing, not just vocabulary. Measured on the digest seed:
the two rewrites of the Japan-ASEAN summit have J = 0.38; the two different Niger stories 0.016; no
other pair exceeds 0.016. THRESHOLD = 0.25 sits between them with margin on both sides (see below).

How, at 1,000,000 articles:

* Words are hashed in NumPy straight from the Arrow buffer of the normalised bodies (a polynomial
  hash of the UTF-8 bytes, vectorised with `np.add.reduceat`); shingles combine three word hashes
  arithmetically. No Python per word or per shingle, and the hashes are the same on every machine
  and every run (no `hash()` seeding, no Polars hash whose output may change between versions).
* MinHash signatures use one-permutation hashing with optimal densification (Li, Owen & Zhang
  2012; Shrivastava 2017): each shingle hash is computed once, its top bits pick one of NUM_PERM
  bins, and a bin keeps the minimum of its shingles; empty bins borrow from another bin chosen by a
  probe sequence shared by all documents. Two signatures then agree in a bin with probability equal
  to the Jaccard similarity, as with NUM_PERM independent permutations, at the cost of one hash per
  shingle instead of NUM_PERM. (datasketch's `MinHash.update` hashes every shingle NUM_PERM times
  in Python: measured ~38,000 shingles/s, i.e. ~90 articles/s of 420 shingles; this code runs at
  tens of thousands of articles/s.)
* LSH: BANDS bands of ROWS bins. Articles with an identical band are candidates; candidates are
  verified by the signature estimate of their Jaccard similarity (>= threshold); stories are the
  connected components of the verified pairs (union-find semantics, via SciPy).

Margin, with NUM_PERM = 128, BANDS x ROWS = 64 x 2: a pair with J = 0.38 becomes a candidate with
probability 1 - (1 - 0.38**2)**64 > 0.9999, and its estimate has a standard deviation of about
sqrt(0.38 * 0.62 / 128) = 0.043, so falling below 0.25 is a 3-sigma event; a pair with J = 0.016
is estimated above 0.25 with probability far below 1e-9. Related stories with J up to ~0.15 stay
apart.

Large buckets: a band shared by thousands of articles (a very common phrase hashing low in both
bins, or a story syndicated thousands of times) would give millions of pairs. Inside a bucket the
members are therefore paired only with their next PAIR_WINDOW neighbours (all pairs for buckets of
up to PAIR_WINDOW + 1 members), which keeps the work linear; copies of one story are still chained
together, and true near-duplicates share several bands, so they meet in smaller buckets too.

story_id = stable_id("story", smallest article_id of the story): derived from content, identical
across re-runs of the same input. When a later load adds an article with a smaller id to an
existing story, the story's id changes with it (the story itself changed).
"""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from flows.ids import stable_id

STORY_SCHEMA = {"article_id": pl.String, "story_id": pl.String}

THRESHOLD = 0.25
NUM_PERM = 256  # bins of the one-permutation MinHash; a power of two, at most 256
BANDS = 64
ROWS = 2
SHINGLE_WORDS = 3
PAIR_WINDOW = 8
# A shingle occurring more often than this is boilerplate or a stock phrase, not a story's wording.
COMMON_FRACTION = 0.002
COMMON_MIN = 100
CHUNK_BYTES = 8 * 1024 * 1024  # text tokenised and hashed at a time

_NON_WORD = r"[^\p{L}\p{N}\p{M}]+"
_EMPTY = np.uint16(0xFFFF)  # a bin without shingles; real values are 0..0xFFFE
_U64 = np.uint64
_U32 = np.uint32
# SplitMix64 constants, and odd multipliers that make a shingle hash depend on word order.
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_SHINGLE_MULT = (_U64(0xC2B2AE3D27D4EB4F), _U64(0x165667B19E3779F9), _U64(0x27D4EB2F165667C5))
_PROBE_LIMIT = 4096
# A shingle is kept as 32 hash bits: the top log2(NUM_PERM) pick its bin, the next 16 are its value
# in the bin; the top _COUNT_BITS index the table that counts occurrences.
_BIN_SHIFT = _U32(32 - int(np.log2(NUM_PERM)))
_VALUE_SHIFT = _U32(32 - int(np.log2(NUM_PERM)) - 16)
_COUNT_BITS = 22
_COUNT_SHIFT = _U32(32 - _COUNT_BITS)

assert BANDS * ROWS <= NUM_PERM <= 256 and NUM_PERM & (NUM_PERM - 1) == 0


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

    Each distinct word of the chunk is hashed once with BLAKE2b (tens of thousands of calls, not one
    per word), so hashes are the same on every machine, run and library version.
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

    A shingle is SHINGLE_WORDS consecutive words; a shorter text is one shingle of all its words.
    """
    k = SHINGLE_WORDS
    hashes, word_counts = _word_hashes(normalised)
    n_docs, n_words = len(word_counts), len(hashes)
    if n_words == 0:
        return np.empty(0, np.uint32), np.zeros(n_docs, dtype=np.int64)
    word_doc = np.repeat(np.arange(n_docs), word_counts)
    padded_doc = np.concatenate([word_doc, np.full(k - 1, -1)])
    padded_hash = np.concatenate([hashes, np.zeros(k - 1, dtype=np.uint64)])
    first_word = np.zeros(n_words, dtype=bool)
    first_word[(np.cumsum(word_counts) - word_counts)[word_counts > 0]] = True
    valid = (padded_doc[k - 1 :] == word_doc) | (first_word & (word_counts[word_doc] < k))
    combined = hashes * _SHINGLE_MULT[0]
    for j in range(1, k):
        same_doc = padded_doc[j : j + n_words] == word_doc
        combined += np.where(same_doc, padded_hash[j : j + n_words] * _SHINGLE_MULT[j], _U64(0))
    codes = (_mix(combined[valid]) >> _U64(32)).astype(np.uint32)
    return codes, np.bincount(word_doc[valid], minlength=n_docs)


def _chunks(normalised: pl.Series) -> list[tuple[int, int]]:
    """(start, stop) row ranges of about CHUNK_BYTES of text each."""
    sizes = normalised.str.len_bytes().cast(pl.Int64).cum_sum().to_numpy()
    bounds, start = [], 0
    while start < len(sizes):
        base = sizes[start - 1] if start else 0
        stop = max(int(np.searchsorted(sizes, base + CHUNK_BYTES, side="right")), start + 1)
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
    return probes, first_attempt


_PROBES, _FIRST_ATTEMPT = _probe_tables()
_QUICK_ATTEMPTS = 16


def _densify(signatures: np.ndarray) -> None:
    """Fill empty bins in place by optimal densification: bin j copies the first originally
    non-empty bin of the sequence h(j, 1), h(j, 2), ... (at most _PROBE_LIMIT attempts).

    The probe sequence depends only on (j, attempt), never on the document, so two documents fill
    an empty bin from the same source bin whenever they can, which keeps P[agree] = Jaccard.
    The first attempts are column gathers over all documents with empty bins (enough for most);
    the few sparse documents left take, per empty bin, the non-empty bin it reaches first.
    Documents without any shingle keep all bins empty.
    """
    empty = signatures == _EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if rows.size == 0:
        return
    original, original_empty = signatures[rows], empty[rows]
    filled, need = original.copy(), original_empty.copy()
    for attempt in range(_QUICK_ATTEMPTS):
        probe = _PROBES[attempt]
        take = need & ~original_empty[:, probe]
        filled = np.where(take, original[:, probe], filled)
        need &= ~take
    sparse = np.flatnonzero(need.any(axis=1))
    for s in range(0, sparse.size, 64):
        batch = sparse[s : s + 64]
        # (docs, j, b): attempt at which j reaches b, where b is a non-empty bin of the document.
        reach = np.where(
            original_empty[batch][:, None, :], np.int16(_PROBE_LIMIT), _FIRST_ATTEMPT[None, :, :]
        )
        source = reach.argmin(axis=2)
        reachable = np.take_along_axis(reach, source[:, :, None], axis=2)[:, :, 0] < _PROBE_LIMIT
        values = np.take_along_axis(original[batch], source, axis=1)
        filled[batch] = np.where(need[batch] & reachable, values, filled[batch])
    signatures[rows] = filled


def minhash_signatures(normalised: pl.Series) -> np.ndarray:
    """(len, NUM_PERM) uint16 one-permutation MinHash signatures of normalised texts.

    Shingles occurring more than max(COMMON_MIN, COMMON_FRACTION * len) times in the input are left
    out (counted in a 2**_COUNT_BITS-slot table indexed by hash bits; a rare shingle sharing a slot
    with a common one is dropped too, which costs a little recall, never precision). A document
    without any remaining shingle keeps every bin at 0xFFFF and matches nothing.
    """
    n = len(normalised)
    signatures = np.full((n, NUM_PERM), _EMPTY, dtype=np.uint16)
    chunks = [
        (start, stop, *_shingle_codes(normalised.slice(start, stop - start)))
        for start, stop in _chunks(normalised)
    ]
    occurrences = np.zeros(1 << _COUNT_BITS, dtype=np.int64)
    for _, _, codes, _ in chunks:
        occurrences += np.bincount(codes >> _COUNT_SHIFT, minlength=1 << _COUNT_BITS)
    cap = max(COMMON_MIN, int(np.ceil(COMMON_FRACTION * n)))
    for start, stop, codes, per_doc in chunks:
        doc = np.repeat(np.arange(stop - start), per_doc)
        keep = occurrences[codes >> _COUNT_SHIFT] <= cap
        codes, doc = codes[keep], doc[keep]
        bins = (codes >> _BIN_SHIFT).astype(np.int64)
        values = np.minimum((codes >> _VALUE_SHIFT) & _U32(0xFFFF), _U32(0xFFFE)).astype(np.uint16)
        flat = signatures[start:stop].reshape(-1)  # a view: the rows are contiguous
        np.minimum.at(flat, doc * NUM_PERM + bins, values)
        _densify(signatures[start:stop])
    return signatures


def _candidate_pairs(signatures: np.ndarray) -> np.ndarray:
    """Unique (i, j), i < j, of articles sharing at least one LSH band (neighbours within a bucket)."""
    n = signatures.shape[0]
    usable = np.flatnonzero(signatures[:, 0] != _EMPTY)
    found = []
    for band in range(BANDS):
        cols = signatures[usable, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
        key = cols[:, 0]
        for r in range(1, ROWS):
            key = _mix(key * _SHINGLE_MULT[0] + cols[:, r])
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        for d in range(1, PAIR_WINDOW + 1):
            same = np.flatnonzero(sorted_key[d:] == sorted_key[:-d])
            if same.size == 0:
                break
            a, b = usable[order[same]], usable[order[same + d]]
            found.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // n, codes % n], axis=1)


def _verified(
    signatures: np.ndarray, pairs: np.ndarray, threshold: float, batch: int = 500_000
) -> np.ndarray:
    """The candidate pairs whose estimated Jaccard similarity reaches `threshold`."""
    keep = np.zeros(len(pairs), dtype=bool)
    for s in range(0, len(pairs), batch):
        p = pairs[s : s + batch]
        agree = (signatures[p[:, 0]] == signatures[p[:, 1]]).sum(axis=1)
        keep[s : s + batch] = agree >= threshold * NUM_PERM
    return pairs[keep]


def assign_stories(articles: pl.DataFrame, threshold: float = THRESHOLD) -> pl.DataFrame:
    """(article_id, story_id) for every input article; near-duplicates (Jaccard >= threshold) share one.

    All articles go in at once and clusters come out: a story is a connected component of verified
    near-duplicate pairs, so A~B and B~C put A, B and C in one story even if A and C differ more.
    Articles whose normalised texts are identical are one story outright and are MinHashed once
    (a story syndicated thousands of times must not look like boilerplate to the common-shingle
    filter). An article without any word is a story of its own.
    """
    if articles.is_empty():
        return pl.DataFrame(schema=STORY_SCHEMA)
    n = articles.height
    normalised = _normalised(articles.get_column("body"))
    exact = (
        pl.DataFrame({"text": normalised})
        .with_row_index("row")
        .select(pl.col("row").min().over("text").alias("first"), (pl.col("text") != "").alias("has_text"))
    )
    first = exact.get_column("first").to_numpy().astype(np.int64)
    has_text = exact.get_column("has_text").to_numpy()
    rows = np.arange(n)
    distinct = np.flatnonzero((first == rows) & has_text)
    signatures = minhash_signatures(normalised.gather(distinct))
    pairs = distinct[_verified(signatures, _candidate_pairs(signatures), threshold)]
    copies = np.flatnonzero((first != rows) & has_text)
    edges = np.concatenate([pairs, np.stack([copies, first[copies]], axis=1)]).reshape(-1, 2)
    graph = coo_matrix((np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    clustered = articles.select("article_id").with_columns(cluster=pl.Series(labels, dtype=pl.Int64))
    roots = clustered.group_by("cluster").agg(root=pl.col("article_id").min())
    story_ids = [stable_id("story", root) for root in roots.get_column("root").to_list()]
    roots = roots.with_columns(story_id=pl.Series(story_ids, dtype=pl.String))
    return clustered.join(roots, on="cluster", how="left", maintain_order="left").select(list(STORY_SCHEMA))
