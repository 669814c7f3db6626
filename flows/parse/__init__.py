"""Parsers, one module a format, behind one entry point that detects the format from content."""

from __future__ import annotations

from flows.parse import digest, feed
from flows.parse.model import Caption, ParsedArticle, ParseResult, Rejection

# Most specific first: a feed is also a set of non-empty lines, so it must be tried before digest.
FORMATS = (feed, digest)


def parse_text(text: str) -> ParseResult:
    """Detect the format of `text` and parse it; never raises on odd input.

    A file that yields no article at all comes back with a whole-file rejection (ordinal None) so it
    is quarantined with the reasons of its parts.
    """
    lines = text.split("\n")
    for module in FORMATS:
        if module.looks_like(lines):
            result = module.parse(lines)
            break
    else:
        return ParseResult(format=None, rejections=[Rejection(None, "no recognisable format: no text lines")])
    if not result.articles:
        detail = "; ".join(r.reason for r in result.rejections[:3]) or "no articles found"
        result.rejections.insert(
            0, Rejection(None, f"{result.format} file with no complete article: {detail}")
        )
    return result


__all__ = ["Caption", "FORMATS", "ParseResult", "ParsedArticle", "Rejection", "parse_text"]
