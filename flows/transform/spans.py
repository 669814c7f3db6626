"""Choosing non-overlapping spans from the left, as a regex scanner does, for many groups at once."""

from __future__ import annotations

import polars as pl


def leftmost_longest(spans: pl.DataFrame, group: str) -> pl.DataFrame:
    """Non-overlapping spans (`start`, `end` exclusive) per `group`, chosen from the left: the longest
    span at a position wins, and a span starting inside a kept one is dropped.

    The choice is sequential (whether a span is kept depends on the spans kept before it), so it runs
    in rounds: each round keeps the first remaining span of every group and drops the spans of the
    group that start inside it. Rounds are as many as the most spans kept in one group.
    """
    remaining = spans.sort(group, "start", pl.col("end") - pl.col("start"), descending=[False, False, True])
    kept = []
    while remaining.height:
        head = remaining.filter((pl.col(group) != pl.col(group).shift(1)).fill_null(True))
        kept.append(head)
        remaining = (
            remaining.join(head.select(group, _edge="end"), on=group, maintain_order="left")
            .filter(pl.col("start") >= pl.col("_edge"))
            .drop("_edge")
        )
    return pl.concat(kept).sort(group, "start") if kept else spans.clear()
