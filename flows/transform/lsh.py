"""Candidate pairs of MinHash signatures by LSH banding, verified by their estimated Jaccard similarity.

A pair is found from the signatures alone, so a later run can look for the pairs of its new
signatures among stored ones without the texts (see `verified_pairs(..., since=...)`).
"""

from __future__ import annotations

import numpy as np

from flows.transform.minhash import EMPTY, NUM_PERM, mapped

BANDS = 64
ROWS = 2
PAIR_WINDOW = 8
# Verification first compares this many bins and drops pairs far below the threshold (see _agreement).
_PREFILTER_BINS = 64
_PREFILTER_SLACK = 0.15

# A band's ROWS 16-bit bins read as one integer: equal keys are exactly equal bands.
_KEY_TYPES = {1: np.uint16, 2: np.uint32, 4: np.uint64}
_FILTER_BITS = 20  # bitmap that rules out most keys before an exact look-up (see _holding)

assert BANDS * ROWS <= NUM_PERM and ROWS in _KEY_TYPES


def _holding(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Indices of the `keys` equal to one of `wanted` (few): a bitmap of the wanted keys' low bits
    first, so that only the keys it lets through are looked up."""
    low = (1 << _FILTER_BITS) - 1
    bitmap = np.zeros(low + 1, dtype=bool)
    bitmap[wanted.astype(np.int64) & low] = True
    maybe = np.flatnonzero(bitmap[keys.astype(np.int64) & low])
    distinct = np.unique(wanted)
    found = distinct[np.minimum(np.searchsorted(distinct, keys[maybe]), len(distinct) - 1)]
    return maybe[found == keys[maybe]]


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


def verified_pairs(
    signatures: np.ndarray, threshold: float, since: int = 0, batch: int = 65_536
) -> tuple[np.ndarray, np.ndarray]:
    """(unique (i, j), i < j, in order; estimated Jaccard) of the LSH candidates reaching `threshold`,
    of the pairs with j >= since: with since = 0 all of them, with since > 0 exactly those the rows
    from `since` on add to the pairs of rows 0..since-1 alone.

    Candidates are rows sharing a band: inside a bucket (members in row order) each member is paired
    with its next PAIR_WINDOW members. Rows added at the end of the matrix come last in every bucket,
    so they never move the earlier members' windows: the pairs among rows 0..since-1 stay those of
    the smaller matrix, and only buckets holding a row from `since` on need to be looked at.

    Each band's candidates are verified as soon as they are found and only the verified pairs are
    kept, so the candidates of all bands are never held together (62 million distinct pairs on the
    1M bench corpus, 1 GB as a pair array); a pair found in several bands is verified in each (14%
    more comparisons there).
    """
    n = signatures.shape[0]
    usable = np.flatnonzero(signatures[:, 0] != EMPTY)
    fresh = int(np.searchsorted(usable, since))  # usable[fresh:] are the rows from `since` on
    if fresh == len(usable):
        return np.empty((0, 2), np.int64), np.empty(0, np.float64)

    keys = np.ascontiguousarray(signatures).view(_KEY_TYPES[ROWS])  # column b: band b as one integer

    def verify_band(band: int) -> tuple[np.ndarray, np.ndarray]:
        key, members = keys[usable, band], usable
        if since:  # only the buckets of the new rows, whole
            touched = _holding(key, key[fresh:])
            key, members = key[touched], usable[touched]
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        in_band = [np.empty(0, np.int64)]
        for d in range(1, PAIR_WINDOW + 1):
            same = np.flatnonzero(sorted_key[d:] == sorted_key[:-d])
            if same.size == 0:
                break
            a, b = members[order[same]], members[order[same + d]]
            if since:
                new = np.maximum(a, b) >= since
                a, b = a[new], b[new]
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
    for codes, agreement in mapped(verify_band, range(BANDS)):
        found.append(codes)
        agreements.append(agreement)
        pending += len(codes)
        if pending > len(found[0]):  # a pair verified in many bands: keep the list near its unique size
            codes, first = np.unique(np.concatenate(found), return_index=True)
            found, agreements, pending = [codes], [np.concatenate(agreements)[first]], 0
    codes, first = np.unique(np.concatenate(found), return_index=True)
    agreement = np.concatenate(agreements)[first]
    return np.stack([codes // n, codes % n], axis=1), agreement / NUM_PERM
