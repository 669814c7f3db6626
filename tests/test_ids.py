"""Keys derived from content: the vectorised form gives the same keys as the scalar one."""

from __future__ import annotations

import polars as pl

from flows.ids import stable_id, stable_ids


def test_stable_ids_equal_stable_id_row_by_row() -> None:
    frame = pl.DataFrame(
        {"article": ["a1", "é“x”", None, ""], "n": [0, -7, 12, None]},
        schema={"article": pl.String, "n": pl.Int64},
    )
    got = frame.select(stable_ids("event", pl.col("article"), pl.col("n"))).to_series().to_list()
    assert got == [stable_id("event", a, n) for a, n in frame.iter_rows()]


def test_stable_ids_of_no_rows() -> None:
    frame = pl.DataFrame(schema={"article": pl.String})
    assert frame.select(stable_ids("quote", pl.col("article"))).height == 0
