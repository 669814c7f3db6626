"""MinHash signatures of article bodies: normalised text, 3-word shingles, one-permutation hashing.

The passes over the bodies that story clustering needs (see flows.transform.stories for why and how
they are used): the key of every normalised text, the occurrences of shingles per count slot, and
the signatures of chosen documents with chosen shingles left out. Each pass streams the bodies
chunk by chunk on WORKERS threads and holds only a few chunks at a time.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import polars as pl

from flows.transform.workers import WORKERS, pool

NUM_PERM = 256  # bins of the one-permutation MinHash; a power of two, at most 256
SHINGLE_WORDS = 3
# Below this many (uncommon) shingles a Jaccard estimate is noise ("2 of 6 shingles shared"): such
# a text (a one-line photo note, a headline-only item) is matched by exact duplicates only.
MIN_SHINGLES = 5
CHUNK_BYTES = 4 * 1024 * 1024  # text tokenised and hashed at a time, by one of WORKERS threads
# Shingles are counted in 2**COUNT_BITS slots indexed by their top hash bits: a fixed-size table
# whatever the corpus, at the cost of a rare shingle now and then sharing a slot with a common one.
COUNT_BITS = 22
EMPTY = np.uint16(0xFFFF)  # a bin without shingles; real values are 0..0xFFFE

_NON_WORD = r"[^\p{L}\p{N}\p{M}]+"
_U64 = np.uint64
_U32 = np.uint32
# SplitMix64 constants, and odd multipliers that make a shingle hash depend on word order.
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
SHINGLE_MULT = (_U64(0xC2B2AE3D27D4EB4F), _U64(0x165667B19E3779F9), _U64(0x27D4EB2F165667C5))
# A shingle is kept as 32 hash bits: the top log2(NUM_PERM) pick its bin, the next 16 are its value
# in the bin; the top COUNT_BITS index the table that counts occurrences.
_BIN_BITS = int(np.log2(NUM_PERM))
_BIN_MASK = NUM_PERM - 1
_BIN_SHIFT = _U32(32 - _BIN_BITS)
_VALUE_SHIFT = _U32(32 - _BIN_BITS - 16)
_COUNT_SHIFT = _U32(32 - COUNT_BITS)
_PROBE_LIMIT = 4096
_QUICK_ATTEMPTS = 16
_QUICK_WIDTH = 16  # rows with fewer non-empty bins skip the quick attempts in _densify
_SOURCE_BATCH = 1 << 20  # (empty bin, non-empty bin) pairs ranked at a time by _densify

assert NUM_PERM <= 256 and NUM_PERM & (NUM_PERM - 1) == 0
assert len(SHINGLE_MULT) >= SHINGLE_WORDS


def mix(x: np.ndarray) -> np.ndarray:
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
    combined = hashes[:span] * SHINGLE_MULT[0]
    for j in range(1, k):
        combined += hashes[j : j + span] * SHINGLE_MULT[j]
    inside = word_doc[:span] == word_doc[k - 1 :]
    codes = (mix(combined[inside]) >> _U64(32)).astype(np.uint32)
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
    probes = (mix(j * _U64(_PROBE_LIMIT + 1) + t + _U64(1)) % _U64(NUM_PERM)).astype(np.intp)
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
    empty = signatures == EMPTY
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
        found = value != EMPTY
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


def mapped(function: Callable[[_T], _R], items: Iterable[_T]) -> Iterator[_R]:
    """function(item) for every item, in order, on WORKERS threads (Polars and NumPy release the
    GIL), with at most 2 * WORKERS items started and not yet consumed: a pass holds a few chunks."""
    pending: deque[Future[_R]] = deque()
    for item in items:
        pending.append(pool().submit(function, item))
        if len(pending) >= 2 * WORKERS:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _selected(
    piece: tuple[int, pl.Series], flags: np.ndarray, before: np.ndarray
) -> tuple[int, pl.Series] | None:
    """(index of its first flagged document among all flagged ones, normalised flagged documents)
    of a chunk, or None when it has none; `before[i]` is the number of flagged documents before i."""
    start, chunk = piece
    mask = flags[start : start + len(chunk)]
    if not mask.any():
        return None
    return int(before[start]), _normalised(chunk if mask.all() else chunk.filter(pl.Series(mask)))


def _flagged_before(flags: np.ndarray) -> np.ndarray:
    return np.cumsum(flags) - flags


def _keys(normalised: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    return normalised.hash(seed=0).to_numpy(), normalised.str.len_bytes().to_numpy().astype(np.int64)


def text_keys_and_signatures(
    bodies: Bodies, rows: int, common: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(64-bit hash, byte length, signature as in `signatures`) of every one of the `rows` normalised
    texts, in one pass over them. Texts with equal keys are identical (a false match has a
    probability of about rows**2 / 2**65: 3e-8 for a million articles).

    The hash is Polars' (seed 0), which is stable for one Polars version: a stored key is
    comparable only with keys computed by the same version.
    """
    result = np.full((rows, NUM_PERM), EMPTY, dtype=np.uint16)

    def keyed(piece: tuple[int, pl.Series]) -> tuple[np.ndarray, np.ndarray]:
        start, chunk = piece
        normalised = _normalised(chunk)
        _minhash_into(result[start : start + len(chunk)], normalised, common)
        return _keys(normalised)

    hashes, lengths = [np.empty(0, np.uint64)], [np.empty(0, np.int64)]
    for text_hash, length in mapped(keyed, _pieces(bodies, rows)):
        hashes.append(text_hash)
        lengths.append(length)
    return np.concatenate(hashes), np.concatenate(lengths), result


@dataclass(frozen=True)
class ChunkScan:
    """A chunk of bodies, tokenised once: its text keys and where its shingles are counted."""

    text_hash: np.ndarray
    text_length: np.ndarray
    slots: np.ndarray  # count slot of every shingle, in document order
    shingles: np.ndarray  # shingles per document
    used: np.ndarray  # the slots the chunk's shingles fall into...
    counts: np.ndarray  # ...and how many fall into each

    def count_into(self, occurrences: np.ndarray, documents: np.ndarray) -> None:
        """Add the shingles of the documents flagged in `documents` to `occurrences`, a shingle
        repeated in a document counting each time."""
        if documents.all():
            occurrences[self.used] += self.counts  # `used` has no repeats, so += adds every count
        elif documents.any():
            found, counts = np.unique(self.slots[np.repeat(documents, self.shingles)], return_counts=True)
            occurrences[found] += counts


def scan(bodies: Bodies, rows: int) -> Iterator[ChunkScan]:
    """Every chunk of the `rows` bodies of `bodies`, in order, tokenised on WORKERS threads."""
    size = 1 << COUNT_BITS

    def tokenised(piece: tuple[int, pl.Series]) -> ChunkScan:
        normalised = _normalised(piece[1])
        codes, shingles = _shingle_codes(normalised)
        slots = (codes >> _COUNT_SHIFT).astype(np.int64)
        found = np.bincount(slots, minlength=size)
        used = np.flatnonzero(found)
        text_hash, text_length = _keys(normalised)
        return ChunkScan(text_hash, text_length, slots, shingles, used, found[used])

    yield from mapped(tokenised, _pieces(bodies, rows))


def signatures(bodies: Bodies, keep: np.ndarray, common: np.ndarray) -> np.ndarray:
    """(keep.sum(), NUM_PERM) uint16 one-permutation MinHash signatures of the kept documents.

    Shingles whose count slot is flagged in `common` are left out (a rare shingle sharing a slot
    with a common one is dropped too, which costs a little recall, never precision). A document
    with fewer than MIN_SHINGLES remaining shingles keeps every bin at EMPTY and matches nothing.
    The shingles are computed chunk by chunk and dropped once their chunk is MinHashed.
    """
    result = np.full((int(keep.sum()), NUM_PERM), EMPTY, dtype=np.uint16)
    before = _flagged_before(keep)

    def fill(piece: tuple[int, pl.Series]) -> None:
        selected = _selected(piece, keep, before)
        if selected is not None:
            first, normalised = selected
            _minhash_into(result[first : first + len(normalised)], normalised, common)

    for _ in mapped(fill, _pieces(bodies, len(keep))):
        pass
    return result


def _minhash_into(block: np.ndarray, normalised: pl.Series, common: np.ndarray) -> None:
    """Write the signatures of the normalised texts into `block`, one row each (a view: the jobs
    of a pass write their own rows), left at EMPTY."""
    codes, per_doc = _shingle_codes(normalised)
    n_docs = len(per_doc)
    doc = np.repeat(np.arange(n_docs), per_doc)
    ok = ~common[codes >> _COUNT_SHIFT]
    codes, doc = codes[ok], doc[ok]
    enough = np.bincount(doc, minlength=n_docs) >= MIN_SHINGLES
    codes, doc = codes[enough[doc]], doc[enough[doc]]
    bins = (codes >> _BIN_SHIFT).astype(np.int64)
    values = np.minimum((codes >> _VALUE_SHIFT) & _U32(0xFFFF), _U32(0xFFFE)).astype(np.uint16)
    np.minimum.at(block.reshape(-1), doc * NUM_PERM + bins, values)
    _densify(block)
