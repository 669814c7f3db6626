"""Stable keys derived from content, so re-runs and incremental loads keep them."""

from __future__ import annotations

import hashlib


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
