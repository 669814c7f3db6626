"""Dates written in news text: found by pattern, parsed by dateparser, cached per distinct string.

dateparser understands the many ways news writes a date, but costs about a millisecond a call;
the same strings recur across a corpus, so each distinct string is parsed once.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Explicit calendar dates with a year: "January 6, 2026", "02 February 2026", "14 November, 2017",
# "2026-01-06". A date without a year is relative to the article and is resolved elsewhere.
EXPLICIT_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)
# A publication line under a headline: "Tuesday, 14 November, 2017 - 07:45" (weekday and time optional).
PUBLICATION_LINE = re.compile(
    rf"^\s*(?:{_WEEKDAY},?\s+)?(?P<date>{EXPLICIT_DATE.pattern})\s*(?:[-–—|,]?\s*\d{{1,2}}:\d{{2}}"
    r"(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?\s*$"
)


@lru_cache(maxsize=65536)
def parse_date(text: str) -> date | None:
    """Parse one explicit date string; None when it is not a real calendar date."""
    import dateparser  # imported on first use: it loads language data that plain runs may not need

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def first_explicit_date(text: str) -> date | None:
    """The first explicit calendar date written in `text`, if any."""
    for match in EXPLICIT_DATE.finditer(text):
        found = parse_date(match.group(0))
        if found:
            return found
    return None


def publication_date(line: str) -> date | None:
    """The date of a publication line such as 'Tuesday, 14 November, 2017 - 07:45', else None."""
    match = PUBLICATION_LINE.match(line)
    return parse_date(match.group("date")) if match else None


def date_id(value: date | None) -> int | None:
    """The `dim_date` key of a date: yyyymmdd as an integer."""
    return value.year * 10000 + value.month * 100 + value.day if value else None
