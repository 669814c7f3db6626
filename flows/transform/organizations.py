"""Organizations and news agencies: reference forms, acronyms the text defines, source context.

* Organizations come from organizations.csv (name, acronym, aliases). An acronym flagged
  `needs_context` (an all-caps acronym that is also an ordinary word: `IS`, `WHO`) counts only when
  the organization is named by another form in the same article, or when org-like words surround it
  (`the WHO`, `IS fighters`, `WHO said`). A flagged one-word name of a national body (`Labour`,
  `Vox`, `Morena`) also counts in an article that names its country, unless a capitalised word
  touches it (`Labour Day`).
* The text can define an organization itself: `the Shanghai Cooperation Organization (SCO)` -- a run
  of capitalised words (with `of`/`for`/`and`/`the`) followed by a parenthesised acronym whose letters
  follow the words' initials in order. Both the name and the acronym then count everywhere in that
  article (and only there), and the definition wins over a news agency's short form (`the
  Environmental Protection Agency (EPA)`).
* News agencies (news_agencies.csv) count in a body when used as a source. Short all-caps forms
  (`AFP`, `AP`, `EPA`) need source context -- `told AFP`, `AFP reported`, `the AP news agency`,
  `according to AP`, `(AP)` -- because they double as other things (the Armed Forces of the
  Philippines, the Environmental Protection Agency); longer names (`Reuters`, `Xinhua`, `ANSA`)
  are accepted wherever they appear.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import polars as pl

from flows.ids import entity_id
from flows.transform.gazetteer import Gazetteer
from flows.transform.matching import SPAN_SCHEMA, phrase_hits
from flows.transform.text import window_before

ORG_CONTEXT_NEXT = frozenset(
    [
        "member",
        "members",
        "membership",
        "states",
        "state",
        "chief",
        "head",
        "heads",
        "secretary-general",
        "secretary",
        "director",
        "director-general",
        "official",
        "officials",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "summit",
        "meeting",
        "meetings",
        "said",
        "says",
        "report",
        "reports",
        "reported",
        "statement",
        "declared",
        "charter",
        "forces",
        "troops",
        "fighters",
        "militants",
        "militia",
        "militias",
        "militiamen",
        "rebels",
        "insurgents",
        "group",
        "leadership",
        "leader",
        "leaders",
        "council",
        "headquarters",
        "mission",
        "envoy",
        "staff",
        "guidelines",
        "allies",
        "ally",
        "countries",
        "nations",
        "agreement",
        "treaty",
        "rules",
        "data",
        "figures",
        "estimates",
        "chairman",
        "chair",
        "president",
        "commander",
        "commanders",
        "cell",
        "cells",
        "attack",
        "attacks",
        "claimed",
        "affiliate",
        "branch",
        "officer",
        "officers",
        "ministers",
        "party",
        "government",
        "lawmakers",
        "mp",
        "mps",
        "candidate",
        "candidates",
        "voters",
        "members'",
        "chief's",
        "rule",
        "regime",
    ]
)
SOURCE_PREV = frozenset(
    [
        "told",
        "via",
        "citing",
        "cited",
        "per",
        "by",
        "from",
        "with",
        "an",
        "a",
        "interview",
        "state-run",
        "state-owned",
        "state-controlled",
        "state",
        "official",
        "semi-official",
        "news",
        "agency",
        "wire",
        "broadcaster",
        # an outlet after what it is: "state television RTB", "the daily FT"
        "television",
        "tv",
        "radio",
        "channel",
        "newspaper",
        "daily",
        "outlet",
    ]
)
SOURCE_NEXT = frozenset(
    [
        "reported",
        "reports",
        "reporting",
        "report",
        "said",
        "says",
        "quoted",
        "cited",
        "news",
        "agency",
        "learned",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "photographer",
        "photographers",
        "photo",
        "photos",
        "journalist",
        "journalists",
        "tally",
        "count",
        "poll",
        "survey",
        "calculation",
        "calculations",
        "analysis",
        "interview",
        "investigation",
        "review",
        "footage",
        "video",
        "images",
        "image",
        "wire",
        # an outlet named with what it is: "the FT newspaper", "DW television"
        "newspaper",
        "daily",
        "broadcaster",
        "channel",
        "television",
        "tv",
        "radio",
        "website",
        "magazine",
        "network",
    ]
)
_FUNCTION = {"of", "for", "and", "the", "on", "in", "de", "du", "des", "la", "le", "al", "to", "et", "und"}
_DEF_WORD = r"(?:[A-Z][A-Za-z'&.-]*|of|for|and|the|on|in|de|du|des|la|le|al|to|et|und)"
_DEFINITION = rf"{_DEF_WORD}(?:\s{_DEF_WORD}){{1,11}}\s\([A-Z][A-Za-z&-]{{1,11}}\)"


def acceptance(spans: pl.DataFrame) -> tuple[pl.Expr, pl.Expr]:
    """(organization ok, agency ok) expressions over span targets with context columns."""
    org_in_article = pl.col("_org_named")
    # A national body's one-word name ("Labour", "Vox", "Morena") in an article that names its
    # country: "accused Labour of raising taxes" next to "Britain". Not when a capitalised word
    # follows ("Labour Day") or precedes it ("Jamie Vox").
    # A party's generic name (organizations.csv `home_aliases`: "Social Democrats", "Christian
    # Democrats") is shared by parties of several countries: it names one only this way, or where
    # the article names the party by another form ("the Social Democrats (SPD)").
    home = pl.col("kind") == "home"
    at_home = (
        pl.col("_home_named").fill_null(False)
        & pl.col("kind").is_in(["name", "alias", "home"])
        & ~pl.col("pattern").str.contains(r"^[A-Z0-9.&-]+$")  # acronyms keep the stricter rule
        & ~pl.col("cap_after")
        # a possessive before it is its owner, not a first name: "Sweden's Social Democrats"
        & (~pl.col("name_word_before") | pl.col("prev_wl").str.contains("['’]s$").fill_null(False))
    )
    org_ok = (
        ~pl.col("needs_context")
        | org_in_article
        | (~home & (pl.col("next_wl").is_in(list(ORG_CONTEXT_NEXT)) | (pl.col("prev_wl") == "the")))
        | at_home
    )
    source_prev = pl.col("prev_wl").is_in(list(SOURCE_PREV))
    source = (
        source_prev
        # "told the FT", "cited by the AP"
        | ((pl.col("prev_wl") == "the") & pl.col("prev2_wl").is_in(list(SOURCE_PREV)))
        | pl.col("prev_wl").str.ends_with("'s")
        | ((pl.col("prev_wl") == "to") & (pl.col("prev2_wl") == "according"))
        | pl.col("next_wl").is_in(list(SOURCE_NEXT))
        | pl.col("paren")
        | pl.col("poss")
    )
    # "Michael Bloomberg", "Bloomberg Philanthropies" are not the agency
    agency_ok = (~pl.col("needs_context") | source) & ~pl.col("name_before") & ~pl.col("name_after")
    return org_ok, agency_ok


def org_named_flags(targets: pl.DataFrame) -> pl.DataFrame:
    """(_a, key) of organizations named in an article by a form that needs no context."""
    return (
        targets.filter((pl.col("etype") == "organization") & ~pl.col("needs_context"))
        .select("_a", "key")
        .unique()
        .with_columns(_org_named=pl.lit(True))
    )


@lru_cache(maxsize=4096)
def _initials_match(words: tuple[str, ...], acronym: str) -> bool:
    """Do the acronym's letters follow the words in order, each capitalised word giving at least its
    initial (`Association of Southeast Asian Nations` -> ASEAN)?"""
    letters = [c for c in acronym.upper() if c.isalpha()]
    if not letters or not words or words[0][0].upper() != letters[0]:
        return False

    @cache
    def go(wi: int, ai: int) -> bool:
        if wi == len(words):
            return ai == len(letters)
        word = words[wi]
        if word.lower() in _FUNCTION and go(wi + 1, ai):
            return True
        if ai >= len(letters) or word[0].upper() != letters[ai]:
            return False
        rest = word[1:].upper()

        def inner(pos: int, aj: int) -> bool:
            if go(wi + 1, aj):
                return True
            if aj < len(letters):
                idx = rest.find(letters[aj], pos)
                while idx != -1:
                    if inner(idx + 1, aj + 1):
                        return True
                    idx = rest.find(letters[aj], idx + 1)
            return False

        return inner(0, ai + 1)

    return go(0, 0)


def parse_definition(text: str) -> tuple[str, str] | None:
    """`... the Shanghai Cooperation Organization (SCO)` -> ("Shanghai Cooperation Organization", "SCO").

    The name is the longest run of words ending at the bracket, starting with a capitalised word,
    whose initials spell the acronym.
    """
    m = re.match(r"^(.*)\s\(([^)]*)\)$", text)
    if not m:
        return None
    words = m.group(1).split()
    acronym = m.group(2)
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        cand = tuple(words[i:])
        if len(cand) < 2 or cand[-1].lower() in _FUNCTION:
            continue
        if _initials_match(cand, acronym):
            return " ".join(cand), acronym
    return None


def defined_org_hits(prep: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Spans of organizations the articles define themselves, with their target columns."""
    has_def = prep.filter(pl.col("sk").str.contains(r"\([A-Z][A-Za-z&-]{1,11}\)"))
    if has_def.height == 0:
        return pl.DataFrame()
    found = has_def.select("_a", d=pl.col("sk").str.extract_all(_DEFINITION)).explode("d").drop_nulls("d")
    if found.height == 0:
        return pl.DataFrame()
    orgs = set(gaz.orgs["key"].to_list())
    canonical = dict(zip(gaz.orgs["key"].to_list(), gaz.orgs["name"].to_list(), strict=True))
    agencies = set(gaz.agencies["form"].to_list())
    # the same definition recurs across a batch: parse each text once
    new: dict[str, tuple[str, str, bool]] = {}
    for text in found["d"].unique().to_list():
        parsed = parse_definition(text)
        # Already known as an organization or a news agency ("Saudi Press Agency (SPA)") -- but a
        # wire's short form that the text defines as something else is the text's in this article:
        # "the Environmental Protection Agency (EPA)" is not the photo agency EPA.
        if parsed is None or parsed[1].lower() in orgs:
            continue
        name, acronym = parsed
        if name.lower() in canonical:
            # A known organization with an acronym the reference lacks: "the Constitutional
            # Democratic Party of Japan (CDPJ)" -- the acronym names it in this article.
            new[text] = (canonical[name.lower()], acronym, True)
        elif name.lower() not in agencies:
            new[text] = (name, acronym, False)
    rows = []
    for a, text in found.filter(pl.col("d").is_in(list(new))).iter_rows():
        name, acronym, known = new[text]
        if not known:
            rows.append((a, name, acronym, name))
        rows.append((a, acronym, acronym, name))
    if not rows:
        return pl.DataFrame()
    defs = pl.DataFrame(
        rows,
        schema={"_a": pl.UInt32, "pattern": pl.String, "acronym": pl.String, "key": pl.String},
        orient="row",
    ).unique(["_a", "pattern"], keep="first")
    sub = prep.filter(pl.col("_a").is_in(defs["_a"].unique().implode()))
    mini = _mini_gazetteer(gaz, tuple(defs["pattern"].unique().to_list()))
    hits = phrase_hits(sub, mini)
    hits = hits.join(defs, on=["_a", "pattern"], how="inner")
    hits = hits.join(_defined_countries(hits, sub, gaz), on=["_a", "key"], how="left")
    homes = gaz.orgs.unique("name").select(key="name", _home="iso3")
    hits = hits.join(homes, on="key", how="left").with_columns(
        pl.coalesce("_home", "country_code").alias("country_code")
    )
    return hits.select(
        *SPAN_SCHEMA,
        **found_organization_readings(hits["key"], pl.col("acronym"), "country_code", "defined", multi=True),
    )


def found_organization_readings(
    names: pl.Series, acronym: pl.Expr, country_code: str, kind: str, *, multi: bool
) -> dict[str, pl.Expr]:
    """Reading-table columns of organizations a batch finds itself rather than in the reference
    (defined in the text, a state's institution): `names` are their canonical names, in a column of
    that name; their context needs no further reading."""
    ids = {name: entity_id("organization", name) for name in names.unique().to_list()}
    return {
        "etype": pl.lit("organization"),
        "key": pl.col(names.name),
        "acronym": acronym,
        "country_code": pl.col(country_code),
        "needs_context": pl.lit(False),
        "kind": pl.lit(kind),
        "role": pl.lit(None, pl.String),
        "prio": pl.lit(2, pl.Int32),
        "entity_id": pl.col(names.name).replace_strict(ids, default=None, return_dtype=pl.String),
        "ename": pl.col(names.name),
        "needs": pl.lit(False),
        "capital": pl.lit(False),
        "multi": pl.lit(multi),
    }


def _defined_countries(hits: pl.DataFrame, sub: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """(_a, key, country_code) of text-defined organizations a country owns in the text: a country's
    possessive, a demonym or an abbreviation right before the name ("Pakistan's Inter-Services Public
    Relations (ISPR)", "the Chinese Ministry of State Security (MSS)", "the U.S. Cybersecurity and
    Infrastructure Security Agency (CISA)")."""
    named = hits.filter(pl.col("pattern") == pl.col("key"))
    before = window_before(sub["skb"], pl.col("_p"), pl.col("s"), 40).str.extract_groups(
        r"(?:^|[^A-Za-z.])([A-Z][A-Za-z.]*)('s)? $"
    )
    positions = sub.select("_a").with_row_index("_p")
    named = named.join(positions, on="_a", how="left").with_columns(
        word=before.struct.field("1"), poss=before.struct.field("2").is_not_null()
    )
    # unambiguous forms only: "Jordan's" may be a person's, "Georgia's" a US state's
    forms = gaz.phrases.filter((pl.col("etype") == "country") & ~pl.col("needs_context")).select(
        word="pattern", country_code="key", attributive="attributive"
    )
    owned = named.join(forms, on="word", how="inner").filter(pl.col("poss") | pl.col("attributive"))
    return owned.sort("s").unique(["_a", "key"], keep="first").select("_a", "key", "country_code")


def _mini_gazetteer(gaz: Gazetteer, patterns: tuple[str, ...]) -> Gazetteer:
    from dataclasses import replace

    return replace(gaz, patterns=patterns)


def agency_entities_for_credit(credit: str, gazetteer: Gazetteer) -> tuple[str, str] | None:
    """Map a caption credit (`AFP`, `Reuters`, `EPA-EFE`, `John Smith / AFP`, `AFP/Getty Images`)
    to (entity_id, canonical name) of its agency, or None when no part of it is a known agency.

    Parts are tried right to left (the agency usually closes a `PHOTOGRAPHER / AGENCY` credit) and
    matched case-insensitively against every form of every agency; the id is the same
    `entity_id("agency", name)` the body mentions use, so captions and bodies meet in one entity.
    """
    if not credit:
        return None
    forms = dict(zip(gazetteer.agencies["form"].to_list(), gazetteer.agencies["name"].to_list(), strict=True))
    text = credit.strip().strip("()[]").strip()
    if text.lower() in forms:
        name = forms[text.lower()]
        return entity_id("agency", name), name
    parts = [p.strip(" .,;:-–—()") for p in re.split(r"[/|,]", text)]
    found: list[tuple[bool, str]] = []  # (written as an acronym, agency name), right to left
    for part in reversed(parts):
        key = part.lower()
        if not key:
            continue
        if key in forms:
            found.append((part.isupper(), forms[key]))
            continue
        for token in reversed(re.split(r"[\s-]+", part)):
            if token.lower() in forms:
                found.append((token.isupper(), forms[token.lower()]))
                break
    if found:
        # "AFP/Getty Images": the wire that made the picture (its acronym) before the distributor
        name = next((n for acronym, n in found if acronym), found[0][1])
        return entity_id("agency", name), name
    return None


# National bodies whose generic name other states' bodies share: "Pakistan's Foreign Office", "the
# German Foreign Office", "Japan's National Security Council" are not the UK's or the US's; nor are
# "Albania's Democratic Party" and "Canada's Conservative Party" the US's and the UK's parties.
NATIONAL_BODY_TYPES = ("national_agency", "military_command", "political_party")


def national_body(gaz: Gazetteer) -> pl.Expr:
    """True for the units that are a listed national body (NATIONAL_BODY_TYPES) with a country."""
    national = gaz.orgs.filter(pl.col("org_type").is_in(NATIONAL_BODY_TYPES))["name"].unique()
    return (
        (pl.col("etype") == "organization")
        & pl.col("country_code").is_not_null()
        & pl.col("key").is_in(national.implode())
    )


def foreign_bodies(units: pl.DataFrame, prep: pl.DataFrame, gaz: Gazetteer) -> pl.Series:
    """Keys (`_k`) of national bodies (NATIONAL_BODY_TYPES) owned in the text by another country: its
    possessive or an attributive form (demonym, abbreviation) right before the name."""
    bodies = units.filter(national_body(gaz))
    if bodies.height == 0:
        return pl.Series("_k", [], dtype=units.schema["_k"])
    before = window_before(prep["skb"], pl.col("_a"), pl.col("s"), 40).str.extract_groups(
        r"(?:^|[^A-Za-z.])([A-Z][A-Za-z.]*)(['’]s)? $"
    )
    bodies = bodies.with_columns(word=before.struct.field("1"), poss=before.struct.field("2").is_not_null())
    forms = gaz.phrases.filter((pl.col("etype") == "country") & ~pl.col("needs_context")).select(
        word="pattern", owner="key", attributive="attributive"
    )
    owned = bodies.join(forms, on="word", how="inner").filter(
        (pl.col("poss") | pl.col("attributive")) & (pl.col("owner") != pl.col("country_code"))
    )
    return owned.get_column("_k").unique()
