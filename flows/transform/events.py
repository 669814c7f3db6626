"""Code interactions between countries per sentence: predicate lexicon + actors on each side.

Everything runs as Polars expressions over the whole batch: which sentences hold two countries and a
predicate phrase (Aho-Corasick), which phrases stand as whole words, which actors stand on each side
of each phrase, which pairs they form, which date a sentence refers to. Python only hashes event
keys and hands the rare explicit date to dateparser (`flows.dates.relative_dates`). The lexicon
(`reference/event_verbs.csv`) says which phrases signal which CAMEO code and whether the subject
acts on the object (`active`), the object on the subject (`passive`, "was attacked by"), or both
together (`mutual`, "held talks", "signed a pact"). Gapped phrases (`reference/event_gaps.csv`) let up
to GAP_WORDS words stand between a head and a tail ("expelled 15 Latvian diplomats").

Offsets of phrases and actors are character offsets into the sentence (`text`); phrase matching and
context checks read its lowercase (`lower`), which has the same offsets for any text news is written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from flows.dates import MONTHS, WEEKDAYS, relative_dates
from flows.ids import stable_ids
from flows.reference import irregular_verbs, read_reference
from flows.transform.joins import join_runs
from flows.transform.spans import leftmost_longest
from flows.transform.text import WIRE_DATELINE

EVENT_SCHEMA = {
    "event_id": pl.String,
    "article_id": pl.String,
    "sentence_no": pl.Int32,
    "event_code": pl.String,
    "actor1_country_code": pl.String,
    "actor2_country_code": pl.String,
    "actor1_entity_id": pl.String,
    "actor2_entity_id": pl.String,
    "quad_class": pl.Int32,
    "goldstein": pl.Float64,
    "date_id": pl.Int32,
    "date_precision": pl.String,
    "evidence": pl.String,
    "predicate": pl.String,
}
# Words that turn a cooperative predicate into its refusal when they stand just before it
# ("did not sign", "never met", "refused to join").
NEGATIONS = frozenset({"not", "never", "no", "n't", "refused", "refuses", "refuse", "declined", "declines"})
NEGATION_WINDOW = 3  # words before the predicate
NEGATION_REACH = 100  # characters before the predicate that can hold them
REJECT_CODE = "120"
# Aid that an actor blocks, suspends or cuts ("Hungary blocked EU aid to Ukraine", "froze military
# aid to Kyiv") is aid reduced or stopped (162), when a verb of aid_stop_verbs.csv stands at most
# STOP_WINDOW words before the aid predicate.
STOP_WINDOW = 7
STOP_AID_CODES = {"071": "1621", "072": "1622", "073": "1623"}  # the rest of 07 becomes 162
STOP_AID_CODE = "162"
AID_ROOT = "07"
# A predicate in an infinitive after a meeting, and what follows it in the sentence, is the meeting's
# purpose, not an interaction of its own: "met Macron in Paris to discuss support for Ukraine"
# (Ukraine is a topic).
PURPOSE_LEAD = "to "
# Clause breaks: actors beyond them belong to another clause of the sentence.
CLAUSE_BREAKS = ("; ", " while ", " whereas ", " but ", " although ")
# How far (characters) a subject may stand before its predicate and an object after it.
SUBJECT_REACH = 90
OBJECT_REACH = 45
# Adjacent mentions of one country at most this many characters apart are one actor; up to
# TITLE_GAP apart when only a title stands between them (capitalised words, maybe after "'s"):
# "Sweden's Prime Minister Ulf Kristersson", "U.S. Secretary of State Marco Rubio".
COLLAPSE_GAP = 12
TITLE_GAP = 48
_TITLE_BETWEEN = r"^(?:'s)?(?: (?:\p{Lu}\S*|of|for|the))* $"
# A country joined to these says where a person comes from, not who acts: "The American-born pontiff
# met Ukraine's president" is the pope meeting, not the United States.
ORIGIN_SUFFIXES = ("-born", "-educated", "-raised", "-trained")
# What may stand between coordinated actors: "Japan, South Korea, and the United States". `\s` is
# widened by \x1c-\x1f so that it is exactly Python's whitespace (`str.isspace`).
_SPACE = r"[\s\x1c-\x1f]"
COORDINATION = rf"^(?:{_SPACE}|,|\band\b|\bor\b|\bthe\b|&)*$"
ATTRIBUTION_VERBS = ("said", "says", "told", "added", "reported", "announced", "stated")
# A source closing a sentence: ", Seoul said", ", the Kremlin said", ", South Korea's military said".
SOURCE_LEADS = (", ", ", the ")
SOURCE_REACH = 30
# The actor after a cooperative mutual predicate ("held talks", "signed a pact") is a venue after
# "in" or "at" ("held talks in Oman") and a topic after "on", "about" or "over" ("talks expected to
# focus on Taiwan"): no party to it either way. When two or more actors already stand before it
# ("France, Germany and Italy met"), one after it takes part only if joined by "with" (or right after
# it), not "met in Rome to discuss support for Ukraine".
VENUE = (" in ", " at ", " in the ", " at the ")
TOPIC = (" on ", " about ", " over ", " regarding ", " on the ", " about the ", " over the ")
JOINED = " with "
# These checks are string tests, not regexes: Polars keeps a small cache of compiled regexes per
# thread, and more patterns here would push the quote stage's costly ones out of it.
# A letter or digit next to a phrase makes it part of a longer word (exactly Python's `str.isalnum`).
_ALNUM = r"[\p{L}\p{N}]"
# A speech predicate followed by these introduces reported speech: code what was reported, not the act
# of saying it.
REPORTED_SPEECH_MARKERS = (" that ", ": ", " to ")
STATEMENT_ROOT = "01"
STATEMENT_CODE = "010"  # "said", "announced": the verbs that report speech
# Wire copy mostly drops the "that": "Seoul said Pyongyang fired a missile". A statement with an actor
# right after it (at most this many characters, "the ") reports what that actor did, except after the
# verbs whose object is the person addressed ("Xi told Biden").
REPORTED_ACTOR_GAP = 5
ADDRESSEE_VERBS = frozenset({"tell", "tells", "told", "telling"})
# Gapped phrases (`event_gaps.csv`): a head and a tail with at most GAP_WORDS words between them (single
# spaces), no clause break among them ("expelled 15 Latvian diplomats", "will send 2,000 troops to").
GAP_WORDS = 4
# What may not stand between head and tail: a clause break or a quotation.
GAP_BREAKS = [", ", ";", ":", "(", ")", '"', "“", "”", "!", "?"]
# An active phrase opening with a participle right after a form of "be" is in the passive voice: the
# actor before it is acted on. With "by" after it, the agent follows ("was intimidated by China");
# without, the agent is not named ("Manila would not be intimidated after ...") and it codes nothing.
# "by" and a name after a one-word active phrase name its agent too ("the strikes by Israel").
_BE = ("is", "are", "was", "were", "be", "been", "being")
PASSIVE_AUXILIARIES = tuple(f" {aux}{negation} " for aux in _BE for negation in ("", " not"))
PASSIVE_AGENT = " by "
# `none` rows in the lexicon only block shorter phrases: "companies accused of shipping oil to China"
# names neither accuser nor accused as actors around the phrase.
BLOCKER_DIRECTION = "none"
_WORD_CHARS = r"[^\s\x1c-\x1f]"
_NEGATION = "|".join(sorted((re.escape(w) for w in NEGATIONS), key=len, reverse=True))
_NEGATED_TAIL = (
    rf"(?:^|{_SPACE})[,.;:]*(?:{_NEGATION})[,.;:]*(?:{_SPACE}+{_WORD_CHARS}+){{0,{NEGATION_WINDOW - 1}}}"
    rf"{_SPACE}*$"
)
# Capitalised words that name no one: "met ... on Monday to discuss" has no one named in between.
_DATE_WORDS = r"\b(?:" + "|".join(w.capitalize() for w in (*WEEKDAYS, *MONTHS)) + r")\b"
_ACTOR_COLUMNS = ["article_id", "sentence_no", "char_start", "char_end", "country_code", "entity_id"]


@dataclass(frozen=True)
class EventLexicon:
    phrases: list[str]
    # phrase, event_code, direction, quad_class, goldstein, root_code, reports, participle, one_word
    codes: pl.DataFrame
    reject: tuple[int, float]  # quad class and Goldstein of CAMEO 120, for negated cooperation
    stop_aid: dict[str, tuple[int, float]]  # code -> quad class, Goldstein of the 162 codes (stopped aid)
    stopped_tail: str  # a regex: a verb that stops aid, then at most STOP_WINDOW - 1 words, at the end
    gaps: pl.DataFrame  # head, tail, phrase ("head * tail", a key of `codes`)
    gap_parts: list[str]  # the heads and tails, matched like phrases
    patterns: list[str]  # what is searched for: the phrases, the heads and the tails
    parts_only: list[str]  # heads and tails that are not phrases of their own
    # past forms not in -ed ("said", "met"): with those in -ed, the verbs that open a second verb
    # phrase after "and", which shares the subject of the first (`_shared_subjects`)
    irregular_past: list[str]


def event_types(reference_dir: Path) -> pl.DataFrame:
    """`dim_event_type` from the versioned CAMEO table."""
    return read_reference(reference_dir, "cameo_event_types").select(
        pl.col("event_code"),
        pl.col("event_name"),
        pl.col("root_code"),
        pl.col("quad_class").cast(pl.Int32),
        pl.col("goldstein").cast(pl.Float64),
    )


def load_event_lexicon(reference_dir: Path, types: pl.DataFrame) -> EventLexicon:
    verbs = read_reference(reference_dir, "event_verbs").select(
        pl.col("phrase").str.to_lowercase().str.strip_chars(), "event_code", "direction"
    )
    gaps = _gapped_phrases(reference_dir)
    irregular = irregular_verbs(reference_dir)
    phrases = verbs.get_column("phrase")
    verbs = pl.concat([verbs, gaps.select("phrase", "event_code", "direction")])
    # A later row for a phrase overrides an earlier one, so a correction is an appended row.
    codes = (
        verbs.join(types, on="event_code", how="inner", maintain_order="left")
        .unique("phrase", keep="last", maintain_order=True)
        # Read per phrase here rather than per match: which phrases report speech (REPORTED_ACTOR_GAP).
        .with_columns(
            reports=(pl.col("event_code") == STATEMENT_CODE) & ~pl.col("phrase").is_in(list(ADDRESSEE_VERBS))
        )
        .with_columns(_passive_flags(_forms(irregular, "participle")))
    )
    reject = types.filter(pl.col("event_code") == REJECT_CODE)
    if reject.is_empty():
        raise ValueError(f"cameo_event_types.csv lacks {REJECT_CODE}, needed for negated cooperation")
    stop_codes = [STOP_AID_CODE, *STOP_AID_CODES.values()]
    stops = types.filter(pl.col("event_code").is_in(stop_codes))
    if stops.height != len(stop_codes):
        raise ValueError(f"cameo_event_types.csv lacks one of {stop_codes}, needed for stopped aid")
    stop_aid = {
        c: (int(q), float(g)) for c, q, g in stops.select("event_code", "quad_class", "goldstein").iter_rows()
    }
    gaps = gaps.join(codes.select("phrase"), on="phrase", how="semi")
    plain = codes.filter(pl.col("phrase").is_in(phrases.implode()))["phrase"]
    parts = pl.concat([gaps["head"], gaps["tail"]]).unique(maintain_order=True)
    parts_only = parts.filter(~parts.is_in(plain.implode()))
    return EventLexicon(
        phrases=plain.to_list(),
        codes=codes,
        reject=(int(reject["quad_class"][0]), float(reject["goldstein"][0])),
        stop_aid=stop_aid,
        stopped_tail=_stopped_tail(reference_dir),
        gaps=gaps.select("head", "tail", "phrase"),
        gap_parts=parts.to_list(),
        patterns=pl.concat([plain, parts_only]).to_list(),
        parts_only=parts_only.to_list(),
        irregular_past=_forms(irregular, "past"),
    )


def _passive_flags(irregular_participles: list[str]) -> list[pl.Expr]:
    """Per phrase, for `_passive_voice`: `participle`, it opens with one (in -ed, or a participle of
    `irregular_verbs.csv`), but not an infinitive ("set to visit", "expected to meet"); `one_word`."""
    words = pl.col("phrase").str.split(" ")
    first = words.list.first()
    infinitive = (words.list.get(1, null_on_oob=True) == "to") & (words.list.len() > 2)
    return [
        (_past_form(first, irregular_participles) & ~infinitive.fill_null(False)).alias("participle"),
        (words.list.len() == 1).alias("one_word"),
    ]


def _past_form(word: pl.Expr, irregular: list[str]) -> pl.Expr:
    """The word is a past form or participle: in -ed, or one of `irregular` (`irregular_verbs.csv`)."""
    return word.str.ends_with("ed") | word.is_in(irregular)


def _forms(irregular: pl.DataFrame, column: str) -> list[str]:
    """The forms of one column of `irregular_verbs`, each once."""
    forms = irregular.get_column(column).explode()
    return forms.filter(forms != "").unique().sort().to_list()


def _gapped_phrases(reference_dir: Path) -> pl.DataFrame:
    """`event_gaps.csv` with one row per head and tail form (the file lists them with "|"), keyed by
    the phrase "head * tail". No file, no gapped phrases."""
    schema = {name: pl.String for name in ("head", "tail", "event_code", "direction", "phrase")}
    if not (reference_dir / "event_gaps.csv").is_file():
        return pl.DataFrame(schema=schema)
    forms = pl.col("head", "tail").str.to_lowercase().str.split("|")
    return (
        read_reference(reference_dir, "event_gaps")
        .select(forms, "event_code", "direction")
        .explode("head")
        .explode("tail")
        .with_columns(pl.col("head", "tail").str.strip_chars())
        .with_columns(phrase=pl.col("head") + " * " + pl.col("tail"))
        .select(list(schema))
    )


def _stopped_tail(reference_dir: Path) -> str:
    forms = read_reference(reference_dir, "aid_stop_verbs").select(
        pl.col("forms").str.to_lowercase().str.split("|").explode().str.strip_chars()
    )
    verbs = "|".join(sorted(set(forms.get_column("forms").to_list()) - {""}))
    return (
        rf"(?:^|{_SPACE})(?:{verbs})(?:{_SPACE}+off)?"
        rf"(?:{_SPACE}+{_WORD_CHARS}+){{0,{STOP_WINDOW - 1}}}{_SPACE}*$"
    )


def code_events(
    articles: pl.DataFrame, sentences: pl.DataFrame, mentions: pl.DataFrame, lexicon: EventLexicon
) -> pl.DataFrame:
    """One row per coded interaction between two different countries in a sentence.

    Within a sentence, predicates are taken in text order, statements ("said", "announced") last so
    that they code a pair only when nothing more specific links it; a pair of countries is coded once,
    by the first predicate that links it.
    """
    index = articles.select("article_id").with_row_index("_a")
    raw = _raw_actors(mentions, index, _dateline_ends(articles))
    cands = _candidates(articles, sentences, index, raw, lexicon)
    if cands.is_empty():
        return pl.DataFrame(schema=EVENT_SCHEMA)
    lower = cands.get_column("lower")
    preds = _predicates(cands, lexicon)
    actors = _collapse(raw.join(cands.select("sid", "_key", "s_start"), on="_key"), cands.get_column("text"))
    after = pl.lit(lower).gather(pl.col("sid")).str.slice(pl.col("end"), max(map(len, ORIGIN_SUFFIXES)))
    actors = actors.filter(~pl.any_horizontal([after.str.starts_with(x) for x in ORIGIN_SUFFIXES]))
    actors = _coordination_runs(actors, lower)
    anchors = _anchors(preds, actors, lower, lexicon.irregular_past)
    firsts = _first_per_pair(_pairs(anchors, _members(anchors, actors)), preds)
    if firsts.is_empty():
        return pl.DataFrame(schema=EVENT_SCHEMA)
    return _assemble(firsts, cands)


_SENTENCE = ["article_id", "sentence_no"]
_SENTENCE_STRIDE = 2**32  # more than any sentence number: article * stride + sentence_no is a key


def _sentence_key() -> pl.Expr:
    """One integer per sentence (`_a`, the article's row, and sentence_no): cheaper to group and
    join on than the article id and sentence number."""
    return pl.col("_a").cast(pl.Int64) * _SENTENCE_STRIDE + pl.col("sentence_no").cast(pl.Int64)


def _dateline_ends(articles: pl.DataFrame) -> pl.Series:
    """Where each body's wire dateline ends (0 without one), in characters."""
    line = articles.get_column("body").str.slice(0, 96).str.extract(WIRE_DATELINE, 1)
    return line.str.len_chars().fill_null(0).cast(pl.Int64)


def _raw_actors(mentions: pl.DataFrame, index: pl.DataFrame, dateline_ends: pl.Series) -> pl.DataFrame:
    """Mentions that can act for a country, in a stable order (`_m`) for ties in position.

    A country in the dateline is where the story was filed, not a party to what it reports: in
    "ADDIS ABABA, Ethiopia (AP) -- The African Union suspended Madagascar", Ethiopia suspends no one.
    """
    actors = (
        mentions.filter(pl.col("entity_type") != "agency", pl.col("country_code").is_not_null())
        .select(*_ACTOR_COLUMNS, "entity_type")
        .with_row_index("_m")
    )
    return (
        join_runs(actors, index, "article_id")
        .filter(pl.col("char_start") >= pl.lit(dateline_ends).gather(pl.col("_a")))
        .with_columns(_key=_sentence_key())
    )


def _candidates(
    articles: pl.DataFrame,
    sentences: pl.DataFrame,
    index: pl.DataFrame,
    raw: pl.DataFrame,
    lexicon: EventLexicon,
) -> pl.DataFrame:
    """Sentences with two or more countries and a lexicon phrase somewhere in them, numbered `sid`."""
    # Two countries or more: the smallest and largest country differ (as category numbers, which
    # equal strings share: cheaper to compare per group than the strings).
    country = pl.col("country_code").cast(pl.Categorical).to_physical()
    two_countries = (
        raw.select("_key", country=country)
        .group_by("_key")
        .agg(low=pl.col("country").min(), high=pl.col("country").max())
        .filter(pl.col("low") != pl.col("high"))
    )
    chosen = (
        join_runs(sentences.select(*_SENTENCE, "char_end", s_start="char_start"), index, "article_id")
        .with_columns(_key=_sentence_key())
        .join(two_countries, on="_key", how="semi")
    )
    row = pl.col("_a")
    body = pl.lit(articles.get_column("body")).gather(row)
    return (
        chosen.select(
            *_SENTENCE,
            "_key",
            "s_start",
            published_date=pl.lit(articles.get_column("published_date")).gather(row),
            text=body.str.slice(pl.col("s_start"), pl.col("char_end") - pl.col("s_start")),
        )
        .with_columns(lower=pl.col("text").str.to_lowercase())
        .with_columns(
            hits=pl.col("lower").str.find_many(lexicon.patterns, overlapping=True),
            found=pl.col("lower").str.extract_many(lexicon.patterns, overlapping=True),
        )
        .filter(pl.col("hits").list.len() > 0)
        .with_row_index("sid")
    )


def _predicates(cands: pl.DataFrame, lexicon: EventLexicon) -> pl.DataFrame:
    """The predicates of each sentence with their code, numbered `pid` (see `_phrase_spans`)."""
    reject_quad, reject_goldstein = lexicon.reject
    lower = pl.col("lower")
    follows = lower.str.slice(pl.col("end"), 6)
    reported = pl.any_horizontal([follows.str.starts_with(marker) for marker in REPORTED_SPEECH_MARKERS])
    statement = pl.col("root_code") == STATEMENT_ROOT
    negated = pl.col("negated")
    start = pl.col("start")
    meeting = (pl.col("direction") == "mutual") & pl.col("quad_class").is_in([1, 2])
    # the end of a meeting earlier in the sentence (the frame is in sentence and text order), with
    # someone named between it and the infinitive: "met French President Emmanuel Macron ... to
    # discuss", not "talks were held to enhance security ties"
    met_end = pl.when(meeting).then(pl.col("end")).shift(1).forward_fill().over("sid")
    text = pl.lit(cands.get_column("text")).gather(pl.col("sid"))
    purpose = (lower.str.slice((start - len(PURPOSE_LEAD)).clip(0), len(PURPOSE_LEAD)) == PURPOSE_LEAD) & (
        start >= len(PURPOSE_LEAD)
    )
    met_before = pl.when(purpose & met_end.is_not_null()).then(
        text.str.slice(met_end, start - met_end).str.replace_all(_DATE_WORDS, "").str.contains(r"\p{Lu}")
    )
    stopped = pl.col("stopped")
    aid_code = pl.col("event_code").replace_strict(STOP_AID_CODES, default=STOP_AID_CODE)
    stop_quad = {c: q for c, (q, _) in lexicon.stop_aid.items()}
    stop_goldstein = {c: g for c, (_, g) in lexicon.stop_aid.items()}
    # Eager frames do not share subexpressions: `negated` is a column so that it is computed once.
    return (
        _phrase_spans(cands, lexicon)
        .join(lexicon.codes.select(pl.exclude("event_name")), on="phrase", how="left")
        .filter(~(statement & reported), pl.col("direction") != BLOCKER_DIRECTION)
        .pipe(_passive_voice)
        .sort("sid", "start")
        # the purpose runs on to the sentence's end: "to discuss support for Ukraine"
        .with_columns(_purpose=met_before.fill_null(False))
        .filter(pl.col("_purpose").cast(pl.Int32).cum_sum().over("sid") == 0)
        # Only cooperation can be negated into a rejection: the other rows' text is null, which the
        # string steps skip; only aid can be stopped.
        .with_columns(
            negated=_negated(pl.when(pl.col("quad_class").is_in([1, 2])).then(lower), start),
            stopped=_stopped(
                pl.when(pl.col("root_code") == AID_ROOT).then(lower), start, lexicon.stopped_tail
            ),
        )
        .with_columns(
            event_code=pl.when(stopped).then(aid_code).otherwise("event_code"),
            quad_class=pl.when(stopped)
            .then(aid_code.replace_strict(stop_quad, return_dtype=pl.Int32))
            .otherwise("quad_class"),
            goldstein=pl.when(stopped)
            .then(aid_code.replace_strict(stop_goldstein, return_dtype=pl.Float64))
            .otherwise("goldstein"),
        )
        .with_columns(negated=negated & ~stopped)
        .select(
            "sid",
            "start",
            "end",
            "inner",
            "phrase",
            "direction",
            "reports",
            statement=statement,
            meeting=meeting,
            event_code=pl.when(negated).then(pl.lit(REJECT_CODE)).otherwise("event_code"),
            quad_class=pl.when(negated).then(pl.lit(reject_quad, pl.Int32)).otherwise("quad_class"),
            goldstein=pl.when(negated).then(pl.lit(reject_goldstein)).otherwise("goldstein"),
        )
        .with_row_index("pid")
    )


def _passive_voice(preds: pl.DataFrame) -> pl.DataFrame:
    """Active phrases read as passive: a participle after a form of "be" (PASSIVE_AUXILIARIES), or
    one word before "by" and a name. After "be" without "by" the agent is not named, and the phrase
    is dropped. The text is read only around the phrases that may be either."""
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    maybe = preds.with_columns(_r=index).filter(
        (pl.col("direction") == "active") & (pl.col("participle") | pl.col("one_word"))
    )
    lower, start, end = pl.col("lower"), pl.col("start"), pl.col("end")
    reach = max(map(len, PASSIVE_AUXILIARIES))
    before = lower.str.slice((start - reach).clip(0), pl.min_horizontal(start, pl.lit(reach)))
    after_be = maybe.filter("participle").filter(
        pl.any_horizontal([before.str.ends_with(a) for a in PASSIVE_AUXILIARIES])
    )
    by = maybe.filter(lower.str.slice(end, len(PASSIVE_AGENT)) == PASSIVE_AGENT)
    # "accusations by the US", "strikes by Israel": "by" and a name after a one-word active phrase give
    # its agent; "retaliated by imposing tariffs", "grew by 10%" do not, nor does "by" after a phrase
    # with an object ("dismissed the accusations by Canada": Canada accused)
    agent = lower.str.slice(end + len(PASSIVE_AGENT), 24).str.split(" ").list.first()
    named = by.filter(
        "one_word", ~agent.str.ends_with("ing"), ~agent.str.slice(0, 1).is_in(list("0123456789$"))
    )
    dropped = after_be.filter(~pl.col("_r").is_in(by.get_column("_r").implode())).get_column("_r")
    passive = pl.concat([after_be.get_column("_r"), named.get_column("_r")])
    return preds.with_columns(
        direction=pl.when(index.is_in(passive.implode())).then(pl.lit("passive")).otherwise("direction")
    ).filter(~index.is_in(dropped.implode()))


def _phrase_spans(cands: pl.DataFrame, lexicon: EventLexicon) -> pl.DataFrame:
    """Whole-word phrase matches as character offsets, the longest at overlapping positions.

    A gapped phrase spans its head, the words between and its tail; `inner`, where the words after
    its head start, is where an object may stand (the phrase's end for the others).
    """
    found = _whole_words(cands)
    # The choice runs in rounds that each filter the frame: the sentence text joins afterwards.
    lower = pl.lit(cands.get_column("lower")).gather(pl.col("sid"))
    if not lexicon.gap_parts:
        return leftmost_longest(found, "sid").with_columns(inner=pl.col("end"), lower=lower)
    # One lookup over every match; the heads and tails among them are few.
    found = found.with_columns(_part=pl.col("phrase").is_in(lexicon.gap_parts))
    parts = found.filter("_part").drop("_part")
    gapped = _gapped_spans(parts, lexicon.gaps, lower)
    plain_parts = parts.filter(~pl.col("phrase").is_in(lexicon.parts_only))
    spans = pl.concat([found.filter(~pl.col("_part")).drop("_part"), plain_parts, gapped.drop("inner")])
    kept = leftmost_longest(spans, "sid")
    inner = kept.join(
        gapped.select("sid", "start", "inner"), on=["sid", "start"], how="left", maintain_order="left"
    )
    return kept.with_columns(inner=inner.get_column("inner").fill_null(kept.get_column("end")), lower=lower)


def _whole_words(cands: pl.DataFrame) -> pl.DataFrame:
    """The matches (`hits`, byte offsets, and `found`) that stand as whole words, at character offsets.

    `find_many` gives byte offsets into the lowercase sentence; counting the characters before the
    match turns them into character offsets (only sentences that are not ASCII need it).
    """
    lower = pl.col("lower")
    prefix_chars = lower.cast(pl.Binary).bin.slice(0, pl.col("hit")).cast(pl.String).str.len_chars()
    hits = (
        cands.select("sid", "lower", "hits", "found")
        .explode("hits", "found")
        .rename({"hits": "hit", "found": "phrase"})
    )
    ascii_lower = lower.str.len_bytes() == lower.str.len_chars()
    hits = pl.concat(
        [
            hits.filter(ascii_lower).with_columns(start=pl.col("hit").cast(pl.Int64)),
            hits.filter(~ascii_lower).with_columns(start=prefix_chars.cast(pl.Int64)),
        ]
    ).with_columns(end=pl.col("start") + pl.col("phrase").str.len_chars().cast(pl.Int64))
    before = lower.str.slice(pl.col("start") - 1, 1)
    after = lower.str.slice(pl.col("end"), 1)
    whole = ((pl.col("start") == 0) | ~before.str.contains(_ALNUM)) & ~after.str.contains(_ALNUM)
    return hits.filter(whole).select("sid", "start", "end", "phrase")


def _gapped_spans(parts: pl.DataFrame, gaps: pl.DataFrame, lower: pl.Expr) -> pl.DataFrame:
    """Each head with the nearest of its tails that follows it across at most GAP_WORDS words
    (`lower`: each match's lowercase sentence)."""
    tails = parts.select("sid", tail="phrase", t_start="start", t_end="end")
    gap = lower.str.slice(pl.col("end"), pl.col("t_start") - pl.col("end"))
    return (
        parts.join(gaps, left_on="phrase", right_on="head", suffix="_gap")
        .join(tails, on=["sid", "tail"])
        .filter(pl.col("t_start") >= pl.col("end"))
        .filter(
            gap.str.len_chars() - gap.str.replace_all(" ", "", literal=True).str.len_chars() <= GAP_WORDS + 1,
            gap.str.starts_with(" "),
            ~gap.str.contains_any(GAP_BREAKS),
        )
        .sort("sid", "start", "t_start", "t_end", descending=[False, False, False, True])
        .unique(["sid", "start"], keep="first", maintain_order=True)
        .select("sid", "start", end="t_end", phrase="phrase_gap", inner="end")
    )


def _negated(lower: pl.Expr, start: pl.Expr) -> pl.Expr:
    """Whether one of the NEGATION_WINDOW words before `start` is a negation ("n't" is a word).

    A word is a run of non-space characters, compared without surrounding ",.;:"; one regex asks
    for a negation followed by fewer than NEGATION_WINDOW more words up to the predicate. It reads
    the last NEGATION_REACH characters only: that many never hold just NEGATION_WINDOW words, so the
    start of a cut text is never taken for the start of a negation.
    """
    window = _reach_before(lower, start)
    return window.str.replace_all("n't", " n't", literal=True).str.contains(_NEGATED_TAIL).fill_null(False)


def _stopped(lower: pl.Expr, start: pl.Expr, tail: str) -> pl.Expr:
    """Whether a verb that stops aid (EventLexicon.stopped_tail) stands at most STOP_WINDOW words
    before `start`."""
    return _reach_before(lower, start).str.contains(tail).fill_null(False)


def _reach_before(lower: pl.Expr, start: pl.Expr) -> pl.Expr:
    """The NEGATION_REACH characters before `start` (fewer at the start of the sentence)."""
    cut = (start - NEGATION_REACH).clip(0)
    return lower.str.slice(cut, start - cut)


def _collapse(actors: pl.DataFrame, text: pl.Series) -> pl.DataFrame:
    """Adjacent mentions of one country ("Russian President Vladimir Putin") are one actor, numbered
    `k` in text order within its sentence.

    The most specific entity (the first person or organization over the country itself) acts.
    """
    same_sentence = pl.col("sid") == pl.col("sid").shift(1)
    prev_end = pl.col("end").shift(1)
    gap = pl.col("start") - prev_end
    # the text between, read only where it may be a title
    between = pl.when(gap.is_between(COLLAPSE_GAP + 1, TITLE_GAP)).then(
        pl.lit(text).gather(pl.col("sid")).str.slice(prev_end.fill_null(0), gap.clip(0).fill_null(0))
    )
    titled = pl.col("_between").str.contains(_TITLE_BETWEEN)
    joins_previous = (
        same_sentence
        & (pl.col("country_code") == pl.col("country_code").shift(1))
        & ((gap <= COLLAPSE_GAP) | titled.fill_null(False))
    ).fill_null(False)
    specific = pl.col("entity_id").filter(pl.col("entity_type").ne_missing("country")).first()
    return (
        actors.with_columns(
            start=pl.col("char_start") - pl.col("s_start"), end=pl.col("char_end") - pl.col("s_start")
        )
        .sort("sid", "start", "_m")
        .with_columns(_between=between)
        .with_columns(_g=(~joins_previous).cum_sum())
        .group_by("_g", maintain_order=True)
        .agg(
            pl.col("sid").first(),
            pl.col("start").first(),
            pl.col("end").last(),
            pl.col("country_code").first(),
            pl.coalesce(specific, pl.col("entity_id").first()).alias("entity_id"),
        )
        .drop("_g")
        .with_columns(k=_rank_within("sid"))
    )


def _coordination_runs(actors: pl.DataFrame, lower: pl.Series) -> pl.DataFrame:
    """`run`: consecutive actors joined only by commas, "and", "or", "the" or "&" share a run.

    `source`: the actor closes the sentence as its source, after a comma and before a speech verb
    ("..., South Korea's military said"): no object of a predicate before it (`_anchors`), and not
    one more of a list when the verb follows it at once ("... near Taiwan, Japan said").
    """
    next_start = pl.col("start").shift(-1)
    gap = pl.lit(lower).gather(pl.col("sid")).str.slice(pl.col("end"), (next_start - pl.col("end")).clip(0))
    actors = actors.with_columns(_gap=gap, _next_end=pl.col("end").shift(-1))
    # Only the few actors after a comma are read further.
    after_comma = actors.with_row_index("_r").filter(
        pl.col("sid") == pl.col("sid").shift(-1),
        pl.any_horizontal([pl.col("_gap").str.ends_with(lead) for lead in SOURCE_LEADS]),
    )
    said = pl.lit(lower).gather(pl.col("sid")).str.slice(pl.col("_next_end"), SOURCE_REACH)
    flags = after_comma.select(
        "_r",
        source=pl.any_horizontal([said.str.contains(f" {verb}", literal=True) for verb in ATTRIBUTION_VERBS]),
        at_once=pl.col("_gap").is_in([",", ", "])
        & pl.any_horizontal([said.str.starts_with(f" {verb}") for verb in ATTRIBUTION_VERBS]),
    )

    def marked(column: str) -> pl.Series:
        """True at the rows of `actors` that `flags` marks in `column`."""
        return pl.repeat(False, actors.height, dtype=pl.Boolean, eager=True).scatter(
            flags.filter(column).get_column("_r"), True
        )

    breaks_list = marked("at_once")
    linked = (
        (pl.col("sid") == pl.col("sid").shift(-1))
        & pl.col("_gap").str.contains(COORDINATION)
        & ~pl.lit(breaks_list)
    )
    source = pl.lit(marked("source")).shift(1, fill_value=False)
    return actors.with_columns(
        run=(~linked.fill_null(False)).shift(1, fill_value=True).cum_sum(), source=source
    ).drop("_gap", "_next_end")


def _anchors(
    preds: pl.DataFrame, actors: pl.DataFrame, lower: pl.Series, irregular_past: list[str]
) -> pl.DataFrame:
    """Per predicate, the row (in `actors`) of the nearest actor on each side: `before`, the last one
    ending at most SUBJECT_REACH characters before it; `after`, the first starting at most
    OBJECT_REACH after it. A side is null when a clause break stands between its anchor and the
    predicate; `after` also when it is a venue or topic (VENUE, TOPIC) or the source (`source`, see
    `_coordination_runs`); both when a statement reports what the actor after it did
    (REPORTED_ACTOR_GAP). `joined`: whether the actor after is joined to the predicate (JOINED)."""
    start, a_start, a_end = pl.col("start"), pl.col("a_start"), pl.col("a_end")
    end = pl.col("inner")  # objects may stand inside a gapped phrase ("expelled two Russian diplomats")
    before = (a_end <= start) & (start - a_end <= SUBJECT_REACH)
    after = (a_start >= end) & (a_start <= pl.col("limit"))
    nearest = (
        # As few columns as may be: the join pairs every predicate with every actor of its sentence.
        preds.select("pid", "sid", "start", "inner", limit=pl.col("end") + OBJECT_REACH)
        .join(actors.select("sid", a_start="start", a_end="end").with_row_index("a"), on="sid")
        .select("pid", before=pl.when(before).then("a"), after=pl.when(after).then("a"))
        .group_by("pid")
        .agg(pl.col("before").max(), pl.col("after").min())
    )
    anchors = (
        preds.select("pid", "sid", "start", "inner", "direction", "reports", "meeting")
        .join(nearest, on="pid")
        .pipe(_shared_subjects, actors, lower, irregular_past)
        .with_columns(
            _text=pl.lit(lower).gather(pl.col("sid")),
            _b_start=pl.lit(actors.get_column("start")).gather(pl.col("before")),
            _a_start=pl.lit(actors.get_column("start")).gather(pl.col("after")),
            _a_end=pl.lit(actors.get_column("end")).gather(pl.col("after")),
            _source=pl.lit(actors.get_column("source")).gather(pl.col("after")).fill_null(False),
        )
    )
    no_party = [pl.col("_mutual_gap").str.ends_with(lead) for lead in VENUE + TOPIC]
    anchors = anchors.with_columns(_mutual_gap=_mutual_gap(anchors)).with_columns(
        venue=pl.col("meeting") & pl.any_horizontal(no_party).fill_null(False),
        joined=(pl.col("_mutual_gap").str.strip_chars() == "")
        | pl.col("_mutual_gap").str.contains(JOINED, literal=True),
    )
    text, b_start, a_start_, a_end_ = (
        pl.col("_text"),
        pl.col("_b_start"),
        pl.col("_a_start"),
        pl.col("_a_end"),
    )
    breaks = list(CLAUSE_BREAKS)
    broken_before = text.str.slice(b_start, (start - b_start).clip(0)).str.contains_any(breaks)
    broken_after = text.str.slice(end, (a_end_ - end).clip(0)).str.contains_any(breaks)
    reported = (pl.col("reports") & (a_start_ - end <= REPORTED_ACTOR_GAP)).fill_null(False)
    # The reasons are columns first: combined inside `when`, the string tests run far slower.
    drop_before, drop_after = pl.col("_drop_before"), pl.col("_drop_after")
    return anchors.with_columns(
        _drop_before=broken_before, _drop_after=broken_after, _reported=reported
    ).select(
        "pid",
        "direction",
        "joined",
        before=pl.when(drop_before | pl.col("_reported")).then(None).otherwise("before"),
        after=pl.when(drop_after | pl.col("_reported") | pl.col("venue") | pl.col("_source"))
        .then(None)
        .otherwise("after"),
    )


def _shared_subjects(
    anchors: pl.DataFrame, actors: pl.DataFrame, lower: pl.Series, irregular_past: list[str]
) -> pl.DataFrame:
    """A predicate joined by "and" to an earlier one, whose nearest actor before it is that one's
    object, has that one's subject: in "Takaichi spoke with Lee Jae-myung and said she hoped to meet
    Xi", Japan hopes to meet China, not South Korea. The object may go on past the earlier predicate's
    anchor, in its run (`_coordination_runs`: "met Lee and Ishiba and said") or in mentions of the same
    country ("met Japanese Prime Minister Sanae Takaichi and said")."""
    run, country = pl.lit(actors.get_column("run")), pl.lit(actors.get_column("country_code"))
    earlier = anchors.filter(pl.col("before").is_not_null() & pl.col("after").is_not_null()).select(
        "sid",
        _object=pl.col("after"),
        _run=run.gather(pl.col("after")),
        _cc=country.gather(pl.col("after")),
        _earlier=pl.col("start"),
        _subject=pl.col("before"),
    )
    if earlier.is_empty():
        return anchors
    gap_start = pl.lit(actors.get_column("end")).gather(pl.col("before"))
    shared = (
        anchors.filter(pl.col("before").is_not_null())
        .select("pid", "sid", "start", "before")
        .join(earlier, on="sid")
        .filter(
            pl.col("_earlier") < pl.col("start"),
            pl.col("_object") <= pl.col("before"),
            (run.gather(pl.col("before")) == pl.col("_run"))
            | (country.gather(pl.col("before")) == pl.col("_cc")),
        )
        .with_columns(
            _gap=pl.lit(lower).gather(pl.col("sid")).str.slice(gap_start, pl.col("start") - gap_start)
        )
        .filter(pl.col("_gap").str.contains(" and ", literal=True))
        .with_columns(_parts=pl.col("_gap").str.split(" and "))
        .with_columns(
            _lead=pl.col("_parts").list.head(pl.col("_parts").list.len() - 1).list.join(" and "),
            _verb=pl.col("_parts").list.last().str.strip_chars().str.split(" ").list.first(),
        )
        .filter(
            ~pl.col("_lead").str.strip_chars(" ,").str.contains_any([",", ";"]),
            # a second verb phrase: "and" then a verb in the past tense (or the predicate itself), not
            # the start of a subject of its own ("and its allies condemned")
            _past_form(pl.col("_verb"), [*irregular_past, ""]),
        )
        .sort("pid", "_earlier")
        .unique("pid", keep="last")
    )
    if shared.is_empty():
        return anchors
    return (
        anchors.join(shared.select("pid", "_subject"), on="pid", how="left")
        .with_columns(before=pl.coalesce("_subject", "before"))
        .drop("_subject")
    )


def _mutual_gap(anchors: pl.DataFrame) -> pl.Series:
    """The text between each mutual predicate and the actor after it (null for the other predicates,
    which the string steps skip): where `venue` and `joined` are read (see VENUE and JOINED)."""
    end = pl.col("inner")
    mutual = (pl.col("direction") == "mutual") & pl.col("after").is_not_null()
    gap = pl.when(mutual).then(pl.col("_text")).str.slice(end, (pl.col("_a_start") - end).clip(0))
    return anchors.select(gap).to_series()


def _members(anchors: pl.DataFrame, actors: pl.DataFrame) -> pl.DataFrame:
    """Each side's group: its anchor and the actors coordinated with it, toward the far side (from
    the start of the anchor's run to a subject, from an object to the end of its run). Side 0 is
    before the predicate, 1 after; `a` is the actor's row in `actors`."""
    run = pl.col("run")
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    bounds = actors.select(
        first=pl.when((run != run.shift(1)).fill_null(True)).then(index).forward_fill(),
        last=pl.when((run != run.shift(-1)).fill_null(True)).then(index).backward_fill(),
    )
    first, last = pl.lit(bounds.get_column("first")), pl.lit(bounds.get_column("last"))
    sides = [
        anchors.select(
            "pid", side=pl.lit(0, pl.Int8), a=pl.int_ranges(first.gather("before"), pl.col("before") + 1)
        ),
        anchors.select("pid", side=pl.lit(1, pl.Int8), a=pl.int_ranges("after", last.gather("after") + 1)),
    ]
    members = pl.concat(sides).explode("a").drop_nulls("a")
    return members.with_columns(actors.select("k", "country_code", "entity_id")[members.get_column("a")])


def _pairs(anchors: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Actor pairs of each predicate, numbered in the order they are coded (`i`, `j`).

    Subjects and objects present and an active or passive predicate: every subject with every object
    (passive: the object group acts); one side alone codes nothing ("Britain and France condemned
    the attack": neither condemned the other). A mutual predicate: every pair within the groups,
    subjects first. Each group counts a country once, at its first actor.
    """
    ordered = members.sort("pid", "side", "k")
    both = pl.col("before").is_not_null() & pl.col("after").is_not_null()
    mutual = pl.col("direction") == "mutual"
    crossed = anchors.filter(both & ~mutual)
    together = ordered.join(anchors.filter(mutual).select("pid"), on="pid", how="semi")
    within = _loose_objects_dropped(together, anchors)
    pairs = pl.concat([_crossed_pairs(ordered, crossed), _pairs_within(within)])
    return pairs.filter(pl.col("c1") != pl.col("c2"))


def _loose_objects_dropped(members: pl.DataFrame, anchors: pl.DataFrame) -> pl.DataFrame:
    """Without the actors after a predicate that two or more countries before it already share, unless
    they are joined to it (`joined`): "France, Germany and Italy met in Rome to discuss Ukraine"."""
    loose = anchors.filter(~pl.col("joined").fill_null(True)).select("pid")
    if loose.is_empty():
        return members
    shared = (
        members.filter(pl.col("side") == 0)
        .join(loose, on="pid", how="semi")
        .group_by("pid")
        .agg(pl.col("country_code").n_unique().alias("n"))
        .filter(pl.col("n") >= 2)
    )
    return members.filter(~((pl.col("side") == 1) & pl.col("pid").is_in(shared.get_column("pid").implode())))


_PAIR = {"i": "pos", "j": "pos_2", "c1": "country_code", "e1": "entity_id"}
_PAIR |= {"c2": "country_code_2", "e2": "entity_id_2"}


def _crossed_pairs(ordered: pl.DataFrame, crossed: pl.DataFrame) -> pl.DataFrame:
    """Each acting actor with each actor acted on, for the predicates in `crossed`."""
    per_side = ordered.unique(["pid", "side", "country_code"], keep="first", maintain_order=True)
    per_side = per_side.with_columns(pos=_rank_within("pid", "side"))
    acting_side = pl.when(pl.col("direction") == "passive").then(1).otherwise(0).cast(pl.Int8)
    acting = crossed.select("pid", side=acting_side)
    first = per_side.join(acting, on=["pid", "side"])
    second = per_side.join(acting, on="pid").filter(pl.col("side") != pl.col("side_right"))
    return first.join(second, on="pid", suffix="_2").select("pid", **_PAIR)


def _pairs_within(together: pl.DataFrame) -> pl.DataFrame:
    """Every pair of the actors of each predicate in `together`, in the order they stand."""
    together = together.unique(["pid", "country_code"], keep="first", maintain_order=True)
    together = together.with_columns(pos=_rank_within("pid"))
    return (
        together.join(together, on="pid", suffix="_2")
        .filter(pl.col("pos") < pl.col("pos_2"))
        .select("pid", **_PAIR)
    )


def _rank_within(*keys: str) -> pl.Expr:
    """0, 1, 2, ... along each run of equal `keys` in a frame sorted by them (far cheaper than `over`)."""
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    starts_run = pl.any_horizontal([pl.col(k) != pl.col(k).shift(1) for k in keys]).fill_null(True)
    return index - pl.when(starts_run).then(index).forward_fill()


def _first_per_pair(pairs: pl.DataFrame, preds: pl.DataFrame) -> pl.DataFrame:
    """Each country pair of a sentence once: from the first predicate (statements last) that links it."""
    return (
        pairs.join(preds, on="pid")
        .with_columns(lo=pl.min_horizontal("c1", "c2"), hi=pl.max_horizontal("c1", "c2"))
        .sort("sid", "statement", "start", "i", "j")
        .unique(["sid", "lo", "hi"], keep="first", maintain_order=True)
    )


def _assemble(events: pl.DataFrame, cands: pl.DataFrame) -> pl.DataFrame:
    sentence = cands.select("sid", "article_id", "sentence_no", "text", "published_date")
    frame = events.join(sentence, on="sid")
    dates = _event_dates(frame.select("sid", "text", "published_date").unique("sid"))
    text_ascii = pl.col("text").str.len_bytes() == pl.col("text").str.len_chars()
    predicate = pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
    return (
        frame.join(dates, on="sid", how="left")
        .select(
            event_id=stable_ids(
                "event", pl.col("article_id"), pl.col("sentence_no"), pl.col("lo"), pl.col("hi")
            ),
            article_id="article_id",
            sentence_no="sentence_no",
            event_code="event_code",
            actor1_country_code="c1",
            actor2_country_code="c2",
            actor1_entity_id="e1",
            actor2_entity_id="e2",
            quad_class="quad_class",
            goldstein="goldstein",
            date_id="date_id",
            date_precision="date_precision",
            evidence="text",
            predicate=pl.when(text_ascii).then(predicate).otherwise(pl.col("phrase")),
        )
        .cast(EVENT_SCHEMA)
    )


def _event_dates(sentences: pl.DataFrame) -> pl.DataFrame:
    """sid, date_id, date_precision of the sentences that write a date (`relative_dates`)."""
    return relative_dates(sentences).select("sid", "date_id", "date_precision")
