"""What every parser returns, whatever the input format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Caption:
    text: str
    credit: str | None  # the credit as written: "AFP", "Reuters", "FAYEZ NURELDINE / AFP"
    agency: str | None  # the agency part of the credit: "AFP"
    taken_on: date | None  # a date written in the caption


@dataclass(frozen=True)
class ParsedArticle:
    ordinal: int  # 1-based position in the file, counting articles that were rejected
    body: str
    headline: str | None = None
    captions: tuple[Caption, ...] = ()
    published_date: date | None = None
    dateline: str | None = None  # "RIYADH" when the body opens with "RIYADH:"


@dataclass(frozen=True)
class Rejection:
    """Part of a file that could not be parsed; the rest of the file still loads."""

    ordinal: int | None  # the article's position, or None when the whole file is rejected
    reason: str


@dataclass
class ParseResult:
    format: str | None
    articles: list[ParsedArticle] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
