"""Stable keys derived from content, so re-runs and incremental loads keep them."""

from __future__ import annotations

import hashlib

import polars as pl


def stable_id(*parts: object) -> str:
    """Return a 16-hex-digit key from the given parts.

    Keys are hashes of what a row *is* (file bytes, ordinal, canonical name), never of load order,
    so a BI tool's saved filters survive re-runs of unchanged input.
    """
    h = hashlib.blake2b(digest_size=8)
    for part in parts:
        h.update(str(part).encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def entity_id(entity_type: str, canonical: str) -> str:
    """One id per entity across the whole warehouse: its type and canonical name decide it."""
    return stable_id("entity", entity_type, canonical)


def stable_ids(prefix: str, *parts: pl.Expr) -> pl.Expr:
    """`stable_id(prefix, *row)` for every row, as an expression over string or integer columns.

    The key bytes are joined by Polars; only the hash itself runs in Python, one call a row
    (blake2b is streaming, so hashing the joined bytes equals hashing the parts one by one).
    A null part hashes as "None", as `str(None)` does in `stable_id`.
    """
    joined = pl.concat_str(
        [pl.lit(prefix), *(p.cast(pl.String).fill_null("None") for p in parts), pl.lit("")],
        separator="\x1f",
    )
    return joined.map_batches(_hash_strings, return_dtype=pl.String)


def _hash_strings(keys: pl.Series) -> pl.Series:
    # Copying a fresh hasher is cheaper than building one per key; Polars hands the UTF-8 bytes
    # over as they are, which saves encoding each key in Python.
    fresh = hashlib.blake2b(digest_size=8)
    digests = []
    for key in keys.cast(pl.Binary).to_list():
        hasher = fresh.copy()
        hasher.update(key)
        digests.append(hasher.hexdigest())
    return pl.Series(digests, dtype=pl.String)
