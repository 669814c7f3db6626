"""Article tone with VADER: sentences written for these tests, plus the feed seed."""

from __future__ import annotations

import polars as pl
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from flows.parse import parse_text
from flows.transform.tone import LEAD_CHARS, TONE_SCHEMA, article_tone, lead_sentences
from tests.conftest import FEED_SEED

GOOD = "The agreement is a great success and both leaders are delighted."
BAD = "The attack killed dozens of people and left the city in terrible grief."
NEUTRAL = "The committee meets on Tuesday in the east wing of the building."


def _frame(*bodies: str | None) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)},
        schema={"article_id": pl.String, "body": pl.String},
    )


def _tone(*bodies: str | None) -> list[dict]:
    frame = article_tone(_frame(*bodies))
    assert frame.schema == pl.Schema(TONE_SCHEMA)
    return frame.to_dicts()


def test_sign_follows_the_text() -> None:
    good, bad, neutral = _tone(GOOD, BAD, NEUTRAL)
    assert good["tone"] > 0.5
    assert bad["tone"] < -0.5
    assert neutral["tone"] == 0.0
    assert neutral["neutral"] == 1.0


def test_tone_is_the_mean_of_sentence_scores() -> None:
    vader = SentimentIntensityAnalyzer()
    expected = (vader.polarity_scores(GOOD)["compound"] + vader.polarity_scores(BAD)["compound"]) / 2
    (row,) = _tone(f"{GOOD} {BAD}")
    assert row["tone"] == pytest.approx(round(expected, 4), abs=1e-4)
    assert row["positive"] + row["negative"] + row["neutral"] == pytest.approx(1.0, abs=0.01)


def test_paragraph_breaks_and_quotes_split_sentences() -> None:
    body = f'{GOOD}\n\n"We are shocked." {NEUTRAL}'
    sentences = lead_sentences(_frame(body)).get_column("sentence").to_list()
    assert sentences == [GOOD, '"We are shocked."', NEUTRAL]


def test_only_the_lead_is_scored() -> None:
    lead = " ".join([NEUTRAL] * (LEAD_CHARS // len(NEUTRAL) + 1))
    (row,) = _tone(lead + " " + " ".join([BAD] * 20))
    assert row["tone"] == 0.0
    scored = lead_sentences(_frame(lead + " " + BAD))
    assert scored.get_column("sentence").str.len_chars().sum() <= LEAD_CHARS


def test_a_first_sentence_longer_than_the_lead_is_cut_not_dropped() -> None:
    long_sentence = "Officials " + "met and talked " * 200 + "today."
    scored = lead_sentences(_frame(long_sentence))
    assert scored.height == 1
    assert scored.get_column("sentence")[0] == long_sentence[:LEAD_CHARS]


def test_articles_without_text_keep_their_row_with_nulls() -> None:
    rows = _tone(None, "", "   ", GOOD)
    assert [r["article_id"] for r in rows] == ["a0", "a1", "a2", "a3"]
    assert [r["tone"] is None for r in rows] == [True, True, True, False]


def test_feed_seed_tones() -> None:
    bodies = [a.body for a in parse_text(FEED_SEED.read_text()).articles]
    rows = _tone(*bodies)
    assert len(rows) == 4
    for row in rows:
        assert -1 <= row["tone"] <= 1
        assert row["positive"] + row["negative"] + row["neutral"] == pytest.approx(1.0, abs=0.01)
