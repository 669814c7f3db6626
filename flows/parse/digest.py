"""The *digest* format: one article summary per non-empty line, no headline."""

from __future__ import annotations

import re

from flows.parse.model import ParsedArticle, ParseResult, Rejection

FORMAT = "digest"
# A summary is prose: a few words with letters in them. Shorter lines are noise, not articles.
_MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_]{2,}")


def looks_like(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


def parse(lines: list[str]) -> ParseResult:
    result = ParseResult(format=FORMAT)
    ordinal = 0
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        ordinal += 1
        if len(_WORD.findall(text)) < _MIN_WORDS:
            result.rejections.append(
                Rejection(ordinal, f"line {number}: too short to be an article summary ({text[:40]!r})")
            )
            continue
        result.articles.append(ParsedArticle(ordinal=ordinal, body=text))
    return result
