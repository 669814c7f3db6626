"""The *feed* format: per article a headline, photo caption(s), a `TT` marker line, the headline and
caption(s) again, then body paragraphs.

Articles are found by their `TT` lines. An article starts at the headline that is repeated right after
its `TT`; where that repeat is missing, the block layout (headline, blank, captions, `TT`) is used.
"""

from __future__ import annotations

import re

from flows.dates import publication_date
from flows.parse.captions import make_caption
from flows.parse.model import Caption, ParsedArticle, ParseResult, Rejection

FORMAT = "feed"
MARKER = "TT"
# A dateline opening the body: "RIYADH:", "NEW DELHI:", "WASHINGTON (Reuters) -" is left to the body.
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'-]{1,40}[A-Z])\s*[:—–-]\s+(?=\S)")


def looks_like(lines: list[str]) -> bool:
    """A feed has at least one line that is exactly the `TT` marker."""
    return any(line.strip() == MARKER for line in lines)


def parse(lines: list[str]) -> ParseResult:
    markers = [i for i, line in enumerate(lines) if line.strip() == MARKER]
    result = ParseResult(format=FORMAT)
    starts = [_article_start(lines, m, markers[k - 1] + 1 if k else 0) for k, m in enumerate(markers)]
    for k, marker in enumerate(markers):
        end = starts[k + 1] if k + 1 < len(markers) else len(lines)
        article_or_reason = _parse_article(k + 1, lines[starts[k] : marker], lines[marker + 1 : end])
        if isinstance(article_or_reason, str):
            result.rejections.append(Rejection(k + 1, article_or_reason))
        else:
            result.articles.append(article_or_reason)
    return result


def _article_start(lines: list[str], marker: int, floor: int) -> int:
    """Index of the first line of the article whose `TT` is at `marker`; never below `floor`."""
    repeated = next((line.strip() for line in lines[marker + 1 :] if line.strip()), None)
    if repeated is not None and repeated != MARKER:
        for i in range(marker - 1, floor - 1, -1):
            if lines[i].strip() == repeated:
                return i
    # No repeated headline: walk back over the captions, the blank lines, then the headline group.
    i = marker - 1
    while i >= floor and lines[i].strip():
        i -= 1
    while i >= floor and not lines[i].strip():
        i -= 1
    while i >= floor and lines[i].strip():
        i -= 1
    return max(i + 1, floor)


def _parse_article(ordinal: int, before: list[str], after: list[str]) -> ParsedArticle | str:
    head = [line.strip() for line in before if line.strip()]
    if not head:
        return f"article {ordinal}: no headline before its TT line"
    headline, rest = head[0], head[1:]
    published = None
    if rest and (found := publication_date(rest[0])):
        published, rest = found, rest[1:]
    if publication_date(headline) or make_caption(headline).credit:
        return f"article {ordinal}: no headline (the first line before TT is a date or a caption)"
    captions = _dedupe(rest)
    seen = {headline, *captions}
    body_lines = [line.strip() for line in after if line.strip()]
    skip = 0
    while skip < len(body_lines) and (body_lines[skip] in seen or publication_date(body_lines[skip])):
        skip += 1
    paragraphs = body_lines[skip:]
    if not paragraphs:
        return f"article {ordinal}: no body after the TT line (file truncated?)"
    body = "\n\n".join(paragraphs)
    dateline = _DATELINE.match(body)
    return ParsedArticle(
        ordinal=ordinal,
        headline=headline,
        body=body,
        captions=tuple(make_caption(c) for c in captions),
        published_date=published,
        dateline=dateline.group("place").strip() if dateline else None,
    )


def _dedupe(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


__all__ = ["FORMAT", "Caption", "looks_like", "parse"]
