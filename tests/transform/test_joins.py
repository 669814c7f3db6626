"""join_runs gives what a plain inner join gives, in the frame's order."""

from __future__ import annotations

import polars as pl
import pytest

from flows.transform.joins import join_runs

TABLE = pl.DataFrame({"article_id": ["a", "b", "c"], "row": [0, None, 2]})


@pytest.mark.parametrize(
    "keys",
    [
        ["a", "a", "b", "b", "c"],  # article after article, as the entity stage gives them
        ["a", "b", "a", "c", "b", "a"],  # interleaved
        ["a", None, "x", "c", None, "x"],  # keys missing from the table, and nulls
        [],
    ],
)
def test_join_runs_equals_the_inner_join(keys: list[str | None]) -> None:
    frame = pl.DataFrame(
        {"article_id": keys, "n": range(len(keys))}, schema={"article_id": pl.String, "n": pl.Int64}
    )
    expected = frame.join(TABLE, on="article_id", how="inner", maintain_order="left")
    assert join_runs(frame, TABLE, "article_id").equals(expected)


def test_a_key_given_twice_joins_every_row_of_it() -> None:
    frame = pl.DataFrame({"article_id": ["a", "b"], "n": [0, 1]})
    table = pl.DataFrame({"article_id": ["a", "a", "b"], "row": [0, 1, 2]})
    assert join_runs(frame, table, "article_id").get_column("row").to_list() == [0, 1, 2]
