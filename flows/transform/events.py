"""Code interactions between countries per sentence: predicate lexicon + actors on each side.

Polars does the heavy lifting over the whole batch (which sentences hold two countries, which hold a
predicate phrase, via Aho-Corasick); Python only arranges the few candidates per sentence into
actor pairs. The lexicon (`reference/event_verbs.csv`) says which phrases signal which CAMEO code and
whether the subject acts on the object (`active`), the object on the subject (`passive`, "was attacked
by"), or both together (`mutual`, "held talks", "signed a pact").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from flows.dates import date_id, relative_date
from flows.ids import stable_id
from flows.reference import read_reference

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
REJECT_CODE = "120"
# Clause breaks: actors beyond them belong to another clause of the sentence.
CLAUSE_BREAKS = ("; ", " while ", " whereas ", " but ", " although ")
# How far (characters) a subject may stand before its predicate and an object after it.
SUBJECT_REACH = 90
OBJECT_REACH = 45
# What may stand between coordinated actors: "Japan, South Korea, and the United States".
COORDINATION = re.compile(r"(?:\s|,|\band\b|\bor\b|\bthe\b|&)*")
# A speech predicate followed by these introduces reported speech: code what was reported, not the act
# of saying it.
REPORTED_SPEECH_MARKERS = (" that ", ": ", " to ")


@dataclass(frozen=True)
class EventLexicon:
    phrases: list[str]
    codes: pl.DataFrame  # phrase, event_code, direction, quad_class, goldstein, root_code
    reject: tuple[int, float]  # quad class and Goldstein of CAMEO 120, for negated cooperation


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
    codes = verbs.join(types, on="event_code", how="inner").unique(
        "phrase", keep="first", maintain_order=True
    )
    reject = types.filter(pl.col("event_code") == REJECT_CODE)
    if reject.is_empty():
        raise ValueError(f"cameo_event_types.csv lacks {REJECT_CODE}, needed for negated cooperation")
    return EventLexicon(
        phrases=codes["phrase"].to_list(),
        codes=codes,
        reject=(int(reject["quad_class"][0]), float(reject["goldstein"][0])),
    )


def code_events(
    articles: pl.DataFrame, sentences: pl.DataFrame, mentions: pl.DataFrame, lexicon: EventLexicon
) -> pl.DataFrame:
    """One row per coded interaction between two different countries in a sentence."""
    actors = (
        mentions.filter(pl.col("entity_type") != "agency", pl.col("country_code").is_not_null())
        .group_by("article_id", "sentence_no")
        .agg(
            pl.struct("char_start", "char_end", "country_code", "entity_id", "entity_type")
            .sort_by("char_start")
            .alias("actors"),
            pl.col("country_code").n_unique().alias("countries"),
        )
        .filter(pl.col("countries") >= 2)
    )
    if actors.is_empty():
        return pl.DataFrame(schema=EVENT_SCHEMA)
    candidates = (
        actors.join(sentences, on=["article_id", "sentence_no"])
        .join(articles.select("article_id", "body", "published_date"), on="article_id")
        .with_columns(
            text=pl.col("body").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
        )
        .with_columns(
            hits=pl.col("text").str.to_lowercase().str.find_many(lexicon.phrases, overlapping=True),
            found=pl.col("text").str.to_lowercase().str.extract_many(lexicon.phrases, overlapping=True),
        )
        .filter(pl.col("hits").list.len() > 0)
        .select(
            "article_id", "sentence_no", "char_start", "text", "published_date", "actors", "hits", "found"
        )
    )
    info = {row["phrase"]: row for row in lexicon.codes.iter_rows(named=True)}
    rows: list[dict] = []
    for cand in candidates.iter_rows(named=True):
        rows.extend(_sentence_events(cand, info, lexicon.reject))
    return (
        pl.DataFrame(rows, schema=EVENT_SCHEMA, orient="row") if rows else pl.DataFrame(schema=EVENT_SCHEMA)
    )


def _sentence_events(cand: dict, info: dict[str, dict], reject: tuple[int, float]) -> list[dict]:
    text: str = cand["text"]
    lower = text.lower()
    encoded = lower.encode()
    predicates = _predicates(lower, encoded, cand["hits"], cand["found"])
    actors = _collapse(
        [
            {**a, "start": a["char_start"] - cand["char_start"], "end": a["char_end"] - cand["char_start"]}
            for a in cand["actors"]
        ]
    )
    dated = relative_date(text, cand["published_date"])
    seen_pairs: set[frozenset[str]] = set()
    events: list[dict] = []
    # Statements ("said", "announced") are coded only when nothing more specific links the actors.
    ordered = sorted(predicates, key=lambda p: (info[p[0]]["root_code"] == "01", p[1]))
    for phrase, start, end in ordered:
        meta = info[phrase]
        if meta["root_code"] == "01" and lower[end : end + 6].startswith(REPORTED_SPEECH_MARKERS):
            continue
        code, quad, goldstein = meta["event_code"], meta["quad_class"], meta["goldstein"]
        if quad in (1, 2) and _negated(lower, start):
            code, quad, goldstein = REJECT_CODE, *reject
        for a1, a2 in _pairs(actors, start, end, meta["direction"], lower):
            pair = frozenset((a1["country_code"], a2["country_code"]))
            if len(pair) < 2 or pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            events.append(
                {
                    "event_id": stable_id("event", cand["article_id"], cand["sentence_no"], *sorted(pair)),
                    "article_id": cand["article_id"],
                    "sentence_no": cand["sentence_no"],
                    "event_code": code,
                    "actor1_country_code": a1["country_code"],
                    "actor2_country_code": a2["country_code"],
                    "actor1_entity_id": a1["entity_id"],
                    "actor2_entity_id": a2["entity_id"],
                    "quad_class": quad,
                    "goldstein": goldstein,
                    "date_id": date_id(dated[0]) if dated else None,
                    "date_precision": dated[1] if dated else None,
                    "evidence": text,
                    "predicate": text[start:end] if text.isascii() else phrase,
                }
            )
    return events


def _predicates(lower: str, encoded: bytes, hits: list[int], found: list[str]) -> list[tuple[str, int, int]]:
    """Whole-word phrase matches, longest first at overlapping positions, as character offsets."""
    spans = []
    for byte_start, phrase in zip(hits, found, strict=True):
        start = len(encoded[:byte_start].decode(errors="ignore")) if not lower.isascii() else byte_start
        end = start + len(phrase)
        before = lower[start - 1] if start > 0 else " "
        after = lower[end] if end < len(lower) else " "
        if before.isalnum() or after.isalnum():
            continue
        spans.append((phrase, start, end))
    spans.sort(key=lambda s: (s[1], -(s[2] - s[1])))
    kept: list[tuple[str, int, int]] = []
    for span in spans:
        if kept and span[1] < kept[-1][2]:
            continue
        kept.append(span)
    return kept


def _collapse(actors: list[dict]) -> list[dict]:
    """Adjacent mentions of one country ("Russian President Vladimir Putin") are one actor.

    The most specific entity (a person or organization over the country itself) is kept as the actor.
    """
    out: list[dict] = []
    for actor in actors:
        if out and out[-1]["country_code"] == actor["country_code"] and actor["start"] - out[-1]["end"] <= 12:
            merged = dict(out[-1])
            merged["end"] = actor["end"]
            if merged["entity_type"] == "country" and actor["entity_type"] != "country":
                merged["entity_id"], merged["entity_type"] = actor["entity_id"], actor["entity_type"]
            out[-1] = merged
        else:
            out.append(actor)
    return out


def _pairs(actors: list[dict], start: int, end: int, direction: str, lower: str) -> list[tuple[dict, dict]]:
    """Actor pairs for a predicate at [start, end): the subject group before it, the object group after.

    A group is the nearest actor within reach plus those coordinated with it ("Japan, South Korea, and
    the United States"). A subject group with no object ("Saudi Arabia and Pakistan signed a pact"),
    or a mutual predicate, gives every pair within the groups.
    """
    subjects = _group(actors, lower, start, SUBJECT_REACH, before=True)
    objects = _group(actors, lower, end, OBJECT_REACH, before=False)
    if direction == "passive":
        subjects, objects = objects, subjects
    if direction == "mutual" or not objects or not subjects:
        group = _distinct(subjects + objects) if direction == "mutual" else (subjects or objects)
        return [(a, b) for i, a in enumerate(group) for b in group[i + 1 :]]
    return [(s, o) for s in subjects for o in objects]


def _group(actors: list[dict], lower: str, edge: int, reach: int, before: bool) -> list[dict]:
    """The actors coordinated with the nearest one on one side of a predicate, within `reach` chars."""
    if before:
        side = [a for a in actors if a["end"] <= edge and edge - a["end"] <= reach][::-1]
    else:
        side = [a for a in actors if a["start"] >= edge and a["start"] - edge <= reach]
    if not side:
        return []
    if any(b in lower[min(edge, side[0]["start"]) : max(edge, side[0]["end"])] for b in CLAUSE_BREAKS):
        return []
    group = [side[0]]
    ordered = sorted(actors, key=lambda a: a["start"])
    index = ordered.index(side[0])
    step = -1 if before else 1
    i = index + step
    while 0 <= i < len(ordered):
        near, far = (ordered[i], group[-1]) if before else (group[-1], ordered[i])
        if not COORDINATION.fullmatch(lower[near["end"] : far["start"]]):
            break
        group.append(ordered[i])
        i += step
    return _distinct(sorted(group, key=lambda a: a["start"]))


def _distinct(actors: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for actor in actors:
        seen.setdefault(actor["country_code"], actor)
    return list(seen.values())


def _negated(lower: str, start: int) -> bool:
    words = lower[:start].replace("n't", " n't").split()[-NEGATION_WINDOW:]
    return any(w.strip(",.;:") in NEGATIONS for w in words)
