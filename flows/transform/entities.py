"""Entity extraction: article bodies to `fact_mention`, `dim_entity` and `dim_country` rows.

Pure functions over Polars frames; nothing here knows about Prefect, files or DuckDB, so the flow can
run it in-process or ship it (with a pickled `Gazetteer`) to Dask workers.

How a batch is processed (all vectorised; Python only touches the rare text-defined acronyms and
same-article spelling merges):

1. `text.prepare`: a one-byte-per-character ASCII skeleton of every body, so Aho-Corasick byte
   offsets are Unicode character offsets (curly quotes and accents cannot shift them).
2. One overlapping Aho-Corasick pass (`str.find_many`/`str.extract_many`) over the batch finds every
   reference form -- countries, blocking places, organizations, agencies, leaders' full names,
   titles -- plus the organizations the text defines (`Name (ACR)`); a whole-word filter and a
   leftmost-longest sweep keep one reading per span (`matching.py`).
3. Context rules accept or reject the ambiguous spans only -- flagged forms, short agency credits,
   capitals (`countries.py`, `organizations.py`); everything else is accepted as found.
4. Capitalised tokens (one regex split of the skeleton) not covered by an accepted span form
   candidate names (`persons.py`).
5. Mentions get their sentence number from `split_sentences` output, a surface sliced from the
   original body, a content-derived mention_id and a warehouse-wide entity_id.

A large batch is cut into contiguous slices processed in threads (Polars releases the GIL); articles
are independent, so the result is the same whatever the number of threads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import polars as pl

from flows.ids import entity_id
from flows.transform.countries import INSTITUTION_NOUNS, country_acceptance, span_context
from flows.transform.gazetteer import TARGET_SCHEMA, Gazetteer, load_gazetteer
from flows.transform.matching import SPAN_SCHEMA, cap_tokens, leftmost_longest, phrase_hits
from flows.transform.organizations import (
    acceptance,
    agency_entities_for_credit,
    defined_org_hits,
    org_named_flags,
)
from flows.transform.persons import classify_tokens, find_persons
from flows.transform.sentences import slices, split_sentences
from flows.transform.text import prepare, surfaces, window_after

__all__ = [
    "ENTITY_SCHEMA",
    "MENTION_SCHEMA",
    "Gazetteer",
    "agency_entities_for_credit",
    "country_dimension",
    "entities_from_mentions",
    "extract_mentions",
    "load_gazetteer",
    "split_sentences",
]

MENTION_SCHEMA = {
    "mention_id": pl.String,
    "article_id": pl.String,
    "entity_id": pl.String,
    "entity_type": pl.String,
    "name": pl.String,
    "acronym": pl.String,
    "role": pl.String,
    "country_code": pl.String,
    "sentence_no": pl.Int32,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "surface": pl.String,
}
ENTITY_SCHEMA = {
    "entity_id": pl.String,
    "entity_type": pl.String,
    "name": pl.String,
    "acronym": pl.String,
    "role": pl.String,
    "country_code": pl.String,
}
COUNTRY_SCHEMA = {
    "country_code": pl.String,
    "iso2": pl.String,
    "name": pl.String,
    "region": pl.String,
    "subregion": pl.String,
}


def country_dimension(gaz: Gazetteer) -> pl.DataFrame:
    """dim_country: every ISO 3166-1 country plus XKX Kosovo, mentioned or not, so BI shows zeroes."""
    return gaz.countries.select(list(COUNTRY_SCHEMA)).cast(COUNTRY_SCHEMA).sort("country_code")


def _with_sentence_no(frame: pl.DataFrame, sents: pl.DataFrame, pos: str) -> pl.DataFrame:
    """Sentence of each row: the last sentence of its article starting at or before `pos`.

    `sents` comes from `_sentence_frame` (sorted batch-wide keys `_g`).
    """
    if frame.height == 0:
        return frame.with_columns(sentence_no=pl.lit(None, pl.Int32))
    left = frame.with_columns(_g=pl.col("_a").cast(pl.Int64) * (1 << 34) + pl.col(pos))
    ordered = left["_g"].is_sorted()
    if not ordered:
        left = left.with_row_index("_r").sort("_g")
    joined = left.join_asof(sents.select("_g", "sentence_no", "_sa"), on="_g", strategy="backward")
    if not ordered:
        joined = joined.sort("_r").drop("_r")
    return joined.with_columns(
        sentence_no=pl.when(pl.col("_sa") == pl.col("_a")).then(pl.col("sentence_no"))
    ).drop("_g", "_sa")


def _sentence_frame(prep: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Sentence starts keyed batch-wide (`_g` = article number and offset), sorted for as-of joins."""
    if sentences.height == 0:
        return pl.DataFrame(schema={"_g": pl.Int64, "sentence_no": pl.Int32, "_sa": pl.UInt32})
    return (
        sentences.select(
            pl.col("article_id").cast(pl.String),
            pl.col("sentence_no").cast(pl.Int32),
            pl.col("char_start").cast(pl.Int64),
        )
        .join(prep.select("_a", "article_id"), on="article_id", how="inner")
        .select(
            _g=pl.col("_a").cast(pl.Int64) * (1 << 34) + pl.col("char_start"),
            sentence_no="sentence_no",
            _sa="_a",
        )
        .sort("_g")
    )


def _empty_mentions() -> pl.DataFrame:
    return pl.DataFrame(schema=MENTION_SCHEMA)


def _accepted_units(prep: pl.DataFrame, sents: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Gazetteer and text-defined spans, overlaps resolved, ambiguous readings decided.

    Most spans need no context (an unflagged country or organization form, a leader's full name, a
    title, a blocking place): they are accepted as they are. Context is computed only for flagged
    forms, short agency forms and capitals (which may name an event: "the Minsk talks").
    """
    schema = {**SPAN_SCHEMA, **TARGET_SCHEMA}
    hits = phrase_hits(prep, gaz)
    defined = defined_org_hits(prep, gaz)
    spans = pl.concat([hits, defined.select(list(SPAN_SCHEMA))]) if defined.height else hits
    kept = leftmost_longest(spans)
    # kept spans do not overlap, so (article, start) identifies one
    kept = kept.with_columns(_k=pl.col("_a").cast(pl.Int64) * (1 << 34) + pl.col("s"))
    targets = kept.join(gaz.phrases, on="pattern", how="inner")
    if defined.height:
        defined = defined.with_columns(_k=pl.col("_a").cast(pl.Int64) * (1 << 34) + pl.col("s")).join(
            kept.select("_k", "e"), on=["_k", "e"], how="semi"
        )
        targets = pl.concat(
            [targets.select("_k", *schema).cast(schema), defined.select("_k", *schema).cast(schema)]
        )
    if targets.height == 0:
        return targets
    etype = pl.col("etype")
    flagged = targets.filter(pl.col("needs"))
    targets = targets.with_columns(_in_need=pl.col("_k").is_in(flagged["_k"].unique().implode()))
    rest = targets.filter(~pl.col("_in_need"))
    need = targets.filter(pl.col("_in_need"))
    # the context of a flagged span only involves spans of its own article
    around = targets.filter(pl.col("_a").is_in(flagged["_a"].unique().implode()))
    # an unflagged capital only needs the next word: "the Minsk talks" names an event, not Belarus
    capitals = rest.filter(pl.col("capital")).select("_a", "e", "_k")
    if capitals.height:
        next_word = window_after(prep["skb"], pl.col("_a"), pl.col("e"), 16).str.extract(r"^\s+([a-z]+)")
        events = capitals.filter(next_word.is_in(list(INSTITUTION_NOUNS)))["_k"]
        if events.len():
            rest = rest.with_columns(
                etype=pl.when(pl.col("_k").is_in(events.implode())).then(pl.lit("block")).otherwise(etype)
            )
    need = _with_sentence_no(span_context(need, around, prep, gaz), sents, "s")
    plain_countries = _with_sentence_no(
        around.filter((etype == "country") & ~pl.col("needs_context")).select("_a", "s"), sents, "s"
    )
    per_sentence = plain_countries.group_by("_a", "sentence_no").agg(_n_countries=pl.len())
    need = need.join(org_named_flags(around), on=["_a", "key"], how="left").with_columns(
        pl.col("_org_named").fill_null(False)
    )
    need = country_acceptance(need, per_sentence)
    org_ok, agency_ok = acceptance(need)
    ok = (
        pl.when(etype == "country")
        .then(pl.col("_country_ok"))
        .when(etype == "organization")
        .then(org_ok)
        .when(etype == "agency")
        .then(agency_ok)
        .otherwise(pl.lit(True))
    ).fill_null(False)
    # A capital rejected as an event place ("The Hague tribunal") is still a place: it stays a span
    # (type `block`) so its words are not read as a name.
    place = (etype == "country") & pl.col("_place_event")
    need = need.with_columns(
        etype=pl.when(~ok & place).then(pl.lit("block")).otherwise(etype), _ok=ok | place
    ).filter(pl.col("_ok"))
    columns = ["_k", *schema]
    accepted = pl.concat([rest.select(columns), need.select(columns)])
    # one reading per span: the lowest `prio` among its accepted targets
    dup = pl.col("_k").is_duplicated()
    multi = accepted.filter(dup)
    if multi.height:
        # ties (two organizations sharing an acronym: BIS, RSF) go to the first name alphabetically,
        # whatever the batch size or thread count
        best = multi.sort(["_k", "prio", "key"]).unique("_k", keep="first")
        accepted = pl.concat([accepted.filter(~dup), best])
    return accepted.drop("_k")


def extract_mentions(
    articles: pl.DataFrame, sentences: pl.DataFrame, gaz: Gazetteer, *, threads: int | None = None
) -> pl.DataFrame:
    """One row per entity mention in the article bodies (see `MENTION_SCHEMA`).

    `articles`: article_id, body, published_date (Date, may be null or absent; it picks leaders'
    terms). `sentences`: the output of `split_sentences` for the same articles.
    Offsets are Unicode character offsets into `body`, end exclusive; `surface` is the body text at
    them. mention_id is `article_id:char_start:char_end`, so re-runs produce the same keys.

    Articles are independent, so a large batch is cut into `threads` slices processed concurrently
    (Polars releases the GIL; most string kernels are single-threaded, so this is what uses the
    other cores). The result does not depend on `threads`.
    """
    if articles.height == 0:
        return _empty_mentions()
    parts = slices(articles, threads)
    if len(parts) > 1:
        ids = [p.select("article_id") for p in parts]
        jobs = [(p, sentences.join(i, on="article_id", how="semi")) for p, i in zip(parts, ids, strict=True)]
        with ThreadPoolExecutor(len(parts)) as pool:
            done = list(pool.map(lambda job: _extract_mentions(job[0], job[1], gaz), jobs))
        return pl.concat(done)
    return _extract_mentions(articles, sentences, gaz)


def _extract_mentions(articles: pl.DataFrame, sentences: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    prep = prepare(articles)
    sents = _sentence_frame(prep, sentences)
    units = _accepted_units(prep, sents, gaz)
    if units.height == 0:
        units = pl.DataFrame(schema={**SPAN_SCHEMA, **TARGET_SCHEMA})

    tokens = cap_tokens(prep, units.select("_a", "s", "e", "etype"))
    classified = classify_tokens(tokens, gaz)
    persons = find_persons(prep, classified, units, gaz)

    entities = units.filter(pl.col("etype").is_in(["country", "organization", "agency"])).select(
        "_a",
        "s",
        # a prefix form ("Indo-" in "Indo-US") is the country without its hyphen
        e=pl.when(pl.col("pattern").str.ends_with("-")).then(pl.col("e") - 1).otherwise(pl.col("e")),
        entity_id="entity_id",
        entity_type="etype",
        name="ename",
        acronym="acronym",
        role=pl.lit(None, pl.String),
        country_code="country_code",
    )
    ids = {name: entity_id("person", name) for name in persons["canonical"].unique().to_list()}
    people = persons.select(
        "_a",
        "s",
        "e",
        entity_id=pl.col("canonical").replace_strict(ids, default=None, return_dtype=pl.String),
        entity_type=pl.lit("person"),
        name="canonical",
        acronym=pl.lit(None, pl.String),
        role="role",
        country_code="country_code",
    )
    mentions = pl.concat([entities, people], how="vertical_relaxed").filter(pl.col("e") > pl.col("s"))
    if mentions.height == 0:
        return _empty_mentions()
    # spans never overlap, so (article, start) orders mentions completely
    mentions = _with_sentence_no(
        mentions.sort(pl.col("_a").cast(pl.Int64) * (1 << 34) + pl.col("s")), sents, "s"
    )
    mentions = mentions.rename({"s": "char_start", "e": "char_end"})
    mentions = mentions.with_columns(
        surface=surfaces(mentions, prep), article_id=prep["article_id"].gather(mentions["_a"])
    )
    return (
        mentions.with_columns(
            mention_id=pl.concat_str(
                [
                    pl.col("article_id"),
                    pl.col("char_start").cast(pl.String),
                    pl.col("char_end").cast(pl.String),
                ],
                separator=":",
            ),
            sentence_no=pl.col("sentence_no").fill_null(1),
        )
        .select(list(MENTION_SCHEMA))
        .cast(MENTION_SCHEMA)
    )


def _mode(mentions: pl.DataFrame, col: str) -> pl.DataFrame:
    """entity_id -> most frequent non-null value of `col`, ties broken alphabetically (deterministic)."""
    return (
        mentions.filter(pl.col(col).is_not_null())
        .group_by("entity_id", col)
        .agg(_n=pl.len())
        .sort(["entity_id", "_n", col], descending=[False, True, False])
        .unique("entity_id", keep="first")
        .select("entity_id", col)
    )


def entities_from_mentions(mentions: pl.DataFrame) -> pl.DataFrame:
    """dim_entity rows for the entities mentioned: one per entity_id, sorted, deterministic.

    Name, type and acronym are the same on every mention of an entity (they derive from its
    canonical form). Role and country: the most frequent value over its mentions (each mention
    carries the text's value, else the article's, else the reference value), ties alphabetical.
    """
    if mentions.height == 0:
        return pl.DataFrame(schema=ENTITY_SCHEMA)
    grouped = mentions.group_by("entity_id").agg(
        pl.col("entity_type").min(),
        pl.col("name").min(),
        pl.col("acronym").drop_nulls().min(),
    )
    grouped = grouped.join(_mode(mentions, "role"), on="entity_id", how="left").join(
        _mode(mentions, "country_code"), on="entity_id", how="left"
    )
    return grouped.select(list(ENTITY_SCHEMA)).cast(ENTITY_SCHEMA).sort("entity_id")
