"""Photo captions: the agency credit at their end and the date written in them."""

from __future__ import annotations

import re

from flows.dates import first_explicit_date
from flows.parse.model import Caption

# A credit word: an initial ("J.") or a capitalised word without a full stop, so that the sentence
# before a credit ("... in Riyadh. FAYEZ NURELDINE / AFP") never becomes part of it.
_WORD = r"(?:[A-Z]\.|[A-Z][\w&'’-]*)"
_NAME = rf"{_WORD}(?:[ ]{_WORD}){{0,3}}"
# A distributor after "via" is written in capitals or is Getty Images ("Pool via REUTERS", "KCNA via
# AP"), so that a place after "via" in a sentence ("Gaza via Rafah") is never taken for a credit.
_VIA = r"via (?:[A-Z][A-Z&-]+(?: [A-Z][A-Z&-]+)?|Getty Images)"
_CREDIT = rf"{_NAME}(?:\s*/\s*{_NAME})?(?: {_VIA})?"
# a label before the credit: "Photo: Reuters", "(Photo by Andreas Solaro / AFP)"
_LABEL = r"(?:Photo|Picture|Image|Pic|Credit)s?(?:\s+by|:)\s*"
# "... alliance - AFP", "... 2026. (Reuters)", "... FAYEZ NURELDINE / AFP", "(AFP/Getty Images)",
# "(Ludovic Marin/Pool via REUTERS)", "Picture: Xinhua", "KCNA via REUTERS"
_CREDIT_PATTERNS = (
    re.compile(rf"\((?:{_LABEL})?(?P<credit>{_CREDIT})\)\s*\.?\s*$"),
    re.compile(rf"\s[-–—]\s*(?P<credit>{_CREDIT})\s*\.?\s*$"),
    re.compile(rf"(?:^|[\s.,;]){_LABEL}(?P<credit>{_CREDIT})\s*\.?\s*$"),
    re.compile(rf"(?:^|[\s.,;])(?P<credit>{_NAME}\s*/\s*{_NAME}(?: {_VIA})?|{_NAME} {_VIA})\s*\.?\s*$"),
)


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """Return (credit as written, agency) for a caption, or (None, None) when it has no credit.

    In `PHOTOGRAPHER / AGENCY` and `AGENCY/Getty Images` credits the agency is the part that is not a
    person; we cannot know that without reference data, so the last segment that looks like an
    acronym wins, else the last segment; "AP Photo" is AP. In `... via AGENCY` the agency is the
    distributor.
    """
    for pattern in _CREDIT_PATTERNS:
        match = pattern.search(caption)
        if match:
            credit = match.group("credit").strip()
            if " via " in credit:
                return credit, credit.rsplit(" via ", 1)[1]
            # "AP Photo/Evan Vucci": the wire's name before "Photo"
            parts = [
                re.sub(r" (?:Photos?|Pictures?)$", "", p.strip()) for p in credit.split("/") if p.strip()
            ]
            acronyms = [p for p in parts if re.fullmatch(r"[A-Z]{2,8}(?:-[A-Z]{2,6})?", p)]
            agency = acronyms[-1] if len(parts) > 1 and acronyms else parts[-1]
            return credit, agency
    return None, None


def make_caption(text: str) -> Caption:
    credit, agency = split_credit(text)
    return Caption(text=text, credit=credit, agency=agency, taken_on=first_explicit_date(text))
