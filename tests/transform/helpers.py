"""Run the entity stage on bodies written for a test, checking every offset on the way."""

from __future__ import annotations

from datetime import date

import polars as pl

from flows.transform.entities import Gazetteer, sentences_and_mentions


def articles_of(*bodies: str, published: date | None = None) -> pl.DataFrame:
    """Articles `a0`, `a1`, ... with the given bodies and one published date (or none)."""
    return pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(bodies))],
            "body": list(bodies),
            "published_date": [published] * len(bodies),
        },
        schema={"article_id": pl.String, "body": pl.String, "published_date": pl.Date},
    )


def mentions_of(gaz: Gazetteer, *bodies: str, published: date | None = None) -> pl.DataFrame:
    """Mentions in the bodies; asserts that every row's offsets slice out its surface and that no two
    mentions overlap."""
    articles = articles_of(*bodies, published=published)
    _, out = sentences_and_mentions(articles, gaz)
    end = {}
    for row in out.sort("article_id", "char_start").iter_rows(named=True):
        assert bodies[int(row["article_id"][1:])][row["char_start"] : row["char_end"]] == row["surface"]
        assert row["char_start"] >= end.get(row["article_id"], 0), f"overlapping mention: {row}"
        end[row["article_id"]] = row["char_end"]
    return out
