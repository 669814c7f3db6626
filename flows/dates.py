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


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Relative references a sentence may date an event with. A weekday alone is the nearest such day on
# or before the article's date (news reports what happened), unless the sentence speaks of the future.
_RELATIVE = re.compile(
    r"\b(?:(?P<on>on|last|this|next)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?P<day>yesterday|today|tomorrow)\b"
    r"|\b(?P<rel>last|next|this)\s+(?P<unit>week|month|year)\b",
    re.IGNORECASE,
)
# Letters that IGNORECASE matches to an ASCII one but `str.lower` leaves alone ("ſunday", "frıday").
_ASCII_FOLD = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})
_FUTURE = re.compile(
    r"\b(?:will|would|is due to|are due to|plans? to|is set to|are set to|expected to|next)\b", re.I
)


def relative_date(sentence: str, base: date | None) -> tuple[date, str] | None:
    """The date an event sentence refers to and its precision ('day', 'week', 'month', 'year').

    An explicit calendar date wins. Weekday and relative references need the article's date; without
    one nothing is returned: unknown stays unknown rather than being invented. A week, month or year
    reference is given as the first day of that period with its precision, so a BI tool can group
    it without pretending to know the day.
    """
    from datetime import timedelta

    explicit = first_explicit_date(sentence)
    if explicit:
        return explicit, "day"
    if base is None:
        return None
    match = _RELATIVE.search(sentence)
    if not match:
        return None
    if match.group("weekday"):
        target = _WEEKDAYS.index(_word(match, "weekday"))
        qualifier = _word(match, "on")
        future = qualifier == "next" or (qualifier != "last" and bool(_FUTURE.search(sentence)))
        if future:
            delta = (target - base.weekday()) % 7 or 7
            return base + timedelta(days=delta), "day"
        delta = (base.weekday() - target) % 7
        if qualifier == "last" and delta == 0:
            delta = 7
        return base - timedelta(days=delta), "day"
    if match.group("day"):
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[_word(match, "day")]
        return base + timedelta(days=offset), "day"
    step = {"last": -1, "this": 0, "next": 1}[_word(match, "rel")]
    unit = _word(match, "unit")
    if unit == "week":
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
        return monday, "week"
    if unit == "month":
        month_index = base.year * 12 + base.month - 1 + step
        return date(month_index // 12, month_index % 12 + 1, 1), "month"
    return date(base.year + step, 1, 1), "year"


def _word(match: re.Match[str], group: str) -> str:
    """The matched word spelt as in the pattern (lowercase ASCII), "" when the group did not match."""
    return (match.group(group) or "").translate(_ASCII_FOLD).lower()
