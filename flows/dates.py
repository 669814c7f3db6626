"""Dates written in news text: found by pattern, parsed, cached per distinct string.

The pattern admits a few shapes ("January 6, 2026", "6th Jan. 2026", "2026-01-06"); those read with
`datetime.strptime` once ordinals and punctuation are dropped. Anything else the pattern lets
through (a day that does not exist, a spelling strptime does not know) goes to dateparser, which
costs about two milliseconds a call and more on the first, a second of a small re-run's parsing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import polars as pl

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAY = "(?:" + "|".join(day.capitalize() for day in WEEKDAYS) + ")"
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


_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_STRPTIME_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d")


def _read_plain(text: str) -> date | None:
    """The date of a string in one of the pattern's usual shapes, else None."""
    words = _ORDINAL_SUFFIX.sub("", text).replace(",", " ").replace(".", " ").split()
    plain = " ".join("Sep" if w.lower() == "sept" else w for w in words)
    for layout in _STRPTIME_FORMATS:
        try:
            return datetime.strptime(plain, layout).date()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=65536)
def parse_date(text: str) -> date | None:
    """Parse one explicit date string; None when it is not a real calendar date."""
    found = _read_plain(text)
    if found:
        return found
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


# The words of the relative references, shared by the Python pattern and its Rust twin below.
_WEEKDAY_QUALIFIERS = ("on", "last", "this", "next")
_DAYS = ("yesterday", "today", "tomorrow")
_PERIOD_QUALIFIERS = ("last", "next", "this")
_PERIODS = ("week", "month", "year")
_FUTURE_WORDS = (
    "will",
    "would",
    "is due to",
    "are due to",
    "plans? to",
    "is set to",
    "are set to",
    "expected to",
    "next",
)
# Relative references a sentence may date an event with. A weekday alone is the nearest such day on
# or before the article's date (news reports what happened), unless the sentence speaks of the future.
_RELATIVE = re.compile(
    rf"\b(?:(?P<on>{'|'.join(_WEEKDAY_QUALIFIERS)})\s+)?(?P<weekday>{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?P<day>{'|'.join(_DAYS)})\b"
    rf"|\b(?P<rel>{'|'.join(_PERIOD_QUALIFIERS)})\s+(?P<unit>{'|'.join(_PERIODS)})\b",
    re.IGNORECASE,
)
# Letters that IGNORECASE matches to an ASCII one but `str.lower` leaves alone ("ſunday", "frıday").
_ASCII_FOLD = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i", "\u212a": "k"})
_FUTURE = re.compile(rf"\b(?:{'|'.join(_FUTURE_WORDS)})\b", re.I)


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
        target = WEEKDAYS.index(_word(match, "weekday"))
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


# --- The same for a whole frame of sentences ------------------------------------------------------
# `_RELATIVE` and `_FUTURE` in Rust syntax, as Polars runs them. Python's \b stands between its \w
# (letters, digits, "_") and the rest; without look-around it is spelt as one such neighbour (or the
# end of the text) on each side, which only shifts where a match starts. IGNORECASE also matches "i"
# to "ı" and "İ", which Rust's case folding does not ("ſ" and the Kelvin sign it folds like Python).
_NOT_WORD = r"[^\p{L}\p{N}_]"
_SPACES = r"[\s\x1c-\x1f]+"  # Python's \s is `str.isspace`, which also holds for \x1c-\x1f


def _any(*words: str) -> str:
    return "(?:" + "|".join(words).replace("i", "[iıİ]") + ")"


_END = rf"(?:{_NOT_WORD}|$)"
_RELATIVE_RUST = (
    rf"(?:^|{_NOT_WORD})(?i:(?:(?P<on>{_any(*_WEEKDAY_QUALIFIERS)}){_SPACES})?"
    rf"(?P<weekday>{_any(*WEEKDAYS)}){_END}"
    rf"|(?P<day>{_any(*_DAYS)}){_END}"
    rf"|(?P<rel>{_any(*_PERIOD_QUALIFIERS)}){_SPACES}(?P<unit>{_any(*_PERIODS)}){_END})"
)
_FUTURE_RUST = rf"(?:^|{_NOT_WORD})(?i:{_any(*_FUTURE_WORDS)}){_END}"
_YEAR = r"\d{4}"  # an explicit date has a four-digit year


def relative_dates(sentences: pl.DataFrame) -> pl.DataFrame:
    """`relative_date` of each row of `sentences` (columns text, published_date), as the `dim_date`
    key `date_id` (null when there is no date) and `date_precision`; rows come back grouped by how
    they were resolved.

    Only a sentence with four digits may write an explicit date, which `parse_date` reads: those go
    through `relative_date` itself, once per distinct sentence and date. The relative references of
    the others are resolved by Polars expressions that follow `relative_date` step by step.
    """
    frame = sentences.with_columns(
        _explicit=pl.col("text").str.contains(_YEAR), _based=pl.col("published_date").is_not_null()
    )
    explicit = frame.filter("_explicit")
    rows = []
    for text, published in explicit.select("text", "published_date").unique().iter_rows():
        dated = relative_date(text, published)
        if dated:
            rows.append((text, published, date_id(dated[0]), dated[1]))
    schema = {"text": pl.String, "published_date": pl.Date, "date_id": pl.Int32, "date_precision": pl.String}
    parsed = pl.DataFrame(rows, schema=schema, orient="row")
    undated = pl.lit(None, pl.Int32).alias("date_id"), pl.lit(None, pl.String).alias("date_precision")
    parts = [
        explicit.join(parsed, on=["text", "published_date"], how="left", nulls_equal=True),
        # Without a publication date there is nothing to resolve a relative reference against.
        frame.filter(~pl.col("_explicit") & ~pl.col("_based")).with_columns(*undated),
        _relative_only(frame.filter(~pl.col("_explicit") & pl.col("_based"))),
    ]
    return pl.concat(parts).drop("_explicit", "_based")


def _relative_only(sentences: pl.DataFrame) -> pl.DataFrame:
    """Weekday, day and period references (no explicit date can be written in these sentences).

    Each step is a column of its own: an eager frame computes a repeated subexpression each time.
    """
    groups = pl.col("_m").struct.field
    words = sentences.with_columns(_m=pl.col("text").str.extract_groups(_RELATIVE_RUST)).with_columns(
        _on=_folded(groups("on")).fill_null(""),
        **{f"_{g}": _folded(groups(g)) for g in ("weekday", "day", "rel", "unit")},
        _future=pl.col("text").str.contains(_FUTURE_RUST),
        _base_day=pl.col("published_date").dt.weekday().cast(pl.Int64) - 1,  # Monday 0, as date.weekday()
    )
    dated = words.with_columns(
        _date=pl.when(pl.col("_weekday").is_not_null())
        .then(_on_weekday())
        .when(pl.col("_day").is_not_null())
        .then(_on_day())
        .when(pl.col("_unit").is_not_null())
        .then(_period())
    )
    day = pl.col("_date")
    precision = pl.when(pl.col("_weekday").is_not_null() | pl.col("_day").is_not_null()).then(pl.lit("day"))
    return dated.select(
        *sentences.columns,
        date_id=(day.dt.year() * 10000 + day.dt.month().cast(pl.Int32) * 100 + day.dt.day()).cast(pl.Int32),
        date_precision=precision.when(pl.col("_unit").is_not_null()).then("_unit"),
    )


def _on_weekday() -> pl.Expr:
    """A weekday: the next one ahead when the sentence speaks of the future, else the last one."""
    base, qualifier = pl.col("published_date"), pl.col("_on")
    target = pl.col("_weekday").replace_strict(
        list(WEEKDAYS), list(range(7)), default=None, return_dtype=pl.Int64
    )
    future = (qualifier == "next") | ((qualifier != "last") & pl.col("_future"))
    ahead = (target - pl.col("_base_day") + 7) % 7
    back = (pl.col("_base_day") - target + 7) % 7
    back = pl.when((qualifier == "last") & (back == 0)).then(7).otherwise(back)
    ahead = pl.when(ahead == 0).then(7).otherwise(ahead)
    return pl.when(future).then(base + pl.duration(days=ahead)).otherwise(base - pl.duration(days=back))


def _on_day() -> pl.Expr:
    offset = pl.col("_day").replace_strict(["yesterday", "today", "tomorrow"], [-1, 0, 1], default=None)
    return pl.col("published_date") + pl.duration(days=offset)


def _period() -> pl.Expr:
    """The first day of the week (Monday), month or year before, of or after the publication date."""
    base = pl.col("published_date")
    step = pl.col("_rel").replace_strict(["last", "this", "next"], [-1, 0, 1], default=None).cast(pl.Int64)
    month = base.dt.year().cast(pl.Int64) * 12 + base.dt.month().cast(pl.Int64) - 1 + step
    return (
        pl.when(pl.col("_unit") == "week")
        .then(base - pl.duration(days=pl.col("_base_day")) + pl.duration(weeks=step))
        .when(pl.col("_unit") == "month")
        .then(pl.date(month // 12, month % 12 + 1, 1))
        .otherwise(pl.date(base.dt.year().cast(pl.Int64) + step, 1, 1))
    )


def _folded(word: pl.Expr) -> pl.Expr:
    """A matched word spelt as in the pattern (see `_word`)."""
    return word.str.replace_many(
        ["\u017f", "\u0131", "\u0130", "\u212a"], ["s", "i", "i", "k"]
    ).str.to_lowercase()
