"""The *feed* format: per article a headline, photo caption(s), a `TT` marker line, the headline and
caption(s) again, then body paragraphs.

Articles are found by their `TT` lines. An article's head is the two blocks right before its `TT`
(headline and publication line, blank, captions); it starts there, or at the headline repeated right
after `TT` where that is found inside the head.
"""

from __future__ import annotations

import re
from itertools import pairwise

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
    # The head: walk back over the captions, the blank lines, then the headline group.
    i = marker - 1
    while i >= floor and lines[i].strip():
        i -= 1
    while i >= floor and not lines[i].strip():
        i -= 1
    while i >= floor and lines[i].strip():
        i -= 1
    head = max(i + 1, floor)
    # The repeated headline is looked for in the head only: where the repeat is missing, the first line
    # after TT is the first paragraph, which may also be in the previous story's body. Searching the head
    # still finds a headline written with no blank line above its captions (the walk back then takes in
    # the previous story's last paragraph).
    repeated = _first_text(lines[marker + 1 :])
    for i in range(marker - 1, head - 1, -1):
        if lines[i].strip() == repeated:
            return i
    return head


def _parse_article(ordinal: int, before: list[str], after: list[str]) -> ParsedArticle | str:
    head = [line.strip() for line in before if line.strip()]
    if not head:
        return f"article {ordinal}: no headline before its TT line"
    headline, rest = head[0], head[1:]
    published = None
    if rest and (found := publication_date(rest[0])):
        published, rest = found, rest[1:]
    # A headline may end like a credit ("... - Officials", "... (Analysis)"); it is told from a caption
    # by being repeated right after TT and standing apart, a blank line above the captions. A caption
    # with no headline above it is one block right before TT, even when it is repeated.
    is_headline = headline == _first_text(after) and _blocks(before) > 1
    if publication_date(headline) or (make_caption(headline).credit and not is_headline):
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


def _first_text(lines: list[str]) -> str | None:
    return next((line.strip() for line in lines if line.strip()), None)


def _blocks(lines: list[str]) -> int:
    """How many runs of non-blank lines there are."""
    return sum(1 for above, line in pairwise(["", *lines]) if line.strip() and not above.strip())


def _dedupe(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


__all__ = ["FORMAT", "Caption", "looks_like", "parse"]
