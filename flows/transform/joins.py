"""Joining entity-stage frames to a small per-article table, in the order those frames come in."""

from __future__ import annotations

import polars as pl


def join_runs(frame: pl.DataFrame, table: pl.DataFrame, on: str) -> pl.DataFrame:
    """`frame.join(table, on=on)` (inner), keeping `frame`'s order.

    Sentences and mentions come article after article, so each run of one key is looked up once
    rather than every row (any order still works, with more runs). A key given twice in `table`
    falls back to the plain join.
    """
    if table.get_column(on).n_unique() < table.height:
        return frame.join(table, on=on, how="inner", maintain_order="left")
    starts_run = (pl.col(on) != pl.col(on).shift(1)).fill_null(True)
    runs = frame.with_columns(_run=starts_run.cum_sum() - 1)
    heads = (
        runs.filter(starts_run)
        .select(on)
        .join(table.with_columns(_found=pl.lit(True)), on=on, how="left", maintain_order="left")
    )
    looked = runs.with_columns(
        pl.lit(heads.get_column(c)).gather(pl.col("_run")).alias(c) for c in heads.columns if c != on
    )
    # Usually every key is in the table: the filter, a copy of every column, only runs if not.
    if heads.get_column("_found").null_count():
        looked = looked.filter(pl.col("_found").is_not_null())
    return looked.drop("_run", "_found")
