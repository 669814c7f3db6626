"""Sentence splitting on news prose written for these tests."""

from __future__ import annotations

import polars as pl
import pytest

from flows.transform.sentences import split_sentences


def _sentences(*bodies: str, threads: int | None = None) -> list[list[str]]:
    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)})
    out = split_sentences(articles, threads=threads)
    assert out.schema["sentence_no"] == pl.Int32
    assert out.schema["char_start"] == pl.Int64 and out.schema["char_end"] == pl.Int64
    result: list[list[str]] = [[] for _ in bodies]
    for row in out.sort("article_id", "sentence_no").iter_rows(named=True):
        i = int(row["article_id"][1:])
        result[i].append(bodies[i][row["char_start"] : row["char_end"]])
    for i, sents in enumerate(result):
        numbers = out.filter(pl.col("article_id") == f"a{i}").sort("sentence_no")["sentence_no"].to_list()
        assert numbers == list(range(1, len(sents) + 1))
    return result


def test_abbreviations_do_not_split() -> None:
    body = (
        "The U.S. Navy said Adm. Jane Doe met Lt. Gen. Omar Said and Mr. Lee at the No. 2 pier. "
        "Martin Luther King Jr. was quoted. Gov. Ruiz and Sen. Park left on Jan. 5 for talks."
    )
    assert _sentences(body) == [
        [
            "The U.S. Navy said Adm. Jane Doe met Lt. Gen. Omar Said and Mr. Lee at the No. 2 pier.",
            "Martin Luther King Jr. was quoted.",
            "Gov. Ruiz and Sen. Park left on Jan. 5 for talks.",
        ]
    ]


def test_us_at_the_end_of_a_sentence_splits_before_an_opener() -> None:
    body = "Talks stalled with the U.S. The next round opens in Oslo. Aid came from the U.K. He said so."
    assert _sentences(body) == [
        [
            "Talks stalled with the U.S.",
            "The next round opens in Oslo.",
            "Aid came from the U.K.",
            "He said so.",
        ]
    ]


def test_initials_and_numbers() -> None:
    body = (
        "George W. Bush spoke with J.D. Salinas about $1.5 billion in aid. Inflation hit 3.5% in May. "
        "The vote was 7.2 to 1."
    )
    assert _sentences(body) == [
        [
            "George W. Bush spoke with J.D. Salinas about $1.5 billion in aid.",
            "Inflation hit 3.5% in May.",
            "The vote was 7.2 to 1.",
        ]
    ]


def test_quotes_questions_and_ellipses() -> None:
    body = (
        '"We will hold the line... and we will not retreat," the minister said. '
        '"Can they win?" she asked. "Yes!" came the reply. He paused... Then he left.'
    )
    assert _sentences(body) == [
        [
            '"We will hold the line... and we will not retreat," the minister said.',
            '"Can they win?" she asked.',
            '"Yes!" came the reply.',
            "He paused...",
            "Then he left.",
        ]
    ]


def test_curly_quotes_and_non_ascii_offsets() -> None:
    body = (
        "“Nous résisterons,” a déclaré Émilie Dubois à Zürich. Ça suffit — dit-elle. "
        "‘Why?’ asked Søren Kierkegaard’s heir."
    )
    assert _sentences(body) == [
        [
            "“Nous résisterons,” a déclaré Émilie Dubois à Zürich.",
            "Ça suffit — dit-elle.",
            "‘Why?’ asked Søren Kierkegaard’s heir.",
        ]
    ]


def test_line_breaks_empty_bodies_and_blank_lines() -> None:
    body = "First paragraph without a stop\n\nSecond paragraph. It has two sentences.\n"
    assert _sentences(body, "", "   \n  ", "\n\nLate start. End") == [
        ["First paragraph without a stop", "Second paragraph.", "It has two sentences."],
        [],
        [],
        ["Late start.", "End"],
    ]


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_threads_do_not_change_the_result(threads: int) -> None:
    bodies = [f"Article {i} opens here. It ends with the U.S. The end." for i in range(40)]
    assert _sentences(*bodies, threads=threads) == _sentences(*bodies, threads=1)
