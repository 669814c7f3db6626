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
   capitals (a place after `in`, part of a name before a capitalised word), country names that
   start a person's name (`countries.py`, `organizations.py`); everything else is accepted as
   found. Each rule first narrows its rows with single bytes of the skeleton, so windows of text
   are cut only around the few spans that need them.
4. Capitalised tokens (one regex split of the skeleton) not covered by an accepted span form
   candidate names (`persons.py`).
5. Mentions get their sentence number from `split_sentences` output, a surface sliced from the
   original body, a content-derived mention_id and a warehouse-wide entity_id.

A large batch is cut into contiguous slices processed in threads (Polars releases the GIL); articles
are independent, so the result is the same whatever the number of threads.
"""

from __future__ import annotations

import polars as pl

from flows.ids import entity_id
from flows.transform.countries import (
    PLACE_PREPOSITIONS,
    country_acceptance,
    names_event_or_city,
    span_context,
)
from flows.transform.gazetteer import TARGET_SCHEMA, Gazetteer, load_gazetteer
from flows.transform.matching import SPAN_SCHEMA, cap_tokens, leftmost_longest, phrase_hits
from flows.transform.organizations import (
    acceptance,
    agency_entities_for_credit,
    defined_org_hits,
    foreign_bodies,
    found_organization_readings,
    org_named_flags,
)
from flows.transform.persons import classify_tokens, find_persons
from flows.transform.sentences import per_slice, prepared_sentences, split_sentences
from flows.transform.text import WIRE_DATELINE, prepare, surfaces, window_after, window_before

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


def _gkey(pos: pl.Expr) -> pl.Expr:
    """Article number and offset in one sortable integer (batch-wide position)."""
    return pl.col("_a").cast(pl.Int64) * (1 << 34) + pos


def _readings(prep: pl.DataFrame, gaz: Gazetteer) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Kept spans, one row per reading (_a, s, e, _k, _pi) in text order, and the reading table.

    The table is `gaz.phrases` plus, for this batch, one row per span of an organization the text
    defines; `_pi` is a row of it.
    """
    hits = phrase_hits(prep, gaz)
    defined = defined_org_hits(prep, gaz)
    table = gaz.phrases
    spans = hits
    if defined.height:
        defined = defined.with_columns(
            _pi=(pl.int_range(pl.len()) + table.height).cast(table.schema["_pi"]),
            prefix=pl.lit(False),
            attributive=pl.lit(True),
        )
        # one chunk: readings are gathered from it by row number many times
        table = pl.concat([table, defined.select(table.columns).cast(table.schema)], rechunk=True)
        spans = pl.concat([hits, defined.select(list(SPAN_SCHEMA))])
    spans = _full_names_over_titled_forms(_titles_over_organizations(spans, gaz), gaz)
    kept = leftmost_longest(spans).with_columns(_k=_gkey(pl.col("s")))
    readings = kept.join(
        gaz.phrases.select("pattern", "_pi"), on="pattern", how="inner", maintain_order="left"
    ).select("_a", "s", "e", "_k", "_pi")
    if defined.height:
        # a defined name counts where the kept span is exactly the defined one
        own = defined.with_columns(_k=_gkey(pl.col("s"))).join(
            kept.select("_k", "e"), on=["_k", "e"], how="semi"
        )
        readings = pl.concat([readings, own.select(readings.columns)]).sort("_k", maintain_order=True)
    return readings, table


def _full_names_over_titled_forms(spans: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Drop a leader's form that opens with a title ("Sultan Haitham", "King Salman") where a longer
    name of the same person starts inside it: in "Sultan Haitham bin Tariq" the titled form would
    start first and win, leaving "bin Tariq" a second mention; without it the title and the full
    name are read."""
    titled = gaz.phrases.filter(pl.col("kind") == "titled").select("pattern", "key")
    found = spans.join(titled, on="pattern", how="inner") if titled.height else titled
    if found.height == 0:
        return spans
    people = gaz.phrases.filter(pl.col("etype") == "person").select("pattern", _key="key")
    longer = (
        spans.filter(pl.col("_a").is_in(found["_a"].unique().implode()))
        .join(people, on="pattern", how="inner")
        .select("_a", "_key", _s="s", _e="e")
    )
    losers = (
        found.join(longer, left_on=["_a", "key"], right_on=["_a", "_key"], how="inner")
        .filter((pl.col("_s") > pl.col("s")) & (pl.col("_s") < pl.col("e")) & (pl.col("_e") > pl.col("e")))
        .select(list(SPAN_SCHEMA))
        .unique()
    )
    if losers.height == 0:
        return spans
    return spans.join(losers, on=list(SPAN_SCHEMA), how="anti", maintain_order="left")


def _titles_over_organizations(spans: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Drop an organization's span that ends inside a title starting within it: "U.S. Treasury
    Secretary Scott Bessent" names the Treasury Secretary, not the U.S. Treasury, so the title is
    read (and "U.S." before it, the country). Left to the longest-first sweep, the organization
    would start first and win, and the title's last word would join the name."""
    kinds = gaz.phrases.group_by("pattern").agg(
        org=(pl.col("etype") == "organization").all(), title=(pl.col("etype") == "title").any()
    )
    titles = spans.filter(pl.col("pattern").is_in(kinds.filter("title")["pattern"].implode()))
    if titles.height == 0:
        return spans
    orgs = spans.filter(pl.col("pattern").is_in(kinds.filter("org")["pattern"].implode()))
    titles = titles.select(_ts=_gkey(pl.col("s")), _te=_gkey(pl.col("e")))
    # the organization starting last at or before each title's start
    losers = (
        titles.sort("_ts")
        .join_asof(
            orgs.select("_a", "s", "e", "pattern", _os=_gkey(pl.col("s")), _oe=_gkey(pl.col("e"))).sort(
                "_os"
            ),
            left_on="_ts",
            right_on="_os",
            strategy="backward",
        )
        .filter(
            (pl.col("_os") < pl.col("_ts"))
            & (pl.col("_oe") > pl.col("_ts"))
            & (pl.col("_oe") < pl.col("_te"))
        )
        .select(list(SPAN_SCHEMA))
    )
    return (
        spans.join(losers, on=list(SPAN_SCHEMA), how="anti", maintain_order="left")
        if losers.height
        else spans
    )


def _accepted_units(
    prep: pl.DataFrame, sents: pl.DataFrame, gaz: Gazetteer
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Gazetteer and text-defined spans, overlaps resolved, ambiguous readings decided.

    Returns the units (_a, s, e, _k, _pi, etype, sentence_no, key, role, country_code) in text order
    and the reading table `_pi` points into. Most spans need no context (an unflagged country or
    organization form, a leader's full name, a title, a blocking place): they are accepted as they
    are. Context is computed only for flagged forms, short agency forms and capitals (which may name
    an event: "the Minsk talks").
    """
    targets, table = _readings(prep, gaz)
    unit_columns = ["_a", "s", "e", "_k", "_pi", "etype", "sentence_no"]
    if targets.height == 0:
        empty = pl.DataFrame(
            schema={**SPAN_SCHEMA, "_k": pl.Int64, "_pi": table.schema["_pi"], "etype": pl.String}
        )
        empty = empty.drop("pattern").with_columns(sentence_no=pl.lit(None, pl.Int32))
        return _with_unit_attributes(empty, table), table

    def attr(name: str) -> pl.Expr:
        return pl.lit(table[name]).gather(pl.col("_pi")).alias(name)

    etype = pl.col("etype")
    targets = _with_sentence_no(targets.with_columns(attr("etype"), attr("needs")), sents, "s")
    flagged = targets.filter(pl.col("needs"))
    in_need = pl.col("_k").is_in(flagged["_k"].unique().implode())
    rest = targets.filter(~in_need).select(unit_columns)
    need = targets.filter(in_need)
    # the context of a flagged span only involves spans of its own article
    around = targets.filter(pl.col("_a").is_in(flagged["_a"].unique().implode())).with_columns(
        attr("needs_context")
    )
    # An unflagged capital only needs the next word, or the one after a qualifier: "the Minsk talks"
    # and "the Pretoria peace deal" name an event, "the Moscow metro" the city, not the state.
    capitals = rest.filter(attr("capital")).select("_a", "e", "_k")
    blocks = []
    if capitals.height:
        after = window_after(prep["skb"], pl.col("_a"), pl.col("e"), 32)
        as_event = names_event_or_city(
            after.str.extract(r"^\s+([a-z]+)"), after.str.extract(r"^\s+[a-z]+\s+([a-z]+)"), gaz
        )
        blocks.append(capitals.filter(as_event)["_k"])
    # A capital or a country's name directly followed by a capitalised word is usually part of a
    # name: "Washington Post", "Moscow State University", "Kenya Moore", "Israel Adesanya".
    named, dropped = _part_of_a_name(rest, targets, prep, gaz, table)
    blocks.append(named)
    rest = rest.filter(~pl.col("_k").is_in(dropped.implode()))
    if need.height:
        need = need.with_columns([attr(c) for c in TARGET_SCHEMA if c not in ("etype", "needs")])
        need = span_context(need, around, prep, gaz)
        sentence_key = pl.col("_a").cast(pl.Int64) * (1 << 32) + pl.col("sentence_no")
        plain_countries = around.filter((etype == "country") & ~pl.col("needs_context"))
        country_key = pl.col("_a").cast(pl.String) + ":" + pl.col("key")
        named_here = plain_countries.with_columns(attr("key")).select(country_key).to_series()
        home_key = pl.col("_a").cast(pl.String) + ":" + pl.col("country_code")
        need = need.with_columns(
            _country_sentence=sentence_key.is_in(plain_countries.select(sentence_key).to_series().implode()),
            _country_support=(etype == "country") & country_key.is_in(named_here.unique().implode()),
            # an organization's or a leader's country named in the article (organizations.acceptance;
            # a leader's initialism: "MBS" where Saudi Arabia is named, not mortgage-backed securities)
            _home_named=etype.is_in(["organization", "person"])
            & home_key.is_in(named_here.unique().implode()),
        )
        orgs = around.filter((etype == "organization") & ~pl.col("needs_context")).with_columns(attr("key"))
        need = need.join(org_named_flags(orgs), on=["_a", "key"], how="left").with_columns(
            pl.col("_org_named").fill_null(False)
        )
        need = country_acceptance(need, gaz)
        org_ok, agency_ok = acceptance(need)
        ok = (
            pl.when(etype == "country")
            .then(pl.col("_country_ok"))
            .when(etype == "organization")
            .then(org_ok)
            .when(etype == "agency")
            .then(agency_ok)
            .when(etype == "person")
            .then(pl.col("_home_named"))
            .otherwise(pl.lit(True))
        ).fill_null(False)
        # A capital rejected as an event place ("The Hague tribunal") is still a place: it stays a
        # span (type `block`) so its words are not read as a name.
        place = (etype == "country") & pl.col("_place_event")
        need = need.with_columns(
            etype=pl.when(~ok & place).then(pl.lit("block")).otherwise(etype), _ok=ok | place
        ).filter(pl.col("_ok"))
        # a span is wholly in `rest` or wholly in `need`, so a stable sort keeps its readings' order
        accepted = pl.concat([rest, need.select(unit_columns)]).sort("_k", maintain_order=True)
    else:
        accepted = rest
    # "talks in Moscow", "a rally in central London": the capital as a place, which is not a name
    # either ("in Washington" is not George Washington of the same article)
    blocks = pl.concat(blocks)
    places = _capitals_as_places(accepted, prep, gaz, table)
    accepted = _as_block(accepted, blocks)
    accepted = _as_block(accepted, places.filter(~places.is_in(blocks.implode())), etype="place")
    accepted = _seats_as_organizations(accepted, gaz)
    # One reading per span: the lowest `prio` among its accepted targets. Only a span with a form of
    # several readings, or an organization the text defines, can have more than one.
    shared = accepted.filter(attr("multi"))["_k"].unique().implode()
    multi = accepted.with_row_index("_r").filter(pl.col("_k").is_in(shared))
    if multi.height:
        # ties (two organizations sharing an acronym or a name: RSF, "Democratic Party") go to the one
        # whose country the article names ("Lee's Democratic Party" beside South Korea), then to the
        # first name alphabetically, whatever the batch size or thread count
        home = pl.col("_a").cast(pl.String) + ":" + pl.col("country_code")
        named = accepted.filter(
            (pl.col("etype") == "country") & pl.col("_a").is_in(multi["_a"].unique().implode())
        ).select(home=pl.col("_a").cast(pl.String) + ":" + attr("key"))
        best = (
            multi.with_columns(attr("prio"), attr("key"), attr("country_code"))
            .with_columns(
                _away=~((pl.col("etype") == "organization") & home.is_in(named["home"].implode())).fill_null(
                    False
                )
            )
            .sort(["_k", "prio", "_away", "key"])
            .unique("_k", keep="first")
        )
        drop = multi.join(best, on="_r", how="anti")["_r"]
        if drop.len():
            accepted = accepted.with_row_index("_r").filter(~pl.col("_r").is_in(drop.implode())).drop("_r")
    return _with_unit_attributes(accepted, table), table


def _seats_as_organizations(units: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """A capital that stands for the government and is the seat of an organization names the
    organization: "Brussels warned" is the EU, not Belgium. As a place it is left alone."""
    seats = gaz.seat_of or {}
    if not seats:
        return units
    dtype = units.schema["_pi"]
    seated = (pl.col("etype") == "country") & pl.col("_pi").is_in(list(seats))
    return units.with_columns(
        etype=pl.when(seated).then(pl.lit("organization")).otherwise(pl.col("etype")),
        _pi=pl.when(seated)
        .then(pl.col("_pi").replace_strict(seats, default=None, return_dtype=dtype))
        .otherwise(pl.col("_pi")),
    )


def _owned_institutions(
    units: pl.DataFrame, table: pl.DataFrame, prep: pl.DataFrame, gaz: Gazetteer
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A state's institution named generically (state_institutions.csv: "Foreign Ministry", "Supreme
    Court") is an organization where the text says whose it is: a country's possessive or an
    attributive form right before it ("Israel's Foreign Ministry", "Belarus' foreign ministry", "the
    Chinese Foreign Ministry"), `of <country>` right after it ("the Supreme Court of Pakistan") or
    `in <capital>` ("the Defense Ministry in Moscow"). It becomes "<name> (<country>)" of that
    country, or the listed organization the name means for that owner (`same_as`: "America's Supreme
    Court"). The name alone is that organization after the article has named it so, with one owner
    only so far ("Peru's Congress ... the head of Congress"), else in an article under a dateline that
    names its country ("BEIJING (AP) -- The Foreign Ministry"), unless the name is marked
    `no_dateline` ("the central bank"). A possessive before the name that is no country's, and no
    word for the state itself ("the country's"), leaves it no owner: "the euro zone's central bank"
    is no bank named before it. An owner in `not_for` ("India's
    Congress" is the party) or no owner at all leaves it no mention. Returns the units (the
    institutions' readings replaced) and the reading table with this batch's new organizations
    appended."""
    inst = units.filter(pl.col("etype") == "institution")
    if inst.height == 0 or gaz.institutions is None:
        return units, table
    # the text around each name, cut once: 24 characters before it, 24 after it
    start = pl.max_horizontal(pl.col("s") - 24, pl.lit(0))
    around = pl.lit(prep["skb"]).gather(pl.col("_a")).bin.slice(start, pl.col("e") + 24 - start)
    inst = inst.with_columns(_w=around.cast(pl.String), _pre=pl.col("s") - start).with_columns(
        _before=pl.col("_w").str.slice(0, pl.col("_pre")),
        _after=pl.col("_w").str.slice(pl.col("_pre") + pl.col("e") - pl.col("s")),
    )
    inst = _modifiers_before_nouns(inst, table, gaz)
    # Countries (and capitals as places) keyed by where they end and start in the batch: one integer
    # per join. The narrow columns first, as a filter copies every column it keeps.
    located = units.select(
        "etype", "country_code", "attributive", _ke=_gkey(pl.col("e")), _ks=_gkey(pl.col("s"))
    )
    countries = located.filter(pl.col("etype") == "country").select(
        "_ke", "_ks", owner="country_code", _attr="attributive"
    )
    inst = inst.select(
        "_k",
        "_a",
        "s",
        "e",
        "key",
        # "Israel's", or the bare apostrophe after an s: "Belarus' foreign ministry", "the Philippines'"
        _poss=pl.col("_before").str.extract(r"('s|s') $"),
        # the word before a possessive that is no country's: "the euro zone's central bank" is not
        # another country's named before it; "the country's central bank" still may be
        _possessor=pl.col("_before").str.extract(r"(\w+)(?:'s|') $").str.to_lowercase(),
        _of=pl.col("_after").str.slice(0, 4).is_in([" of ", " in "]),
    )
    attributive = inst.with_columns(_ke=_gkey(pl.col("s") - 1)).join(
        countries.filter(pl.col("_attr")).select("_ke", "owner"), on="_ke", how="inner"
    )
    possessive = (
        inst.filter(pl.col("_poss").is_not_null())
        # the country ends where "'s" starts, or at the apostrophe after its own s
        .with_columns(_ke=_gkey(pl.col("s") - pl.when(pl.col("_poss") == "'s").then(3).otherwise(2)))
        .join(countries.select("_ke", "owner"), on="_ke", how="inner")
    )
    # "of <country>", or "in <capital>", where the capital is a place: "the Defense Ministry in Moscow"
    followed = inst.filter(pl.col("_of")).with_columns(_ks=_gkey(pl.col("e") + 4))
    seats = located.filter(pl.col("etype") == "place").select("_ks", owner="country_code")
    after = followed.join(pl.concat([countries.select("_ks", "owner"), seats]), on="_ks", how="inner")
    found = (
        pl.concat([f.select("_k", "_a", "s", "key", "owner") for f in (attributive, possessive, after)])
        .drop_nulls("owner")
        .unique("_k", keep="first", maintain_order=True)
    )
    # The name alone is the one the article has named with its owner before, where that owner is
    # the only one so far: "Peru's Congress voted ... the head of Congress".
    alone = inst.filter(
        ~pl.col("_k").is_in(found["_k"].implode())
        & (pl.col("_poss").is_null() | pl.col("_possessor").is_in(_OWN_STATE_WORDS))
    )
    before = (
        alone.join(found.select("_a", "key", _fs="s", _fo="owner"), on=["_a", "key"], how="inner")
        .filter(pl.col("_fs") < pl.col("s"))
        .group_by("_k", "key")
        .agg(owner=pl.col("_fo").unique())
    )
    bare = before.filter(pl.col("owner").list.len() == 1).with_columns(pl.col("owner").list.first())
    # Else, with no owner before it, the country of the dateline: "BEIJING (AP) -- ... the Foreign
    # Ministry said" is China's.
    alone = alone.filter(
        ~pl.col("_k").is_in(before["_k"].implode()) & ~pl.col("key").is_in(list(gaz.owner_named))
    )
    dated = alone.join(_dateline_owners(alone["_a"].unique(), prep, countries, gaz), on="_a", how="inner")
    owned = (
        pl.concat([f.select("_k", "key", "owner") for f in (found, bare, dated)])
        .join(gaz.institutions.rename({"name": "key"}), on=["key", "owner"], how="left")
        .filter(~pl.col("excluded").fill_null(False))
    )
    if owned.height == 0:
        return units, table
    # a listed organization's own reading ("Supreme Court" of the USA is SCOTUS)
    listed = table.filter((pl.col("etype") == "organization") & (pl.col("kind") == "name")).select(
        org="key", _listed_pi="_pi"
    )
    owned = owned.join(listed.unique("org", keep="first"), on="org", how="left")
    cnames = table.filter(pl.col("etype") == "country").unique("key").select(owner="key", _cname="ename")
    new = (
        owned.filter(pl.col("_listed_pi").is_null())
        .join(cnames, on="owner", how="left")
        .select("key", "owner", name=pl.format("{} ({})", "key", pl.coalesce("_cname", "owner")))
        .unique(["key", "owner"], keep="first", maintain_order=True)
    )
    dtype = table.schema["_pi"]
    rows = new.with_row_index("_n").select(
        pl.col("_n").cast(pl.Int64).add(table.height).cast(dtype).alias("_pi"),
        "key",
        "owner",
        "name",
    )
    added = rows.select(
        "_pi",
        pattern="key",
        **found_organization_readings(
            rows["name"], pl.lit(None, pl.String), "owner", "institution", multi=False
        ),
        prefix=pl.lit(False),
        attributive=pl.lit(True),
    )
    table = pl.concat([table, added.select(table.columns).cast(table.schema)], rechunk=True)
    owned = owned.join(rows.select("key", "owner", _new_pi="_pi"), on=["key", "owner"], how="left").select(
        "_k", _opi=pl.coalesce(pl.col("_listed_pi").cast(dtype), "_new_pi")
    )
    units = (
        units.join(owned, on="_k", how="left", maintain_order="left")
        .with_columns(
            _pi=pl.coalesce("_opi", "_pi"),
            etype=pl.when(pl.col("_opi").is_not_null())
            .then(pl.lit("organization"))
            .otherwise(pl.col("etype")),
        )
        .drop("_opi", "key", "role", "country_code", "attributive")
    )
    return _with_unit_attributes(units, table), table


# The possessors that are the state itself: "the country's central bank" may still be the one the
# article named with its owner before, or its dateline's; another possessor ("the euro zone's
# central bank", "the group's military") says the name is not a state's named elsewhere
_OWN_STATE_WORDS = ("country", "nation", "state", "government", "kingdom", "republic")


def _dateline_owners(
    arts: pl.Series, prep: pl.DataFrame, countries: pl.DataFrame, gaz: Gazetteer
) -> pl.DataFrame:
    """(_a, owner) of the articles in `arts` that open with a wire dateline naming a country: the
    country written after the city ("TBILISI, Georgia (AP)"), accepted as a mention there, or else the
    country whose capital the city is ("BEIJING (AP)"). A capital that is also another place or a name
    (country_aliases.csv `needs_context`, unless it acts alone: "WASHINGTON") or that stands for an
    organization ("BRUSSELS") gives none, and so does a dateline whose country the body after it names
    less often than another: a story filed from Cairo about Sudan ("CAIRO (AP) -- Sudan's army ... the
    Health Ministry said") is about Sudan's bodies -- unless the wire is the country's own ("SEOUL
    (Yonhap)")."""
    empty = pl.DataFrame(schema={"_a": pl.UInt32, "owner": pl.String})
    if arts.len() == 0:
        return empty
    # the opening of each body, cut before it is gathered (not each whole body)
    opening = prep["skb"].bin.slice(0, 96).cast(pl.String).gather(arts)
    head = pl.DataFrame({"_a": arts, "_h": opening}).filter(pl.col("_h").str.contains(r"^\s*[A-Z][A-Z]"))
    if head.height == 0:
        return empty
    # groups: the whole dateline, the blanks before it, the city, the country after the city
    line = head.select(pl.col("_h").str.extract_groups(WIRE_DATELINE)).to_series().struct.unnest()
    head = head.select(
        "_a",
        _city=line["3"],
        # where the country after the city starts: after the blanks, the city and ", "
        _cs=(line["2"].str.len_bytes() + line["3"].str.len_bytes() + 2).cast(pl.Int64),
        _named=line["4"].is_not_null(),
        _end=line["1"].str.len_bytes().cast(pl.Int64),
        _wire=line["1"].str.extract(r"\(([^)]*)\)"),
    ).drop_nulls("_city")
    named = head.filter("_named").with_columns(_ks=_gkey(pl.col("_cs")))
    named = named.join(countries.select("_ks", "owner"), on="_ks", how="inner")
    phrases = gaz.phrases
    lone = pl.col("pattern").is_in(list(gaz.lone_actors))
    capitals = phrases.filter(
        (pl.col("etype") == "country")
        & (pl.col("kind") == "capital")
        & (~pl.col("needs_context") | lone)
        & ~pl.col("_pi").is_in(list((gaz.seat_of or {}).keys()))
    ).select(_city=pl.col("pattern").str.to_uppercase(), owner="key")
    city = head.filter(~pl.col("_named")).join(capitals.unique("_city"), on="_city", how="inner")
    found = pl.concat([f.select("_a", "owner", "_end", "_wire") for f in (named, city)]).unique("_a")
    # a country's own wire filing from it ("SEOUL (Yonhap)", "BEIJING (Xinhua)") reports its bodies
    # even when the story names other countries more: "... with the United States and Japan, the
    # foreign ministry said" is South Korea's
    wires = phrases.filter((pl.col("etype") == "agency") & pl.col("country_code").is_not_null()).select(
        _wire="pattern", _wcc="country_code"
    )
    found = found.join(wires.unique("_wire"), on="_wire", how="left")
    # the countries the body names after the dateline, and how often: none may be named more often
    # than the dateline's own (which the body need not name at all: "WASHINGTON (AP) -- The Senate")
    # (`countries`: keyed by where they start in the batch, `_gkey`)
    article = (pl.col("_ks") // (1 << 34)).cast(pl.UInt32)
    counts = (
        countries.select("owner", "_ks", _a=article)
        .filter(pl.col("_a").is_in(found["_a"].implode()))
        .join(found.select("_a", "_end"), on="_a", how="inner")
        .filter(pl.col("_ks") >= _gkey(pl.col("_end")))
        .group_by("_a", "owner")
        .agg(_n=pl.len())
    )
    most = counts.group_by("_a").agg(_most=pl.col("_n").max())
    return (
        found.join(counts, on=["_a", "owner"], how="left")
        .join(most, on="_a", how="left")
        .filter(
            (pl.col("_n").fill_null(0) >= pl.col("_most").fill_null(0))
            | (pl.col("_wcc") == pl.col("owner")).fill_null(False)
        )
        .select("_a", "owner")
    )


def _modifiers_before_nouns(inst: pl.DataFrame, table: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Drop the institutions named by a lower-case phrase that also modifies other nouns
    (state_institutions.csv `modifier`: "military", "army", "coast guard") where another noun follows
    it: "Chinese military aircraft", "Russian army units" name no body, nor does "army chief" or
    "military spokesman", which name a post. The phrase names one before a verb ("the Israeli
    military said", "Sudan's army has"), a word that cannot sit inside a noun phrase
    (noun_phrase_breaks.csv: "and", "on"), punctuation, a possessive or the end of the text.
    `_after`: the text after each name."""
    modifiers = table.filter(pl.col("kind") == "modifier")["_pi"]
    found = inst.filter(pl.col("_pi").is_in(modifiers.implode())).select("_k", "_after")
    if found.height == 0:
        return inst
    ends_phrase = (
        list(gaz.phrase_breaks)
        + list(gaz.subject_verbs)
        + list((gaz.capital_words or {}).get("auxiliary", ()))
        + list(gaz.state_verbs)
    )
    after = pl.col("_after")
    word = after.str.extract(r"^ ([a-z]+)(?:[^A-Za-z-]|$)")
    ok = (
        after.str.contains(r"^(?:$|['\n]|[,.;:!?)\]\"]| +-+ | *\n)")
        | word.is_in(ends_phrase)
        | word.str.ends_with("ed")
    ).fill_null(False)
    nouns = found.filter(~ok)["_k"]
    return inst.filter(~pl.col("_k").is_in(nouns.implode())) if nouns.len() else inst


def _as_block(units: pl.DataFrame, keys: pl.Series, etype: str = "block") -> pl.DataFrame:
    """Turn the units at `keys` into places: not a country. A `block` may still be part of a name
    ("Paris Hilton"), a `place` may not."""
    if keys.len() == 0:
        return units
    return units.with_columns(
        etype=pl.when(pl.col("_k").is_in(keys.implode())).then(pl.lit(etype)).otherwise(pl.col("etype"))
    )


def _foreign_bodies_as_institutions(
    units: pl.DataFrame, keys: pl.Series, table: pl.DataFrame
) -> pl.DataFrame:
    """A listed national body named with another country's possessive or demonym (`foreign_bodies`)
    is that country's institution of the same generic name where state_institutions.csv lists one
    ("Albania's Democratic Party" is Democratic Party (Albania), not the US party), else no mention."""
    if keys.len() == 0:
        return units
    generic = table.filter(pl.col("etype") == "institution").select("pattern", _gpi="_pi")
    swap = (
        units.filter(pl.col("_k").is_in(keys.implode()))
        .select("_k", pattern=pl.lit(table["pattern"]).gather(pl.col("_pi")))
        .join(generic.unique("pattern", keep="first"), on="pattern", how="inner")
    )
    units = _as_block(units, keys.filter(~keys.is_in(swap["_k"].implode())))
    if swap.height == 0:
        return units
    units = units.join(swap.select("_k", "_gpi"), on="_k", how="left").with_columns(
        _pi=pl.coalesce("_gpi", "_pi"),
        etype=pl.when(pl.col("_gpi").is_not_null()).then(pl.lit("institution")).otherwise(pl.col("etype")),
    )
    return _with_unit_attributes(units.drop("_gpi"), table)


def _part_of_a_name(
    rest: pl.DataFrame, targets: pl.DataFrame, prep: pl.DataFrame, gaz: Gazetteer, table: pl.DataFrame
) -> tuple[pl.Series, pl.Series]:
    """Unflagged capitals and country names that start a longer name: (keys of capitals to block,
    keys of country names to drop).

    A capital or seat followed by a capitalised name-like word or an institutional noun names a thing
    ("Tehran Times", "Paris Hilton"); a country's name followed by a name-like word names a person or a
    brand ("Kenya Moore") unless a place preposition precedes it ("in Russia Putin ..."). Titles, other
    entities and other stop-words after it leave it alone ("US President", "Pakistan Army"), and so
    does a post before it ("ambassador to Moscow Zhang Hanhui").
    """
    skb = prep["skb"]
    body = pl.lit(skb).gather(pl.col("_a"))
    kinds = table.filter(pl.col("kind").is_in(["name", "short", "capital", "seat"])).select("_pi", "kind")
    # only spans followed by one space and a capital letter can start a longer name
    cand = rest.filter(
        (pl.col("etype") == "country")
        & pl.col("_pi").is_in(kinds["_pi"].implode())
        & (body.bin.get(pl.col("e"), null_on_oob=True) == 32)
        & body.bin.get(pl.col("e") + 1, null_on_oob=True).is_between(65, 90)
    ).join(kinds, on="_pi", how="left")
    kind = pl.col("kind")
    empty = pl.Series("_k", [], pl.Int64)
    if cand.height == 0:
        return empty, empty
    starts = targets.select(_gkey(pl.col("s"))).to_series().implode()
    reasons = dict(zip(gaz.stopwords["word"].to_list(), gaz.stopwords["reason"].to_list(), strict=True))
    word = window_after(skb, pl.col("_a"), pl.col("e") + 1, 32).str.extract(r"^([A-Z][A-Za-z]*)")
    cand = cand.with_columns(
        _capital=kind.is_in(["capital", "seat"]),
        _reason=word.replace_strict(reasons, default=None, return_dtype=pl.String),
        _name=word.str.contains(r"^[A-Z][a-z]+$"),
        _acronym=word.str.contains(r"^[A-Z]{2,}$"),
        _entity=_gkey(pl.col("e") + 1).is_in(starts),
        _before=window_before(skb, pl.col("_a"), pl.col("s"), 40).str.extract_groups(
            r"(?:^|[^A-Za-z])(?:([A-Za-z]+) )?([A-Za-z]+) $"
        ),
    ).filter(~pl.col("_entity"))
    link = pl.col("_before").struct.field("2")
    noun = pl.col("_before").struct.field("1").str.to_lowercase()
    cand = cand.with_columns(
        _prev=link.str.to_lowercase(),
        # "ambassador to Washington Xie Feng": the post's destination, then the person; "Mayor of
        # Paris Anne Hidalgo": the place whose post it is, then the person
        _post=(link.is_in(["to", "for", "in"]) & noun.is_in(list(gaz.acts_for_nouns)))
        | ((link == "of") & noun.is_in(list(gaz.person_nouns))),
    )
    plain = pl.col("_reason").is_null()
    capitals = cand.filter(
        pl.col("_capital")
        & ((plain & (pl.col("_name") | pl.col("_acronym"))) | (pl.col("_reason") == "noun"))
        & ~pl.col("_post").fill_null(False)
    )["_k"]
    names = cand.filter(
        ~pl.col("_capital")
        & plain
        & pl.col("_name")
        & ~pl.col("_prev").is_in(list(PLACE_PREPOSITIONS)).fill_null(False)
    )["_k"]
    return capitals, names


def _capitals_as_places(
    units: pl.DataFrame, prep: pl.DataFrame, gaz: Gazetteer, table: pl.DataFrame
) -> pl.Series:
    """Keys of capitals that follow a preposition of location (`in`, `at`, `near`, ...), possibly
    with an area word (`central`, `downtown`): the city as a place, not the state -- unless the
    phrase names the people who govern there ("officials in Kyiv", "authorities in Beijing") or an
    arrival, a visit to the state as much as "flew to Moscow" is ("arrived in Moscow"), unless the
    state is named after the city ("arrived in N'Djamena, Chad")."""
    words = gaz.capital_words or {}
    place, area = list(words.get("place", ())), list(words.get("area", ()))
    people, arrival = list(words.get("people", ())), list(words.get("arrival", ()))
    capital_rows = table.filter(pl.col("kind") == "capital")["_pi"].implode()
    caps = units.filter((pl.col("etype") == "country") & pl.col("_pi").is_in(capital_rows))
    if caps.height == 0 or not place:
        return pl.Series("_k", [], pl.Int64)

    def word(n: int) -> pl.Expr:
        """The n-th word before the capital, lower-cased."""
        return pl.col("_w").str.extract("([A-Za-z]+) " + "[A-Za-z]+ " * (n - 1) + "$").str.to_lowercase()

    # The word right before first (only after a space and a letter, from a short window), the
    # ones before it only where that word could start a place phrase.
    body = pl.lit(prep["skb"]).gather(pl.col("_a"))
    caps = caps.filter(
        (body.bin.get(pl.col("s") - 1, null_on_oob=True) == 32)
        & body.bin.get(pl.col("s") - 2, null_on_oob=True).is_between(97, 122)
    )
    longest = max(len(w) for w in place + area) + 2
    caps = caps.select(
        "_k", "_a", "s", "e", _w=window_before(prep["skb"], pl.col("_a"), pl.col("s"), longest)
    )
    caps = caps.with_columns(_p1=word(1)).filter(pl.col("_p1").is_in(place + area))
    caps = caps.with_columns(_w=window_before(prep["skb"], pl.col("_a"), pl.col("s"), 64)).with_columns(
        _p2=word(2), _p3=word(3)
    )
    country_starts = units.filter(pl.col("etype") == "country").select(_gkey(pl.col("s"))).to_series()
    state_after = (window_after(prep["skb"], pl.col("_a"), pl.col("e"), 2) == ", ") & _gkey(
        pl.col("e") + 2
    ).is_in(country_starts.implode())

    def state_there(word: pl.Expr) -> pl.Expr:
        """`word`, before the preposition, makes the capital the state."""
        return (word.is_in(people) | (word.is_in(arrival) & ~state_after)).fill_null(False)

    located = (pl.col("_p1").is_in(place) & ~state_there(pl.col("_p2"))) | (
        pl.col("_p1").is_in(area) & pl.col("_p2").is_in(place) & ~state_there(pl.col("_p3"))
    )
    caps = caps.filter(located.fill_null(False))
    # "in Kyiv's court", "in Beijing's view": what the capital owns there is the government's,
    # unless it is a part of the city ("in Moscow's Red Square", "in Kyiv's Podil district")
    owned = window_after(prep["skb"], pl.col("_a"), pl.col("e"), 24).str.extract(r"^'s? ([a-z]+)")
    city = list(words.get("city", ())) + list(words.get("area", ()))
    return caps.filter(~(owned.is_not_null() & ~owned.is_in(city)).fill_null(False))["_k"]


def _with_unit_attributes(units: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    """The reading's key, role, country code and `attributive`, which person rules read from
    neighbouring units."""
    return units.with_columns(
        [
            pl.lit(table[c]).gather(pl.col("_pi")).alias(c)
            for c in ("key", "role", "country_code", "attributive")
        ]
    )


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

    def mentions_of(part: pl.DataFrame) -> pl.DataFrame:
        own = (
            sentences
            if part is articles
            else sentences.join(part.select("article_id"), on="article_id", how="semi")
        )
        return _extract_mentions(part, own, gaz)

    return pl.concat(per_slice(mentions_of, articles, threads))


def sentences_and_mentions(
    articles: pl.DataFrame, gaz: Gazetteer, *, threads: int | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`split_sentences` and `extract_mentions` of the same articles at once: each slice of the
    batch is prepared (its skeleton built) once for both instead of once for each."""
    if articles.height == 0:
        return split_sentences(articles), _empty_mentions()
    done = per_slice(lambda part: _sentences_and_mentions(part, gaz), articles, threads)
    return pl.concat([s for s, _ in done]), pl.concat([m for _, m in done])


def _sentences_and_mentions(articles: pl.DataFrame, gaz: Gazetteer) -> tuple[pl.DataFrame, pl.DataFrame]:
    prep = prepare(articles)
    sentences = prepared_sentences(prep)
    return sentences, _mentions(prep, _sentence_frame(prep, sentences), gaz)


def _extract_mentions(articles: pl.DataFrame, sentences: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    prep = prepare(articles)
    return _mentions(prep, _sentence_frame(prep, sentences), gaz)


def _mentions(prep: pl.DataFrame, sents: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    units, table = _accepted_units(prep, sents, gaz)
    units = _foreign_bodies_as_institutions(units, foreign_bodies(units, prep, gaz), table)
    units, table = _owned_institutions(units, table, prep, gaz)

    tokens = cap_tokens(prep, units.select("_a", "s", "e", "etype"))
    classified = classify_tokens(tokens, gaz)
    persons = find_persons(prep, classified, units, gaz)

    # Mentions are ordered on narrow columns -- the reading (`_pi`) or the person row (`_pe`) --
    # and their text columns gathered once, in the final order.
    entities = units.filter(pl.col("etype").is_in(["country", "organization", "agency"])).select(
        "_a",
        "s",
        # a prefix form ("Indo-" in "Indo-US") is the country without its hyphen
        e=pl.when(pl.lit(table["prefix"]).gather(pl.col("_pi"))).then(pl.col("e") - 1).otherwise(pl.col("e")),
        sentence_no="sentence_no",
        _pi="_pi",
        _pe=pl.lit(None, pl.UInt32),
    )
    people = _with_sentence_no(
        persons.select("_a", "s", "e", _pi=pl.lit(None, table.schema["_pi"])).with_row_index("_pe"),
        sents,
        "s",
    ).select(entities.columns)
    # spans never overlap, so (article, start) orders mentions completely
    mentions = (
        pl.concat([entities, people])
        .filter(pl.col("e") > pl.col("s"))
        .sort(_gkey(pl.col("s")), maintain_order=True)
    )
    if mentions.height == 0:
        return _empty_mentions()
    ids = {name: entity_id("person", name) for name in persons["canonical"].unique().to_list()}
    # one table of what a mention can be -- the readings, then this batch's person rows -- so each
    # text column is a single gather
    columns = {
        c: MENTION_SCHEMA[c] for c in ("entity_id", "entity_type", "name", "acronym", "role", "country_code")
    }
    what = pl.concat(
        [
            table.select(
                "entity_id",
                "acronym",
                "country_code",
                entity_type="etype",
                name="ename",
                role=pl.lit(None, pl.String),
            )
            .select(list(columns))
            .cast(columns),
            persons.select(
                entity_id=pl.col("canonical").replace_strict(ids, default=None, return_dtype=pl.String),
                entity_type=pl.lit("person"),
                name="canonical",
                acronym=pl.lit(None, pl.String),
                role="role",
                country_code="country_code",
            ).cast(columns),
        ]
    ).rechunk()  # a gather from one chunk is several times faster than across two
    row = mentions.select(
        pl.coalesce(pl.col("_pi").cast(pl.Int64), pl.col("_pe").cast(pl.Int64) + table.height)
    ).to_series()
    mentions = mentions.with_columns([what[c].gather(row) for c in columns])
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
