"""Property tests of decoding and parsing: nothing raises on any input, and generated valid feed and
digest files come out article by article as they were written.

The generators write what the formats promise (see README and bench/corpus.py): feeds with a headline,
an optional publication line, photo captions ending in an agency credit, `TT`, the headline and
captions repeated (or not), body paragraphs (sometimes opening with a dateline), straight or curly
quotes; digests with one summary per non-empty line. Files go through `flows.extract.decode` as UTF-8,
with a byte-order mark and/or CRLF line ends, exactly as `newsdw run` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flows.extract import decode
from flows.parse import ParseResult, parse_text

LIMIT = 1_000_000
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GENERATED = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------------------------------
# (a) anything in, never an exception out
# --------------------------------------------------------------------------------------------------

FEEDISH_LINES = st.sampled_from(
    [
        "TT",
        " TT ",
        "TT\t",
        "",
        "   ",
        "Putin, Xi Advance Anti-West Alliance",
        "Leaders meet in Astana - AFP",
        "Talks in Geneva on 13 November 2017. FAYEZ NURELDINE / AFP",
        "Ministers arrive (Reuters)",
        "Tuesday, 14 November, 2017 - 07:45",
        "14 November 2017",
        "2026-02-30",
        "RIYADH: Gulf ministers met on Monday, officials said.",
        "“We will defend our interests,” he said.",
        "(AFP/Getty Images)",
        " / ",
        "A.",
        "\ufeff",
        "\x0c",
    ]
)
FEEDISH_TEXT = st.lists(st.one_of(FEEDISH_LINES, st.text(max_size=30)), max_size=40).map("\n".join)


def _check_result(text: str, result: ParseResult) -> None:
    """What every parse must satisfy, whatever the input."""
    assert isinstance(result, ParseResult)
    assert result.format in ("feed", "digest", None)
    ordinals = [a.ordinal for a in result.articles]
    assert ordinals == sorted(set(ordinals)) and all(o >= 1 for o in ordinals)
    for article in result.articles:
        assert article.body and article.body == article.body.strip()
        if result.format == "feed":
            assert article.headline and article.headline == article.headline.strip()
    whole = [r for r in result.rejections if r.ordinal is None]
    assert len(whole) == (0 if result.articles else 1)
    assert all(isinstance(r.reason, str) and r.reason for r in result.rejections)
    lines = text.split("\n")
    parts = {r.ordinal for r in result.rejections if r.ordinal is not None} | set(ordinals)
    if result.format == "feed":  # every TT line is one article, parsed or rejected
        n_markers = sum(line.strip() == "TT" for line in lines)
        assert parts == set(range(1, n_markers + 1))
    elif result.format == "digest":  # every non-empty line is one article, parsed or rejected
        stripped = [line.strip() for line in lines if line.strip()]
        assert parts == set(range(1, len(stripped) + 1))
        assert all(a.body == stripped[a.ordinal - 1] for a in result.articles)


def _decode_and_parse(data: bytes) -> None:
    text, reason, note = decode(data, LIMIT)
    assert (text is None) != (reason is None)
    if text is None:
        assert isinstance(reason, str) and reason and note is None
        return
    assert text.strip() and "\r" not in text
    _check_result(text, parse_text(text))


@FAST
@given(st.binary(max_size=3000))
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example(b"\xfe\xff\x00T\x00T")
@example("TT\n\nX\n".encode("utf-16"))
@example(b"\r\r\rTT\r\rbody")
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _decode_and_parse(data)


@FAST
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_arbitrary_text_in_any_encoding_never_raises(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="surrogatepass")
    _decode_and_parse(data)


@FAST
@given(FEEDISH_TEXT, st.booleans())
def test_feed_like_fragments_never_raise(text: str, crlf: bool) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    _decode_and_parse(data.replace(b"\n", b"\r\n") if crlf else data)
    if text.strip():
        _check_result(text, parse_text(text))


# --------------------------------------------------------------------------------------------------
# Sensible text
# --------------------------------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyz" + "éèêàâäôöüùçñíóúãõøåæœğışł"
WORD = st.text(alphabet=LETTERS, min_size=2, max_size=9)
CAP_WORD = st.builds(lambda first, rest: first + rest, st.sampled_from("ABCDEFGHIJKLMNOPRSTUVWZ"), WORD)
ACRONYM = st.sampled_from(["NATO", "EU", "UN", "SCO", "IAEA", "US", "OPEC"])  # words of 2+ letters
QUOTES = st.sampled_from([("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'")])
AGENCIES = ("AFP", "Reuters", "EPA", "AP", "Xinhua", "Anadolu")
PHOTOGRAPHERS = ("FAYEZ NURELDINE", "LUDOVIC MARIN", "SAUL LOEB", "JUNG YEON-JE", "ATTA KENARE")
DATELINES = ("RIYADH", "NEW DELHI", "WASHINGTON", "ABU DHABI", "KYIV")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A sentence of prose: capitalised, words (some capitalised, some acronyms), maybe a quotation."""
    words = [draw(CAP_WORD)] + draw(
        st.lists(st.one_of(WORD, WORD, WORD, CAP_WORD, ACRONYM), min_size=3, max_size=14)
    )
    if draw(st.booleans()):
        left, right = draw(QUOTES)
        quoted = " ".join(draw(st.lists(WORD, min_size=2, max_size=6)))
        at = draw(st.integers(1, len(words)))
        words.insert(at, f"{left}{quoted.capitalize()},{right} {draw(WORD)} said")
    return " ".join(words) + draw(st.sampled_from([".", ".", "!", "?"]))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=3)))


@st.composite
def headline(draw: st.DrawFn) -> str:
    """Title-case words, maybe a possessive and a quoted phrase; no digits, dashes or credits."""
    words = draw(st.lists(st.one_of(CAP_WORD, CAP_WORD, ACRONYM), min_size=2, max_size=9))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(words) - 1))
        words[at] += draw(st.sampled_from(["’s", "'s", ","]))
    if draw(st.booleans()):
        left, right = draw(QUOTES)
        words.append(f"{left}{' '.join(draw(st.lists(CAP_WORD, min_size=1, max_size=3)))}{right}")
    return " ".join(words)


@dataclass(frozen=True)
class Caption:
    text: str
    agency: str


@st.composite
def caption(draw: st.DrawFn) -> Caption:
    text = " ".join(
        [draw(CAP_WORD)] + draw(st.lists(st.one_of(WORD, WORD, CAP_WORD), min_size=2, max_size=12))
    )
    if draw(st.booleans()):
        day = draw(st.dates(date(1995, 1, 1), date(2030, 12, 31)))
        text += f" in {draw(CAP_WORD)} on {day.day} {MONTHS[day.month - 1]} {day.year}"
    agency = draw(st.sampled_from(AGENCIES))
    style = draw(st.integers(0, 3))
    if style == 0:
        return Caption(f"{text} - {agency}", agency)
    if style == 1:
        return Caption(f"{text} ({agency})", agency)
    if style == 2:
        return Caption(f"{text}. {draw(st.sampled_from(PHOTOGRAPHERS))} / {agency}", agency)
    return Caption(f"{text} (AFP/Getty Images)", "AFP")


@st.composite
def publication_line(draw: st.DrawFn) -> tuple[str, date]:
    day = draw(st.dates(date(1995, 1, 1), date(2030, 12, 31)))
    month = MONTHS[day.month - 1]
    time_ = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    style = draw(st.integers(0, 3))
    if style == 0:
        return f"{WEEKDAYS[day.weekday()]}, {day.day} {month}, {day.year} - {time_}", day
    if style == 1:
        return f"{day.day} {month} {day.year}", day
    if style == 2:
        return f"{month} {day.day}, {day.year} {time_}", day
    return day.isoformat(), day


@dataclass(frozen=True)
class Story:
    headline: str
    published: tuple[str, date] | None
    captions: tuple[Caption, ...]
    paragraphs: tuple[str, ...]
    dateline: str | None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@st.composite
def story(draw: st.DrawFn) -> Story:
    paragraphs = draw(st.lists(paragraph(), min_size=1, max_size=5))
    dateline = draw(st.none() | st.sampled_from(DATELINES))
    if dateline:
        paragraphs[0] = f"{dateline}: {paragraphs[0]}"
    return Story(
        headline=draw(headline()),
        published=draw(st.none() | publication_line()),
        captions=tuple(draw(st.lists(caption(), min_size=1, max_size=2, unique_by=lambda c: c.text))),
        paragraphs=tuple(paragraphs),
        dateline=dateline,
    )


@dataclass(frozen=True)
class Layout:
    repeat: bool  # headline and captions written again after TT (the usual feed)
    captions_twice: bool  # each caption line written twice before TT (as in the sample seed)
    published_again: bool  # the publication line repeated after TT
    separator: str  # between articles
    trailing: str  # at the end of the file


LAYOUT = st.builds(
    Layout,
    repeat=st.booleans(),
    captions_twice=st.booleans(),
    published_again=st.booleans(),
    separator=st.sampled_from(["\n\n\n", "\n\n\n\n", "\n\n"]),
    trailing=st.sampled_from(["\n", "", "\n\n\n"]),
)


def render_feed(stories: list[Story], layout: Layout) -> str:
    blocks = []
    for s in stories:
        lines = [s.headline]
        if s.published:
            lines.append(s.published[0])
        lines.append("")
        for c in s.captions:
            lines += [c.text, c.text] if layout.captions_twice else [c.text]
        lines.append("TT")
        lines.append("")
        if layout.repeat:
            lines += [s.headline, ""]
            if s.published and layout.published_again:
                lines += [s.published[0], ""]
            lines += [c.text for c in s.captions] + [""]
        lines.append("\n\n".join(s.paragraphs))
        blocks.append("\n".join(lines))
    return layout.separator.join(blocks) + layout.trailing


ENCODINGS = st.sampled_from(["utf-8", "bom", "crlf", "bom+crlf", "cr"])


def encode(text: str, variant: str) -> bytes:
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    elif variant == "cr":
        text = text.replace("\n", "\r")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if "bom" in variant else data


def decoded(data: bytes) -> str:
    text, reason, _ = decode(data, LIMIT)
    assert reason is None, reason
    return text


# --------------------------------------------------------------------------------------------------
# (b) generated feeds
# --------------------------------------------------------------------------------------------------


def _check_feed(stories: list[Story], result: ParseResult) -> None:
    assert result.format == "feed"
    assert result.rejections == []
    assert [a.ordinal for a in result.articles] == list(range(1, len(stories) + 1))
    assert [a.headline for a in result.articles] == [s.headline for s in stories]
    assert [a.body for a in result.articles] == [s.body for s in stories]
    assert [a.published_date for a in result.articles] == [s.published and s.published[1] for s in stories]
    assert [a.dateline for a in result.articles] == [s.dateline for s in stories]
    assert [[c.text for c in a.captions] for a in result.articles] == [
        [c.text for c in s.captions] for s in stories
    ]
    assert [[c.agency for c in a.captions] for a in result.articles] == [
        [c.agency for c in s.captions] for s in stories
    ]


@GENERATED
@given(st.lists(story(), min_size=1, max_size=8), LAYOUT, ENCODINGS)
def test_generated_feeds_give_one_article_per_story_in_order(
    stories: list[Story], layout: Layout, variant: str
) -> None:
    result = parse_text(decoded(encode(render_feed(stories, layout), variant)))
    _check_feed(stories, result)


def test_feed_without_repeat_whose_first_paragraph_appeared_before() -> None:
    """Without the repeat after TT, a lead that is also in the previous story still starts this story."""
    lead = "Officials said the talks would resume next week."
    first = Story(
        "Gulf Ministers Meet",
        None,
        (Caption("Ministers in Riyadh - AFP", "AFP"),),
        ("Gulf ministers met on Monday.", lead),
        None,
    )
    second = Story(
        "Talks Resume",
        None,
        (Caption("Delegates arrive (Reuters)", "Reuters"),),
        (lead, "A second paragraph follows."),
        None,
    )
    layout = Layout(
        repeat=False, captions_twice=False, published_again=False, separator="\n\n\n", trailing="\n"
    )
    _check_feed([first, second], parse_text(render_feed([first, second], layout)))


# --------------------------------------------------------------------------------------------------
# (c) generated digests
# --------------------------------------------------------------------------------------------------

BLANKS = st.lists(st.sampled_from(["", " ", "\t", "   "]), max_size=3)
PADDING = st.sampled_from(["", " ", "  ", "\t"])


@st.composite
def digest(draw: st.DrawFn) -> tuple[str, list[str]]:
    summaries = draw(st.lists(paragraph(), min_size=1, max_size=15))
    lines: list[str] = list(draw(BLANKS))
    for summary in summaries:
        lines.append(f"{draw(PADDING)}{summary}{draw(PADDING)}")
        lines += draw(BLANKS)
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""])), summaries


@GENERATED
@given(digest(), ENCODINGS)
def test_generated_digests_give_one_article_per_line_exactly_once(
    generated: tuple[str, list[str]], variant: str
) -> None:
    text, summaries = generated
    result = parse_text(decoded(encode(text, variant)))
    assert result.format == "digest"
    assert result.rejections == []
    assert [a.body for a in result.articles] == summaries
    assert [a.ordinal for a in result.articles] == list(range(1, len(summaries) + 1))
    assert all(a.headline is None and a.captions == () for a in result.articles)


HEADLINE_TAILS = st.sampled_from([" - Officials", " – Kremlin", " (Analysis)", " (Video)", " / Report"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(story(), min_size=1, max_size=3), HEADLINE_TAILS)
def test_generated_feeds_whose_headline_ends_like_a_credit(stories: list[Story], tail: str) -> None:
    """A headline ending like a credit is still the headline: it is repeated right after TT."""
    stories = [Story(s.headline + tail, s.published, s.captions, s.paragraphs, s.dateline) for s in stories]
    layout = Layout(
        repeat=True, captions_twice=True, published_again=False, separator="\n\n\n", trailing="\n"
    )
    _check_feed(stories, parse_text(render_feed(stories, layout)))
