"""Dates written in news text, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from flows.dates import relative_date

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
