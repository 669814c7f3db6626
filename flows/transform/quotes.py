"""Direct quotations (`fact_quote`): what was said, by whom, with which verb.

Finding quotes. A quote is text between double quotes ("..." or “...”), or between curly single
quotes ‘...’ (some feeds quote that way; ’ is also the apostrophe, so a pair must open with ‘ and
the closing ’ must not be followed by a letter: ‘We won’t stop’ is one quote). A quoted span never
crosses a paragraph, except that a paragraph opening with a quote mark that is never closed is the
first part of a multi-paragraph quotation (news style: only the last paragraph closes it) and takes
the attribution of the quote that opens the next paragraph. Scare quotes are not quotes: a span of
fewer than MIN_QUOTE_WORDS words is kept only when it is attributed directly: by pattern 1 or 2
below with the tying comma, ? or ! inside the marks (`"No," he said`, but not `the "Board of
Peace", Tajani said`), by "according to", or by pattern 4 with at most SHORT_QUOTE_GAP_WORDS words
and no comma between verb and quote (`Putin claimed "new centers"`); never US "hegemony".

Attribution, by the first pattern that matches (all vectorised regexes over a context window):

1. verb first after the quote: `"...," said Witkoff in a social media post`;
2. speaker first after the quote: `"...," Xi told the summit`, `"...," he added`,
   `"...," Netanyahu's office said in a statement`, `"...," it stated`,
   `"...," Mumtaz Zahra Baloch, the ministry's spokesperson, said`;
3. `"...", according to the ministry`;
4. speaker and verb earlier in the same sentence: `Xi said: "..."`, `Xi said "..."`,
   `Iran insisted on its "right to enrich uranium"`; the speaker is the last one the sentence
   allows, with the whole of its name (`The White House said`, `Kenyan President William Ruto
   said`, not "House" or "Ruto");
5. `According to X, "..."`.

Patterns 1-2 need the punctuation that ties a quote to what follows it (a comma, ? or ! inside or
a comma or dash (— – or a spaced -) right after the closing mark, or a period inside followed by a
lowercase word), so `"...". He said the talks...` does not give the quote to "He". Speech verbs come from
`reference/speech_verbs.csv` (columns verb, lemma); "according to" has no verb (speech_verb NULL).

Speaker to entity (`speaker_entity_id`), never guessed beyond these rules, NULL otherwise:

* the speaker overlaps a mention: the mention's entity (person before organization before country
  before agency; the rightmost of a type, so "Trump's envoy Steve Witkoff" is Witkoff). A possessive
  speaker resolves to its owner: "Netanyahu's office", "Russia's foreign ministry" speak for
  Netanyahu and Russia, which is what an analyst counting who said what wants;
* he/she: the nearest person mention before it, outside any quotation, in the same paragraph or at
  most two sentence ends back (counted from where a quotation of several paragraphs opens: its
  paragraphs are what was said);
* it: the nearest organization or country mention before it, outside any quotation, in the same
  paragraph;
* a name without an overlapping mention (the extractor missed that occurrence): the only person
  mentioned in the article with the speaker's last capitalised word among the words of their name;
* they, we, descriptions without a mention ("the ministry", "officials"): NULL.

Cost: Python runs one BLAKE2b per quote id; the rest is Polars expressions over slices of
SLICE_BYTES of text, several at a time: quoted spans come from the positions of the quote marks,
text is sliced by byte offsets, and the mentions near a speaker are found by binary search.
`python -m bench.transforms --articles 20000` times it.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Callable
from pathlib import Path

import polars as pl

from flows.dates import MONTHS, WEEKDAYS
from flows.ids import stable_ids
from flows.reference import read_reference
from flows.settings import Settings
from flows.transform.joins import join_runs
from flows.transform.spans import leftmost_longest
from flows.transform.workers import pool

QUOTE_SCHEMA = {
    "quote_id": pl.String,
    "article_id": pl.String,
    "speaker_entity_id": pl.String,
    "speaker": pl.String,
    "quote": pl.String,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "speech_verb": pl.String,
}
MENTION_COLUMNS = ["article_id", "entity_id", "entity_type", "name", "char_start", "char_end", "sentence_no"]

MIN_QUOTE_WORDS = 4
# A short span attributed by "X said ... '...'" counts only when at most this many words, and no
# comma, separate the verb from the quote ("Putin claimed "new centers"", "he said it was "unfair"").
SHORT_QUOTE_GAP_WORDS = 2
BEFORE_CHARS = 300  # context searched for "X said" before a quote (cut at the sentence start)
AFTER_CHARS = 200  # context searched for "said X" / "X said" after a quote
PRONOUN_SENTENCES = 2  # he/she: antecedent at most this many sentence ends back (or same paragraph)
# Text handled at a time by one thread: bounds the memory of the per-quote frames at any batch size.
# Each slice also pays fixed costs (regexes compiled, contexts not shared with other slices); at
# 16 MB the frames of a 44 MB batch peak lower than the per-article regex scan did at 8 MB.
SLICE_BYTES = 16 * 1024 * 1024

_TYPE_RANK = {"person": 0, "organization": 1, "country": 2, "agency": 3}
_FAR = 2**62  # a position after every text

# --- Finding quoted spans (Polars over the quote marks of every article) ------------------------
# The spans are those a left-to-right scan with this regex finds (Python `re.finditer`), keeping the
# last alternative (a quote mark never closed before the end of its paragraph) only at the start of a
# paragraph. It is not run as such: `_quoted_spans` finds the same spans from the positions of the
# marks, for every article at once.
#   "(?P<straight>[^"\n]+)"  |  “(?P<curly>[^“”\n]+)”  |  ‘(?<![\w’]‘)(?P<single>(?:[^‘’\n]|’(?=\w))+)’(?!\w)
#   |  ["“](?P<open>[^"“”\n]+)(?=\n|$)
_MARKS = '"“”‘’\n'
_MARK = f"[{_MARKS}]"
_PY_WORD = r"[\p{L}\p{N}_]"  # Python's \w
# Byte offsets in the body of a span's marks, its text and its line: slicing by bytes takes no time,
# slicing by characters counts them from the start of the body.
_BYTE_OFFSETS = ("open_b", "content_b", "close_b", "after_b", "line_start_b", "line_end_b")


# --- Attribution grammar (Rust regex syntax, run by Polars) --------------------------------------
_TOKEN = r"\p{Lu}[\p{L}\p{M}.\-]*(?:['’]\p{Lu}[\p{L}\p{M}.\-]*)?"  # Xi, Al-Sisi, O'Brien, J.D.
_PARTICLE = r"(?:al|el|bin|ibn|de|del|della|da|dos|du|van|von|der|den|le|la|di|ben|abu)"
_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?{_TOKEN})*"
_POSSESSIVE = rf"(?:(?i:the)\s+)?{_NAME}['’]s(?:\s+\p{{Ll}}[\p{{L}}\-]*){{1,3}}?"  # Netanyahu's office
_WORD = r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.\-]*"
_DETERMINER = r"(?i:the|a|an|one|two|three|four|several|some|many|another|his|her|its|their)"
_DESCRIPTION = rf"{_DETERMINER}\s+(?:{_WORD}\s+){{0,4}}?{_WORD}"  # the ministry, one resident
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey)"
_GROUP = r"\p{Ll}{3,}s"  # officials, analysts, sources
_LOOSE = rf"{_WORD}(?:\s+{_WORD}){{0,7}}?"  # right after `"...,"`: anything up to the verb
_APPOSITION = r"(?:,[^,\"“”‘’\n]{1,80},)?"  # ", the ministry's spokesperson,"
_ADVERBS = (
    r"(?:\s+(?:also|later|then|further|again|once|previously|earlier|recently|separately|has|have|had"
    r"|was|were|is|are|would|will|\p{Ll}+ly|on\s+\p{Lu}\p{Ll}+|last\s+\p{Ll}+|this\s+\p{Ll}+))*"
)
_END_OF_NAME = (
    r"(?:\s*[,.;:!?]|\s*$|\s+(?:in|on|at|during|after|before|when|while|who|which|from|to|of|for|with"
    r"|as|and|but|according)\b)"
)
_LEAD = r"^(?P<lead>\s*(?:,|—|–|-)?\s*"  # between the closing mark and the attribution
# What may stand right before a speaker named in the sentence before a quote (or nothing).
_NOT_NAME_CHAR = r"[^\p{L}\p{N}'’\-]"
_NOT_A_SPEAKER = (
    r"^(?i:while|and|but|or|nor|so|as|when|whereas|which|who|whom|that|this|these|those|if|because"
    r"|after|before|since|until|although|though|in|on|at|to|for|with|from|by|of|about|into|over"
    r"|under|than|then|where|what|how|why|not|no|said|says|say)\b"
)


# A speaker phrase never ends with a function word: "the existence of a reported "deal"" has no speaker.
_NOT_A_SPEAKER_END = (
    r"(?i:\b(?:a|an|the|of|to|in|on|at|for|with|by|from|and|or|but|as|that|which|who|is|was|be|been"
    r"|its|his|her|their|this|these|those))$"
)


def load_speech_verbs(reference_dir: Path) -> pl.DataFrame:
    """`speech_verbs.csv` as (verb, lemma), lowercase, one row per verb form."""
    raw = read_reference(reference_dir, "speech_verbs")
    verbs = raw.select(
        verb=pl.col("verb").str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " "),
        lemma=pl.col("lemma").str.strip_chars().str.to_lowercase(),
    ).filter(pl.col("verb").is_not_null() & (pl.col("verb") != ""))
    bad = verbs.filter(~pl.col("verb").str.contains(r"^[a-z]+(?: [a-z]+)*$"))
    if bad.height:
        raise ValueError(f"speech_verbs.csv: not a plain verb form: {bad.get_column('verb').to_list()[:5]}")
    return verbs.unique("verb", keep="first", maintain_order=True)


@functools.cache
def _default_verbs() -> tuple[str, ...]:
    return tuple(load_speech_verbs(Settings().reference_dir).get_column("verb").to_list())


@functools.cache
def _patterns(verbs: tuple[str, ...]) -> dict[str, str]:
    """The attribution regexes for one verb list (longest form first, so "pointed out" beats "pointed").

    Verbs match in lowercase only: an attribution verb follows its speaker or the quote, so a capital
    is a noun or a name ("the United States said": the verb is "said", not "States").
    """
    forms = sorted(set(verbs), key=lambda v: (-len(v), v))
    verb = "(?:" + "|".join(r"\s+".join(v.split(" ")) for v in forms) + ")"
    head = rf"(?:{_POSSESSIVE}|{_NAME}|{_DESCRIPTION}|{_PRONOUN}|{_GROUP})"
    tight = rf"(?:{_POSSESSIVE}|{_NAME}|{_DESCRIPTION}|{_GROUP})"
    before_start = rf"^(?P<lead>(?:.*{_NOT_NAME_CHAR})?)"
    return {
        "verb_first": rf"{_LEAD}(?P<verb>{verb})\s+)(?P<speaker>{tight}){_END_OF_NAME}",
        "speaker_first": rf"{_LEAD})(?P<speaker>{_LOOSE}){_APPOSITION}{_ADVERBS}\s+(?P<verb>{verb})\b",
        "according_after": rf"^(?P<lead>\s*,?\s*(?i:according\s+to)\s+)(?P<speaker>{tight}){_END_OF_NAME}",
        # Pattern 4 from where its speaker starts (see `_speaker_before` for where that is).
        "before": (
            rf"^(?P<speaker>{head}){_APPOSITION}{_ADVERBS}\s+(?P<verb>{verb})\b"
            r"(?P<gap>[^\"“”‘]*)$"
        ),
        "according_before": rf"{before_start}(?i:according\s+to)\s+(?P<speaker>{tight})\s*,\s*$",
        "any_verb": rf"\b{verb}\b",
    }


def _quoted_spans(articles: pl.DataFrame) -> pl.DataFrame:
    """Every quoted span, in text order: article row, positions of the marks and of the text between
    them (the steps after this keep that order).

    At each mark, the one span a scan could start there follows from the next mark of each kind on
    its line; `leftmost_longest` then keeps the spans a scan keeps (each resumes after the last).
    """
    marks = _marks(articles)
    candidates = _span_candidates(marks)
    kept = leftmost_longest(candidates, "line_end")
    # A mark never closed that is not at the start of a paragraph opens nothing (but the scan
    # resumes after its paragraph all the same, hence after `leftmost_longest`).
    kept = kept.filter(~pl.col("open_ended") | pl.col("after_newline"))
    return (
        kept.select(
            "row",
            open=pl.col("start") - pl.col("base"),
            close=pl.col("close") - pl.col("base"),
            open_ended="open_ended",
            **{column: column for column in _BYTE_OFFSETS},
        )
        .cast({"row": pl.UInt32, "open": pl.Int64, "close": pl.Int64})
        .sort("row", "open")
    )


def _marks(articles: pl.DataFrame) -> pl.DataFrame:
    """The quote marks and line breaks of every body, at global positions (`at` = `base` + offset;
    bodies lie one apart, a body's end at `end`), with their byte offsets in the body (`at_b`)."""
    chunks = _chunks(articles)
    kind = pl.col("kind")

    def quote_mark(column: str) -> pl.Expr:
        return pl.any_horizontal([pl.col(column) == mark for mark in _MARKS if mark != "\n"])

    # Most line breaks separate lines without quote marks; one matters only next to a quote mark,
    # where it ends or starts that mark's line.
    needed = quote_mark("kind") | ((kind == "\n") & (quote_mark("previous") | quote_mark("following")))
    columns = ["row", "base", "end", "end_b", "at", "at_b", "kind", "n", "previous"]
    marks = chunks.select(*columns, "after_closing", "before_opening", _needed=needed).filter("_needed")
    return marks.select(
        "row",
        "base",
        "end",
        "end_b",
        "at",
        "at_b",
        "kind",
        # Whether the character after the mark (first of the next chunk) is a word character.
        word_after=pl.col("after_closing").str.contains(f"^{_PY_WORD}").fill_null(False),
        # What stands right before the mark: a word character or ’ (for ‘), a line break or nothing.
        word_before=pl.col("before_opening").str.contains(f"{_PY_WORD}‘$").fill_null(False)
        | ((pl.col("n") == 1) & (pl.col("previous") == "’")),
        after_newline=(pl.col("at") == pl.col("base")) | ((pl.col("n") == 1) & (pl.col("previous") == "\n")),
    )


def _chunks(articles: pl.DataFrame) -> pl.DataFrame:
    """Every body split after each quote mark and line break: chunks that end with one (`kind`,
    bar a body's last chunk), whose lengths add up to the mark's offset (`at`, `at_b`), with the
    marks before and after (`previous`, `following`)."""
    bodies = articles.select(
        row=pl.int_range(pl.len(), dtype=pl.UInt32),
        body="body",
        length=pl.col("body").str.len_chars(),
        end_b=pl.col("body").str.len_bytes().cast(pl.Int64),
    ).filter(pl.col("length") > 0)
    span = pl.col("length").cast(pl.Int64) + 1
    chunks = (
        bodies.select(
            "row",
            base=span.cum_sum() - span,
            end=span.cum_sum() - 1,
            end_b="end_b",
            chunk=pl.col("body").str.split(_MARK, inclusive=True, literal=False),
        )
        .explode("chunk")
        .with_columns(
            n=pl.col("chunk").str.len_chars().cast(pl.Int64),
            n_b=pl.col("chunk").str.len_bytes().cast(pl.Int64),
            kind=pl.col("chunk").str.slice(-1, 1),
        )
        .with_columns(
            total=pl.col("n").cum_sum(),
            total_b=pl.col("n_b").cum_sum(),
            first=(pl.col("row") != pl.col("row").shift(1)).fill_null(True),
        )
    )
    before_row = pl.when("first").then(pl.col("total") - pl.col("n")).forward_fill()
    before_row_b = pl.when("first").then(pl.col("total_b") - pl.col("n_b")).forward_fill()
    next_in_row = pl.col("row") == pl.col("row").shift(-1)
    kind = pl.col("kind")
    return chunks.with_columns(
        at=pl.col("base") + pl.col("total") - before_row - 1,
        at_b=pl.col("total_b") - before_row_b - kind.str.len_bytes(),
        previous=pl.when("first").then(pl.lit("")).otherwise(kind.shift(1)),
        following=pl.when(next_in_row).then(kind.shift(-1)).otherwise(pl.lit("")),
        # Only ‘ needs what stands before it and ’ what follows it: null elsewhere, which the
        # regexes in `_marks` skip.
        after_closing=pl.when(next_in_row & (kind == "’")).then(pl.col("chunk").shift(-1)),
        before_opening=pl.when(kind == "‘").then(pl.col("chunk")),
    )


def _span_candidates(marks: pl.DataFrame) -> pl.DataFrame:
    """The span a scan would take at each mark (start, close, `end` where the scan resumes).

    `"` pairs with the next `"` of its line, `“` with `”` when no `“` comes first, `‘` with the first
    `’` not followed by a word character (none before the next `‘`), if some text stands between;
    `"` or `“` with no `"`, `“` or `”` after it on its line runs open to the end of the line.
    Every step is a column: an eager frame computes a repeated subexpression each time.
    """
    kind, at, line_end = pl.col("kind"), pl.col("at"), pl.col("line_end")

    def closed_by(close: str) -> pl.Expr:
        return (pl.col(close) < line_end) & (pl.col(close) > at + 1)

    unmarked_rest = pl.min_horizontal("straight", "opening", "closing") > line_end
    marks = _next_marks(marks).with_columns(
        _straight=(kind == '"') & closed_by("straight"),
        _curly=(kind == "“") & closed_by("closing") & (pl.col("closing") < pl.col("opening")),
        _single=(kind == "‘")
        & ~pl.col("word_before")
        & closed_by("single_close")
        & (pl.col("single_close") < pl.col("single_open")),
    )
    straight, curly, single = pl.col("_straight"), pl.col("_curly"), pl.col("_single")
    marks = marks.with_columns(
        open_ended=kind.is_in(['"', "“"]) & ~straight & ~curly & unmarked_rest & (at + 1 < line_end)
    ).filter(straight | curly | single | pl.col("open_ended"))

    def by_kind(straight_then: str, curly_then: str, single_then: str, otherwise: str) -> pl.Expr:
        return (
            pl.when(straight)
            .then(straight_then)
            .when(curly)
            .then(curly_then)
            .when(single)
            .then(single_then)
            .otherwise(otherwise)
        )

    marks = marks.with_columns(
        close=by_kind("straight", "closing", "single_close", "line_end"),
        close_b=by_kind("straight_b", "closing_b", "single_close_b", "line_end_b"),
    )
    return marks.select(
        "row",
        "base",
        "line_end",
        "after_newline",
        "line_start_b",
        "line_end_b",
        "close",
        "open_ended",
        "close_b",
        start=at,
        end=pl.when("open_ended").then(line_end).otherwise(pl.col("close") + 1),
        open_b="at_b",
        content_b=pl.col("at_b") + kind.str.len_bytes(),
        after_b=pl.col("close_b") + pl.when(straight).then(1).otherwise(len("”".encode())),
    )


def _next_marks(marks: pl.DataFrame) -> pl.DataFrame:
    """For each mark, where its line ends and starts, and where the next mark of each kind stands
    (global positions; byte offsets in the body for the ones that become offsets of a span)."""

    def next_at(condition: pl.Expr, column: str = "at") -> pl.Expr:
        return pl.when(condition).then(pl.col(column)).shift(-1).backward_fill()

    kind = pl.col("kind")
    newline = kind == "\n"
    closable = (kind == "’") & ~pl.col("word_after")
    marks = marks.with_columns(
        _next_newline=next_at(newline),
        _last_newline=pl.when(newline).then("at").shift(1).forward_fill(),
        straight=next_at(kind == '"').fill_null(_FAR),
        opening=next_at(kind == "“").fill_null(_FAR),
        closing=next_at(kind == "”").fill_null(_FAR),
        single_open=next_at(kind == "‘").fill_null(_FAR),
        single_close=next_at(closable).fill_null(_FAR),
        straight_b=next_at(kind == '"', "at_b"),
        closing_b=next_at(kind == "”", "at_b"),
        single_close_b=next_at(closable, "at_b"),
    )
    # A body ends its last line; marks of the next body lie beyond it.
    in_body = pl.col("_next_newline") < pl.col("end")
    return marks.with_columns(
        line_end=pl.when(in_body).then("_next_newline").otherwise("end"),
        line_end_b=pl.when(in_body).then(next_at(newline, "at_b")).otherwise("end_b"),
        line_start_b=pl.when(pl.col("_last_newline") >= pl.col("base"))
        .then(pl.when(newline).then("at_b").shift(1).forward_fill() + 1)
        .otherwise(0),
    )


def _attribute(spans: pl.DataFrame, patterns: dict[str, str]) -> pl.DataFrame:
    """Speaker, verb and speaker offsets of each span from the first attribution pattern that matches."""
    before = pl.col("before")
    after = pl.col("after")
    found = spans.with_row_index("_i").with_columns(aa=after.str.extract_groups(patterns["according_after"]))
    # Patterns 1 and 2 count only for a quote tied to what follows it.
    found = _groups_where(
        found,
        pl.col("tied"),
        "after",
        lambda texts: texts.with_columns(
            v=after.str.extract_groups(patterns["verb_first"]),
            s=after.str.extract_groups(patterns["speaker_first"]),
        ),
    )
    speaker_first_ok = _plausible("s") & ~pl.col("s").struct.field("speaker").str.contains(_NOT_A_SPEAKER)
    settled = (pl.col("tied") & (_plausible("v") | speaker_first_ok)) | _plausible("aa")
    # Patterns 4 and 5 read the sentence before the quote: only where patterns 1-3 found nothing.
    found = found.with_columns(_settled=settled)
    undecided = found.select("_i", "body", "open", "line_start_b", "open_b", "_settled").filter(
        ~pl.col("_settled")
    )
    found = found.join(_sentence_before(undecided), on="_i", how="left", maintain_order="left").with_columns(
        ab=before.str.extract_groups(patterns["according_before"])
    )
    # The "X said ... "quote"" pattern is the costly one (captures over a long alternation): run it
    # only where the sentence holds a speech verb at all.
    found = _groups_where(
        found,
        before.str.contains(patterns["any_verb"]).fill_null(False),
        "before",
        lambda texts: _speaker_before(texts, patterns["before"]),
    ).drop("_i", "_settled")
    return _choose(found, speaker_first_ok)


def _choose(found: pl.DataFrame, speaker_first_ok: pl.Expr) -> pl.DataFrame:
    """Speaker, verb and speaker offset from the first attribution pattern whose condition holds.

    The conditions are columns of their own: an eager frame would compute each of them (regexes
    among them) once for every output column that refers to it.
    """
    gap = pl.col("b").struct.field("gap")
    close_gap = (gap.str.count_matches(r"\S+") <= SHORT_QUOTE_GAP_WORDS) & ~gap.str.contains(",")
    long_quote = pl.col("long")
    tied_inside = pl.col("inner_end").is_in([",", "?", "!"])
    choices = [
        # (condition, context start column, struct column, has verb)
        (pl.col("tied") & _plausible("v"), "after_start", "v", True),
        (pl.col("tied") & speaker_first_ok, "after_start", "s", True),
        (_plausible("aa"), "after_start", "aa", False),
        (_plausible("b") & (long_quote | close_gap), "before_start", "b", True),
        (_plausible("ab"), "before_start", "ab", False),
    ]
    found = found.with_columns(**{f"_c{k}": choice[0] for k, choice in enumerate(choices)})
    speaker = pl.lit(None, pl.String)
    verb = pl.lit(None, pl.String)
    speaker_at = pl.lit(None, pl.Int64)
    short_ok = pl.lit(False)
    for k, (_, start, struct, has_verb) in reversed(list(enumerate(choices))):
        condition, field = pl.col(f"_c{k}"), pl.col(struct).struct.field
        speaker = pl.when(condition).then(field("speaker")).otherwise(speaker)
        verb = pl.when(condition).then(field("verb") if has_verb else pl.lit(None, pl.String)).otherwise(verb)
        speaker_at = (
            pl.when(condition).then(pl.col(start) + field("lead").str.len_chars()).otherwise(speaker_at)
        )
        # A short span needs the tie inside its marks ("No," he said), not `"Board of Peace", X said`.
        short_ok = (
            pl.when(condition).then(tied_inside if struct in ("v", "s") else pl.lit(True)).otherwise(short_ok)
        )
    return found.with_columns(
        speaker=speaker.str.strip_chars_end(".,"),
        speech_verb=verb.str.to_lowercase().str.replace_all(r"\s+", " "),
        speaker_start=speaker_at,
        short_ok=short_ok,
    ).drop("v", "s", "aa", "b", "ab", *(f"_c{k}" for k in range(len(choices))))


def _plausible(struct: str) -> pl.Expr:
    speaker = pl.col(struct).struct.field("speaker")
    return speaker.is_not_null() & ~speaker.str.contains(_NOT_A_SPEAKER_END)


def _groups_where(
    frame: pl.DataFrame,
    condition: pl.Expr,
    text: str,
    captures: Callable[[pl.DataFrame], pl.DataFrame],
) -> pl.DataFrame:
    """The regex captures that `captures` adds to a frame of distinct `text` values, for the rows
    meeting `condition`, null elsewhere.

    They are computed once per distinct text: the same attribution ("He said: ", or a whole
    sentence in a story several outlets carry) recurs, and captures are the costly part.
    """
    rows = frame.select("_i", text, _wanted=condition).filter("_wanted").drop("_wanted")
    found = captures(rows.select(text).unique())
    return frame.join(rows.join(found, on=text).drop(text), on="_i", how="left", maintain_order="left")


def _speaker_before(texts: pl.DataFrame, pattern: str) -> pl.DataFrame:
    """Pattern 4 on each `before` text, as the struct `b` (lead, speaker, verb, gap).

    As a single regex, pattern 4 opens with a greedy `(?:.*X)?`: the speaker starts at the last
    position where the rest of the pattern matches, just after a character X (one that cannot be
    part of a name) or at the start. Run so, it is the slowest pattern by far. The same match is
    found from those positions, tried from the last: the rest of the pattern, anchored there, is
    cheap to run, and the captures come from the one suffix that matches.
    """
    texts = texts.with_row_index("_t")
    starts = _speaker_starts(texts.get_column("before"))
    suffix = pl.col("before").str.slice(pl.col("start"))
    matching = _whole_name(texts.join(starts, on="_t").filter(suffix.str.contains(pattern)))
    found = texts.join(matching, on="_t", how="left", maintain_order="left").with_columns(
        _b=suffix.str.extract_groups(pattern)
    )
    field = pl.col("_b").struct.field
    lead = pl.when(pl.col("start").is_not_null()).then(pl.col("before").str.slice(0, pl.col("start")))
    return found.select(
        "before", b=pl.struct(lead=lead, speaker=field("speaker"), verb=field("verb"), gap=field("gap"))
    )


# Capitalised words that open a sentence or a clause but never a speaker's name (lowercase).
_NOT_NAME_WORDS = [
    *WEEKDAYS,
    *MONTHS,
    "today",
    "yesterday",
    "tonight",
    "however",
    "meanwhile",
    "earlier",
    "later",
    "separately",
    "also",
    "still",
    "yet",
    "then",
    "but",
    "and",
    "or",
    "so",
    "while",
    "when",
    "after",
    "before",
    "since",
    "as",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "from",
    "by",
    "of",
    "about",
    "if",
    "although",
    "though",
    "speaking",
    "asked",
    "addressing",
]


def _whole_name(matching: pl.DataFrame) -> pl.DataFrame:
    """`_t`, `start`: of the positions where pattern 4 matches (`matching`, sorted by `_t`, `start`),
    the last, moved back over the capitalised words right before it that match too, and one leading
    "the": "The White House said", "Kenyan President William Ruto said", not "House" and "Ruto".

    Each word is a matching position of its own, so the name is the run of matching positions
    that only a capitalised word and a space separate, up to the last.
    """
    before, start = pl.col("before"), pl.col("start")
    previous = start.shift(1)
    same_text = pl.col("_t") == pl.col("_t").shift(1)
    word = before.str.slice(previous.clip(0), (start - previous).clip(0))
    bare = word.str.strip_chars_end()
    lowered = bare.str.to_lowercase()
    first = bare.str.slice(0, 1)
    joined = (
        same_text
        & (word.str.len_chars() > bare.str.len_chars())
        & ~bare.str.contains(" ", literal=True)
        & ((first != first.str.to_lowercase()) | (lowered == "the"))
        & ~lowered.is_in(_NOT_NAME_WORDS)
    ).fill_null(False)
    after_the = (same_text & (lowered == "the")).fill_null(False)
    return (
        matching.sort("_t", "start")
        .with_columns(_joined=joined, _after_the=after_the)
        # "the" opens a name: nothing before it joins.
        .filter(~pl.col("_joined") | pl.col("_after_the").shift(-1).fill_null(False))
        .group_by("_t")
        .agg(start.max())
    )


def _speaker_starts(before: pl.Series) -> pl.DataFrame:
    """`_t`, `start`: the positions in each text where a letter stands at the start or right after
    a character that cannot be part of a name (where a speaker of pattern 4 may start)."""
    name_char = r"[\p{L}\p{N}'’\-]"
    # Pieces of a run of other characters then a run of name characters tile each text.
    pieces = (
        pl.DataFrame({"_t": pl.int_range(len(before), dtype=pl.UInt32, eager=True), "before": before})
        .select("_t", piece=pl.col("before").str.extract_all(f"{_NOT_NAME_CHAR}*{name_char}*"))
        .explode("piece")
        .drop_nulls("piece")
        .with_columns(
            n=pl.col("piece").str.len_chars().cast(pl.Int64),
            lead=pl.col("piece").str.extract(f"^({_NOT_NAME_CHAR}*)", 1).str.len_chars().cast(pl.Int64),
            first=(pl.col("_t") != pl.col("_t").shift(1)).fill_null(True),
        )
    )
    total = pl.col("n").cum_sum()
    offset = total - pl.col("n") - pl.when("first").then(total - pl.col("n")).forward_fill()
    name = pl.col("piece").str.slice(pl.col("lead"), 1).str.contains(r"^\p{L}")
    return (
        pieces.with_columns(start=offset + pl.col("lead"))
        .filter(((pl.col("lead") > 0) | (pl.col("start") == 0)) & name)
        .select("_t", "start")
    )


def _contexts(articles: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """Quote text and offsets, and the before/after windows the attribution patterns read."""
    rows = spans.get_column("row")
    frame = spans.with_columns(
        body=articles.get_column("body").gather(rows),
        article_id=articles.get_column("article_id").gather(rows),
    )
    raw = pl.col("raw")
    frame = frame.with_columns(raw=_bytes("content_b", "close_b")).with_columns(
        # Without the comma that ties the quote to its attribution ("...," he said).
        quote=raw.str.strip_chars().str.strip_chars_end(",").str.strip_chars_end(),
        _lead_ws=raw.str.len_chars() - raw.str.strip_chars_start().str.len_chars(),
    )
    frame = frame.with_columns(
        char_start=pl.col("open") + 1 + pl.col("_lead_ws"),
        char_end=pl.col("open") + 1 + pl.col("_lead_ws") + pl.col("quote").str.len_chars(),
        inner_end=pl.col("raw").str.strip_chars_end().str.slice(-1, 1),
        # The rest of the line after the closing mark, at most AFTER_CHARS of it.
        after=pl.when(pl.col("open_ended"))
        .then(pl.lit(""))
        .otherwise(_bytes("after_b", "line_end_b").str.head(AFTER_CHARS)),
        after_start=pl.col("close") + 1,
    )
    tied = (
        pl.col("inner_end").is_in([",", "?", "!"])
        # A comma or a dash; wire copy in ASCII writes the dash as a spaced hyphen.
        | pl.col("after").str.contains(r"^\s*(?:[,—–]|-\s)")
        | ((pl.col("inner_end") == ".") & pl.col("after").str.contains(r"^\s+\p{Ll}"))
    )
    # At least MIN_QUOTE_WORDS words: a search that stops at the last one it needs.
    long = pl.col("quote").str.contains(r"\S+" + r"\s+\S+" * (MIN_QUOTE_WORDS - 1))
    return frame.with_columns(tied=tied, long=long).drop("raw", "_lead_ws")


def _sentence_before(spans: pl.DataFrame) -> pl.DataFrame:
    """`before`: the sentence the quote sits in, up to its opening mark (at most BEFORE_CHARS of
    its line), and where it starts (`before_start`)."""
    window = _bytes("line_start_b", "open_b").str.tail(BEFORE_CHARS)
    # The sentence starts after the last sentence end before the quote (the line holds no break).
    sentence = (
        window.str.replace_all(r"([.!?…][\"'”’)\]]*)\s+([\"“‘(]?[\p{Lu}\p{N}])", "${1}\x1e${2}")
        .str.split("\x1e")
        .list.last()
    )
    return spans.select("_i", before=sentence).with_columns(
        before_start=spans.get_column("open") - pl.col("before").str.len_chars()
    )


def _bytes(start: str, stop: str) -> pl.Expr:
    """The body text between two byte offsets (both at character boundaries)."""
    return (
        pl.col("body").cast(pl.Binary).bin.slice(pl.col(start), pl.col(stop) - pl.col(start)).cast(pl.String)
    )


def _inherit_open_ended(frame: pl.DataFrame) -> pl.DataFrame:
    """A paragraph opened by a quote and never closed takes the attribution of the quote that opens
    the next paragraph; a chain of such paragraphs takes that of the quote that finally closes.

    `frame` is in text order (as `_quoted_spans` gives it). `chain_open`: where the chain a quote
    ends (or itself) opens, which is where a pronoun speaker looks back from: the paragraphs of the
    quotation are what the speaker said, not sentences between the speaker and a name.
    """
    cols = ["speaker", "speech_verb", "speaker_start"]
    if not frame.get_column("open_ended").any():
        return frame.with_columns(chain_open=pl.col("open"))
    same_row = (pl.col("row").shift(-1) == pl.col("row")).fill_null(False)
    # Where the next span is in another article the gap is left empty (`link` needs the same row).
    # Only an unattributed open paragraph can take the next one's attribution: the gap to the next
    # span is read for those alone (null elsewhere, which the string steps skip).
    open_paragraph = pl.col("open_ended") & pl.col("speaker").is_null() & same_row
    next_open = pl.col("open_b").shift(-1)
    gap = (
        pl.when(open_paragraph)
        .then(pl.col("body"))
        .cast(pl.Binary)
        .bin.slice(pl.col("close_b"), (next_open - pl.col("close_b")).clip(0))
        .cast(pl.String)
        .str.strip_chars()
    )
    link = open_paragraph & (gap == "").fill_null(False)
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    source = pl.when(link).then(None).otherwise(index).backward_fill()
    frame = frame.with_columns(_source=source, _link=link)
    chain_start = ~pl.col("_link").shift(1).fill_null(False)
    taken = frame.select(pl.col(cols).gather(pl.col("_source").fill_null(0)))
    return frame.with_columns(
        [
            pl.when(pl.col("_source").is_not_null()).then(taken.get_column(c)).otherwise(pl.col(c)).alias(c)
            for c in cols
        ],
        chain_open=pl.when(chain_start).then(pl.col("open")).forward_fill(),
    ).drop("_source", "_link")


def _resolve(quotes: pl.DataFrame, mentions: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """speaker_entity_id for each quote (see the module docstring for the rules).

    `mentions` and `spans` carry `row`, the article's row in the slice. Positions are made global
    (`_at`: row and offset in one integer) so that the mentions near a quote are found by binary
    search over the sorted mentions rather than by pairing every quote with every mention.
    """
    if mentions.height == 0:
        return quotes.with_columns(speaker_entity_id=pl.lit(None, pl.String))
    ments = (
        mentions.select(
            "row",
            "entity_id",
            "entity_type",
            "name",
            m_start=pl.col("char_start").cast(pl.Int64),
            m_end=pl.col("char_end").cast(pl.Int64),
        )
        .with_row_index("mi")
        .with_columns(at=_at("row", pl.col("m_start")))
    )
    if not ments.get_column("at").is_sorted():  # the entity stage gives them in text order
        ments = ments.sort("at", maintain_order=True)
    spoken = quotes.filter(pl.col("speaker").is_not_null()).select(
        "qid",
        "row",
        "speaker",
        "speaker_start",
        "speaker_end",
        limit=pl.min_horizontal("speaker_start", "chain_open"),
    )
    bodies = quotes.group_by("row").agg(pl.col("body").first())
    found = (
        quotes.select("qid")
        .join(_overlapping(spoken, ments), on="qid", how="left", maintain_order="left")
        .join(_pronoun_antecedents(spoken, ments, spans, bodies), on="qid", how="left", maintain_order="left")
        .join(_by_name(spoken, ments), on="qid", how="left", maintain_order="left")
    )
    return quotes.with_columns(
        speaker_entity_id=found.select(pl.coalesce("direct_id", "pronoun_id", "name_id")).to_series()
    )


_ROW_STRIDE = 2**32  # longer than any body: row * stride + offset orders (row, offset)


def _at(row: str, offset: pl.Expr) -> pl.Expr:
    return pl.col(row).cast(pl.Int64) * _ROW_STRIDE + offset


def _overlapping(spoken: pl.DataFrame, ments: pl.DataFrame) -> pl.DataFrame:
    """1. The speaker phrase overlaps a mention: person before organization before country before
    agency, the rightmost of a type.

    A mention overlapping [speaker_start, speaker_end) starts less than the longest mention before
    speaker_start, so only the mentions starting in that window (sorted `at`) are compared.
    """
    longest = int(ments.select((pl.col("m_end") - pl.col("m_start")).max()).item())
    at = ments.get_column("at")
    window = spoken.select(
        "qid",
        "speaker_start",
        "speaker_end",
        first=at.search_sorted(spoken.select(_at("row", pl.col("speaker_start") - longest + 1)).to_series()),
        stop=at.search_sorted(spoken.select(_at("row", pl.col("speaker_end"))).to_series()),
    )
    rank = pl.col("entity_type").replace_strict(_TYPE_RANK, default=9, return_dtype=pl.Int32)
    overlap = (pl.col("m_start") < pl.col("speaker_end")) & (pl.col("m_end") > pl.col("speaker_start"))
    near = window.select("qid", "speaker_start", "speaker_end", _m=pl.int_ranges("first", "stop")).explode(
        "_m"
    )
    near = near.drop_nulls("_m").with_columns(
        ments.select("mi", "entity_id", "entity_type", "m_start", "m_end")[near["_m"]]
    )
    return (
        near.filter(overlap)
        .with_columns(rank=rank)
        .sort("qid", "rank", "m_start", "mi", descending=[False, False, True, False])
        .unique("qid", keep="first", maintain_order=True)
        .select("qid", direct_id="entity_id")
    )


def _inside_quotes(ments: pl.DataFrame, spans: pl.DataFrame) -> pl.Series:
    """Whether each mention (sorted `at`) starts inside a quoted span: what someone said, not who is
    speaking. Spans never overlap, so only the last span opening before the mention can hold it."""
    spans = spans.select(open=_at("row", pl.col("open")), close=_at("row", pl.col("close"))).sort("open")
    at = ments.get_column("at")
    last = spans.get_column("open").search_sorted(at, side="left").cast(pl.Int64) - 1
    close = spans.get_column("close").gather(last.clip(0)) if spans.height else pl.Series([None] * len(at))
    return ((last >= 0) & (at < close)).fill_null(False).alias("inside")


def _pronoun_antecedents(
    spoken: pl.DataFrame, ments: pl.DataFrame, spans: pl.DataFrame, bodies: pl.DataFrame
) -> pl.DataFrame:
    """2. he/she: the nearest person before, in the same paragraph or at most PRONOUN_SENTENCES
    sentence ends back. 3. it: the nearest organization or country before, in the same paragraph."""
    speaker = pl.col("speaker")
    spoken = spoken.filter(speaker.str.contains(r"^(?i:he|she|it)$"))
    # Only the mentions of articles where a pronoun speaks, and outside any quotation.
    nearby = ments.join(spoken.select("row"), on="row", how="semi", maintain_order="left")
    outside = nearby.filter(~_inside_quotes(nearby, spans))
    personal = _nearest(spoken.filter(speaker.str.contains(r"^(?i:he|she)$")), outside, ["person"], bodies)
    personal = personal.filter(pl.col("same_paragraph") | (pl.col("sentence_ends") <= PRONOUN_SENTENCES))
    neuter = _nearest(
        spoken.filter(speaker.str.contains(r"^(?i:it)$")), outside, ["organization", "country"], bodies
    )
    neuter = neuter.filter(pl.col("same_paragraph"))
    return pl.concat([personal, neuter]).select("qid", pronoun_id="entity_id")


def _nearest(
    spoken: pl.DataFrame, outside: pl.DataFrame, types: list[str], bodies: pl.DataFrame
) -> pl.DataFrame:
    """The last mention of one of `types` that ends before each speaker (or its quote), and what
    stands between them: sentence ends and whether a paragraph break."""
    between = pl.col("body").str.slice(pl.col("m_end"), pl.col("limit") - pl.col("m_end"))
    return (
        spoken.select("qid", "row", "limit")
        .join(
            outside.filter(pl.col("entity_type").is_in(types)).select(
                "row", "mi", "entity_id", "m_start", "m_end"
            ),
            on="row",
        )
        .filter(pl.col("m_end") <= pl.col("limit"))
        .sort("qid", "m_start", "mi", descending=[False, True, False])
        .unique("qid", keep="first", maintain_order=True)
        .join(bodies, on="row")
        .select("qid", "entity_id", between=between)
        .select(
            "qid",
            "entity_id",
            sentence_ends=pl.col("between").str.count_matches(r"[.!?…][\"'”’)\]]*\s+|\n\s*"),
            same_paragraph=~pl.col("between").str.contains("\n"),
        )
    )


def _by_name(spoken: pl.DataFrame, ments: pl.DataFrame) -> pl.DataFrame:
    """4. A name with no overlapping mention (the extractor missed that occurrence): the one person
    of the article with that name among the words of their name ("Anwar" for Anwar Ibrahim, "Sisi"
    for Abdel Fattah al-Sisi, "Kim's office" for Kim Jong Un)."""
    capitalised = r"\p{Lu}[\p{L}\p{M}]*"
    named = spoken.filter(~pl.col("speaker").str.contains(r"^(?i:he|she|it|they|we|i)$"))
    persons = ments.filter(pl.col("entity_type") == "person").join(named.select("row"), on="row", how="semi")
    # The words of each distinct name once: the same people are named in many articles.
    names = persons.select("name").unique().with_columns(key=pl.col("name").str.extract_all(capitalised))
    person_words = (
        persons.select("row", "entity_id", "name")
        .unique()
        .join(names, on="name")
        .select("row", "entity_id", "key")
        .explode("key")
        .drop_nulls("key")
        .unique()
    )
    return (
        named.select("qid", "row", key=pl.col("speaker").str.extract_all(capitalised).list.last())
        .filter(pl.col("key").is_not_null())
        .join(person_words, on=["row", "key"])
        .group_by("qid")
        .agg(pl.col("entity_id").unique())
        .filter(pl.col("entity_id").list.len() == 1)  # two people share that name: do not guess
        .select("qid", name_id=pl.col("entity_id").list.first())
    )


def _slices(articles: pl.DataFrame, workers: int) -> list[tuple[int, int]]:
    """Contiguous (start, stop) row ranges of at most about SLICE_BYTES of text (articles are
    independent), as many as a multiple of `workers` so that every worker gets an equal share."""
    ends = articles.get_column("body").str.len_bytes().fill_null(0).cast(pl.Int64).cum_sum().to_list()
    if not ends:
        return []
    parts = math.ceil(math.ceil(ends[-1] / SLICE_BYTES) / workers) * workers
    bounds, start = [], 0
    for k in range(1, parts + 1):
        # The slice ends with the article that reaches its share of the text.
        stop = len(ends) if k == parts else bisect.bisect_left(ends, ends[-1] * k / parts) + 1
        if stop > start:
            bounds.append((start, stop))
            start = stop
    return bounds


# ASCII single quotes ('We will not stop,' he said): in a body where one opens a quotation (after a
# space or a bracket, before a letter), openers are read as ‘ and closers (not followed by a letter
# or digit) as ’, so that the curly rules apply; an apostrophe inside a word stays what it is. Both
# marks are one character, so character offsets do not move; the quote text is taken from the body.
_ASCII_OPENER = r"(^|[\s(\[—–])'(\p{L})"
_ASCII_CLOSER = r"([^\s])'([^\p{L}\p{N}_]|$)"


def _ascii_single_quotes(articles: pl.DataFrame) -> pl.DataFrame:
    # Most bodies have no such opener: only those that do are rewritten (two passes over their text).
    bodies = articles.get_column("body")
    opens = bodies.str.contains(_ASCII_OPENER).fill_null(False)
    if not opens.any():
        return articles
    body = pl.col("body")
    marked = body.str.replace_all(_ASCII_OPENER, "${1}‘${2}").str.replace_all(_ASCII_CLOSER, "${1}’${2}")
    rewritten = articles.filter(opens).select(marked).to_series()
    return articles.with_columns(bodies.scatter(opens.arg_true(), rewritten))


def _extract(articles: pl.DataFrame, mentions: pl.DataFrame, verbs: tuple[str, ...]) -> pl.DataFrame:
    original = articles
    articles = _ascii_single_quotes(articles)
    spans = _quoted_spans(articles)
    if spans.height == 0:
        return pl.DataFrame(schema=QUOTE_SCHEMA)
    frame = _attribute(_contexts(articles, spans), _patterns(verbs))
    frame = _inherit_open_ended(frame)
    frame = frame.with_columns(
        qid=pl.int_range(pl.len(), dtype=pl.Int64),
        speaker_end=pl.col("speaker_start") + pl.col("speaker").str.len_chars(),
    )
    accepted = frame.filter(
        (pl.col("quote") != "") & (pl.col("long") | (pl.col("speaker").is_not_null() & pl.col("short_ok")))
    )
    resolved = _resolve(accepted, mentions, frame.select("row", "open", "close"))
    columns = [c for c in QUOTE_SCHEMA if c != "quote_id"]
    # where ASCII quotes were rewritten, the text is taken from the body as written
    quote = (
        pl.col("quote")
        if articles is original
        else pl.lit(original.get_column("body"))
        .gather(pl.col("row"))
        .str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
    )
    return (
        resolved.select("row", *columns)
        .with_columns(quote=quote, quote_id=stable_ids("quote", pl.col("article_id"), pl.col("char_start")))
        .sort("row", "char_start")
        .select(list(QUOTE_SCHEMA))
        .cast(QUOTE_SCHEMA)
    )


def extract_quotes(
    articles: pl.DataFrame,
    mentions: pl.DataFrame,
    speech_verbs: pl.DataFrame | None = None,
    *,
    threads: int | None = None,
) -> pl.DataFrame:
    """fact_quote rows: one per direct quotation in the article bodies (see the module docstring).

    `articles`: article_id, body. `mentions`: article_id, entity_id, entity_type, name, char_start,
    char_end (character offsets into body, end exclusive), sentence_no; may be empty.
    `speech_verbs`: the verb lexicon (default: `speech_verbs.csv` of the configured reference folder).
    Offsets in the output are character offsets of the quoted text (without the marks) in body.
    The batch is cut into slices of about SLICE_BYTES of text, a multiple of `threads` of them
    (default: Polars' thread-pool size), run on the transforms' worker threads (flows.transform.workers);
    the result does not depend on either.
    """
    verbs = (
        _default_verbs()
        if speech_verbs is None
        else tuple(speech_verbs.get_column("verb").str.to_lowercase().str.strip_chars().to_list())
    )
    articles = articles.select("article_id", "body")
    if articles.height == 0:
        return pl.DataFrame(schema=QUOTE_SCHEMA)
    threads = max(1, threads or pl.thread_pool_size())
    bounds = _slices(articles, threads)
    # Each slice's mentions, found with one join rather than one filter per slice, with the row of
    # their article in the slice (`row`, as in the quoted spans).
    starts = pl.Series([start for start, _ in bounds], dtype=pl.Int64)
    rows = pl.Series(range(articles.height), dtype=pl.Int64)
    slice_no = starts.search_sorted(rows, side="right") - 1
    slice_of = articles.select("article_id").with_columns(
        _slice=slice_no, row=(rows - starts.gather(slice_no)).cast(pl.UInt32)
    )
    grouped = join_runs(mentions.select(MENTION_COLUMNS), slice_of, "article_id").partition_by(
        "_slice", as_dict=True, include_key=False
    )
    empty = pl.DataFrame(schema={**mentions.select(MENTION_COLUMNS).schema, "row": pl.UInt32})

    def run(k: int) -> pl.DataFrame:
        start, stop = bounds[k]
        return _extract(articles.slice(start, stop - start), grouped.get((k,), empty), verbs)

    return pl.concat(list(pool().map(run, range(len(bounds)))))  # Polars releases the GIL
