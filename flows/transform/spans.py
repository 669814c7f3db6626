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
    head = (pl.col(group) != pl.col(group).shift(1)).fill_null(True)
    kept = []
    while remaining.height:
        remaining = remaining.with_columns(_head=head, _edge=pl.when(head).then("end").forward_fill())
        kept.append(remaining.filter("_head"))
        remaining = remaining.filter(~pl.col("_head") & (pl.col("start") >= pl.col("_edge")))
    return pl.concat(kept).drop("_head", "_edge").sort(group, "start") if kept else spans.clear()
