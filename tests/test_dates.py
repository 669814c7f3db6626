"""Dates written in news text, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from flows.dates import EXPLICIT_DATE, date_id, parse_date, relative_date, relative_dates

TUESDAY = date(2026, 2, 10)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The ministers met on Saturday.", (date(2026, 2, 7), "day")),
        ("They will meet on Friday.", (date(2026, 2, 13), "day")),
        ("Talks resumed yesterday.", (date(2026, 2, 9), "day")),
        ("Trade rose last year.", (date(2025, 1, 1), "year")),
        ("The summit is next week.", (date(2026, 2, 16), "week")),
    ],
)
def test_relative_dates(sentence: str, expected: tuple[date, str]) -> None:
    assert relative_date(sentence, TUESDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The pattern ignores case, so it also matches letters that `str.lower` leaves non-ASCII.
        ("The ministers met on ſaturday.", (date(2026, 2, 7), "day")),
        ("They will meet on FRİDAY.", (date(2026, 2, 13), "day")),
        ("They will meet on frıday.", (date(2026, 2, 13), "day")),
        ("Talks resumed yeſterday.", (date(2026, 2, 9), "day")),
        ("Trade rose laſt year.", (date(2025, 1, 1), "year")),
        ("The summit is next wee\u212a.", (date(2026, 2, 16), "week")),
    ],
)
def test_odd_letters_matched_without_case_resolve_like_plain_ones(
    sentence: str, expected: tuple[date, str]
) -> None:
    assert relative_date(sentence, TUESDAY) == expected


def test_without_a_publication_date_only_explicit_dates_count() -> None:
    assert relative_date("They met on Saturday.", None) is None
    assert relative_date("They met on January 6, 2026.", None) == (date(2026, 1, 6), "day")


SENTENCES = [
    "The ministers met on Saturday.",
    "They will meet on Friday.",
    "They met last Friday, a Tuesday.",
    "Talks resumed yesterday and continue today.",
    "Trade rose last year; it will rise next month.",
    "The summit is next week.",
    "The summit is this week, on on Monday.",
    "Mondays are quiet; the envoy arrives nexts Friday.",
    "_Monday and ²Tuesday are not words; Wednesday\u0301 is not one either; Thursday_ neither.",
    "They met on\x1cSaturday and again last\u00a0week.",
    "The ministers met on ſaturday; FRİDAY and frıday too; next wee\u212a.",
    "The deal is due to be signed on Sunday.",
    "On Monday they are set to sign it.",
    "They met on January 6, 2026, and again on Friday.",
    "The figures for 2025 came out on Monday.",
    "Nothing is dated here.",
]


@pytest.mark.parametrize("published", [TUESDAY, date(2026, 3, 1), date(2024, 2, 29), None])
def test_relative_dates_equal_relative_date_row_by_row(published: date | None) -> None:
    frame = pl.DataFrame(
        {"text": SENTENCES, "published_date": [published] * len(SENTENCES)},
        schema={"text": pl.String, "published_date": pl.Date},
    ).with_row_index("i")
    got = relative_dates(frame).sort("i").select("date_id", "date_precision").rows()
    expected = []
    for sentence in SENTENCES:
        found = relative_date(sentence, published)
        expected.append((date_id(found[0]), found[1]) if found else (None, None))
    assert got == expected


def test_dates_read_without_dateparser_match_dateparser() -> None:
    """Every shape the explicit-date pattern admits reads as dateparser reads it, impossible days too."""
    import dateparser

    months = ["January", "Feb", "Feb.", "March", "Sept", "Sept.", "September", "Dec", "May", "June"]
    days = ["0", "1", "01", "2nd", "3rd", "11th", "21st", "29", "30", "31", "32"]
    texts = [f"{m} {d}, {y}" for m in months for d in days for y in ("2024", "2026")]
    texts += [f"{d} {m} {y}" for m in months for d in days for y in ("2023", "2026")]
    texts += [f"{d} {m}, 2017" for m in months[:4] for d in days[:5]]
    texts += ["2026-01-06", "2024-02-29", "2026-02-29", "2026-13-01", "2026-00-10"]
    assert all(EXPLICIT_DATE.fullmatch(t) for t in texts)
    settings = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    for text in texts:
        expected = dateparser.parse(text, languages=["en"], settings=settings)
        assert parse_date(text) == (expected.date() if expected else None), text
