"""Country mentions and the context of every gazetteer span.

Countries are found by their names (pycountry), short forms, demonyms (`Russian`, `Kazakh`,
`Philippine`, and their plurals), prefixes (`Sino-`, `Indo-` before a letter), capitals and seats of
government used for the government (`Moscow`, `the Kremlin`) and territories (`Gaza`, `West Bank` ->
PSE), all case-sensitive (`US` is the United States, `us` is not), whole-word (`Niger` is not in
`Nigeria`), longest match first (`North Korea` is not `Korea`; `South China Sea`, `Indian Ocean`,
`Indo-Pacific` are places from non_country_places.csv that swallow the country inside them).

Forms flagged `needs_context` (`Chad`, `Jordan`, `Georgia`, `Turkey`, `Washington`) are also
first names, surnames, US states or food. Such a form is a country only if nothing says it is part of
a name and something says it is a place or a state:

* rejected when a capitalised name-like word follows it directly (`Chad Smith`, `Jordan
  Peterson`), when a name-like word, a title or an honorific precedes it directly (`Michael Jordan`,
  `Mr. Jordan`), or when it follows `<Capitalised word>, ` that is not itself a country nor the
  country's own capital (`Atlanta, Georgia`), or when a US state's office, body or post stands
  next to it (`Georgia's governor`, `senator from Georgia`, `Washington state`:
  reference/subnational_context.csv), which makes it a place that is not part of a name either;
* otherwise accepted when it follows a preposition of place or movement (`in`, `to`, `from`, `into`,
  `across`, `of`, `visited`, `neighbouring`, ...), follows its own capital and a comma, as in a
  dateline (`TBILISI, Georgia (AP)`, `Amman, Jordan`), is the partner after a noun of relations
  between states and `with` (`talks with Washington`, `ties with Jordan`: relation_nouns.csv),
  carries a possessive (`Jordan's foreign minister`), shares its sentence with an unambiguous
  country mention, is followed by a verb typical of a state actor (`recalled`, `ratified`,
  `expelled`, `condemned`, ...), or is the subject of a speech or action verb (`Jordan said`, `Chad
  called for`, `Turkey has deployed`: the finite forms of speech_verbs.csv and of the verbs opening
  event_verbs.csv phrases, possibly after one or two auxiliaries or adverbs: `has long opposed`) in
  an article that names the same country by an unambiguous form too (`Jordanian`, `Amman`,
  `N'Djamena`) -- a flagged capital needs no such support only where country_aliases.csv says it
  acts alone (`Washington called the move illegal`, `Washington sent`; irregular pasts from
  irregular_verbs.csv), since `Kingston` or `Tripoli` may be another city -- or, for a demonym, is
  followed by a title or a noun of the state or its people (`Georgian troops`, state_nouns.csv);
* in an article where the same form is used as part of a name at least once, only the preposition
  cue is trusted; in one where it names a US state at least once (`Georgia Gov. Brian Kemp`,
  `Atlanta, Georgia`), it is the state throughout (`voters in Georgia`) unless the article names
  the country by an unambiguous form too (`Tbilisi`, `Georgian`).

Capitals and seats of government stand for the government or the state (`Moscow rejected the
plan`, `ties with Beijing`, `the Kremlin said`, `a visit to Tehran`); they are not country mentions
where they only name a place or a thing (reference/capital_context.csv):

* after a preposition of location, possibly with an area word (`talks in Moscow`, `a rally in
  central London`, `at the summit near Paris`): the city as a place, whose word is then not read as
  a name either -- unless it owns what follows (`in Kyiv's court`, `in Beijing's view`; not `in
  Moscow's Red Square` or `in Kyiv's central district`);
* before a word naming an event or an institution (`the Minsk talks`, `The Hague tribunal`), also
  after a qualifier (`the Pretoria peace deal`), or the city itself (`the Moscow metro`, `Kyiv
  residents`, `the Paris mayor`): `names_event_or_city`;
* before a capitalised name-like word or an institutional noun, they are part of a name (`Washington
  Post`, `Kyiv Independent`, `Tehran Times`, `Moscow State University`, `Paris Hilton`).

Such a capital stays a span of type `block`, so its words are not read as a person's name. A
country's own name directly followed by a capitalised name-like word that is not a title, another
entity or a stop-word is part of a name too (`Kenya Moore`, `Israel Adesanya`), unless a place
preposition precedes it; it is dropped and its words can form the person's name.
"""

from __future__ import annotations

import re

import polars as pl

from flows.transform.gazetteer import Gazetteer
from flows.transform.text import window_after, window_before

PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "to",
        "from",
        "into",
        "across",
        "toward",
        "towards",
        "via",
        "of",
        "within",
        "throughout",
        "inside",
        "outside",
        "near",
        "against",
        "between",
        "visit",
        "visited",
        "visiting",
        "visits",
        "leave",
        "left",
        "leaving",
        "entered",
        "enter",
        "entering",
        "invaded",
        "invade",
        "invading",
        "neighbouring",
        "neighboring",
        "bordering",
        "border",
        "borders",
        "reach",
        "reached",
        "reaching",
        "fled",
        "flee",
        "flew",
        "fly",
        "flying",
        "travel",
        "travelled",
        "traveled",
        "returned",
        "return",
        "deported",
        "deport",
        "exported",
        "export",
        "imported",
        "import",
    ]
)

_NAME_WORD = r"[A-Z][a-z]+(?:['-]?[A-Za-z]+)*"


def _alternatives(phrases: tuple[str, ...]) -> str:
    """A case-insensitive regex group of literal phrases, longest first."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?i:" + "|".join(re.escape(p).replace(r"\ ", " ") for p in ordered) + ")"


def _subnational(gaz: Gazetteer) -> pl.Expr:
    """The span names a US state, not the country of the same name: a state office or body follows
    it ("Georgia's governor", "Washington Governor ...", "Georgia Democrats", "Washington state") or a
    post of a state precedes it ("senator from Georgia", "the U.S. state of Georgia").
    reference/subnational_context.csv; `_wb`/`_wa` are the windows around the span."""
    words = gaz.subnational or {}
    tests = []
    end = r"(?:[^A-Za-z]|$)"
    if words.get("after"):
        tests.append(pl.col("_wa").str.contains(rf"^(?:'s?)? {_alternatives(words['after'])}{end}"))
    if words.get("after_direct"):
        tests.append(pl.col("_wa").str.contains(rf"^ {_alternatives(words['after_direct'])}{end}"))
    if words.get("before"):
        tests.append(pl.col("_wb").str.contains(rf"(?:^|[^A-Za-z.]){_alternatives(words['before'])} $"))
        # the post with its holder's name in between: "Sen. Raphael Warnock of Georgia"
        posts = tuple({p.rsplit(" ", 1)[0] for p in words["before"] if "state" not in p})
        name = r"(?: [A-Z][A-Za-z'.-]*){1,4},?"
        held = rf"(?:^|[^A-Za-z.]){_alternatives(posts)}{name} (?:of|from) $"
        tests.append(pl.col("_wb").str.contains(held))
    return pl.any_horizontal(tests) if tests else pl.lit(False)


def _own_capital_before(gaz: Gazetteer) -> pl.Expr:
    """The span follows "<its own capital>, ", as in a dateline ("TBILISI, Georgia (AP)", "Amman,
    Jordan"): the country, not a US state ("ATLANTA, Georgia"). The city is its last one to three
    words, in any case; `_wb` is the window before the span."""
    capitals = gaz.phrases.filter((pl.col("etype") == "country") & pl.col("kind").is_in(["capital", "seat"]))
    keys = capitals.select(pl.col("pattern").str.to_lowercase() + ":" + pl.col("country_code"))
    keys = keys.to_series().unique().implode()
    word = r"[A-Z][^\s,]*"
    return pl.any_horizontal(
        (
            pl.col("_wb").str.extract(rf"(?:^|\s)({word}(?: {word}){{{n}}}), $").str.to_lowercase()
            + ":"
            + pl.col("country_code")
        ).is_in(keys)
        for n in range(3)
    ).fill_null(False)


def span_context(need: pl.DataFrame, spans: pl.DataFrame, prep: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Context columns for the spans that need them (`need`: _a, s, e, ...); `spans`: all kept spans.

    cap_after: a capitalised word follows after one space. prev_wl / prev2_wl / next_wl: the
    lower-cased words before and after (next2_wl / next3_wl: the lower-case words after next_wl,
    when all are plain words); poss: a possessive
    follows; paren: the span is bracketed; name_before / name_after: a capitalised name-like word that
    is not a stop-word or another span is joined to it by one space (before it, not a possessive, and a
    sentence-initial word only if it is a given name: "Visiting Jordan" is not "Michael Jordan";
    name_word_before counts both anyway); title_before / title_after: a title ends right before it /
    starts right after it.
    """
    if need.height == 0:
        return need.with_columns(
            prev_wl=pl.lit(None, pl.String),
            prev2_wl=pl.lit(None, pl.String),
            next_wl=pl.lit(None, pl.String),
            next2_wl=pl.lit(None, pl.String),
            next3_wl=pl.lit(None, pl.String),
            poss=pl.lit(False),
            paren=pl.lit(False),
            name_before=pl.lit(False),
            name_word_before=pl.lit(False),
            name_after=pl.lit(False),
            cap_after=pl.lit(False),
            title_before=pl.lit(False),
            title_after=pl.lit(False),
            city_state=pl.lit(False),
            own_capital=pl.lit(False),
            subnational=pl.lit(False),
        )
    skb = prep["skb"]
    strip = "\"'([{,;:"
    out = need.with_columns(
        _wb=window_before(skb, pl.col("_a"), pl.col("s"), 48),
        _wa=window_after(skb, pl.col("_a"), pl.col("e"), 40),
    ).with_columns(
        prev_wl=pl.col("_wb").str.extract(r"(\S+)\s+$").str.strip_chars(strip).str.to_lowercase(),
        prev2_wl=pl.col("_wb").str.extract(r"(\S+)\s+\S+\s+$").str.strip_chars(strip).str.to_lowercase(),
        next_wl=pl.col("_wa").str.extract(r"^\s+(\S+)").str.strip_chars(".,;:!?\"')]}").str.to_lowercase(),
        next2_wl=pl.col("_wa").str.extract(r"^ [a-z]+ ([a-z]+)"),
        next3_wl=pl.col("_wa").str.extract(r"^ [a-z]+ [a-z]+ ([a-z]+)"),
        poss=pl.col("_wa").str.contains(r"^'s?(?:[^A-Za-z]|$)"),
        paren=pl.col("_wb").str.ends_with("(") & pl.col("_wa").str.starts_with(")"),
        city_state=pl.col("_wb").str.contains(r"[A-Z][a-z]+, $"),
        own_capital=_own_capital_before(gaz),
        cap_after=pl.col("_wa").str.contains(r"^ [A-Z]"),
        subnational=_subnational(gaz),
        _next_name=pl.col("_wa").str.extract(rf"^ ({_NAME_WORD})\b"),
        _prev_name=pl.col("_wb").str.extract(rf"(?:^|[\s\"'(])({_NAME_WORD}) $"),
        # what precedes the previous word: sentence punctuation (or nothing) makes it sentence-initial
        _prev_initial=pl.col("_wb").str.contains(rf"(?:^|[.!?][\"')]*\s+|\n\s*)[\"'(]?{_NAME_WORD} $"),
    )
    stop = gaz.stopwords["word"].implode()
    given = gaz.given_names["name"].implode()
    g = pl.col("_a").cast(pl.Int64) * (1 << 34)
    keys = spans.select(
        _sk=g + pl.col("s"),
        _ek=g + pl.col("e"),
        _tk=pl.when(pl.col("etype") == "title").then(g + pl.col("e")),
        _ts=pl.when(pl.col("etype") == "title").then(g + pl.col("s")),
        _ck=pl.when(pl.col("etype") == "country").then(g + pl.col("e")),
    )
    out = out.with_columns(
        _span_next=(g + pl.col("e") + 1).is_in(keys["_sk"].implode()),
        _span_prev=(g + pl.col("s") - 1).is_in(keys["_ek"].implode()),
        title_before=(g + pl.col("s") - 1).is_in(keys["_tk"].drop_nulls().implode()),
        title_after=(g + pl.col("e") + 1).is_in(keys["_ts"].drop_nulls().implode()),
        # a country right before ", " (so "Syria, Jordan and Lebanon" is a list, not "Atlanta, Georgia")
        _country_before_comma=(g + pl.col("s") - 2).is_in(keys["_ck"].drop_nulls().implode()),
    )
    return (
        out.with_columns(
            name_after=(
                pl.col("_next_name").is_not_null() & ~pl.col("_next_name").is_in(stop) & ~pl.col("_span_next")
            ),
            name_word_before=(
                pl.col("_prev_name").is_not_null() & ~pl.col("_prev_name").is_in(stop) & ~pl.col("_span_prev")
            ),
        )
        .with_columns(
            # a possessive is an owner, not a first name: "North Korea's KCNA", "Ivanishvili's Georgia"
            name_before=pl.col("name_word_before")
            & (~pl.col("_prev_initial") | pl.col("_prev_name").is_in(given))
            & ~pl.col("_prev_name").str.contains(r"['’]s?$"),
            city_state=pl.col("city_state") & ~pl.col("_country_before_comma"),
        )
        .drop(
            "_wb",
            "_wa",
            "_country_before_comma",
            "_next_name",
            "_prev_name",
            "_prev_initial",
            "_span_next",
            "_span_prev",
            strict=False,
        )
    )


def names_event_or_city(next_word: pl.Expr, word_after: pl.Expr, gaz: Gazetteer) -> pl.Expr:
    """A capital before these two words names an event, an institution held there or the city itself,
    not the state: "the Minsk talks", "the Moscow metro", and after a qualifier "the Pretoria peace
    deal" (capital_context.csv `event`, `city`, `qualifier`)."""
    words = gaz.capital_words or {}
    things = list(words.get("event", ())) + list(words.get("city", ()))
    qualified = next_word.is_in(list(words.get("qualifier", ()))) & word_after.is_in(things)
    return next_word.is_in(things) | qualified


def country_acceptance(targets: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Add `_country_ok` and `_place_event` to targets with context (see the module docstring).

    `_country_sentence`: the span's sentence has an unambiguous country mention; `_country_support`:
    the article names the same country by an unambiguous form.
    """
    plain = ~pl.col("needs_context")
    # "ambassador to Washington Xie Feng": the name after the post's destination is the envoy's
    post = pl.col("prev_wl").is_in(["to", "for", "in"]) & pl.col("prev2_wl").is_in(
        list(gaz.acts_for_nouns)
    ).fill_null(False)
    as_name = (pl.col("name_after") & ~post) | pl.col("name_before") | pl.col("title_before")
    # a US state ("Macon, Georgia", "Georgia's governor") is not the country either
    us_state = (pl.col("city_state") & ~pl.col("own_capital")) | pl.col("subnational")
    reject = as_name | us_state
    nc = targets.filter((pl.col("etype") == "country") & pl.col("needs_context"))

    def used_as(use: pl.Expr, flag: str) -> pl.DataFrame:
        """The (article, form) pairs with a use of the form that `use` marks, flagged `flag`."""
        return nc.filter(use).select("_a", "pattern").unique().with_columns(pl.lit(True).alias(flag))

    targets = (
        targets.join(used_as(as_name, "_name_use"), on=["_a", "pattern"], how="left")
        # a name-like word before it anywhere in the article, even one that opens a sentence ("Denzel
        # Washington said ..."), makes every use of the form there a possible name
        .join(used_as(pl.col("name_word_before"), "_name_word"), on=["_a", "pattern"], how="left")
        # a US state named as one anywhere in the article ("Georgia Gov. Brian Kemp") is the state
        # everywhere in it ("voters in Georgia"), unless the article names the country by an
        # unambiguous form as well ("Georgian", "Tbilisi"): `ok_nc`
        .join(used_as(us_state, "_state_use"), on=["_a", "pattern"], how="left")
    )
    prep_cue = pl.col("prev_wl").is_in(list(PLACE_PREPOSITIONS))
    words = gaz.capital_words or {}
    # The subject of a speech or action verb ("said", "called", "imposes"; "has called", "will
    # respond", "has long opposed" after an auxiliary or an adverb, one or two): a capital acting is
    # its government ("Washington called the move illegal"), unless the form is a given name too
    # ("Santiago said") or the article may use it as one; a country's name may be a person's ("Jordan
    # said ..."), so it needs the article to name that country otherwise as well.
    auxiliary = list(words.get("auxiliary", ()))
    verbs = list(gaz.subject_verbs) + list(gaz.subject_stems)
    after_auxiliary = pl.col("next2_wl").is_in(verbs) | (
        pl.col("next2_wl").is_in(auxiliary) & pl.col("next3_wl").is_in(verbs)
    )
    subject = pl.col("next_wl").is_in(list(gaz.subject_verbs)) | (
        pl.col("next_wl").is_in(auxiliary) & after_auxiliary
    )
    # A flagged capital is also a city elsewhere, a surname or a court's seat ("Kingston", "Lima",
    # "Tripoli", "The Hague"), so like a country's name it needs the article to name its country,
    # unless country_aliases.csv says it acts alone ("Washington"); a seat of government always does.
    alone = (pl.col("kind") == "seat") | pl.col("pattern").is_in(list(gaz.lone_actors))
    capital = (
        pl.col("kind").is_in(["capital", "seat"])
        & ~pl.col("pattern").is_in(gaz.given_names["name"].implode())
        & pl.col("_name_word").is_null()
        & alone
    )
    speaks = subject & (capital | pl.col("_country_support").fill_null(False))
    # a demonym or an abbreviation before a title or a noun of the state or its people is a
    # nationality: "Georgian troops", "Congolese officials", "Georgian Prime Minister ...", "PNG Prime
    # Minister ..." (state_nouns.csv, person_nouns.csv)
    actor_nouns = list(gaz.state_nouns) + list(gaz.person_nouns)
    attributive = (pl.col("kind") == "demonym") | pl.col("pattern").str.contains(r"^[A-Z][A-Z.]+$")
    nationality = attributive & (pl.col("title_after") | pl.col("next_wl").is_in(actor_nouns))
    cue = (
        prep_cue
        | nationality
        | pl.col("poss")
        | pl.col("own_capital")
        | ((pl.col("prev_wl") == "with") & pl.col("prev2_wl").is_in(list(gaz.relation_nouns)))
        | pl.col("_country_sentence").fill_null(False)
        | pl.col("next_wl").is_in(list(gaz.state_verbs))
        | speaks
    )
    ok_nc = (
        ~reject
        & cue
        & (pl.col("_name_use").is_null() | prep_cue)
        & (pl.col("_state_use").is_null() | pl.col("_country_support").fill_null(False))
    )
    place_as_event = pl.col("kind").is_in(["capital", "seat"]) & names_event_or_city(
        pl.col("next_wl"), pl.col("next2_wl"), gaz
    )
    # a US state is a place too, whose word is not part of a name
    state = (pl.col("etype") == "country") & pl.col("needs_context") & pl.col("subnational")
    return targets.with_columns(
        _country_ok=(plain | ok_nc) & ~place_as_event.fill_null(False),
        _place_event=(place_as_event | state).fill_null(False),
    ).drop("_name_use", "_name_word", "_state_use")
