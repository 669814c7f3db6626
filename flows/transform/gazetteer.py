"""Reference data compiled once per run into one picklable `Gazetteer`.

Every surface form the matcher looks for (country names and aliases, places that block them,
organizations, news agencies, leaders' full names, person titles) goes into a single pattern list
so that one Aho-Corasick pass over a batch finds them all, and one row per (pattern, target) in
`phrases` says what a hit means. Forms are stored as *skeletons* (see `text.py`) because matching
runs on the skeleton of the bodies: `Türkiye` and `Turkiye`, `Côte d’Ivoire` and `Cote d'Ivoire`
are the same pattern.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pycountry

from flows.ids import entity_id
from flows.reference import irregular_verbs, read_reference
from flows.transform.text import (
    HYPHEN_PARTICLES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    name_key,
    particle_surname,
    skeleton,
)

# Family name first in English-language news: the surname mention of "Xi Jinping" is "Xi", of
# "Kim Jong Un" "Kim", of "Hun Manet" "Hun". Japanese names are written given-family in English
# news (Shigeru Ishiba -> Ishiba) and Vietnamese leaders are referred to by their given name, the
# last token (Pham Minh Chinh -> Chinh), so JPN and VNM use the last token like everyone else.
FAMILY_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "KHM"})
# Ethiopian and Eritrean names have no family name: the second is the father's given name, and news
# calls the person by the first ("Abiy Ahmed" -> Abiy, "Isaias Afwerki" -> Isaias).
PATRONYMIC_SECOND = frozenset({"ETH", "ERI"})
# Thais are called by their given name, the first, in news ("Anutin Charnvirakul" -> Anutin,
# "Paetongtarn Shinawatra" -> Paetongtarn); the family name stays a surname of the person too.
GIVEN_NAME_ALONE = frozenset({"THA"})
FIRST_TOKEN_ALONE = FAMILY_FIRST | PATRONYMIC_SECOND | GIVEN_NAME_ALONE
SUFFIX_WORDS = frozenset([*NAME_SUFFIXES, "Jr.", "Sr."])
# Relational nouns that introduce a person like a title but carry no role of their own
# ("his Chinese counterpart Xi Jinping").
EXTRA_TITLES = (("counterpart", None, "relational"), ("counterparts", None, "relational"))
# royal titles of birth, not posts: a royal's office title before them gives the role
BIRTH_RANKS = frozenset(["Prince", "Princess"])
LOWER_CASE_TITLES = frozenset(
    [
        "president",
        "president-elect",
        "premier",
        "chancellor",
        "minister",
        "ambassador",
        "envoy",
        "governor",
        "mayor",
        "senator",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "taoiseach",
        "emir",
        "sultan",
    ]
)

# An agency form that is a short all-caps word (`AFP`, `AP`, `EPA`) doubles as other things and counts
# only as a source ("told AFP", "AFP reported"); news_agencies.csv may say otherwise for one row.
AGENCY_NEEDS_CONTEXT = r"^[A-Z]{1,4}$"

# Verbs whose forms help another verb ("Washington has called"); capital_context.csv lists the forms
AUXILIARY_VERBS = frozenset(["be", "have", "do"])

PHRASE_SCHEMA = {
    "pattern": pl.String,  # skeleton surface form, case-sensitive
    "etype": pl.String,  # country | block | organization | agency | person | title | institution
    "key": pl.String,  # iso3 | org name | agency name | leader canonical | title as written
    "acronym": pl.String,
    "country_code": pl.String,
    "needs_context": pl.Boolean,
    "kind": pl.String,  # country alias kind, name/acronym/alias, title kind
    "role": pl.String,  # titles only
    "prio": pl.Int32,  # lower wins when one span has several accepted targets
}
TARGET_SCHEMA = {
    **PHRASE_SCHEMA,
    "entity_id": pl.String,
    "ename": pl.String,
    "needs": pl.Boolean,
    "capital": pl.Boolean,
    "multi": pl.Boolean,
}
# `phrases` also carries `_pi` (its row number: spans refer to their reading by it, so the wide
# target columns are gathered only where they are used), `prefix` (a form such as `Indo-`) and
# `attributive` (whether the form before a person noun says whose the person is).


@dataclass(frozen=True)
class Gazetteer:
    """Everything the mention stage needs from reference data; frames only, so it pickles."""

    as_of: date | None
    patterns: tuple[str, ...]
    phrases: pl.DataFrame
    countries: pl.DataFrame  # dim_country
    leaders: pl.DataFrame  # canonical, role, iso3, start_date, end_date (one row a term)
    leader_keys: pl.DataFrame  # key (name_key) -> canonical, for names found by segmentation
    leader_surnames: pl.DataFrame  # token (skeleton, as written) -> canonical, explicit, alone
    orgs: pl.DataFrame  # name, acronym, iso3, org_type, key (lowercase skeleton of every form)
    agencies: pl.DataFrame  # name, acronym, iso3, form (lowercase), for caption credits
    stopwords: pl.DataFrame  # word, reason
    given_names: pl.DataFrame  # name
    person_nouns: tuple[str, ...] = ()  # nouns that head a phrase naming a person: "army chief"
    # those of people who act for someone: "Putin's aide ..." serves the possessor's country
    acts_for_nouns: tuple[str, ...] = ()
    phrase_breaks: tuple[str, ...] = ()  # words that cannot sit inside such a phrase: "and", "said"
    topic_roles: tuple[str, ...] = ()  # roles whose country name before the title is a topic: "Ukraine envoy"
    # roles of ranks rather than posts (military ranks, Prince, Princess): after an office title they
    # give way to it ("Saudi Foreign Minister Prince Faisal", "Defence Minister Gen. ...")
    rank_roles: tuple[str, ...] = ()
    # capital_context.csv: the word after a capital naming an event ("talks") or the city itself
    # ("mayor"), a qualifier that may come between the capital and the event ("the Pretoria peace
    # deal"), the word before it making it a place ("in"), an area word between ("central"), or
    # people before that preposition who stand for the government ("officials in Kyiv")
    capital_words: dict[str, tuple[str, ...]] | None = None
    speech_verbs: tuple[str, ...] = ()  # one-word forms from speech_verbs.csv
    # finite verb forms a state actor is the subject of ("said", "called", "imposes"): speech_verbs.csv
    # and the verbs that open event_verbs.csv phrases; `subject_stems` their base forms, read after
    # an auxiliary ("has called", "will respond")
    subject_verbs: tuple[str, ...] = ()
    subject_stems: tuple[str, ...] = ()
    # subnational_context.csv: phrases next to a flagged country name that make it a US state
    # ("Georgia's governor", "senator from Georgia"), by position: after, after_direct, before
    subnational: dict[str, tuple[str, ...]] | None = None
    # flagged capitals that stand for the government as the subject of a verb with no other support
    # in the article ("Washington sent"); country_aliases.csv `acts_alone`
    lone_actors: tuple[str, ...] = ()
    # state_nouns.csv: nouns after a demonym that make it a nationality ("Georgian troops")
    state_nouns: tuple[str, ...] = ()
    # those of them that name a body of the state ("army", "government", "embassy"): a spokesman "for
    # the Sudanese army" serves Sudan, an advocate "for Syrian refugees" need not be Syrian
    state_bodies: tuple[str, ...] = ()
    # relation_nouns.csv: nouns of relations between states, whose partner follows "with" ("talks
    # with Washington")
    relation_nouns: tuple[str, ...] = ()
    # place_nouns.csv: lower-case nouns that, right after a name, make it the name of a place or a
    # thing, not a person ("Ben Gurion airport", "the Vaclav Havel prize")
    place_nouns: tuple[str, ...] = ()
    # state_verbs.csv: verbs whose subject right before them is a state acting ("Chad expelled")
    state_verbs: tuple[str, ...] = ()
    # reading rows (`_pi`) of capitals that, as a government, stand for an organization seated there
    # ("Brussels warned" is the EU), to the organization's reading row; country_aliases.csv `stands_for`
    seat_of: dict[int, int] | None = None
    # state_institutions.csv: (name, owner, org, excluded) for generic institution names read after
    # their country ("Israel's Foreign Ministry"): `org` a listed organization the name means for that
    # owner ("Supreme Court" of the USA), `excluded` an owner for whom the name means something else
    institutions: pl.DataFrame | None = None
    # state_institutions.csv names marked `no_dateline`: read alone only after the article has named
    # them with their owner, never by a dateline's country ("LONDON (Reuters) - The European Central
    # Bank ... the central bank said" is not the Bank of England)
    owner_named: tuple[str, ...] = ()
    # civil_service_titles.csv: (title, iso3) where the title names the ministry's senior civil
    # servant, not its minister ("Indian Foreign Secretary Vikram Misri")
    civil_service_titles: tuple[tuple[str, str], ...] = ()
    # person_titles.csv `sector_before`: bare titles whose capitalised words before them name the
    # ministry ("Irrigation Minister", "Energy Secretary")
    sector_titles: tuple[str, ...] = ()
    # family_names.csv: common Chinese, Korean and Vietnamese family names, which open a name as a
    # given name opens others ("Chen Jining", "Nguyen Phu Trong") and are what the person is called
    family_first: tuple[str, ...] = ()
    # (name, iso3) of first-level provinces and states (`subdivisions`): "Ontario Premier Doug Ford"
    subdivisions: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return (
            f"Gazetteer(as_of={self.as_of}, patterns={len(self.patterns)}, leaders={self.leaders.height}, "
            f"orgs={self.orgs.height}, agencies={self.agencies.height})"
        )


def _split_aliases(col: str) -> pl.Expr:
    return pl.col(col).fill_null("").str.split("|").list.eval(pl.element().str.strip_chars())


def _to_bool(col: str) -> pl.Expr:
    return (
        pl.col(col).fill_null("false").str.strip_chars().str.to_lowercase().is_in(["true", "1", "yes", "y"])
    )


def _grouped(
    table: pl.DataFrame, value: str, group: str, groups: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    """Per group, the sorted distinct `value`s of the rows whose `group` column holds it."""
    return {g: tuple(sorted(table.filter(pl.col(group) == g)[value].unique().to_list())) for g in groups}


# ISO 3166-2 types whose officials news names after the place ("Ontario Premier", "Sindh Chief
# Minister", "Okinawa Governor"); regions, districts and municipalities have too many generic names.
SUBDIVISION_TYPES = frozenset(
    {
        "Province",
        "State",
        "Land",
        "Prefecture",
        "Territory",
        "Union territory",
        "Capital territory",
        "Autonomous community",
        "Autonomous region",
        "Autonomous province",
        "Emirate",
    }
)


def subdivisions(country_forms: pl.Series) -> tuple[tuple[str, str], ...]:
    """(skeleton name, iso3) of the first-level subdivisions of SUBDIVISION_TYPES (pycountry), for
    the names that name one country's subdivision only ("Punjab" is India's and Pakistan's) and are
    no country's form (`country_forms`: Georgia is a US state and a country), written as plain words."""
    rows = [
        (sub.name, pycountry.countries.get(alpha_2=sub.country_code).alpha_3)
        for sub in pycountry.subdivisions
        if sub.type in SUBDIVISION_TYPES and not getattr(sub, "parent_code", None)
    ]
    names = (
        pl.DataFrame(rows, schema=["name", "iso3"], orient="row")
        .with_columns(name=skeleton(pl.col("name")))
        .unique()
    )
    return tuple(
        names.filter(
            (pl.col("iso3").n_unique().over("name") == 1)
            & pl.col("name").str.contains(r"^[A-Z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*)*$")
            & ~pl.col("name").is_in(country_forms.implode())
        )
        .sort("name")
        .iter_rows()
    )


def country_frame() -> pl.DataFrame:
    """dim_country: every ISO 3166-1 country (pycountry) plus Kosovo, with UN region and subregion.

    Regions come from country_converter's maintained table, read directly (its API is not called:
    1.3.2 raises a regex TypeError under pandas 3).
    """
    rows = [(c.alpha_3, c.alpha_2, getattr(c, "common_name", None) or c.name) for c in pycountry.countries]
    rows.append(("XKX", "XK", "Kosovo"))
    frame = pl.DataFrame(rows, schema=["country_code", "iso2", "name"], orient="row")
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        return frame.with_columns(region=pl.lit(None, pl.String), subregion=pl.lit(None, pl.String))
    tsv = Path(spec.submodule_search_locations[0]) / "country_data.tsv"
    regions = (
        pl.read_csv(tsv, separator="\t", infer_schema=False, quote_char=None)
        .select(country_code="ISO3", region="continent", subregion="UNregion")
        .unique("country_code", keep="first")
    )
    return frame.join(regions, on="country_code", how="left").sort("country_code")


def _pycountry_forms() -> pl.DataFrame:
    """Names, official names and common names from pycountry, without comma forms."""
    rows = []
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            form = getattr(c, attr, None)
            if not form or "," in form:
                continue
            if form.startswith("the "):
                form = form[4:]
            rows.append((form, c.alpha_3))
    rows.append(("Kosovo", "XKX"))
    return pl.DataFrame(rows, schema=["alias", "iso3"], orient="row").with_columns(
        kind=pl.lit("name"), needs_context=pl.lit(False)
    )


def _demonym_plurals(aliases: pl.DataFrame) -> pl.DataFrame:
    """`Russians`, `Kazakhs`, `Filipinos` from the demonyms `Russian`, `Kazakh`, `Filipino`."""
    dem = aliases.filter(
        (pl.col("kind") == "demonym") & ~pl.col("alias").str.contains(r"(?:s|sh|ch|ese|x|z)$")
    )
    return dem.with_columns(alias=pl.col("alias") + "s")


def _country_phrases(reference_dir: Path) -> pl.DataFrame:
    aliases = read_reference(reference_dir, "country_aliases").select(
        pl.col("alias").str.strip_chars(),
        pl.col("iso3").str.strip_chars().str.to_uppercase(),
        pl.col("kind").str.strip_chars().str.to_lowercase(),
        needs_context=_to_bool("needs_context"),
    )
    aliases = aliases.filter(pl.col("alias").is_not_null() & (pl.col("alias") != ""))
    forms = pl.concat([aliases, _pycountry_forms()])
    forms = pl.concat([forms, _demonym_plurals(forms)])
    forms = forms.with_columns(pattern=skeleton(pl.col("alias"))).unique(
        "pattern", keep="first", maintain_order=True
    )
    return forms.select(
        "pattern",
        etype=pl.lit("country"),
        key="iso3",
        acronym=pl.lit(None, pl.String),
        country_code="iso3",
        needs_context="needs_context",
        kind="kind",
        role=pl.lit(None, pl.String),
        prio=pl.lit(1, pl.Int32),
    )


def _block_phrases(reference_dir: Path) -> pl.DataFrame:
    places = read_reference(reference_dir, "non_country_places")
    return places.select(
        pattern=skeleton(pl.col("phrase").str.strip_chars()),
        etype=pl.lit("block"),
        key=pl.col("phrase").str.strip_chars(),
        acronym=pl.lit(None, pl.String),
        country_code=pl.lit(None, pl.String),
        needs_context=pl.lit(False),
        kind=pl.lit("block"),
        role=pl.lit(None, pl.String),
        # a blocking phrase loses a tie with a real entity of the same span ("Israel Katz" the leader)
        prio=pl.lit(8, pl.Int32),
    ).filter(pl.col("pattern") != "")


def _org_frames(reference_dir: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    raw = read_reference(reference_dir, "organizations")
    orgs = raw.select(
        pl.col("name").str.strip_chars(),
        pl.col("acronym").str.strip_chars(),
        pl.col("org_type").str.strip_chars()
        if "org_type" in raw.columns
        else pl.lit(None, pl.String).alias("org_type"),
        pl.col("iso3").str.strip_chars().str.to_uppercase(),
        aliases=_split_aliases("aliases"),
        home_aliases=_split_aliases("home_aliases")
        if "home_aliases" in raw.columns
        else pl.lit([], pl.List(pl.String)).alias("home_aliases"),
        context_aliases=_split_aliases("context_aliases")
        if "context_aliases" in raw.columns
        else pl.lit([], pl.List(pl.String)).alias("context_aliases"),
        needs_context=_to_bool("needs_context"),
    ).filter(pl.col("name").is_not_null())
    kept = ("name", "acronym", "iso3", "org_type")

    def listed(column: str, kind: str, nc: pl.Expr) -> pl.DataFrame:
        """One row per non-empty form of a `|`-separated column."""
        return (
            orgs.explode(column)
            .filter(pl.col(column) != "")
            .select(*kept, form=column, kind=pl.lit(kind), nc=nc)
        )

    forms = pl.concat(
        [
            # a flagged row's name needs context only when it is one word ("Labour", "Vox")
            orgs.select(
                *kept,
                form="name",
                kind=pl.lit("name"),
                nc=pl.col("needs_context") & ~pl.col("name").str.contains(" "),
            ),
            orgs.filter(pl.col("acronym").is_not_null() & (pl.col("acronym") != "")).select(
                *kept,
                form="acronym",
                kind=pl.lit("acronym"),
                nc="needs_context",
            ),
            # and so does an alias of one or two words ("Fed", "Secret Service"), not a longer one
            # ("Immigration and Customs Enforcement", "Palestinian National Authority")
            listed(
                "aliases", "alias", pl.col("needs_context") & (pl.col("aliases").str.count_matches(" ") < 2)
            ),
            # a party's generic name ("Social Democrats") names it only where its country is named
            listed("home_aliases", "home", pl.lit(True)),
            # a shortened name that needs context even in an unflagged row: "the Security Council"
            listed("context_aliases", "alias", pl.lit(True)),
        ]
    )
    forms = pl.concat([forms, _other_spelling(forms)])
    phrases = forms.select(
        pattern=skeleton(pl.col("form")),
        etype=pl.lit("organization"),
        key="name",
        acronym="acronym",
        country_code="iso3",
        needs_context="nc",
        kind="kind",
        role=pl.lit(None, pl.String),
        prio=pl.lit(2, pl.Int32),
    ).unique(["pattern", "key"], keep="first", maintain_order=True)
    org_table = forms.select(
        "name", "acronym", "iso3", "org_type", key=skeleton(pl.col("form")).str.to_lowercase()
    ).unique(["name", "key"], keep="first", maintain_order=True)
    return phrases, org_table


def _other_spelling(forms: pl.DataFrame) -> pl.DataFrame:
    """The other spelling of each name and alias written with -ization or -isation: an organization's
    name comes in British and American spelling alike ("African Union Support and Stabilisation
    Mission", "Shanghai Cooperation Organization"), whichever organizations.csv lists."""
    written = pl.col("kind").is_in(["name", "alias"]) & pl.col("form").str.contains("i[sz]ation")
    spelled = forms.filter(written)
    american = pl.col("form").str.contains("ization")
    return spelled.with_columns(
        form=pl.when(american)
        .then(pl.col("form").str.replace_all("ization", "isation", literal=True))
        .otherwise(pl.col("form").str.replace_all("isation", "ization", literal=True))
    )


def _agency_frames(reference_dir: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    raw = read_reference(reference_dir, "news_agencies")
    agencies = raw.select(
        pl.col("name").str.strip_chars(),
        pl.col("short").str.strip_chars(),
        pl.col("iso3").str.strip_chars().str.to_uppercase()
        if "iso3" in raw.columns
        else pl.lit(None, pl.String).alias("iso3"),
        aliases=_split_aliases("aliases") if "aliases" in raw.columns else pl.lit([], pl.List(pl.String)),
        # empty: the default rule (a short all-caps form needs source context); `false` for a name
        # that is nothing but the outlet ("CNN", "BBC")
        flag=pl.col("needs_context").str.strip_chars().str.to_lowercase()
        if "needs_context" in raw.columns
        else pl.lit(None, pl.String),
    ).with_columns(
        acronym=pl.when(pl.col("short") != pl.col("name")).then(pl.col("short")),
    )
    forms = pl.concat(
        [
            agencies.select("name", "acronym", "iso3", "flag", form="name", kind=pl.lit("name")),
            agencies.filter(pl.col("short").is_not_null()).select(
                "name", "acronym", "iso3", "flag", form="short", kind=pl.lit("short")
            ),
            agencies.explode("aliases")
            .filter(pl.col("aliases").is_not_null() & (pl.col("aliases") != ""))
            .select("name", "acronym", "iso3", "flag", form="aliases", kind=pl.lit("alias")),
        ]
    ).unique(["form", "name"], keep="first", maintain_order=True)
    pattern = skeleton(pl.col("form"))
    phrases = forms.select(
        pattern=pattern,
        etype=pl.lit("agency"),
        key="name",
        acronym="acronym",
        country_code="iso3",
        needs_context=pl.when(pl.col("flag").is_in(["true", "false"]))
        .then(pl.col("flag") == "true")
        .otherwise(pattern.str.contains(AGENCY_NEEDS_CONTEXT)),
        kind="kind",
        role=pl.lit(None, pl.String),
        prio=pl.lit(3, pl.Int32),
    )
    table = forms.select("name", "acronym", "iso3", form=pl.col("form").str.to_lowercase())
    return phrases, table


def _name_variants(name: str) -> set[str]:
    """Spellings of one leader name news copy uses: dots dropped or spaced, hyphens as spaces."""
    out = {name}
    if "." in name:
        out.add(name.replace(".", "").replace("  ", " "))
        out.add(name.replace(". ", ".").strip())
    if "-" in name:
        parts = name.replace("-", " ").split()
        out.add(" ".join(p[:1].upper() + p[1:] for p in parts))
        out.add(" ".join(name.split("-")[0:1]) + "-" + "-".join(name.split("-")[1:]).capitalize())
    tokens = name.split()
    if len(tokens) == 3 and "-" not in name and tokens[2][:1].isupper() and tokens[1][:1].isupper():
        # "Lee Jae Myung" -> "Lee Jae-myung"
        out.add(f"{tokens[0]} {tokens[1]}-{tokens[2].lower()}")
    for suffix in ("Jr.", "Sr."):
        if name.endswith(" " + suffix):
            out.add(name[: -len(suffix)] + suffix.rstrip("."))
            out.add(name[: -len(suffix) - 1] + ", " + suffix)
    return {v for v in out if v.strip()}


def _surnames(name: str, iso3: str | None, family: str, given_names: frozenset[str]) -> list[str]:
    """Single-token forms a leader is called by later in an article; `family`: the first token of
    the leader's listed name, the family name in an East Asian one."""
    if " of " in name:  # "Abdullah II of Jordan" is not called "Jordan"
        return []
    tokens = [t for t in name.replace(",", " ").split() if t not in SUFFIX_WORDS]
    if len(tokens) < 2:
        return []
    # After "bin"/"ibn" the last name is the father's ("Hussein bin Abdullah", "Mohammed bin Salman"):
    # alone it names someone else.
    patronym = tokens[-2].lower() in ("bin", "ibn", "bint")
    out = [] if patronym else [tokens[-1]]
    # A hyphenated particle is lower-cased in the surname key ("Ben-Gvir" -> `ben-Gvir`, as a mention
    # at the start of a sentence is read), and much copy drops it: "al-Sharaa" is "Sharaa" there.
    particle, _, bare = tokens[-1].partition("-")
    if not patronym and particle.lower() in HYPHEN_PARTICLES and bare[:1].isupper():
        out.extend([f"{particle.lower()}-{bare}", bare])
    # Family name first (East Asia), and Arab names built on "bin"/"ibn" whose bearers are called by
    # their own first name: "Prince Mohammed" (bin Salman), "Sheikh Tamim" (bin Hamad Al Thani). An
    # East Asian name in Western order ends with the family name and may open with a Western given
    # name: "William Lai" (Lai Ching-te) is no "William", nor "John Lee" "John".
    western_order = (tokens[-1] == family and tokens[0] != family) or (
        iso3 in FAMILY_FIRST and tokens[0] in given_names
    )
    if (iso3 in FIRST_TOKEN_ALONE and not western_order) or any(
        t.lower() in ("bin", "ibn", "bint") for t in tokens
    ):
        out.insert(0, tokens[0])
    return out


def _leader_frames(
    reference_dir: Path, titles: pl.DataFrame, given_names: frozenset[str]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Leaders' phrases, keys, surnames and terms; `titles`: person_titles.csv; `given_names`:
    given_names.csv."""
    raw = read_reference(reference_dir, "leaders")
    leaders = raw.select(
        canonical=pl.col("name").str.strip_chars(),
        aliases=_split_aliases("aliases"),
        role=pl.col("role").str.strip_chars(),
        iso3=pl.col("iso3").str.strip_chars().str.to_uppercase(),
        start_date=pl.col("start_date").str.strip_chars().str.to_date(strict=False),
        end_date=pl.col("end_date").str.strip_chars().str.to_date(strict=False),
    ).filter(pl.col("canonical").is_not_null() & (pl.col("canonical") != ""))
    multi: list[tuple[str, str, str | None]] = []
    single: list[tuple[str, str, bool]] = []
    seen: set[tuple[str, str]] = set()
    for row in leaders.iter_rows(named=True):
        canonical, iso3 = row["canonical"], row["iso3"]
        if (canonical, iso3 or "") in seen:
            continue
        seen.add((canonical, iso3 or ""))
        forms = [canonical, *[a for a in row["aliases"] if a]]
        for form in forms:
            words = form.split()
            if len(words) > 1 and words[0].lower() in NAME_PARTICLES:
                # a family name with its particles, listed because news calls the person by it
                # alone ("bin Salman"): a surname form, not a name to match inside "Abdulaziz bin Salman"
                single.append((" ".join([words[0].lower(), *words[1:]]), canonical, True))
                continue
            if len(words) == 1:
                single.append((form.strip(".,"), canonical, True))
                # an initialism ("MBS", "AMLO") is no capitalised name token: matched as a form
                if re.fullmatch(r"[A-Z]{3,}", form):
                    multi.append((form, canonical, iso3))
                continue
            for variant in sorted(_name_variants(form)):  # a set: its order is per process
                multi.append((variant, canonical, iso3))
            single.extend(
                (s, canonical, False) for s in _surnames(form, iso3, canonical.split()[0], given_names)
            )
    multi_frame = pl.DataFrame(multi, schema=["form", "canonical", "iso3"], orient="row")
    # an initialism may stand for something else ("MBS" mortgage-backed securities): it needs the
    # article to name the leader's country (entities.py)
    initialism = pl.col("form").str.contains(r"^[A-Z]{3,}$")
    # a form that opens with a title ("King Salman", "Sultan Haitham"): a longer name of the same
    # person that starts inside it wins over it (entities.py)
    title_words = titles["title"].str.strip_chars().unique()
    titled = pl.any_horizontal(pl.col("form").str.starts_with(t + " ") for t in title_words.to_list())
    phrases = multi_frame.select(
        pattern=skeleton(pl.col("form")),
        etype=pl.lit("person"),
        key="canonical",
        acronym=pl.lit(None, pl.String),
        country_code="iso3",
        needs_context=initialism,
        kind=pl.when(initialism)
        .then(pl.lit("initialism"))
        .when(titled)
        .then(pl.lit("titled"))
        .otherwise(pl.lit("name")),
        role=pl.lit(None, pl.String),
        prio=pl.lit(4, pl.Int32),
    ).unique(["pattern", "key"], keep="first", maintain_order=True)
    keys = multi_frame.select(key=name_key(skeleton(pl.col("form"))), canonical="canonical").unique(
        maintain_order=True
    )
    # "von der Leyen", "De Wever", "bin Salman": the family name with its particles, as news calls
    # the person after the first mention
    with_particles = multi_frame.select(
        token=particle_surname(skeleton(pl.col("form"))), canonical="canonical", explicit=pl.lit(False)
    ).drop_nulls("token")
    surnames = (
        pl.concat(
            [
                pl.DataFrame(single, schema=["token", "canonical", "explicit"], orient="row").with_columns(
                    token=skeleton(pl.col("token"))
                ),
                with_particles,
            ]
        )
        .group_by("token", "canonical", maintain_order=True)
        .agg(pl.col("explicit").any())
    )
    # a derived surname that is also a country name or a stop-word is never resolved on its own
    blocked = set(read_reference(reference_dir, "name_stopwords")["word"].to_list())
    blocked |= set(read_reference(reference_dir, "country_aliases")["alias"].to_list())
    blocked |= {c.name for c in pycountry.countries}
    surnames = surnames.filter(pl.col("explicit") | ~pl.col("token").is_in(list(blocked)))
    # Alone in an article, a form listed for use alone wins over the same form derived from other
    # names: "bin Salman" is Mohammed bin Salman, not also his brother Khalid, unless the article
    # names Khalid bin Salman in full (`alone` is read only where no full name in the article matches)
    surnames = surnames.with_columns(alone=pl.col("explicit") | ~pl.col("explicit").any().over("token"))
    terms = leaders.select("canonical", "role", "iso3", "start_date", "end_date")
    return phrases, keys, surnames, terms


def _institution_frames(reference_dir: Path) -> tuple[pl.DataFrame, pl.DataFrame, tuple[str, ...]]:
    """Generic names of a state's institutions ("Foreign Ministry", "Supreme Court"): phrases of type
    `institution`, which name an organization only after the country that owns them, and the
    per-owner exceptions (state_institutions.csv `not_for`, `same_as`). A phrase marked `modifier`
    (a lower-case name that also modifies other nouns: "military aircraft") has the kind `modifier`.
    The names marked `no_dateline` are returned apart: a dateline's country never owns them."""
    raw = read_reference(reference_dir, "state_institutions")
    raw = raw.select(
        pl.col("phrase").str.strip_chars(),
        pl.col("name").str.strip_chars(),
        not_for=_split_aliases("not_for"),
        same_as=_split_aliases("same_as"),
        modifier=_to_bool("modifier") if "modifier" in raw.columns else pl.lit(False),
        no_dateline=_to_bool("no_dateline") if "no_dateline" in raw.columns else pl.lit(False),
    )
    owner_named = tuple(raw.filter(pl.col("no_dateline"))["name"].unique(maintain_order=True).to_list())
    phrases = raw.select(
        pattern=skeleton(pl.col("phrase")),
        etype=pl.lit("institution"),
        key="name",
        acronym=pl.lit(None, pl.String),
        country_code=pl.lit(None, pl.String),
        needs_context=pl.lit(False),
        kind=pl.when(pl.col("modifier")).then(pl.lit("modifier")).otherwise(pl.lit("institution")),
        role=pl.lit(None, pl.String),
        prio=pl.lit(3, pl.Int32),
    ).unique("pattern", keep="first", maintain_order=True)
    excluded = (
        raw.explode("not_for")
        .filter(pl.col("not_for") != "")
        .select(
            "name",
            owner=pl.col("not_for").str.to_uppercase(),
            org=pl.lit(None, pl.String),
            excluded=pl.lit(True),
        )
    )
    pair = pl.col("same_as").str.split_exact("=", 1).struct  # "ISO3=organization"
    same = (
        raw.explode("same_as")
        .filter(pl.col("same_as").str.contains("="))
        .select(
            "name",
            owner=pair.field("field_0").str.strip_chars().str.to_uppercase(),
            org=pair.field("field_1").str.strip_chars(),
            excluded=pl.lit(False),
        )
    )
    table = pl.concat([excluded, same]).unique(["name", "owner"], keep="first", maintain_order=True)
    return phrases, table, owner_named


def _title_phrases(titles: pl.DataFrame, portfolios: pl.DataFrame) -> pl.DataFrame:
    """Title phrases from person_titles.csv (`titles`), with their lower-case and sentence-start forms.

    A title with a `portfolio` also takes each portfolio of portfolios.csv after "for" ("Commissioner
    for Enlargement Marta Kos", "Minister for Europe Stephen Doughty"): the portfolio's words are
    capitalised like a name's and would otherwise run into it. The role is the portfolio's minister
    (`minister_role`) for a title marked `minister` ("Secretary of State for Defence" is a Defence
    Minister), else the title's own ("Minister of State for Trade" is a Minister of State). A title
    marked `sector_before` takes, before it, each portfolio that has a minister: "Energy Secretary"
    is an Energy Minister as "Defence Secretary" is a Defence Minister.
    """
    parsed = titles.select(
        title=pl.col("title").str.strip_chars(),
        role=pl.col("role").str.strip_chars(),
        kind=pl.col("kind").str.strip_chars().str.to_lowercase(),
        _portfolio=pl.col("portfolio").fill_null("").str.strip_chars(),
        _sector=_to_bool("sector_before"),
    )
    titles = parsed.select("title", "role", "kind")
    if portfolios.height:
        with_portfolio = (
            parsed.filter(pl.col("_portfolio") != "")
            .join(portfolios.select("portfolio", "minister_role"), how="cross")
            .select(
                title=pl.concat_str([pl.col("title"), pl.col("portfolio")], separator=" for "),
                role=pl.when((pl.col("_portfolio") == "minister") & (pl.col("minister_role") != ""))
                .then(pl.col("minister_role"))
                .otherwise(pl.col("role")),
                kind="kind",
            )
        )
        sector_first = (
            parsed.filter("_sector")
            .join(portfolios.filter(pl.col("minister_role") != ""), how="cross")
            .select(
                title=pl.concat_str([pl.col("portfolio"), pl.col("title")], separator=" "),
                role="minister_role",
                kind="kind",
            )
        )
        # titles the file lists itself come first ("Minister for Foreign Affairs" is a Foreign Minister)
        titles = pl.concat([titles, with_portfolio, sector_first]).unique(
            "title", keep="first", maintain_order=True
        )
    extra = pl.DataFrame(list(EXTRA_TITLES), schema=["title", "role", "kind"], orient="row")
    titles = pl.concat([titles, extra.filter(~pl.col("title").is_in(titles["title"].implode()))])
    titles = titles.with_columns(
        role=pl.when(pl.col("kind") == "honorific").then(None).otherwise(pl.col("role"))
    )
    # person_titles.csv is case-sensitive (capitalised before a name: "Foreign Minister Tajani").
    # Some styles lower-case office titles ("former president Donald Trump", "prime minister Narendra
    # Modi") and military posts ("Ukraine's commander-in-chief Oleksandr Syrskyi", "army chief ...");
    # a lower-case variant is added for titles of several words and a few single office words that
    # are not everyday English words ("major", "justice", "general", "judge" are).
    office = pl.col("kind") == "office"
    lower_ok = (office | (pl.col("kind") == "military")) & pl.col("title").str.contains(r"[ -]") | (
        office & pl.col("title").str.to_lowercase().is_in(list(LOWER_CASE_TITLES))
    )
    lower = titles.filter(lower_ok & ~pl.col("title").str.contains(r"\.")).with_columns(
        form=pl.col("title").str.to_lowercase()
    )
    # At the start of a sentence only the first word of a lower-case title is capitalised:
    # "Opposition leader Kemi Badenoch said", "Foreign minister Penny Wong".
    sentence_start = lower.filter(pl.col("form").str.contains(" ")).with_columns(
        form=pl.col("form").str.head(1).str.to_uppercase() + pl.col("form").str.slice(1)
    )
    variants = pl.concat([titles.with_columns(form=pl.col("title")), lower, sentence_start])
    return variants.select(
        pattern=skeleton(pl.col("form")),
        etype=pl.lit("title"),
        key="title",
        acronym=pl.lit(None, pl.String),
        country_code=pl.lit(None, pl.String),
        needs_context=pl.lit(False),
        kind="kind",
        role="role",
        prio=pl.lit(9, pl.Int32),
    ).unique("pattern", keep="first", maintain_order=True)


def _portfolios(reference_dir: Path) -> pl.DataFrame:
    """portfolios.csv: portfolio, minister_role (empty where no minister's role is normalised)."""
    return read_reference(reference_dir, "portfolios").select(
        pl.col("portfolio").str.strip_chars(), pl.col("minister_role").fill_null("").str.strip_chars()
    )


def _words(reference_dir: Path, name: str, column: str = "noun") -> tuple[str, ...]:
    """The words of a one-column list, sorted."""
    return tuple(read_reference(reference_dir, name)[column].str.strip_chars().unique().sort().to_list())


def _state_nouns(reference_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The state_nouns.csv nouns, and those marked `body`: the state's institutions rather than its
    people."""
    nouns = read_reference(reference_dir, "state_nouns")
    bodies = nouns.filter(_to_bool("body"))
    return tuple(
        tuple(frame["noun"].str.strip_chars().unique().sort().to_list()) for frame in (nouns, bodies)
    )


def _subject_verbs(reference_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Finite verb forms that make the word before them their subject, and their base forms.

    From the first word of every event_verbs.csv phrase ("called" of "called for") only the forms
    that cannot be a noun's are kept: a past in -ed, and an -s form whose base also has an -ed or
    -ing form in the lexicon ("imposes", not "missiles"). Of the speech verbs, the forms other than
    the lemma and the -ing form ("said", "told", "warns"): a base form may be a noun ("claim").
    """
    speech = (
        read_reference(reference_dir, "speech_verbs")
        .select(pl.col("verb").str.strip_chars().str.to_lowercase(), pl.col("lemma").str.strip_chars())
        .filter(
            (pl.col("verb") != pl.col("lemma"))
            & ~pl.col("verb").str.ends_with("ing")
            & ~pl.col("verb").str.contains(" ")
        )["verb"]
    )
    words = (
        read_reference(reference_dir, "event_verbs")
        .select(w=pl.col("phrase").str.strip_chars().str.to_lowercase().str.extract(r"^([a-z]+)(?:\s|$)"))
        .drop_nulls()
        .unique()
        .vstack(speech.to_frame("w"))["w"]
    )
    inflected = set(words.filter(words.str.ends_with("ed") | words.str.ends_with("ing")).to_list())

    def stems(form: str) -> list[str]:
        if form.endswith("ies"):
            return [form[:-3] + "y"]
        out = [form[:-1]]
        if form.endswith("es"):
            out.append(form[:-2])
        return out

    def has_inflection(stem: str) -> bool:
        bare = stem[:-1] if stem.endswith("e") else stem
        variants = (stem + "ed", stem + "d", bare + "ing", stem[:-1] + "ied", bare + bare[-1:] + "ed")
        return any(v in inflected for v in variants)

    speech_forms = set(speech.to_list())
    verbs = set(words.filter(words.str.contains(r"...ed$")).to_list()) | speech_forms
    bases: set[str] = set()
    # "discuss", "press" end in s without being an -s form
    for form in words.filter(words.str.contains(r"[^s]s$") & (words.str.len_chars() > 3)).to_list():
        found = [b for b in stems(form) if has_inflection(b)]
        if found or form in speech_forms:
            verbs.add(form)
            bases.update(found or stems(form))
    past, participles = _irregular_forms(reference_dir, set(words.to_list()))
    return tuple(sorted(verbs | past)), tuple(sorted(bases | participles))


def _irregular_forms(reference_dir: Path, lexicon: set[str]) -> tuple[set[str], set[str]]:
    """(past forms, base forms and past participles) of the irregular verbs in `lexicon`.

    A past in -ed is recognised by its ending; "sent", "struck", "took" are not, so irregular_verbs.csv
    gives them for every verb the lexicon uses in any form ("Washington sent", "has taken").
    """
    table = irregular_verbs(reference_dir)
    past: set[str] = set()
    later: set[str] = set()
    for base, pasts, participles in table.iter_rows():
        if base in AUXILIARY_VERBS:  # "had", "did", "were" are read as auxiliaries, not as the verb
            continue
        third = base[:-1] + "ies" if base.endswith("y") and base[-2:-1] not in "aeiou" else base + "s"
        forms = {base, third, base.removesuffix("e") + "ing", *pasts, *participles}
        if forms & lexicon:
            past.update(p for p in pasts if p)
            later.update(p for p in [base, *participles] if p)
    return past, later


def _seats_of_organizations(aliases: pl.DataFrame, phrases: pl.DataFrame) -> dict[int, int]:
    """Capital reading row -> organization reading row, for aliases with a `stands_for` organization.

    The organization's row is the one of its full name, so the mention carries its id and acronym.
    """
    if "stands_for" not in aliases.columns:
        return {}
    seats = aliases.filter(pl.col("stands_for").str.strip_chars().fill_null("") != "").select(
        pattern=skeleton(pl.col("alias").str.strip_chars()), org=pl.col("stands_for").str.strip_chars()
    )
    capitals = phrases.filter(pl.col("etype") == "country").select("pattern", "_pi")
    orgs = phrases.filter((pl.col("etype") == "organization") & (pl.col("kind") == "name")).select(
        org="key", _org_pi="_pi"
    )
    joined = seats.join(capitals, on="pattern", how="inner").join(orgs, on="org", how="inner")
    missing = set(seats["org"].to_list()) - set(joined["org"].to_list())
    if missing:
        raise ValueError(f"country_aliases.csv stands_for names no organization: {sorted(missing)}")
    return dict(zip(joined["_pi"].to_list(), joined["_org_pi"].to_list(), strict=True))


def load_gazetteer(reference_dir: Path, as_of: date | None = None) -> Gazetteer:
    """Read and compile the reference files once per run.

    `as_of` is the date used to pick a leader's role and country for articles without a
    publication date; without it the latest term is used.
    """
    reference_dir = Path(reference_dir)
    org_phrases, org_table = _org_frames(reference_dir)
    agency_phrases, agency_table = _agency_frames(reference_dir)
    titles = read_reference(reference_dir, "person_titles")
    given = (
        read_reference(reference_dir, "given_names")
        .select(pl.col("name").str.strip_chars())
        .unique(maintain_order=True)
    )
    leader_phrases, leader_keys, leader_surnames, terms = _leader_frames(
        reference_dir, titles, frozenset(given.get_column("name").to_list())
    )
    institution_phrases, institutions, owner_named = _institution_frames(reference_dir)
    state_nouns, state_bodies = _state_nouns(reference_dir)
    phrases = (
        pl.concat(
            [
                _block_phrases(reference_dir).cast(PHRASE_SCHEMA),
                _country_phrases(reference_dir).cast(PHRASE_SCHEMA),
                org_phrases.cast(PHRASE_SCHEMA),
                agency_phrases.cast(PHRASE_SCHEMA),
                leader_phrases.cast(PHRASE_SCHEMA),
                _title_phrases(titles, _portfolios(reference_dir)).cast(PHRASE_SCHEMA),
                institution_phrases.cast(PHRASE_SCHEMA),
            ]
        )
        .filter(pl.col("pattern").is_not_null() & (pl.col("pattern").str.len_bytes() >= 2))
        .unique(["pattern", "etype", "key"], keep="first", maintain_order=True)
    )
    # The entity a form names, computed once: id and display name (a country's dim_country name).
    countries = country_frame()
    cnames = dict(zip(countries["country_code"].to_list(), countries["name"].to_list(), strict=True))
    entity_names = []
    for et, key in phrases.select("etype", "key").unique().iter_rows():
        if et == "country":
            entity_names.append((et, key, entity_id("country", key), cnames.get(key, key)))
        elif et in ("organization", "agency", "person"):
            entity_names.append((et, key, entity_id(et, key), key))
    phrases = phrases.join(
        pl.DataFrame(entity_names, schema=["etype", "key", "entity_id", "ename"], orient="row"),
        on=["etype", "key"],
        how="left",
        maintain_order="left",
    )
    # Precomputed per form: does a hit need its context read (flagged forms, short agency
    # credits, capitals that may name an event), and does the form have several readings?
    etype = pl.col("etype")
    phrases = phrases.with_columns(
        needs=pl.col("needs_context"),
        capital=(etype == "country") & pl.col("kind").is_in(["capital", "seat"]),
        multi=pl.len().over("pattern") > 1,
        prefix=pl.col("pattern").str.ends_with("-"),
        # Read before a person noun, a demonym or an abbreviation gives a nationality ("Iranian
        # negotiator", "U.S. diplomat") and an organization a membership ("CENTCOM commander"); a
        # country's name usually gives a topic ("Iran negotiator", "Ukraine envoy"). A seat of
        # government is read like an organization: "White House adviser", "Kremlin aide".
        attributive=pl.when(etype == "country")
        .then(pl.col("kind").is_in(["demonym", "seat"]) | pl.col("pattern").str.contains(r"^[A-Z][A-Z.]+$"))
        .otherwise(etype.is_in(["organization", "agency"])),
    ).with_row_index("_pi")
    stopwords = (
        read_reference(reference_dir, "name_stopwords")
        .select(pl.col("word").str.strip_chars(), pl.col("reason").str.strip_chars())
        .unique("word", keep="first", maintain_order=True)
    )
    nouns = read_reference(reference_dir, "person_nouns")
    nouns = nouns.select(
        pl.col("noun").str.strip_chars(),
        acts_for=_to_bool("acts_for"),
    )
    person_nouns = nouns["noun"].unique().sort()
    acts_for_nouns = nouns.filter(pl.col("acts_for"))["noun"].unique().sort()
    context = read_reference(reference_dir, "capital_context").select(
        pl.col("word").str.strip_chars(), pl.col("reading").str.strip_chars()
    )
    capital_words = _grouped(
        context,
        "word",
        "reading",
        ("event", "city", "place", "area", "people", "arrival", "auxiliary", "qualifier"),
    )
    aliases = read_reference(reference_dir, "country_aliases")
    lone = (
        aliases.filter(_to_bool("acts_alone")).select(skeleton(pl.col("alias").str.strip_chars()))
        if "acts_alone" in aliases.columns
        else pl.DataFrame({"alias": []}, schema={"alias": pl.String})
    )
    sub = read_reference(reference_dir, "subnational_context").select(
        pl.col("phrase").str.strip_chars().str.to_lowercase(), pl.col("position").str.strip_chars()
    )
    subnational = _grouped(sub, "phrase", "position", ("after", "after_direct", "before"))
    speech = read_reference(reference_dir, "speech_verbs")["verb"].str.strip_chars().str.to_lowercase()
    speech = speech.filter(~speech.str.contains(" ")).unique().sort()
    subject_verbs, subject_stems = _subject_verbs(reference_dir)
    topic_roles = (
        titles.filter(pl.col("country_before").str.strip_chars() == "topic")["role"]
        .str.strip_chars()
        .unique()
        .sort()
    )
    rank = (pl.col("kind").str.strip_chars().str.to_lowercase() == "military") | pl.col(
        "role"
    ).str.strip_chars().is_in(list(BIRTH_RANKS))
    rank_roles = titles.filter(rank)["role"].str.strip_chars().unique().sort()
    sector_titles = titles.filter(_to_bool("sector_before"))["title"].str.strip_chars().unique().sort()
    breaks = read_reference(reference_dir, "noun_phrase_breaks")["word"].str.strip_chars().unique().sort()
    patterns = tuple(phrases["pattern"].unique(maintain_order=True).to_list())
    return Gazetteer(
        as_of=as_of,
        patterns=patterns,
        phrases=phrases,
        countries=countries,
        leaders=terms,
        leader_keys=leader_keys,
        leader_surnames=leader_surnames,
        orgs=org_table,
        agencies=agency_table,
        stopwords=stopwords.with_columns(word=skeleton(pl.col("word"))),
        given_names=given.with_columns(name=skeleton(pl.col("name"))),
        family_first=_words(reference_dir, "family_names", "name"),
        person_nouns=tuple(person_nouns.to_list()),
        acts_for_nouns=tuple(acts_for_nouns.to_list()),
        phrase_breaks=tuple(breaks.to_list()),
        topic_roles=tuple(topic_roles.to_list()),
        rank_roles=tuple(rank_roles.to_list()),
        sector_titles=tuple(sector_titles.to_list()),
        capital_words=capital_words,
        speech_verbs=tuple(speech.to_list()),
        subject_verbs=subject_verbs,
        subject_stems=subject_stems,
        subnational=subnational,
        lone_actors=tuple(lone.to_series().to_list()),
        state_nouns=state_nouns,
        state_bodies=state_bodies,
        relation_nouns=_words(reference_dir, "relation_nouns"),
        subdivisions=subdivisions(phrases.filter(pl.col("etype") == "country")["pattern"]),
        civil_service_titles=tuple(
            read_reference(reference_dir, "civil_service_titles")
            .select(pl.col("title", "iso3").str.strip_chars())
            .unique(maintain_order=True)
            .iter_rows()
        ),
        place_nouns=_words(reference_dir, "place_nouns"),
        state_verbs=_words(reference_dir, "state_verbs", "verb"),
        seat_of=_seats_of_organizations(aliases, phrases),
        institutions=institutions,
        owner_named=owner_named,
    )
