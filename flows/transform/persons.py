"""Person mentions: titled names, leaders from reference data, untitled full names, surnames.

Candidates come from two places: leaders' full names found by the Aho-Corasick pass, and *segments*
-- runs of capitalised name-like tokens that are not covered by a country, organization, agency,
blocked place or title and contain no name stop-word (`Central`, `Summit`, `Ministry`, weekdays,
...). Contiguity is strict (one space, no punctuation in between except an initial's full stop), so
`Putin, Xi` are two segments and `Putin's` ends one.

Leaders' surnames joined by hyphens and by nothing else (`the Xi-Biden talks`) are one token each;
a nickname of one or two words in double quotes between two name words is part of the name (`Juan
"Johnny" Perez`; the canonical name leaves it out).
A name particle (`von`, `de`, `bin`, `al-`) belongs to the name it leads into, even at the start of
a run (`said von der Leyen`); a regnal number closes one (`Leo XIV`).

A segment is a person when
  * a title ends right before it (`Adm. Brad Cooper`, `FBI Director Christopher Wray`,
    `spokesperson Mumtaz Zahra Baloch`), 1-4 tokens, or before the destination of a post right
    before it (`U.S. Ambassador to Israel Mike Huckabee`, `envoy for Syria ...`, `ambassador in Kyiv
    ...`, `ambassador to Washington, Alexander Darchiev,`) or of the place or body whose post it is
    (`Ambassador of Peru ...`, `Governor of the Bank of England ...`, which give the country);
  * its spelling-insensitive key is a leader's name (`Lee Jae-myung` = `Lee Jae Myung`);
  * it has 2-3 tokens, is not introduced by `the`, is not part of a named thing (`USS ...`, a
    following `Palace`/`Airport`/`Day` or lower-case place noun: `Ben Gurion airport`, a preceding
    `Mount`/`Fort`), and shows a person cue: a common given name first (`Jared Kushner`) or a
    Chinese, Korean or Vietnamese family name (`Chen Jining`), a person noun right before it
    (`diplomat Carla Benton`, capitalised at the start of a sentence: `Analyst Ana Reyes`) or
    closing its apposition (`X, a senior Hamas official,`) or opening it before `of` (`X, the former
    head of ...,`), an appositive title (`X, the ministry's spokesperson`), a speech verb (`X said`,
    `said X`), or its last token reused alone in the article;
  * it is a single token that resolves as a surname: to the nearest full name in the same article
    with that surname (`Putin` after `Vladimir Putin`, `Xi` after `Xi Jinping`: East Asian family
    names come first, see `gazetteer.FAMILY_FIRST`; Ethiopians, Eritreans and Thais are called by their
    first name, `gazetteer.PATRONYMIC_SECOND` and `GIVEN_NAME_ALONE`), else to a leader known by that
    surname whose term
    is near the article date (or who is the only one, when the date is unknown, or the only one who
    holds the title the text gives: `King Abdullah`); a titled surname that resolves nowhere is kept
    as written (`Adm. Cooper`). After `bin`/`ibn` the last name is the father's, never a surname.
    A family name with its particles, however capitalised (`Von der Leyen said`, `De Wever`,
    `Al-Sisi`, `Bin Salman`), resolves the same way to a full name or a leader with that family name;
    when it resolves to nobody it is a name of its own only under the cues of a full name or a title.

Role and country come from the text where it says so -- the title (`Russian President` -> President,
RUS; `Italy's Minister for Foreign Affairs` -> Foreign Minister, ITA; `FBI Director` -> the FBI's
country; a head office after a national body is a post in it: `Fidesz president ...` -> Fidesz
President, HUN; a title right after another takes its country: `Qatari Emir Sheikh ...`), a possessive
country (`Israel's Netanyahu`), `of <country>` or `of` a national body after the name (`President
Widodo of Indonesia`, `... of the Philippines`, `Ana Ruiz of the Democratic Party`; not `of Reuters`), the
noun phrase the name closes (`Israeli army chief Lt. Gen. ...`, `CENTCOM commander ...`, `former U.S.
diplomat ...`: a demonym, an abbreviation, a seat of government (`Kremlin aide ...`) or a national
organization, or a country with `'s`, then a few modifiers and a noun from person_nouns.csv), an
apposition (`..., head of U.S. Central Command,`, `..., Nigeria's top trade negotiator,`; "for" a
national body as "of" one: `..., a spokesman for the Sudanese army,`, but not `..., envoy for Syria,`), an
appositive title (`X, the Egyptian ambassador`; not one after a preposition, which is someone
else's: `X, the wife of Prime Minister Y`), the possessor of an aide, envoy or spokesman (`Putin's
aide Yuri Ushakov`, `X, Netanyahu's spokesman,`,
`Zelensky's chief of staff ...`: a person with a known country before a title or a noun marked
`acts_for` in person_nouns.csv); two demonyms joined by "and" give their countries to two names in
order (`his Latvian and Estonian counterparts, A and B`), and to a lone name neither -- then from the same
person's other mentions in the article, then from leaders.csv at the article date (latest term when
it is unknown). A leader in office at the article date keeps the listed country whatever the text
seems to say: a misread phrase ("Army chief ..." in a WASHINGTON story, read as the U.S. Army) is
likelier than a listed leader serving another state; and the listed post, not one the text says
they held once (`Kaja Kallas, a former prime minister of Estonia,`, `Former Prime Minister Mark
Rutte`).
Nothing is inferred from international bodies (no country), across a comma, a verb or a function word
(noun_phrase_breaks.csv), nor from a country's bare name before an envoy: "Ukraine envoy" names the
country the envoy deals with (`country_before` = topic in person_titles.csv), unlike "Russia's
envoy"; nor from the destination of a post ("ambassador to Washington"), unlike a post "of" a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from flows.transform.gazetteer import FIRST_TOKEN_ALONE, Gazetteer
from flows.transform.organizations import national_body
from flows.transform.text import (
    HYPHEN_PARTICLES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    hyphen_surname,
    name_key,
    particle_surname,
    surfaces,
    window_after,
    window_before,
)

SPEECH = (
    "said|says|told|added|stated|wrote|noted|warned|argued|insisted|explained|urged|asked|replied|"
    "tweeted|posted|declared|stressed|acknowledged|admitted|recalled|vowed|announced"
)
# speech verbs that come before the speaker's name in quoted speech ('"...," said Jane Doe')
SAID_BEFORE = "said|says|added|asked|wrote|recalled|explained|warned"
# Between a name and a title in apposition: ", the ministry's spokesperson", ", a senior adviser".
_APPOSITION = r"^(?:(?:the|a|an|his|her|its|their|our|[A-Za-z.-]+'s|[a-z-]+) ){0,4}$"
# ... or a demonym or a body's name after the article: ", the Egyptian ambassador", ", a Qatari
# foreign ministry spokesman", ", the Pentagon spokesman" (one capitalised word, no "and", and no name
# after the title, whose title it would be)
_APPOSITION_NAMED = r"^(?:the|a|an) [A-Z][A-Za-z.-]+ (?:(?:[a-z][a-z-]*) ){0,3}$"
# ... but a title after a preposition there is someone else's, whose name follows it: "X, the wife of
# Prime Minister Y", "X, an adviser to President Y"
_APPOSITION_OTHER = r"(?:^|\s)(?:of|to|for|with|by|from|under|against|at|in|on) $"
# ... and one after a conjunction opens a new clause: "X, and Egypt's President Y" (unlike "X, who is
# agriculture minister," or "X, then foreign minister,", which describe X)
_CLAUSE_OPENING = r"^(?:and|but|or|nor|while|whereas|as|when|after|before|so|yet) "
# A state's head offices: after the name of one of the state's bodies they are posts in that body,
# not the state's ("Senate President ...", "National Rally president ..."), and the role says so
# ("Senate President"), as leaders.csv writes "Commission President".
BODY_OFFICES = ("President", "Vice President", "Prime Minister")
# The posts of heads of state and government in leaders.csv: of two posts held at once, the role
HEAD_ROLES = (
    "President",
    "Prime Minister",
    "Premier",
    "Chancellor",
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "Supreme Leader",
)
# US copy gives a member of Congress their party and state after the name: "Lindsey Graham, R-S.C.,",
# "Nancy Pelosi (D-Calif.)", "Ted Cruz, R-Texas." (not "Ana Smith, D-Day veteran,")
_US_PARTY_STATE = r"^(?:, | \()[RDI]-[A-Z][A-Za-z.]{1,7}(?:[,)]|\.(?:\s|$))"
# What the text says of a mention, carried from the candidates to `_finish`
_TEXT_EVIDENCE = {"text_role": pl.String, "text_former": pl.Boolean, "text_cc": pl.String, "owner": pl.Int64}
PERSON_COLUMNS = {
    "_a": pl.UInt32,
    "s": pl.Int64,
    "e": pl.Int64,
    "canonical": pl.String,
    "known": pl.Boolean,
    "role": pl.String,
    "country_code": pl.String,
}
NEAR_TERM_DAYS = 365
# "Von der Leyen said", "De Wever": a particle capitalised at the start of a sentence or by family use
_CAPITAL_PARTICLES = [p[:1].upper() + p[1:] for p in NAME_PARTICLES]
# a word with a hyphenated particle, which much copy drops: "al-Sharaa" is "Sharaa" there
_HYPHENED = "^(?:" + "|".join(HYPHEN_PARTICLES) + ")-[A-Z]"


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=PERSON_COLUMNS)


def classify_tokens(tokens: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Give each capitalised token left by `cap_tokens(prep, units)` a class: `block` (inside a
    blocking place), `stop` (a name stop-word, with its reason), `name` or `other`."""
    if tokens.height == 0:
        return tokens.with_columns(
            cls=pl.lit(None, pl.String), reason=pl.lit(None, pl.String), given_stop=pl.lit(False)
        )
    reasons = dict(zip(gaz.stopwords["word"].to_list(), gaz.stopwords["reason"].to_list(), strict=True))
    # stop-words that are given names too ("Marine", "Rose"): a name's first word before a particle
    given_stops = gaz.stopwords.join(gaz.given_names, left_on="word", right_on="name", how="semi")["word"]
    tok = tokens.with_columns(
        reason=pl.col("core").replace_strict(reasons, default=None, return_dtype=pl.String)
    )
    tok = tok.with_columns(
        given_stop=pl.col("reason").is_not_null() & pl.col("core").is_in(given_stops.implode())
    )
    cls = (
        pl.when(pl.col("reason").is_not_null())
        .then(pl.lit("stop"))
        .when(pl.col("unit") == "block")
        .then(pl.lit("block"))
        .when(pl.col("name_like") | pl.col("particle") | pl.col("suffix"))
        .then(pl.lit("name"))
        .otherwise(pl.lit("other"))
    )
    return _split_leader_pairs(tok.with_columns(cls=cls), gaz)


# a nickname of one or two words in double quotes inside a name, in the skeleton and as written
_NICKNAME = r' "[^" ]+(?: [^" ]+)?"'
_NICKNAME_AS_WRITTEN = ' ["\u201c\u201d][^"\u201c\u201d ]+(?: [^"\u201c\u201d ]+)?["\u201c\u201d]'
# Two or more capitalised words joined by hyphens: "Xi-Biden", "Putin-Trump-Xi"
_HYPHEN_PAIR = r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$"


def _split_leader_pairs(tok: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """A word of leaders' surnames joined by hyphens ("the Xi-Biden talks", "a Putin-Trump summit")
    names each of them: it is cut into one token a surname, which then resolves like any other.
    Only where every part is the surname of one leader only and no name word is joined to the word by
    a space, so a double-barrelled surname of a longer name ("Juan Martin-Sanchez") stays one word."""
    # name-like words of five letters or more (length is cheap to read), then those with a hyphen
    longer = tok.select(pl.arg_where(pl.col("name_like") & (pl.col("core").str.len_bytes() >= 5)).alias("_t"))
    found = longer.with_columns(tok.select(pl.col("core").gather(longer["_t"])).get_columns())
    found = found.filter(pl.col("core").str.contains("-", literal=True))
    found = found.select("_t").with_columns(tok.select(pl.all().gather(found["_t"])).get_columns())
    found = found.filter((pl.col("cls") == "name") & pl.col("core").str.contains(_HYPHEN_PAIR))
    if found.height == 0:
        return tok
    # surnames of one leader only: "Biden-Harris" is no split, "Harris" being two leaders' surname
    names = gaz.leader_surnames.group_by("token").agg(pl.col("canonical").n_unique())
    surnames = names.filter(pl.col("canonical") == 1)["token"].implode()
    found = found.filter(
        pl.col("core").str.split("-").list.eval(pl.element().is_in(surnames).all()).list.first()
    )
    if found.height == 0:
        return tok
    # joined to a name word by one space, before or after: part of a longer name
    clean = pl.col("clean_tail") & ~pl.col("poss")
    name_before = (pl.col("_a").shift(1) == pl.col("_a")) & pl.col("gap1") & clean.shift(1)
    name_before = name_before & (pl.col("cls").shift(1) == "name")
    name_after = (pl.col("_a").shift(-1) == pl.col("_a")) & pl.col("gap1").shift(-1) & clean
    name_after = name_after & (pl.col("cls").shift(-1) == "name")
    joined = tok.with_row_index("_t").filter((name_before | name_after).fill_null(False)).get_column("_t")
    found = found.filter(~pl.col("_t").is_in(joined.implode()))
    if found.height == 0:
        return tok
    parts = (
        found.with_columns(_part=pl.col("core").str.split("-"))
        .explode("_part")
        .with_columns(
            _i=pl.int_range(pl.len()).over("_t"),
            _n=pl.len().over("_t"),
            _len=pl.col("_part").str.len_bytes().cast(pl.Int64),
        )
        .with_columns(_off=(pl.col("_len") + 1).cum_sum().over("_t") - pl.col("_len") - 1)
    )
    first, last = pl.col("_i") == 0, pl.col("_i") == pl.col("_n") - 1
    start = pl.col("core_start") + pl.col("_off")
    parts = parts.with_columns(
        core="_part",
        core_start=start,
        core_end=start + pl.col("_len"),
        start=pl.when(first).then(pl.col("start")).otherwise(start),
        end=pl.when(last).then(pl.col("end")).otherwise(start + pl.col("_len")),
        # no part is joined to the one before it, only the last keeps what trails the word
        gap1=first & pl.col("gap1"),
        clean_tail=pl.when(last).then(pl.col("clean_tail")).otherwise(pl.lit(False)),
        dot_tail=last & pl.col("dot_tail"),
        poss=last & pl.col("poss"),
    ).select("_t", pl.col("_i").cast(pl.Int64), *tok.columns)
    kept = tok.with_row_index("_t").filter(~pl.col("_t").is_in(found["_t"].implode()))
    kept = kept.select("_t", pl.lit(0, pl.Int64).alias("_i"), *tok.columns)
    return pl.concat([kept, parts]).sort("_t", "_i").drop("_t", "_i")


def segments(tok: pl.DataFrame) -> pl.DataFrame:
    """Runs of contiguous name tokens: _a, s, e, n, first, last, last_ns, key text and context."""
    same_prev = pl.col("_a").shift(1) == pl.col("_a")
    prev_clean = (pl.col("clean_tail") | (pl.col("dot_tail") & pl.col("initial"))) & ~pl.col("poss")
    tok = tok.with_columns(
        link=(same_prev & pl.col("gap1") & prev_clean.shift(1)).fill_null(False),
    )
    # blocking phrases are transparent to names ("Michael Jordan", "Israel Katz" block the country)
    nameish = pl.col("cls").is_in(["name", "block"])
    base = nameish & pl.col("name_like") & ~pl.col("suffix")
    tok = tok.with_columns(_base=base)

    # A particle belongs to the name it leads into, through at most two more particles ("Pieter van
    # der Berg", "de la Fuente"); one that starts a run makes a family name of it ("said von der
    # Leyen"), which must then resolve to someone (see `_persons_from`).
    def leads(into: pl.Expr) -> pl.Expr:
        return (pl.col("particle") & into.shift(-1) & pl.col("link").shift(-1)).fill_null(False)

    lead1 = leads(pl.col("_base"))
    lead2 = leads(lead1)
    particle_ok = nameish & (lead1 | lead2 | leads(lead2))
    suffix_ok = nameish & pl.col("suffix") & pl.col("_base").shift(1) & pl.col("link")
    # A stop-word that is also a given name opens the name when a particle surname follows it:
    # "Marine Le Pen" (not "Le Pen" after the noun "Marine"), "Rose de Vries".
    any_particle = pl.col("particle") | pl.col("core").is_in(_CAPITAL_PARTICLES)
    given_first = (
        pl.col("given_stop")
        & pl.col("name_like")
        & (any_particle & pl.col("link")).shift(-1)
        & (pl.col("_base") & pl.col("link")).shift(-2)
    )
    tok = tok.with_columns(
        is_name=(
            pl.col("_base")
            | particle_ok.fill_null(False)
            | suffix_ok.fill_null(False)
            | given_first.fill_null(False)
        )
    )
    # what touches a run from outside: a stop-word joined by one space (`USS`, `Palace`)
    tok = tok.with_columns(
        prev_reason=pl.when(pl.col("link")).then(pl.col("reason").shift(1)),
        next_reason=pl.when(pl.col("link").shift(-1)).then(pl.col("reason").shift(-1)),
        next_cls=pl.when(pl.col("link").shift(-1)).then(pl.col("cls").shift(-1)),
    )
    tok = tok.with_columns(
        seg=(~(pl.col("is_name") & pl.col("is_name").shift(1).fill_null(False) & pl.col("link"))).cum_sum()
    )
    names = tok.filter(pl.col("is_name"))
    if names.height == 0:
        return pl.DataFrame()
    end = pl.col("core_end") + (pl.col("dot_tail") & (pl.col("initial") | pl.col("suffix"))).cast(pl.Int64)
    segs = names.group_by("seg", maintain_order=True).agg(
        pl.col("_a").first(),
        _has_p=any_particle.any(),
        s=pl.col("core_start").first(),
        e=end.last(),
        n=(~pl.col("particle")).sum().cast(pl.Int32),
        first=pl.col("core").first(),
        last_ns=pl.col("core").filter(~pl.col("suffix")).last(),
        last_poss=pl.col("poss").last(),
        cores=pl.col("core"),
        prev_reason=pl.col("prev_reason").first(),
        next_reason=pl.col("next_reason").last(),
        next_cls=pl.col("next_cls").last(),
    )
    return segs


def _date_ok(date_col: str) -> pl.Expr:
    lo = pl.col("start_date").fill_null(pl.date(1900, 1, 1)) - pl.duration(days=NEAR_TERM_DAYS)
    hi = pl.col("end_date").fill_null(pl.date(2100, 1, 1)) + pl.duration(days=NEAR_TERM_DAYS)
    return pl.col(date_col).is_null() | pl.col(date_col).is_between(lo, hi)


def leader_reference(cands: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Role and country of known leaders at each mention's date (`_date`): the term containing the
    date (of posts held together, a head's post, else the earliest begun), else the nearest one; the
    latest term when the date is unknown. A known date gives the role only of a term within
    `NEAR_TERM_DAYS` of it."""
    terms = gaz.leaders.select(
        "canonical", ref_role="role", ref_iso3="iso3", start_date="start_date", end_date="end_date"
    )
    keyed = cands.select("_m", "canonical", "_date").filter(pl.col("canonical").is_not_null())
    joined = keyed.join(terms, on="canonical", how="inner")
    far = pl.lit(10**6)
    start_days = (pl.col("start_date").fill_null(pl.date(1900, 1, 1)) - pl.col("_date")).dt.total_days()
    end_days = (pl.col("_date") - pl.col("end_date").fill_null(pl.date(2100, 1, 1))).dt.total_days()
    distance = (
        pl.when(pl.col("_date").is_null())
        .then(far)
        .otherwise(pl.max_horizontal(start_days, end_days, pl.lit(0)))
    )
    # Among terms at the same distance the latest wins (the date unknown: the person's last post),
    # except among posts held together at the date: a head of state's or government's post first
    # (Lapid, Foreign Minister and then also Prime Minister in 2022), else the first held, the later
    # being an addition (Rubio, Secretary of State and then also National Security Adviser in 2025).
    started = (pl.col("start_date").fill_null(pl.date(1900, 1, 1)) - pl.date(1900, 1, 1)).dt.total_days()
    together = pl.col("_dist") == 0
    joined = (
        joined.with_columns(_dist=distance)
        .with_columns(
            _head=pl.when(together).then(~pl.col("ref_role").is_in(HEAD_ROLES)).otherwise(False),
            _order=pl.when(together).then(started).otherwise(-started),
        )
        .sort(["_m", "_dist", "_head", "_order"])
    )
    # A post left long before the article is no longer the person's role ("Yair Lapid" in 2025 is no
    # prime minister): the role comes from the text then ("former Prime Minister ..."), else is unknown.
    # The country stays.
    return joined.unique("_m", keep="first").select(
        "_m",
        ref_role=pl.when(pl.col("_date").is_null() | (pl.col("_dist") <= NEAR_TERM_DAYS)).then(
            pl.col("ref_role")
        ),
        ref_iso3="ref_iso3",
        # in office at the article date: the row's country outweighs a reading of the text, and the
        # row's post one the text says the person held once
        ref_in_term=pl.col("_date").is_not_null() & (pl.col("_dist") == 0),
    )


def find_persons(prep: pl.DataFrame, tok: pl.DataFrame, units: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Person mentions: _a, s, e, canonical, known (from leaders.csv), role, country_code."""
    skb = prep["skb"]
    kept = _skip_nicknames(tok, skb)
    nicknames = kept.height < tok.height
    segs = segments(kept) if tok.height else pl.DataFrame()
    leaders = units.filter(pl.col("etype") == "person").select(
        "_a", "s", "e", canonical="key", src=pl.lit("leader"), n=pl.lit(2, pl.Int32)
    )
    if segs.height:
        text = window_after(skb, pl.col("_a"), pl.col("s"), pl.col("e") - pl.col("s"))
        # the name without a nickname inside it, where the batch has one (`_skip_nicknames`)
        segs = segs.with_columns(text=text.str.replace_all(_NICKNAME, "") if nicknames else text)
        segs, units = _sector_ministers(segs, units, skb, gaz)
        # `sur`: how the person is called on their own -- the family name with its particles ("de
        # Gaulle"), else the one word, hyphenated particle lower-cased ("Al-Sisi"), else the last word.
        # `psur`: the run is nothing but such a family name ("Von der Leyen", "De Wever").
        with_particles = segs.filter(pl.col("_has_p")).select("seg", _ps=particle_surname(pl.col("text")))
        segs = segs.with_columns(
            _w=pl.when(pl.col("n") > 1).then(pl.col("last_ns")).otherwise(pl.col("first"))
        )
        hyphened = segs.filter(_hyphen_at_start("_w")).select("seg", _hy=hyphen_surname(pl.col("_w")))
        forms = with_particles.join(hyphened, on="seg", how="full", coalesce=True)
        segs = (
            segs.join(forms, on="seg", how="left", maintain_order="left")
            .with_columns(
                sur=pl.coalesce("_ps", "_hy", "_w"),
                psur=(pl.col("_ps").str.len_bytes() == pl.col("text").str.len_bytes()).fill_null(False),
            )
            .drop("_ps", "_hy", "_w", "_has_p", "seg")
        )
        # a multi-word name may be a leader's under another spelling ("Lee Jae Myung")
        multi = segs.filter(pl.col("n") >= 2).with_columns(key=name_key(pl.col("text")))
        multi = multi.join(
            gaz.leader_keys.unique("key", keep="first").rename({"canonical": "lk"}), on="key", how="left"
        )
        segs = pl.concat(
            [
                segs.filter(pl.col("n") < 2).with_columns(
                    key=pl.lit(None, pl.String), lk=pl.lit(None, pl.String)
                ),
                multi,
            ],
            how="vertical_relaxed",
        )
    else:
        return _persons_from(leaders, prep, units, gaz)
    cand = pl.concat(
        [
            leaders.with_columns(
                first=pl.lit(None, pl.String),
                last_ns=pl.lit(None, pl.String),
                prev_reason=pl.lit(None, pl.String),
                next_reason=pl.lit(None, pl.String),
                next_cls=pl.lit(None, pl.String),
                text=pl.lit(None, pl.String),
                sur=pl.lit(None, pl.String),
                psur=pl.lit(False),
            ),
            segs.select(
                "_a",
                "s",
                "e",
                canonical="lk",
                src=pl.lit("seg"),
                n="n",
                first="first",
                last_ns="last_ns",
                last_poss="last_poss",
                prev_reason="prev_reason",
                next_reason="next_reason",
                next_cls="next_cls",
                text="text",
                sur="sur",
                psur="psur",
            ),
        ],
        how="diagonal_relaxed",
    )
    return _persons_from(cand, prep, units, gaz, nicknames=nicknames)


def _skip_nicknames(tok: pl.DataFrame, skb: pl.Series) -> pl.DataFrame:
    """A nickname of one or two words in double quotes inside a name (`Juan "Johnny" Perez`,
    `Joaquin "El Chapo" Guzman`) is part of it: its tokens are dropped and the word after the closing
    quote is joined to the word before the opening one, so the name runs across it. Only between
    two name words, each joined to the quotes by one space."""
    # a token right after an opening quote or bracket: the few rows that can open a nickname
    opened = tok.select(pl.arg_where(pl.col("core_start") - pl.col("start") == 1).alias("_t"))
    if opened.height == 0:
        return tok
    cols = ["_a", "start", "core_start", "core_end", "cls", "name_like", "clean_tail", "poss"]
    near = tok.select(cols)

    def around(cand: pl.DataFrame, k: int, names: list[str]) -> pl.DataFrame:
        """The columns `names` of the token `k` rows after each candidate, by row number (the first
        and last rows stand in for the ones off the frame, and fail the same-article test or the
        offsets)."""
        at = (cand["_t"].cast(pl.Int64) + k).clip(0, tok.height - 1)
        return cand.with_columns(near.select(pl.col(names).gather(at).name.suffix(str(k))).get_columns())

    # first the cheap test: the word before ends one character before the quote, in the same article
    cand = opened.with_columns(near.select(pl.col("_a", "start").gather(opened["_t"])).get_columns())
    cand = around(cand, -1, ["_a", "core_end"]).filter(
        (pl.col("_a-1") == pl.col("_a")) & (pl.col("core_end-1") + 1 == pl.col("start"))
    )
    if cand.height == 0:
        return tok
    cand = cand.select("_t").with_columns(near.select(pl.all().gather(cand["_t"])).get_columns())
    for k in (-1, 1, 2):
        cand = around(cand, k, cols)

    def name(k: int) -> pl.Expr:
        return (pl.col(f"_a{k}") == pl.col("_a")) & (pl.col(f"cls{k}") == "name") & pl.col(f"name_like{k}")

    def plain(k: int) -> pl.Expr:
        """Token `_t + k` opens with no quote or bracket."""
        return pl.col(f"start{k}") == pl.col(f"core_start{k}")

    # a name word, one space, the quote; the nickname's last word, the quote, one space, a name word
    before = (
        name(-1) & pl.col("clean_tail-1") & ~pl.col("poss-1") & (pl.col("core_end-1") + 1 == pl.col("start"))
    )
    one = name(1) & plain(1) & (pl.col("start1") == pl.col("core_end") + 2)
    two = (
        (pl.col("_a1") == pl.col("_a"))
        & plain(1)
        & (pl.col("start1") == pl.col("core_end") + 1)
        & name(2)
        & plain(2)
        & (pl.col("start2") == pl.col("core_end1") + 2)
    )
    cand = cand.filter((before & (one | two)).fill_null(False))
    if cand.height == 0:
        return tok
    # the quotes themselves, read only for these few rows
    last_end = pl.when(one.fill_null(False)).then(pl.col("core_end")).otherwise(pl.col("core_end1"))
    quoted = window_after(skb, pl.col("_a"), pl.col("start"), last_end + 1 - pl.col("start"))
    cand = cand.with_columns(_one=one.fill_null(False)).filter(
        quoted.str.contains(r'^"[^" ]+"$') | quoted.str.contains(r'^"[^" ]+ [^" ]+"$')
    )
    if cand.height == 0:
        return tok
    single = cand.filter(pl.col("_one"))["_t"]
    double = cand.filter(~pl.col("_one"))["_t"]
    drop = pl.concat([single, double, double + 1])
    joined = pl.concat([single + 1, double + 2])
    row = pl.int_range(pl.len(), dtype=drop.dtype)
    return tok.with_columns(gap1=pl.col("gap1") | row.is_in(joined.implode())).filter(
        ~row.is_in(drop.implode())
    )


# Words before a post that date its holder, not the post: "Former Economy Minister X" held it once.
_PAST_HOLDER = ("Former", "Late")


def _sector_ministers(
    segs: pl.DataFrame, units: pl.DataFrame, skb: pl.Series, gaz: Gazetteer
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A ministry person_titles.csv does not list, written as capitalised words before a bare title
    marked `sector_before` ("Egypt's Irrigation Minister Hani Sewilam", "Mexican Energy Secretary Luz
    Elena Gonzalez"), is one title whose role is the whole phrase ("Irrigation Minister", "Energy
    Secretary"); the words are no name, and the country before them is the minister's. Only runs of
    at most three words none of which is a given name or a particle, one space before the title,
    with the adjective before them if there is one ("Israeli Strategic Affairs Minister Ron Dermer")."""
    bare = units.filter((pl.col("etype") == "title") & pl.col("key").is_in(gaz.sector_titles))
    if bare.height == 0 or segs.height == 0:
        return segs, units
    given = gaz.given_names["name"].implode()
    sector = (
        segs.filter(
            (pl.col("n") <= 3)
            & ~pl.col("_has_p")
            & ~pl.col("cores").list.eval(pl.element().is_in(given)).list.any()
            & (window_after(skb, pl.col("_a"), pl.col("e"), 1) == " ")
        )
        .select("seg", "_a", _ts=pl.col("e") + 1, _ss="s", _stext="text")
        .join(bare.select("_a", _ts="s", _title="key"), on=["_a", "_ts"], how="inner")
    )
    if sector.height == 0:
        return segs, units
    # An adjective of the name stop-words right before the run is part of the ministry ("Strategic
    # Affairs Minister", "Digital Affairs Minister"), but not one that dates its holder ("Former").
    lead = window_before(skb, pl.col("_a"), pl.col("_ss"), 16).str.extract(r"(?:^|[^\w'’.-])([A-Z][a-z]+) $")
    adjectives = gaz.stopwords.filter(pl.col("reason") == "adjective")["word"].implode()
    sector = sector.with_columns(
        _lead=pl.when(lead.is_in(adjectives) & ~lead.is_in(_PAST_HOLDER)).then(lead)
    ).with_columns(
        _ss=pl.col("_ss") - (pl.col("_lead").str.len_bytes() + 1).fill_null(0),
        _stext=pl.concat_str(pl.col("_lead") + " ", "_stext", ignore_nulls=True),
    )
    units = (
        units.join(
            sector.select("_a", "_ts", "_ss", _stext=pl.col("_stext") + " " + pl.col("_title")),
            left_on=["_a", "s"],
            right_on=["_a", "_ts"],
            how="left",
            maintain_order="left",
        )
        .with_columns(
            role=pl.coalesce("_stext", "role"),
            s=pl.coalesce("_ss", "s"),
        )
        .with_columns(_k=pl.when(pl.col("_ss").is_not_null()).then(_gk(pl.col("s"))).otherwise(pl.col("_k")))
        .drop("_ss", "_stext")
    )
    return segs.join(sector.select("seg"), on="seg", how="anti"), units


def _gk(pos: pl.Expr) -> pl.Expr:
    """A batch-wide position key: article number and offset in one integer (cheap joins)."""
    return pl.col("_a").cast(pl.Int64) * (1 << 34) + pos


def _place_noun_after(after: pl.Expr, nouns: Iterable[str], lead: str = "") -> pl.Expr:
    """The text right after a name opens with one of `nouns`, maybe after `lead`: a place's name."""
    alternation = "|".join(sorted(nouns, key=len, reverse=True))
    return after.str.contains(rf"^ {lead}(?:{alternation})\b") if alternation else pl.lit(False)


def _context(cand: pl.DataFrame, prep: pl.DataFrame, units: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Title before, country before the title or the name, `of <country>` after, apposition, cues."""
    skb = prep["skb"]
    titles = units.filter(pl.col("etype") == "title")

    def pre_key(pos: pl.Expr, wb: pl.Expr) -> pl.Expr:
        """Key of where an entity right before `pos` would end: "Russian President", "Italy's ..."."""
        return (
            pl.when(wb.str.ends_with("'s ")).then(_gk(pos - 3)).when(wb.str.ends_with(" ")).then(_gk(pos - 1))
        )

    coordinated = _coordinated(units, skb)
    tinfo = (
        titles.select("_a", ts="s", te="e", title_role="role")
        .with_columns(_wb8=window_before(skb, pl.col("_a"), pl.col("ts"), 8))
        .with_columns(
            _wb=pl.col("_wb8").str.slice(-3),
            # a post the text says the person held once: "former Prime Minister ...", "ex-President"
            _former=pl.col("_wb8").str.contains(r"(?:^|[^A-Za-z])(?:[Ff]ormer |ex-)$"),
        )
        .with_columns(_k=pre_key(pl.col("ts"), pl.col("_wb")), _tk=_gk(pl.col("te")))
    )
    cand = cand.with_columns(
        _wb=window_before(skb, pl.col("_a"), pl.col("s"), 8),
        _wa=window_after(skb, pl.col("_a"), pl.col("e"), 24),
    )
    # "U.S. Ambassador to Israel Mike Huckabee", "Russia's envoy to the UN, ...", "the US ambassador
    # in Kyiv ...": the title before the post's destination is the person's, and the destination is
    # not their country. A post "of" a place is the place's own, and gives its country: "Mayor of
    # London Sadiq Khan", "Governor of the Bank of England Andrew Bailey". Only units after "to",
    # "for", "in", "of" or "the" (a space after o, r, n, f or e) are read, and the name follows them
    # after a space or a comma.
    body = pl.lit(skb).gather(pl.col("_a"))
    dest = units.filter(
        pl.col("etype").is_in(["country", "organization", "agency", "place", "block"])
        & (body.bin.get(pl.col("s") - 1, null_on_oob=True) == 32)
        & body.bin.get(pl.col("s") - 2, null_on_oob=True).is_in([101, 102, 110, 111, 114])
    ).with_columns(
        _dk=_gk(pl.col("e") + 1 + (body.bin.get(pl.col("e"), null_on_oob=True) == 44).cast(pl.Int64))
    )
    dest = dest.filter(pl.col("_dk").is_in(cand.select(_gk(pl.col("s"))).to_series().implode()))
    link = window_before(skb, pl.col("_a"), pl.col("s"), 10).str.extract(r" ((?:to|for|in|of) (?:the )?)$")
    dest = dest.select(
        "_dk",
        _post=_gk(pl.col("s") - link.str.len_bytes().cast(pl.Int64) - 1),
        _post_cc=pl.when(link.str.starts_with("of ")).then(pl.col("country_code")),
    ).drop_nulls("_post")
    dest = dest.filter(pl.col("_post").is_in(tinfo["_tk"].implode()))
    if dest.height:
        cand = cand.with_columns(_dk=_gk(pl.col("s"))).join(dest, on="_dk", how="left").drop("_dk")
    else:
        cand = cand.with_columns(_post=pl.lit(None, pl.Int64), _post_cc=pl.lit(None, pl.String))
    after_comma = pl.col("_wb").str.ends_with(", ")
    cand = cand.with_columns(
        _tk=pl.when(after_comma)
        .then(_gk(pl.col("s") - 1))
        .otherwise(pl.coalesce("_post", _gk(pl.col("s") - 1))),
        _k=pl.when(pl.col("_post").is_null()).then(pre_key(pl.col("s"), pl.col("_wb"))),
        # "President Widodo of Indonesia", "... of the Netherlands" (a form with its article), "...
        # of the Philippines", "Ana Ruiz of the Democratic Party"
        _ok=pl.when(pl.col("_wa").str.starts_with(" of ")).then(_gk(pl.col("e") + 4)),
        _ok2=pl.when(pl.col("_wa").str.starts_with(" of the ")).then(_gk(pl.col("e") + 8)),
        _ae=_gk(pl.col("e")),
    )
    # Accepted units never overlap: one per start and one per end. Only the few that end where a
    # title or a name could be qualified, or start after "of", are joined (not all of them).
    ents = pl.col("etype").is_in(["country", "organization", "agency"])
    probes = pl.concat([tinfo["_k"], cand["_k"]]).drop_nulls().unique().implode()
    ent_end = units.filter(_gk(pl.col("e")).is_in(probes) & ents).select(
        _k=_gk(pl.col("e")),
        pcc="country_code",
        ptype="etype",
        _attr="attributive",
        # a national body's name as written, for the post a head office is in it (BODY_OFFICES)
        _body=pl.when((pl.col("etype") == "organization") & pl.col("country_code").is_not_null()).then(
            pl.lit(skb).gather(pl.col("_a")).bin.slice(pl.col("s"), pl.col("e") - pl.col("s")).cast(pl.String)
        ),
    )
    # a country, or a national body (a party, an agency, a force), after "of": not an international
    # one, an agency or a company, whose people are of any country ("X of Reuters", "Y of Nvidia")
    country_start = (
        units.filter(
            _gk(pl.col("s")).is_in(pl.concat([cand["_ok"], cand["_ok2"]]).drop_nulls().unique().implode())
        )
        .filter((pl.col("etype") == "country") | national_body(gaz))
        .select(_ok=_gk(pl.col("s")), occ="country_code")
    )
    # an envoy's country name is the country the envoy deals with ("Ukraine envoy"), not theirs --
    # unless it is the possessor ("Russia's envoy")
    possessed = pl.col("_wb").str.ends_with("'s ")
    topic = pl.col("title_role").is_in(list(gaz.topic_roles)) & ~pl.col("_attr").fill_null(True) & ~possessed
    in_body = pl.col("_body").is_not_null() & pl.col("title_role").is_in(BODY_OFFICES)
    tinfo = (
        _subdivision_before(
            tinfo.join(ent_end.select("_k", "_attr", "_body", title_cc="pcc"), on="_k", how="left"), skb, gaz
        )
        .with_columns(
            title_cc=pl.when(~topic).then(pl.coalesce("title_cc", "_sub_cc")),
            title_role=pl.when(in_body)
            .then(pl.concat_str([pl.col("_body"), pl.col("title_role")], separator=" "))
            .otherwise(pl.col("title_role")),
            # "Putin's spokesman": whoever ends at the possessive may give the country (`_finish`)
            _owner_t=pl.when(possessed & pl.col("title_role").is_not_null()).then(pl.col("_k")),
        )
        .drop("_attr", "_body", "_sub_cc")
        .join(coordinated.rename({"_uk": "_k", "_cc1": "title_cc1"}), on="_k", how="left")
    )
    # a title right after another takes its country: "Israeli chief of staff Lt. Gen. ..."
    # and a rank or honorific right after a post, or after a post and a comma, gives way to the post:
    # "Saudi Foreign Minister Prince Faisal", "Defence Minister Gen. ...", "Emir Sheikh ..."
    ranks = list(gaz.rank_roles)
    post = pl.col("title_role").is_not_null() & ~pl.col("title_role").is_in(ranks)
    chained = tinfo.select(
        _pk="_tk", _pcc="title_cc", _prole=pl.when(post).then(pl.col("title_role"))
    ).filter(pl.col("_pcc").is_not_null() | pl.col("_prole").is_not_null())
    # the post may close an apposition the rank opens: "The kingdom's foreign minister, Prince Faisal"
    after_post = pl.when(pl.col("_wb").str.ends_with(", ") & ~post).then(_gk(pl.col("ts") - 2))
    tinfo = (
        tinfo.with_columns(_pk=pl.coalesce(after_post, _gk(pl.col("ts") - 1)))
        .join(chained, on="_pk", how="left")
        .select(
            "_tk",
            "ts",
            "_owner_t",
            "_former",
            title_role=pl.when(post)
            .then(pl.col("title_role"))
            .otherwise(pl.coalesce("_prole", "title_role")),
            title_cc=pl.coalesce("title_cc", "_pcc"),
            title_cc1=pl.when(pl.col("title_cc").is_not_null()).then(pl.col("title_cc1")),
        )
    )
    cand = (
        cand.join(tinfo, on="_tk", how="left")
        # a country right before the name itself (no title): "Israel's Netanyahu"
        .join(ent_end.filter(pl.col("ptype") == "country").select("_k", name_cc="pcc"), on="_k", how="left")
        .join(country_start, on="_ok", how="left")
        .join(country_start.rename({"_ok": "_ok2", "occ": "_occ2"}), on="_ok2", how="left")
        .with_columns(occ=pl.coalesce("occ", "_occ2"))
    )
    # apposition: "Mumtaz Zahra Baloch, the ministry's spokesperson" -- not a title that owns what
    # follows it ("X, the president's son,")
    appos = (
        titles.filter(pl.col("role").is_not_null())
        .filter(~window_after(skb, pl.col("_a"), pl.col("e"), 1).is_in(["'", "’"]))
        .with_columns(_w=window_before(skb, pl.col("_a"), pl.col("s"), 60))
        .filter(pl.col("_w").str.contains(", ", literal=True))
        .with_columns(_w=pl.col("_w").str.split(", ").list.last())
        .filter(
            (
                pl.col("_w").str.contains(_APPOSITION)
                | (
                    pl.col("_w").str.contains(_APPOSITION_NAMED)
                    & ~pl.col("_w").str.contains(r"\s(?:and|or)\s")
                    # the title of a name that follows it is that person's: ", the U.S. President
                    # Donald Trump's envoy,"
                    & ~window_after(skb, pl.col("_a"), pl.col("e"), 2).str.contains(r"^ [A-Z]")
                )
            )
            & ~pl.col("_w").str.contains(_APPOSITION_OTHER)
            & ~pl.col("_w").str.contains(_CLAUSE_OPENING)
        )
    )
    appos = (
        appos.select(
            _ae=_gk(pl.col("s") - 2 - pl.col("_w").str.len_bytes().cast(pl.Int64)),
            appos_role="role",
            _appos_former=pl.col("_w").str.contains(r"(?:^|\s)former "),
            _tk=_gk(pl.col("e")),
        )
        .unique("_ae", keep="first")
        # ", Netanyahu's spokesman,": the possessor of the title may give the country (`_finish`)
        .join(tinfo.select("_tk", _owner_a="_owner_t"), on="_tk", how="left")
        .drop("_tk")
    )
    cand = cand.join(appos, on="_ae", how="left")
    # the title first, then the name in commas: "the president's chief of staff, Andriy Yermak,"
    title_comma = tinfo.select(
        _tk2="_tk", comma_role="title_role", comma_cc="title_cc", comma_cc1="title_cc1", _owner_c="_owner_t"
    )
    cand = cand.with_columns(_tk2=pl.when(after_comma).then(pl.coalesce("_post", _gk(pl.col("s") - 2)))).join(
        title_comma, on="_tk2", how="left"
    )
    titled = pl.col("ts").is_not_null() & pl.col("_wb").str.ends_with(" ")
    cand = _phrase_countries(cand.with_columns(_titled=titled), skb, units, gaz, coordinated)
    cand = cand.with_columns(
        titled=titled,
        the_before=pl.col("_wb").str.contains(r"(?:^|[^A-Za-z])[Tt]he $"),
        place_before=pl.col("_wb").str.contains(r"(?:^|\s)(?:at|in|on|into|near|inside|from) $"),
        # a lower-case place noun: "Ben Gurion airport" (place_nouns.csv)
        place_after=_place_noun_after(pl.col("_wa"), gaz.place_nouns),
        # a capitalised one, maybe after "International", ends the proper name of a place, which no
        # name opens, titled or alone ("King Khalid International Airport", "Queen Mary University");
        # a lower-case one need not ("the Trump camp")
        proper_place=_place_noun_after(
            pl.col("_wa"), (n.title() for n in gaz.place_nouns), r"(?:(?:International|National|Memorial) )?"
        ),
        speech=pl.col("_wa").str.contains(rf"^\s(?:{SPEECH})\b")
        # the verb first, as in quoted speech: '"We have nothing left," said Umm Ahmed Odeh'
        | window_before(skb, pl.col("_a"), pl.col("s"), 10).str.contains(
            rf"(?:^|[^A-Za-z])(?:{SAID_BEFORE}) $"
        ),
        text_role=pl.coalesce(
            pl.when(titled).then(pl.col("title_role")), pl.col("appos_role"), pl.col("comma_role")
        ),
        # a post the text says the person held once: "former Prime Minister ...", ", a former senator,"
        text_former=pl.when(titled & pl.col("title_role").is_not_null())
        .then(pl.col("_former"))
        .otherwise(pl.col("appos_role").is_not_null() & pl.col("_appos_former").fill_null(False)),
        text_cc=pl.coalesce(
            pl.when(titled).then(pl.col("title_cc")),
            pl.col("_post_cc"),
            pl.col("name_cc"),
            pl.col("occ"),
            pl.when(pl.col("_wa").str.contains(_US_PARTY_STATE)).then(pl.lit("USA")),
            pl.col("np_cc"),
            pl.col("appos_cc"),
            pl.col("comma_cc"),
        ),
        owner=pl.coalesce(
            pl.when(titled).then(pl.col("_owner_t")),
            pl.col("_owner_np"),
            pl.col("_owner_c"),
            pl.col("_owner_a"),
        ),
        # "Foreign Ministers A and B" (`_respective`)
        _plural=titled & window_before(skb, pl.col("_a"), pl.col("s"), 10).str.ends_with("Ministers "),
        # the first of two coordinated units, where the one that gave text_cc is the second
        _cc1=pl.when(titled & pl.col("title_cc").is_not_null())
        .then(pl.col("title_cc1"))
        .when(pl.coalesce("_post_cc", "name_cc", "occ").is_not_null())
        .then(None)
        .when(pl.col("np_cc").is_not_null())
        .then(pl.col("np_cc1"))
        .when(pl.col("appos_cc").is_null())
        .then(pl.col("comma_cc1")),
    ).drop(
        "_wb",
        "_wa",
        "_tk",
        "_tk2",
        "_k",
        "_ok",
        "_ok2",
        "_occ2",
        "_ae",
        "comma_cc",
        "np_cc",
        "appos_cc",
        "_titled",
        "_owner_t",
        "_owner_c",
        "_owner_a",
        "_owner_np",
        "_post",
        "_post_cc",
        "_appos_former",
        "_former",
        "title_cc1",
        "comma_cc1",
        "np_cc1",
    )
    return _respective(cand, skb)


def _subdivision_before(tinfo: pl.DataFrame, skb: pl.Series, gaz: Gazetteer) -> pl.DataFrame:
    """`_sub_cc`: the country of a province or state named right before the title ("Ontario Premier
    Doug Ford", "New South Wales Premier ...", "Sindh Chief Minister ..."; Gazetteer.subdivisions),
    the longest name first."""
    countries = dict(gaz.subdivisions)
    if not countries:
        return tinfo.with_columns(_sub_cc=pl.lit(None, pl.String))
    before = window_before(skb, pl.col("_a"), pl.col("ts"), max(map(len, countries)) + 2)
    words = max(name.count(" ") for name in countries) + 1
    return tinfo.with_columns(
        _sub_cc=pl.coalesce(
            before.str.extract(
                rf"(?:^|[^A-Za-z'-])([A-Z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){{{n - 1}}}) $"
            ).replace_strict(countries, default=None, return_dtype=pl.String)
            for n in range(words, 0, -1)
        )
    )


def _coordinated(units: pl.DataFrame, skb: pl.Series) -> pl.DataFrame:
    """`_uk` (where the second ends) and `_cc1` of two demonyms joined by "and", as before a title
    or a person noun: "his Latvian and Estonian counterparts". Not an organization ("talks with Hamas
    and Egyptian intelligence chief ...": Hamas is a noun phrase of its own) nor an abbreviation
    first ("with the U.S. and Israeli envoy ...")."""
    listed = units.filter(
        (pl.col("etype") == "country") & pl.col("country_code").is_not_null() & pl.col("attributive")
    )
    surface = (
        pl.lit(skb).gather(pl.col("_a")).bin.slice(pl.col("s"), pl.col("e") - pl.col("s")).cast(pl.String)
    )
    firsts = listed.filter(~surface.str.contains(r"^[A-Z][A-Z.]+$")).select(
        _k=_gk(pl.col("e")), _cc1="country_code"
    )
    return (
        listed.filter(window_before(skb, pl.col("_a"), pl.col("s"), 5) == " and ")
        .select(_uk=_gk(pl.col("e")), _k=_gk(pl.col("s") - 5))
        .join(firsts, on="_k", how="inner")
        .select("_uk", "_cc1")
        .unique("_uk")
    )


def _respective(cand: pl.DataFrame, skb: pl.Series) -> pl.DataFrame:
    """Two names after one phrase: "his Latvian and Estonian counterparts, A and B" makes A Latvian
    and B Estonian, read in order. A name the phrase gave the second unit's country (`_cc1` set)
    takes the first's when " and " and another name follow it, and that name takes the second's; a
    lone name after such a phrase could be either's and takes neither (the nearer unit gave it the
    other one's country). A title in the plural is both names' post: "Foreign Ministers A and B"."""
    led = pl.col("_cc1").is_not_null()
    plural = pl.col("_plural")
    if cand.filter(led | plural).height == 0:
        return cand.drop("_cc1", "_plural")
    starts = cand.select(_k=_gk(pl.col("s")))["_k"].implode()
    followed = window_after(skb, pl.col("_a"), pl.col("e"), 5) == " and "
    paired = followed & _gk(pl.col("e") + 5).is_in(starts)
    seconds = (
        cand.filter((led | plural) & paired)
        .select(
            _sk=_gk(pl.col("e") + 5),
            _cc2=pl.when(led).then(pl.col("text_cc")),
            _role2=pl.when(plural).then(pl.col("text_role")),
        )
        .unique("_sk")
    )
    return (
        cand.with_columns(_sk=_gk(pl.col("s")))
        .join(seconds, on="_sk", how="left", maintain_order="left")
        .with_columns(
            text_cc=pl.when(led & paired)
            .then(pl.col("_cc1"))
            .when(led)
            .then(None)
            .otherwise(pl.coalesce("text_cc", "_cc2")),
            text_role=pl.coalesce("text_role", "_role2"),
        )
        .drop("_cc1", "_cc2", "_role2", "_sk", "_plural")
    )


_MODIFIER = r"(?: [a-z][a-z-]*)"


def _plain_modifiers(gap: pl.Expr, gaz: Gazetteer) -> pl.Expr:
    """The lower-case words between a country and a person are modifiers of one noun phrase: none is a
    function word or a verb (`noun_phrase_breaks.csv`, or a past tense: "strike killed aid worker")."""
    words = gap.str.strip_chars_start("'s").str.strip_chars(" ,").str.split(" ")
    bad = words.list.eval(pl.element().is_in(list(gaz.phrase_breaks)) | pl.element().str.ends_with("ed"))
    return ~bad.list.any()


def _phrase_countries(
    cand: pl.DataFrame, skb: pl.Series, units: pl.DataFrame, gaz: Gazetteer, coordinated: pl.DataFrame
) -> pl.DataFrame:
    """`np_cc` and `appos_cc`: a person's country given by the noun phrase the name belongs to;
    `_owner_np`: where the possessor ends in "<possessor>'s aide <name>". `coordinated`: the pairs
    of demonyms joined by "and" (`_coordinated`).

    Before the name (or its title): a country, demonym or national organization, then at most a few
    lower-case modifiers ending in a person noun -- "Israeli army chief Lt. Gen. ...", "Chilean
    opposition leader ...", "CENTCOM commander ...". In apposition after it: ", head of U.S. Central
    Command,", ", Nigeria's top trade negotiator," or, with "for", a body of the state only (", a
    spokesman for the Sudanese army,", `_bodies_served`). International bodies carry no country, so
    nothing is inferred from them; neither is anything across a comma, a verb or a function word.
    """
    nouns = "|".join(sorted(gaz.person_nouns, key=len, reverse=True))
    if not nouns:
        return cand.with_columns(
            np_cc=pl.lit(None, pl.String),
            appos_cc=pl.lit(None, pl.String),
            noun_np=pl.lit(False),
            _owner_np=pl.lit(None, pl.Int64),
        )
    national = (
        pl.col("etype").is_in(["country", "organization", "agency"]) & pl.col("country_code").is_not_null()
    )
    person_noun = list(gaz.person_nouns)
    # Before: at the title when the name has one (the title is then the head noun), else at the
    # name. The lower-case words right before it come from one plain regex, on the few names that
    # have any; the lexicons are looked up as values (cheaper than alternations in the pattern).
    cand = cand.with_columns(_r=pl.int_range(pl.len()))
    pos = pl.when(pl.col("_titled")).then(pl.col("ts")).otherwise(pl.col("s"))
    body = pl.lit(skb).gather(pl.col("_a"))
    # the noun may close with a comma when the name is in apposition: "Lavrov's deputy, Sergei Ryabkov,"
    byte = body.bin.get
    probe = (
        cand.select("_r", "_a", "_titled", _pos=pos)
        .filter(
            (byte(pl.col("_pos") - 1, null_on_oob=True) == 32)
            & (
                byte(pl.col("_pos") - 2, null_on_oob=True).is_between(97, 122)
                | (
                    (byte(pl.col("_pos") - 2, null_on_oob=True) == 44)
                    & byte(pl.col("_pos") - 3, null_on_oob=True).is_between(97, 122)
                )
            )
        )
        .with_columns(
            _gap=window_before(skb, pl.col("_a"), pl.col("_pos"), 40).str.extract(
                rf"(?:'s|')?{_MODIFIER}{{1,4}},? $", 0
            )
        )
    )
    probe = probe.filter(pl.col("_gap").is_not_null()).with_columns(
        _head=pl.col("_gap").str.extract(r"([a-z][a-z-]*)(,?) $"),
        _comma=pl.col("_gap").str.ends_with(", "),
    )
    probe = probe.with_columns(_noun=pl.col("_head").is_in(person_noun))
    # a title is the head only right before the name: "deputy, Gen. ..." is no title's phrase
    probe = probe.filter((pl.col("_titled") & ~pl.col("_comma")) | pl.col("_noun")).with_columns(
        _npk=pl.when(_plain_modifiers(pl.col("_gap"), gaz)).then(
            _gk(pl.col("_pos") - pl.col("_gap").str.len_bytes().cast(pl.Int64))
        ),
        # "Hamas's political chief", and with a bare apostrophe "the Liberal Democrats' leader"
        _np_poss=pl.col("_gap").str.starts_with("'"),
    )
    # "Putin's aide Yuri Ushakov": someone who acts for the possessor may take their country
    # (`_finish`), whatever the possessor is
    probe = probe.with_columns(
        _owner_np=pl.when(pl.col("_np_poss") & pl.col("_head").is_in(list(gaz.acts_for_nouns))).then(
            pl.col("_npk")
        )
    )
    cand = cand.join(
        probe.select("_r", "_noun", "_npk", "_np_poss", "_owner_np"),
        on="_r",
        how="left",
        maintain_order="left",
    )
    # After: only names followed by ", " can have an apposition.
    comma = (body.bin.get(pl.col("e"), null_on_oob=True) == 44) & (
        body.bin.get(pl.col("e") + 1, null_on_oob=True) == 32
    )
    ap = cand.select("_a", "e", "_r").filter(comma)
    after = window_after(skb, pl.col("_a"), pl.col("e"), 100)
    lead = r"^, (?:(?:the|a|an) )?"
    # ", head of <unit>", ", the commander of the <unit>", ", a spokesman for the <unit>"
    of_phrase = after.str.extract_groups(rf"^({lead}((?:[a-z][a-z-]* ){{0,2}})([a-z]+) (of|for) (?:the )?)")
    whole, modifiers, head, prep = (of_phrase.struct.field(f) for f in ("1", "2", "3", "4"))
    head_of = whole.is_not_null() & head.is_in(person_noun) & _plain_modifiers(modifiers, gaz)
    unit_key = _gk(pl.col("e") + whole.str.len_bytes().cast(pl.Int64))
    ap = ap.with_columns(
        _ofk=pl.when(head_of & (prep == "of")).then(unit_key),
        _fork=pl.when(head_of & (prep == "for")).then(unit_key),
        _ak=_gk(pl.col("e") + after.str.extract(rf"({lead})").str.len_bytes().cast(pl.Int64)),
        # the apposition closes on a person noun (", a senior Hamas official,") or opens with one
        # before "of" (", the former head of Tigray's interim administration,")
        _appos_noun=after.str.extract(r"^, (?:[^,.;()]{0,60} )?([a-z]+)(?:[,;.)]|$)").is_in(person_noun)
        | head_of.fill_null(False),
    )
    probes_end = cand["_npk"].drop_nulls().unique().implode()
    probes_start = pl.concat([ap["_ofk"], ap["_fork"], ap["_ak"]]).drop_nulls().unique().implode()
    # before the name a country's own name counts only with a possessive: "Iran's negotiator", not
    # "Iran negotiator" (who negotiates with Iran)
    poss_end = cand.filter(pl.col("_np_poss") & pl.col("_npk").is_not_null())["_npk"]
    at_end = units.filter(
        national
        & _gk(pl.col("e")).is_in(probes_end)
        & (pl.col("attributive") | (_gk(pl.col("e")).is_in(poss_end.implode())))
    ).select(_npk=_gk(pl.col("e")), np_cc="country_code")
    at_start = units.filter(national & _gk(pl.col("s")).is_in(probes_start)).select(
        "_a", "_pi", "etype", "attributive", _sk=_gk(pl.col("s")), _ue="e", _ucc="country_code"
    )
    for_body = _bodies_served(at_start, units, skb, gaz)
    # ", <unit>'s top trade negotiator,": the unit opening the apposition is followed by a phrase
    # that ends in a person noun
    tail = window_after(skb, pl.col("_a"), pl.col("_ue"), 60).str.extract(
        rf"^((?:'s)?{_MODIFIER}{{0,2}} ([a-z]+))(?:[,;.)]|$)", 1
    )
    first = at_start.filter(
        tail.str.split(" ").list.last().is_in(person_noun).fill_null(False) & _plain_modifiers(tail, gaz)
    )
    ap = (
        ap.join(at_start.select(_ofk="_sk", _of_cc="_ucc"), on="_ofk", how="left")
        .join(for_body.select(_fork="_sk", _for_cc="_ucc"), on="_fork", how="left")
        .join(first.select(_ak="_sk", _a_cc="_ucc"), on="_ak", how="left")
        .select("_r", "_appos_noun", appos_cc=pl.coalesce("_of_cc", "_for_cc", "_a_cc"))
    )
    coord = coordinated.select(_npk="_uk", np_cc1="_cc1")
    return (
        cand.join(at_end, on="_npk", how="left", maintain_order="left")
        .join(coord, on="_npk", how="left", maintain_order="left")
        .join(ap, on="_r", how="left", maintain_order="left")
        # a person noun right before the name, or closing its apposition, says it is a person
        .with_columns(
            noun_np=(pl.col("_noun").fill_null(False) & ~pl.col("_titled"))
            | pl.col("_appos_noun").fill_null(False)
        )
        .drop("_r", "_noun", "_npk", "_np_poss", "_appos_noun")
    )


def _bodies_served(
    at_start: pl.DataFrame, units: pl.DataFrame, skb: pl.Series, gaz: Gazetteer
) -> pl.DataFrame:
    """Of the national units opening a phrase, those that name a body of their state, as the unit
    after "for" in an apposition must (", a spokesman for the Pentagon,"): a national organization, a
    seat of government, or a demonym, an abbreviation or a country with "'s" followed by a national
    organization or a body noun of state_nouns.csv (", a spokesman for the Sudanese army,", ", a
    spokesman for Israel's foreign ministry,"). A country's bare name is what someone works on, not
    whom they serve (", the UN envoy for Syria,"), a state's people are not its body (", an advocate
    for Syrian refugees,"), and a news outlet is no body of its state (", a correspondent for the
    Washington Post,")."""
    if at_start.height == 0:
        return at_start
    kinds = gaz.phrases.select("_pi", "kind")
    at = at_start.join(kinds, on="_pi", how="left", maintain_order="left")
    # what follows the unit: "'s" and the next word, and whether a national organization starts there
    nxt = window_after(skb, pl.col("_a"), pl.col("_ue"), 40).str.extract_groups(r"^('s)? ([A-Za-z]+)")
    at = at.with_columns(
        _poss=nxt.struct.field("1").is_not_null(), _word=nxt.struct.field("2").str.to_lowercase()
    ).with_columns(_nk=_gk(pl.col("_ue") + pl.when(pl.col("_poss")).then(3).otherwise(1)))
    bodies = units.filter((pl.col("etype") == "organization") & pl.col("country_code").is_not_null()).select(
        _nk=_gk(pl.col("s")), _norg=pl.lit(True)
    )
    at = at.join(bodies.unique("_nk"), on="_nk", how="left", maintain_order="left")
    itself = (pl.col("etype") == "organization") | (pl.col("kind") == "seat")
    modifier = (pl.col("etype") == "country") & (pl.col("attributive") | pl.col("_poss"))
    body_after = pl.col("_norg").fill_null(False) | pl.col("_word").is_in(list(gaz.state_bodies)).fill_null(
        False
    )
    return at.filter(itself | (modifier & body_after)).select("_sk", "_ucc")


def _persons_from(
    cand: pl.DataFrame, prep: pl.DataFrame, units: pl.DataFrame, gaz: Gazetteer, *, nicknames: bool = False
) -> pl.DataFrame:
    if cand.height == 0:
        return _empty()
    for col in ("first", "last_ns", "prev_reason", "next_reason", "next_cls", "text", "sur"):
        if col not in cand.columns:
            cand = cand.with_columns(pl.lit(None, pl.String).alias(col))
    if "last_poss" not in cand.columns:
        cand = cand.with_columns(last_poss=pl.lit(None, pl.Boolean))
    if "psur" not in cand.columns:
        cand = cand.with_columns(psur=pl.lit(False))
    given = gaz.given_names["name"].implode()
    is_seg = pl.col("src") == "seg"
    ship = pl.col("prev_reason") == "ship"
    named_thing = (
        pl.col("prev_reason").is_in(["prefix", "ship"]).fill_null(False)
        | (pl.col("next_reason") == "noun").fill_null(False)
        | pl.col("place_after").fill_null(False)
    )
    # named things seen once stay things in the whole article ("the USS Abraham Lincoln ... Lincoln")
    ship_keys = cand.filter(is_seg & ship).select("_a", _sk=pl.col("text")).unique()
    cand = cand.join(
        ship_keys.with_columns(_ship=pl.lit(True)), left_on=["_a", "text"], right_on=["_a", "_sk"], how="left"
    ).with_columns(pl.col("_ship").fill_null(False))
    alone = is_seg & ((pl.col("n") == 1) | pl.col("psur"))
    singles = cand.filter(alone).select("_a", tokn=pl.col("sur")).unique()
    cand = cand.join(
        singles.with_columns(_reused=pl.lit(True)),
        left_on=["_a", "sur"],
        right_on=["_a", "tokn"],
        how="left",
    ).with_columns(_reused=pl.col("_reused").fill_null(False) & ~alone)
    cand = _context(_resolvable(cand, units, gaz), prep, units, gaz)
    cand = cand.with_columns(_m=pl.int_range(pl.len(), dtype=pl.Int64))
    known = pl.col("canonical").is_not_null()
    # A speech verb or a reused surname is a weaker cue than a given name or an apposition: after a
    # preposition of place ("analysts at Goldman Sachs said") the words are more likely a firm or
    # a place.
    weak_ok = ~pl.col("place_before").fill_null(False)
    cue = (
        pl.col("first").is_in(given).fill_null(False)
        | pl.col("first").is_in(gaz.family_first).fill_null(False)
        | pl.col("noun_np").fill_null(False)
        # a person noun capitalised at the start of a sentence: "Analyst Ana Reyes", "Resident ..."
        | (pl.col("prev_reason") == "person").fill_null(False)
        | pl.col("appos_role").is_not_null()
        | pl.col("comma_role").is_not_null()
        | ((pl.col("speech").fill_null(False) | pl.col("_reused")) & weak_ok)
    )
    full = (
        (~is_seg)
        | (known & ~pl.col("_ship"))
        | (pl.col("titled") & pl.col("n").is_between(2, 4) & ~pl.col("_ship"))
        | (
            pl.col("n").is_between(2, 3)
            & ~pl.col("the_before").fill_null(False)
            & ~named_thing
            & ~pl.col("_ship")
            & cue
        )
    )
    # A family name with its particles ("Von der Leyen", "De Gaulle") is first read as a later mention
    # of someone named in full; only if it resolves to nobody is it a name of its own (when the cues
    # of a full name or a title hold).
    family = is_seg & pl.col("psur") & ~known & ~pl.col("_ship")
    cand = cand.with_columns(full=full.fill_null(False), _family=family)
    cand = cand.filter(
        (
            (pl.col("full") & ~pl.col("_family"))
            | (is_seg & (pl.col("n") == 1) & ~pl.col("_ship"))
            | pl.col("_family")
        )
        & ~(is_seg & pl.col("proper_place").fill_null(False))
    )
    # the name as written (original characters, one space between words, no nickname inside it:
    # `_skip_nicknames`) for text-only names
    orig = surfaces(cand.select("_a", char_start="s", char_end="e"), prep).str.replace_all(r"\s+", " ")
    if nicknames:
        orig = orig.str.replace_all(_NICKNAME_AS_WRITTEN, "")
    cand = cand.with_columns(orig=orig)
    fulls = cand.filter(pl.col("full") & ~pl.col("_family"))
    fulls = fulls.with_columns(
        canonical=pl.coalesce(pl.col("canonical"), pl.col("orig")),
        known=known,
    )
    family_names = _resolve_singles(
        cand.filter(pl.col("_family")).with_columns(_own=pl.col("full") | pl.col("titled")),
        fulls,
        prep,
        gaz,
        units,
    )
    # a family name that is its own person is named by its last word later, like a full name
    fulls = pl.concat([fulls, family_names.filter(pl.col("_own"))], how="diagonal_relaxed")
    single = cand.filter(~pl.col("full") & ~pl.col("_family")).with_columns(_own=pl.col("titled"))
    resolved = _resolve_singles(single, fulls, prep, gaz, units)
    columns = ["_a", "s", "e", "_m", "canonical", "known", *_TEXT_EVIDENCE]
    persons = pl.concat(
        [
            fulls.select(columns),
            family_names.filter(~pl.col("_own")).select(columns),
            resolved.select(columns),
        ],
        how="diagonal_relaxed",
    )
    if persons.height == 0:
        return _empty()
    persons = _merge_spellings(persons, prep)
    return _finish(persons, prep, gaz)


def _resolvable(cand: pl.DataFrame, units: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Drop the one-word candidates that can resolve to nobody, before their context is read.

    A one-word name is kept only as a possible surname -- a word of a longer name in the same
    article, a leader's surname -- or after a title (`Adm. Cooper`); the others (a third of the
    capitalised words left in news copy) would be discarded at the end anyway.
    """
    one = (pl.col("src") == "seg") & (pl.col("n") == 1)
    longer = cand.filter((pl.col("src") == "seg") & (pl.col("n") >= 2))
    tokens = longer.select("_a", sur=pl.col("text").str.replace_all(r"\.", "").str.split(" ")).explode("sur")
    words = (
        pl.concat([_hyphen_forms(tokens, "sur"), longer.select("_a", "sur")])
        .unique()
        .with_columns(_in_name=pl.lit(True))
    )
    title_ends = units.filter(pl.col("etype") == "title").select(_gk(pl.col("e"))).to_series().implode()
    surname = (
        pl.col("_in_name").fill_null(False)
        | pl.col("sur").is_in(gaz.leader_surnames["token"].implode())
        | _gk(pl.col("s") - 1).is_in(title_ends)
    )
    return (
        cand.join(words, on=["_a", "sur"], how="left", maintain_order="left")
        .filter(~one | (surname & ~pl.col("_ship")))
        .drop("_in_name")
    )


def _hyphen_at_start(col: str) -> pl.Expr:
    """A hyphen after the first two or three letters, where a particle ends ("al-", "Ben-")."""
    word = pl.col(col).cast(pl.Binary)
    return (word.bin.get(2, null_on_oob=True) == 45) | (word.bin.get(3, null_on_oob=True) == 45)


def _hyphen_forms(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """The rows, plus those whose `col` has a hyphenated particle again under the forms a later mention
    may take: particle lower-cased ("Ben-Gvir" -> `ben-Gvir`, as `sur` writes it) and dropped (`Gvir`,
    "al-Hayya" -> `Hayya`)."""
    hyphened = (
        frame.filter(_hyphen_at_start(col))
        .with_columns(hyphen_surname(pl.col(col)).alias(col))
        .filter(pl.col(col).str.contains(_HYPHENED))
    )
    return pl.concat([frame, hyphened, hyphened.with_columns(pl.col(col).str.replace(r"^[a-z]+-", ""))])


def _surname_keys(fulls: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """(_a, token) -> (canonical, position) for every full-name person of an article."""
    text_persons = (
        fulls.filter(~pl.col("known"))
        .with_columns(toks=pl.col("text").str.replace_all(r"\.", "").str.split(" "))
        .with_columns(
            toks=pl.col("toks").list.eval(pl.element().filter(~pl.element().is_in(list(NAME_SUFFIXES))))
        )
    )
    last = _hyphen_forms(
        text_persons.select("_a", "s", "canonical", "known", token=pl.col("toks").list.last()), "token"
    )
    family = text_persons.filter(pl.col("sur").str.contains(" ", literal=True)).select(
        "_a", "s", "canonical", "known", token="sur"
    )
    first = text_persons.filter(
        pl.col("text_cc").is_in(list(FIRST_TOKEN_ALONE))
        | pl.col("toks").list.first().is_in(gaz.family_first)
        | pl.col("toks").list.eval(pl.element().is_in(["bin", "ibn", "bint"])).list.any()
    ).select("_a", "s", "canonical", "known", token=pl.col("toks").list.first())
    known = fulls.filter(pl.col("known")).select("_a", "s", "canonical", "known")
    known_keys = known.join(gaz.leader_surnames.select("token", "canonical"), on="canonical", how="inner")
    keys = pl.concat(
        [last, family, first, known_keys.select("_a", "s", "canonical", "known", "token")],
        how="diagonal_relaxed",
    )
    return keys.filter(pl.col("token").is_not_null() & (pl.col("token").str.len_bytes() >= 2))


def _resolve_singles(
    single: pl.DataFrame,
    fulls: pl.DataFrame,
    prep: pl.DataFrame,
    gaz: Gazetteer,
    units: pl.DataFrame,
) -> pl.DataFrame:
    """Surname-only mentions: nearest full name in the article, else a leader, else itself where
    `_own` allows it (a titled surname: `Adm. Cooper`); `_own` in the result marks the latter."""
    if single.height == 0:
        return pl.DataFrame(schema={**PERSON_COLUMNS, "_m": pl.Int64, **_TEXT_EVIDENCE}).with_columns(
            _own=pl.lit(False), text=pl.lit(None, pl.String), sur=pl.lit(None, pl.String)
        )
    single = single.select(
        "_a",
        "s",
        "e",
        "_m",
        "_own",
        "text",
        "sur",
        *_TEXT_EVIDENCE,
        "orig",
        token=pl.col("sur"),
    )
    keys = _surname_keys(fulls, gaz).rename({"s": "fs"})
    pairs = single.join(keys, on=["_a", "token"], how="inner")
    # Of the people before it who bear the surname, a listed leader: "Kim" after "Kim Jong Un" and
    # his sister "Kim Yo Jong" is still the leader, as news copy uses the bare surname for the
    # principal and the full name for the others. Then the nearest.
    pairs = pairs.with_columns(
        _before=pl.col("fs") < pl.col("s"),
        _dist=(pl.col("s") - pl.col("fs")).abs(),
    ).sort(["_m", "_before", "known", "_dist"], descending=[False, True, True, False])
    in_article = pairs.unique("_m", keep="first").select("_m", "canonical", "known")
    out = single.join(in_article, on="_m", how="left")
    todo = out.filter(pl.col("canonical").is_null()).drop("canonical", "known")
    dates = prep.select("_a", _date=pl.coalesce(pl.col("published_date"), pl.lit(gaz.as_of, pl.Date)))
    todo = todo.join(dates, on="_a", how="left")
    glob = (
        todo.join(
            gaz.leader_surnames.filter(pl.col("alone")).select("token", "canonical", "explicit"),
            on="token",
            how="inner",
        )
        .join(
            gaz.leaders.select("canonical", "iso3", "start_date", "end_date", ref_role="role"),
            on="canonical",
            how="inner",
        )
        # a leader out of office for long is still the one the text names by a post they held
        # ("former President Obama", "ex-Chancellor Merkel") or by a name listed for use alone
        # ("Hemedti", "Farmaajo": leaders.csv aliases of one word)
        .filter(
            _date_ok("_date")
            | (pl.col("ref_role") == pl.col("text_role")).fill_null(False)
            | pl.col("explicit")
        )
    )
    # Without a date a capitalised word is a former leader's surname only if the article names the
    # leader's country ("Mr. Smith" is not a long-retired minister Smith); a leader still in office
    # needs no such support. The countries named in the articles concerned:
    article_countries = (
        units.filter((pl.col("etype") == "country") & pl.col("_a").is_in(glob["_a"].unique().implode()))
        .select("_a", iso3="key")
        .unique()
        .with_columns(_in_article=pl.lit(True))
    )
    glob = glob.join(article_countries, on=["_a", "iso3"], how="left").with_columns(
        _support=pl.col("_date").is_not_null()
        | pl.col("end_date").is_null()
        | pl.col("_in_article").fill_null(False)
    )
    supported = glob.group_by("_m", "canonical").agg(pl.col("_support").any())
    glob = glob.join(
        supported.filter(pl.col("_support")).select("_m", "canonical"), on=["_m", "canonical"], how="semi"
    )
    # within the date window, prefer a term that contains the date; one canonical per mention or none
    glob = glob.with_columns(
        _exact=pl.col("_date").is_not_null()
        & pl.col("_date").is_between(
            pl.col("start_date").fill_null(pl.date(1900, 1, 1)),
            pl.col("end_date").fill_null(pl.date(2100, 1, 1)),
        )
    )
    # One canonical or none: the term containing the date, else the only one holding the title the
    # text gives, else the only one who ever held it, else the only candidate, else (date unknown)
    # the only one still in office, else the only one (in office) whose country the article names --
    # "Prince Mohammed" in an article about Saudi Arabia.
    local = pl.col("_in_article").fill_null(False)
    current = pl.col("end_date").is_null() & pl.col("_date").is_null()
    # A title narrows it down: "King Abdullah" among the current Abdullahs is the one who is king.
    titled = (pl.col("ref_role") == pl.col("text_role")).fill_null(False)
    titled_as = titled & (pl.col("_exact") | pl.col("_date").is_null())
    best = glob.group_by("_m").agg(
        exact=pl.col("canonical").filter(pl.col("_exact")).unique(),
        titled_as=pl.col("canonical").filter(titled_as).unique(),
        # then one who held that post once: "former President Obama"
        titled_once=pl.col("canonical").filter(titled).unique(),
        any=pl.col("canonical").unique(),
        current=pl.col("canonical").filter(current).unique(),
        local_now=pl.col("canonical")
        .filter(local & (pl.col("end_date").is_null() | pl.col("_exact")))
        .unique(),
        local=pl.col("canonical").filter(local).unique(),
    )
    pick = None
    for tier in ("exact", "titled_as", "titled_once", "any", "current", "local_now", "local"):
        cond = pl.col(tier).list.len() == 1
        pick = (pl.when(cond) if pick is None else pick.when(cond)).then(pl.col(tier).list.first())
    best = best.select("_m", canonical=pick)
    out = out.join(best.rename({"canonical": "gcanon"}), on="_m", how="left").with_columns(
        known=pl.when(pl.col("canonical").is_not_null())
        .then(pl.col("known"))
        .when(pl.col("gcanon").is_not_null())
        .then(pl.lit(True))
        .otherwise(pl.lit(False)),
        _own=pl.col("_own") & pl.col("canonical").is_null() & pl.col("gcanon").is_null(),
        canonical=pl.coalesce("canonical", "gcanon", pl.when(pl.col("_own")).then(pl.col("orig"))),
    )
    return out.filter(pl.col("canonical").is_not_null()).select(
        "_a",
        "s",
        "e",
        "_m",
        "canonical",
        "known",
        *_TEXT_EVIDENCE,
        "_own",
        "text",
        "sur",
    )


def _merge_spellings(persons: pl.DataFrame, prep: pl.DataFrame) -> pl.DataFrame:
    """Within an article, a text-only name whose tokens are a subset of a longer name with the same
    last token is the same person (`Ferdinand Marcos` / `Ferdinand Marcos Jr.`): use the longest."""
    text_names = persons.filter(~pl.col("known")).select("_a", "canonical").unique()
    if text_names.height == 0:
        return persons
    text_names = text_names.with_columns(
        toks=pl.col("canonical").str.replace_all(r"\.", "").str.split(" ")
    ).with_columns(
        surname=pl.col("toks")
        .list.eval(pl.element().filter(~pl.element().is_in(list(NAME_SUFFIXES))))
        .list.last()
    )
    multi = text_names.filter(pl.len().over("_a", "surname") > 1)
    if multi.height == 0:
        return persons
    mapping = []
    for (_a, _s), grp in multi.group_by("_a", "surname"):
        names = sorted(grp["canonical"].to_list(), key=lambda n: (-len(n.split()), -len(n), n))
        for name in names:
            toks = set(name.replace(".", "").split())
            target = next(
                (
                    longer
                    for longer in names
                    if longer != name and toks <= set(longer.replace(".", "").split())
                ),
                None,
            )
            if target is not None:
                mapping.append((_a, name, target))
    if not mapping:
        return persons
    m = pl.DataFrame(
        mapping, schema={"_a": pl.UInt32, "canonical": pl.String, "target": pl.String}, orient="row"
    )
    return (
        persons.join(m, on=["_a", "canonical"], how="left")
        .with_columns(canonical=pl.coalesce("target", "canonical"))
        .drop("target")
    )


def _finish(persons: pl.DataFrame, prep: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Per-mention role and country: text, else the person's text value in the article, else reference."""
    former = pl.col("text_former").fill_null(False)
    persons = persons.with_columns(
        art_role=pl.col("text_role").drop_nulls().first().over("_a", "canonical"),
        _art_now=pl.col("text_role").filter(~former).drop_nulls().first().over("_a", "canonical"),
        art_cc=pl.col("text_cc").drop_nulls().first().over("_a", "canonical"),
    )
    dates = prep.select("_a", _date=pl.coalesce(pl.col("published_date"), pl.lit(gaz.as_of, pl.Date)))
    persons = persons.join(dates, on="_a", how="left").with_columns(_m=pl.int_range(pl.len(), dtype=pl.Int64))
    ref = leader_reference(persons.filter(pl.col("known")), gaz)
    # a listed leader in office keeps the listed country (`leader_reference`), else the text's
    country = pl.coalesce(
        pl.when(pl.col("ref_in_term")).then(pl.col("ref_iso3")), "text_cc", "art_cc", "ref_iso3"
    )
    persons = persons.join(ref, on="_m", how="left").with_columns(country_code=country)
    # "Putin's aide Yuri Ushakov": an aide, envoy or spokesman of a person whose country is known
    # serves that country, unless the text says otherwise. The possessor's country is only known
    # now, so the aide's article-level value is worked out again.
    owners = persons.select(owner=_gk(pl.col("e")), _occ="country_code").drop_nulls("_occ")
    owned = persons.filter(pl.col("owner").is_in(owners["owner"].implode()))
    if owned.height:
        text_cc = pl.coalesce("text_cc", "_occ")
        persons = (
            persons.join(owners.unique("owner"), on="owner", how="left", maintain_order="left")
            .with_columns(text_cc=text_cc)
            .with_columns(art_cc=pl.col("text_cc").drop_nulls().first().over("_a", "canonical"))
            .with_columns(country_code=country)
        )
    role = (
        pl.when(pl.col("ref_in_term").fill_null(False))
        .then(pl.coalesce(pl.when(~former).then(pl.col("text_role")), "_art_now", "ref_role"))
        .otherwise(pl.coalesce("text_role", "art_role", "ref_role"))
    )
    persons = _civil_service(persons.with_columns(role=role), prep, gaz)
    # a text-only name never carries a title into its canonical form (titles are separate units)
    return persons.select("_a", "s", "e", "canonical", "known", "role", "country_code").cast(PERSON_COLUMNS)


def _civil_service(persons: pl.DataFrame, prep: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """The title itself as the role where, in the person's country, it names the ministry's senior
    civil servant and not its minister (civil_service_titles.csv): India's Foreign Secretary heads
    its diplomatic service, Britain's is the minister (person_titles.csv's Foreign Minister). The
    title is read right before any of the person's mentions in the article ("Indian Foreign
    Secretary Vikram Misri") or in the apposition after one ("Vikram Misri, India's foreign
    secretary,"); the country is the one the person ends up with, from the text or the reference."""
    posts = gaz.civil_service_titles
    if not posts or persons.height == 0:
        return persons
    titles = sorted({title for title, _ in posts}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, titles))
    skb, width = prep["skb"], len(titles[0]) + 2
    before = window_before(skb, pl.col("_a"), pl.col("s"), width).str.extract(
        rf"(?:^|[^A-Za-z])({alternatives}) $"
    )
    after = (
        window_after(skb, pl.col("_a"), pl.col("e"), width + 24)
        .str.extract(rf"(?i)^, (?:(?:the|a) )?(?:[\w.']+ )?({alternatives})\b")
        .str.to_titlecase()
    )
    held = pl.DataFrame(posts, schema=["_post", "country_code"], orient="row").with_columns(
        _civil=pl.lit(True)
    )
    return (
        # the bodies are sliced outside the window: a literal inside `over` is evaluated per group
        persons.with_columns(_post=pl.coalesce(before, after))
        .with_columns(_post=pl.col("_post").drop_nulls().first().over("_a", "canonical"))
        .join(held, on=["_post", "country_code"], how="left", maintain_order="left")
        .with_columns(role=pl.when(pl.col("_civil")).then(pl.col("_post")).otherwise(pl.col("role")))
    )
