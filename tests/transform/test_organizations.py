"""Organizations, text-defined acronyms, news agencies and caption credits, on sentences written here."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from flows.ids import entity_id
from flows.parse import parse_text
from flows.transform.entities import (
    Gazetteer,
    agency_entities_for_credit,
    entities_from_mentions,
    extract_mentions,
    sentences_and_mentions,
    split_sentences,
)
from flows.transform.organizations import parse_definition
from tests.transform.helpers import articles_of
from tests.transform.helpers import mentions_of as _mentions


def _of_type(out: pl.DataFrame, kind: str) -> list[tuple[str, str, str | None]]:
    rows = out.filter(pl.col("entity_type") == kind)
    return [(r["surface"], r["name"], r["acronym"]) for r in rows.iter_rows(named=True)]


def test_reference_names_and_acronyms(gaz: Gazetteer) -> None:
    body = (
        "NATO and the United Nations met ASEAN envoys; the Association of Southeast Asian Nations "
        "asked the UN and the FBI for data."
    )
    orgs = _of_type(_mentions(gaz, body), "organization")
    names = {name for _, name, _ in orgs}
    assert {
        "United Nations",
        "Association of Southeast Asian Nations",
        "Federal Bureau of Investigation",
    } <= names
    assert any(n.startswith("North Atlantic Treaty") for n in names)
    fbi = _mentions(gaz, "The FBI said so.").filter(pl.col("surface") == "FBI").row(0, named=True)
    assert fbi["country_code"] == "USA" and fbi["acronym"] == "FBI"


def test_banks_and_rating_agencies_named_like_people_are_organizations(gaz: Gazetteer) -> None:
    body = (
        "Morgan Stanley analysts cut their forecast before the Stanley Cup final. Fitch Ratings "
        "downgraded Israel, and Fitch said Moody's would follow."
    )
    out = _mentions(gaz, body)
    assert [(s, n) for s, n, _ in _of_type(out, "organization")] == [
        ("Morgan Stanley", "Morgan Stanley"),
        ("Fitch Ratings", "Fitch Ratings"),
        ("Fitch", "Fitch Ratings"),
        ("Moody's", "Moody's"),
    ]
    assert out.filter(pl.col("entity_type") == "person").is_empty()
    # "Fitch" alone is a surname unless the article names the agency
    people = _mentions(gaz, "Tony Fitch, a farmer, said Fitch had left.").filter(
        pl.col("entity_type") == "person"
    )
    assert people["name"].to_list() == ["Tony Fitch", "Tony Fitch"]


def test_acronym_defined_by_the_text(gaz: Gazetteer) -> None:
    body = (
        "Delegates of the Baltic Grain Exporters Council (BGEC) met in Riga. "
        "The BGEC later published its forecast."
    )
    orgs = _of_type(_mentions(gaz, body), "organization")
    assert orgs == [
        ("Baltic Grain Exporters Council", "Baltic Grain Exporters Council", "BGEC"),
        ("BGEC", "Baltic Grain Exporters Council", "BGEC"),
        ("BGEC", "Baltic Grain Exporters Council", "BGEC"),
    ]
    # the definition holds only in its own article
    two = _mentions(gaz, body, "The BGEC was not defined here.")
    assert _of_type(two.filter(pl.col("article_id") == "a1"), "organization") == []


def test_definition_parsing_needs_matching_initials() -> None:
    assert parse_definition("Japan and the Association of Southeast Asian Nations (ASEAN)") == (
        "Association of Southeast Asian Nations",
        "ASEAN",
    )
    assert parse_definition("the Shanghai Cooperation Organization (SCO)") == (
        "Shanghai Cooperation Organization",
        "SCO",
    )
    assert parse_definition("Prime Minister Imran Khan (PTI)") is None


def test_ambiguous_acronym_needs_context(gaz: Gazetteer) -> None:
    plain = _of_type(_mentions(gaz, "IS this the right way, he asked."), "organization")
    assert plain == []
    group = _of_type(_mentions(gaz, "IS fighters attacked the town."), "organization")
    assert [s for s, _, _ in group] == ["IS"]


@pytest.mark.parametrize(
    "body",
    [
        "The ceasefire held, AFP reported.",
        "A diplomat told Reuters the deal was close.",
        "He told the ANSA news agency he would not go.",
        "Two people died, according to AP.",
        "The talks ended (AP) without a deal.",
        "Officials spoke to Xinhua on Monday.",
    ],
)
def test_agency_used_as_a_source(gaz: Gazetteer, body: str) -> None:
    agencies = _of_type(_mentions(gaz, body), "agency")
    assert len(agencies) == 1


def test_short_agency_credit_without_source_context_is_not_an_agency(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "The EPA tightened the rules on emissions.")
    assert _of_type(out, "agency") == []


def test_agency_entity_matches_caption_credit(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "The count rose, AFP reported.")
    afp = out.filter(pl.col("entity_type") == "agency").row(0, named=True)
    assert afp["name"] == "Agence France-Presse" and afp["acronym"] == "AFP"
    assert agency_entities_for_credit("AFP", gaz) == (afp["entity_id"], "Agence France-Presse")


@pytest.mark.parametrize(
    ("credit", "name"),
    [
        ("AFP", "Agence France-Presse"),
        ("Reuters", "Reuters"),
        ("EPA", "European Pressphoto Agency"),
        ("John Smith / AFP", "Agence France-Presse"),
        ("FAYEZ NURELDINE / AFP", "Agence France-Presse"),
        ("AFP/Getty Images", "Agence France-Presse"),
        ("(Reuters)", "Reuters"),
    ],
)
def test_credit_mapping(gaz: Gazetteer, credit: str, name: str) -> None:
    assert agency_entities_for_credit(credit, gaz) == (entity_id("agency", name), name)


def test_unknown_credit(gaz: Gazetteer) -> None:
    assert agency_entities_for_credit("Jane Doe", gaz) is None
    assert agency_entities_for_credit("", gaz) is None


def test_dim_entity_rows(gaz: Gazetteer) -> None:
    out = _mentions(
        gaz, "The UN and the United Nations agencies met NATO.", "NATO allies met, Reuters reported."
    )
    dim = entities_from_mentions(out)
    assert dim.columns == ["entity_id", "entity_type", "name", "acronym", "role", "country_code"]
    assert dim.height == dim["entity_id"].n_unique()
    un = dim.filter(pl.col("name") == "United Nations").row(0, named=True)
    assert un["acronym"] == "UN" and un["entity_type"] == "organization"
    assert out.filter(pl.col("name") == "United Nations").height == 2
    assert out["mention_id"].n_unique() == out.height
    assert out["mention_id"][0] == f"{out['article_id'][0]}:{out['char_start'][0]}:{out['char_end'][0]}"


def test_caption_credits_become_the_same_agency_entities_as_body_mentions(gaz: Gazetteer) -> None:
    from flows.transform.agencies import caption_agencies

    captions = pl.DataFrame(
        {
            "caption_id": ["c1", "c2", "c3", "c4"],
            "credit": ["FAYEZ NURELDINE / AFP", "AFP/Getty Images", "Jane Doe / Harbour Photo", None],
            "agency": ["AFP", "Getty Images", "Harbour Photo", None],
        }
    )
    out, entities = caption_agencies(captions, gaz)
    afp = entity_id("agency", "Agence France-Presse")
    assert out.get_column("agency_entity_id").to_list() == [
        afp,
        afp,
        entity_id("agency", "Harbour Photo"),
        None,
    ]
    by_id = {r["entity_id"]: r for r in entities.iter_rows(named=True)}
    assert by_id[afp]["acronym"] == "AFP" and by_id[afp]["country_code"] == "FRA"
    assert by_id[entity_id("agency", "Harbour Photo")]["name"] == "Harbour Photo"  # unknown: kept as written


def test_shared_acronym_reading_does_not_depend_on_the_batch(gaz: Gazetteer) -> None:
    # Two organizations share `BIS`. When the context accepts both readings the first name
    # alphabetically is taken, and the pick must not change with the batch size or the number of
    # threads (an unordered tie once made it vary from run to run).
    body = "The BIS said on Monday that it would publish its review in March."
    articles = articles_of(*([body] * 4000))
    picks = set()
    for threads in (1, 2):
        out = extract_mentions(articles, split_sentences(articles), gaz, threads=threads)
        picks |= set(out.filter(pl.col("surface") == "BIS")["name"].to_list())
    assert picks == {"Bank for International Settlements"}


def test_a_defined_name_that_is_also_a_country_keeps_one_reading(gaz: Gazetteer) -> None:
    # "(US)" defines an organization the text calls "United States"; each span is still one mention
    out = _mentions(gaz, "Officials of the United States (US) met US envoys.")
    assert out.select("surface", "entity_type").rows() == [
        ("United States", "country"),
        ("US", "country"),
        ("US", "country"),
    ]


def test_a_definition_wins_over_a_news_agency_short_form(gaz: Gazetteer) -> None:
    body = (
        "The U.S. Environmental Protection Agency (EPA) proposed new rules. EPA Administrator Lee "
        "Zeldin said the agency would act quickly. A European Pressphoto Agency photographer was hurt."
    )
    out = _mentions(gaz, body)
    epa = out.filter(pl.col("surface") == "EPA")
    assert set(epa["entity_type"]) == {"organization"} and epa.height == 2
    assert set(epa["name"]) == {"Environmental Protection Agency"}
    assert "European Pressphoto Agency" in set(out.filter(pl.col("entity_type") == "agency")["name"])
    zeldin = out.filter(pl.col("entity_type") == "person").row(0, named=True)
    assert (zeldin["surface"], zeldin["role"]) == ("Lee Zeldin", "Administrator")


@pytest.mark.parametrize(
    ("body", "country"),
    [
        (
            "Pakistan's Inter-Services Public Relations (ISPR) said five died. The ISPR gave no names.",
            "PAK",
        ),
        ("The Chinese Ministry of State Security (MSS) said a spy was caught. The MSS named no one.", "CHN"),
        (
            "The U.S. Cybersecurity and Infrastructure Security Agency (CISA) warned. CISA said more.",
            "USA",
        ),
        # nothing national before it
        ("The Syrian Observatory for Human Rights (SOHR) said 12 were killed. SOHR counted more.", None),
    ],
)
def test_a_defined_organization_takes_the_country_that_owns_it(
    gaz: Gazetteer, body: str, country: str | None
) -> None:
    orgs = _mentions(gaz, body).filter(pl.col("entity_type") == "organization")
    assert orgs.height == 3
    assert orgs["country_code"].to_list() == [country] * 3


@pytest.mark.parametrize(
    ("body", "surface", "name", "country"),
    [
        ("The Washington Post reported the plan.", "The Washington Post", "The Washington Post", "USA"),
        ("He told the South China Morning Post it was false.", "South China Morning Post", None, "HKG"),
        ("The Times of Israel said the talks had stalled.", "The Times of Israel", None, "ISR"),
        ("Officials spoke to Al Jazeera on Monday.", "Al Jazeera", None, "QAT"),
        ("Le Monde and Der Spiegel published the leak.", "Der Spiegel", None, "DEU"),
        ("The minister told the BBC that aid would follow.", "BBC", "BBC", "GBR"),
        ("A spokesman said on CNN that the deal was close.", "CNN", "CNN", "USA"),
        ("The ECB kept rates unchanged, the FT reported.", "FT", "Financial Times", "GBR"),
    ],
)
def test_news_outlets_are_sources_and_shadow_the_places_in_their_names(
    gaz: Gazetteer, body: str, surface: str, name: str | None, country: str
) -> None:
    out = _mentions(gaz, body)
    row = out.filter(pl.col("surface") == surface).row(0, named=True)
    assert row["entity_type"] == "agency" and row["country_code"] == country
    if name:
        assert row["name"] == name
    # the place inside the outlet's name is not a country mention of its own
    assert out.filter(pl.col("entity_type") == "country").height == 0


def test_a_short_outlet_form_that_doubles_as_something_else_needs_source_context(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "Lawmakers RT the message. The FT index fell.")
    assert out.filter(pl.col("entity_type") == "agency").height == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a short form right after what the outlet is
        (
            "The decree was read on state television RTB, and public radio RFI carried it.",
            [("RTB", "Radiodiffusion Télévision du Burkina"), ("RFI", "Radio France Internationale")],
        ),
        (
            "Two soldiers died, the broadcaster ORTM said, citing SUNA.",
            [("ORTM", "Office de Radiodiffusion Télévision du Mali"), ("SUNA", "Sudan News Agency")],
        ),
        # a wire named in full, and a province that shares an outlet's name
        (
            "Jeune Afrique and Radio Okapi reported the clashes.",
            [("Jeune Afrique", "Jeune Afrique"), ("Radio Okapi", "Radio Okapi")],
        ),
        ("The storm flooded Granma province.", []),
    ],
)
def test_state_media_of_africa_and_latin_america(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    assert [(s, n) for s, n, _ in _of_type(_mentions(gaz, body), "agency")] == expected


def test_national_bodies_of_sudan_brazil_and_iraq(gaz: Gazetteer) -> None:
    body = (
        "The Supreme Federal Court (STF) ruled after the Sovereignty Council met, and Iraq's "
        "Independent High Electoral Commission certified the Coordination Framework's seats. "
        "Ecuador's National Electoral Council disagreed."
    )
    out = _mentions(gaz, body).filter(pl.col("entity_type") == "organization")
    assert out.select("surface", "name", "country_code").rows() == [
        ("Supreme Federal Court", "Supreme Federal Court", "BRA"),
        ("STF", "Supreme Federal Court", "BRA"),
        ("Sovereignty Council", "Sovereignty Council", "SDN"),
        ("Independent High Electoral Commission", "Independent High Electoral Commission", "IRQ"),
        ("Coordination Framework", "Coordination Framework", "IRQ"),
        ("National Electoral Council", "National Electoral Council (Ecuador)", "ECU"),
    ]


def test_parties_and_armed_groups_named_after_countries_or_words(gaz: Gazetteer) -> None:
    body = (
        "Her Liberal Democratic Party struck a deal with the Japan Innovation Party. "
        "Fano militias clashed with the army."
    )
    orgs = _of_type(_mentions(gaz, body), "organization")
    assert [o[0] for o in orgs] == ["Liberal Democratic Party", "Japan Innovation Party", "Fano"]
    assert _of_type(_mentions(gaz, "Fano is a town in Italy."), "organization") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Britain's opposition accused Labour of raising taxes.", ["Labour Party"]),
        ("In Spain, Vox gained seats in the regional vote.", ["Vox"]),
        # no home country named, a capitalised word after it, a name before it
        ("Critics accused Labour of raising taxes.", []),
        ("Labour Day is a public holiday in Britain.", []),
        ("Jamie Vox, who was born in Spain, sang.", []),
    ],
)
def test_a_one_word_party_name_counts_where_its_country_is_named(
    gaz: Gazetteer, body: str, expected: list[str]
) -> None:
    assert [o[1] for o in _of_type(_mentions(gaz, body), "organization")] == expected


def test_an_outlet_name_inside_a_longer_name_and_outlets_named_with_what_they_are(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "The Guardian Council approved the list. The FT newspaper and CBS reported it.")
    assert out.select("entity_type", "name").rows() == [
        ("organization", "Guardian Council"),
        ("agency", "Financial Times"),
        ("agency", "CBS News"),
    ]


def test_a_known_organizations_acronym_defined_by_the_text(gaz: Gazetteer) -> None:
    body = "Its rival, the Japan Innovation Party (JIP), grew. The JIP said so."
    orgs = [(s, n) for s, n, _ in _of_type(_mentions(gaz, body), "organization")]
    assert (
        orgs
        == [("Japan Innovation Party", "Japan Innovation Party")] + [("JIP", "Japan Innovation Party")] * 2
    )


def test_a_partys_generic_name_needs_its_country_in_the_article(gaz: Gazetteer) -> None:
    found = _of_type(_mentions(gaz, "Austria's Social Democrats won in Vienna."), "organization")
    assert [(s, n) for s, n, _ in found] == [("Social Democrats", "Social Democratic Party of Austria")]
    # "the" or "said" does not make a shared name one party's
    assert _of_type(_mentions(gaz, "The Social Democrats said they would win."), "organization") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a name that a listed party shares with other countries' parties: the one whose country the
        # article names
        (
            "Seoul's ruling Democratic Party pushed the bill through. South Korea's won fell.",
            ["Democratic Party of Korea"],
        ),
        (
            "In Rome, the center-left Democratic Party chose a leader, Italian media said.",
            ["Democratic Party (Italy)"],
        ),
        ("The Democratic Party picked its nominee in Ohio.", ["Democratic Party"]),
        # "the Socialists": France's, Spain's or Portugal's, where the article names the country
        (
            "Macron's allies courted the Socialists before the French budget vote.",
            ["Socialist Party (France)"],
        ),
        (
            "Lisbon's Socialists lost, and Portugal's president called an election.",
            ["Socialist Party (Portugal)"],
        ),
        ("The Socialists won the vote, officials said.", []),
        # the parties of Labour, Labor and the Conservatives beyond Britain's
        ("Norway's Labour Party formed a minority government.", ["Labour Party (Norway)"]),
        ("In Australia the Labor Party kept its majority in the Senate.", ["Australian Labor Party"]),
        ("Canada's Conservative Party picked a new leader.", ["Conservative Party of Canada"]),
        # a party name many countries share is another country's own where that country owns it
        ("Albania's Democratic Party boycotted the vote.", ["Democratic Party (Albania)"]),
        (
            "Ireland's Labour Party and Armenia's Republican Party met.",
            ["Labour Party (Ireland)", "Republican Party (Armenia)"],
        ),
        ("The Conservative Party chose a leader in London.", ["Conservative Party"]),
        # a Workers' Party is Brazil's or North Korea's where the article names that country
        ("Pyongyang marked the anniversary of the ruling Workers' Party.", ["Workers' Party of Korea"]),
        ("Brazil's Workers' Party would nominate Lula again.", ["Workers' Party (Brazil)"]),
        ("The Workers' Party won two seats, officials said.", []),
        # a Social Democratic Party is its owner's: the listed one, else one named after the owner;
        # alone it is no party, and the US Democratic Party is not inside it
        ("Finland's Social Democratic Party joined the talks.", ["Social Democratic Party of Finland"]),
        ("Slovenia's Social Democratic Party left the coalition.", ["Social Democratic Party (Slovenia)"]),
        ("The Social Democratic Party left the coalition, officials said.", []),
        # an acronym two listed bodies share: the one whose country is named
        ("RSF fighters shelled a market in Darfur, Sudan.", ["Rapid Support Forces"]),
        ("The BIS tightened U.S. export rules on chips.", ["Bureau of Industry and Security"]),
    ],
)
def test_a_shared_name_is_the_body_of_the_country_the_article_names(
    gaz: Gazetteer, body: str, expected: list[str]
) -> None:
    assert [n for _, n, _ in _of_type(_mentions(gaz, body), "organization")] == expected


def test_another_countrys_body_with_a_shared_name_is_not_this_one(gaz: Gazetteer) -> None:
    body = "Kenya's Foreign Office protested, and the Canadian National Security Council met."
    assert _of_type(_mentions(gaz, body), "organization") == []
    body = "Britain's Foreign Office protested."
    assert [n for _, n, _ in _of_type(_mentions(gaz, body), "organization")] == [
        "Foreign, Commonwealth and Development Office"
    ]
    # parties too: neither is the US Democratic Party but their owner's, and the leader is not given
    # the US
    body = "Moldova's Democratic Party and the Mongolian Democratic Party leader Tsend Munkh-Orgil met."
    found = _mentions(gaz, body)
    assert [n for _, n, _ in _of_type(found, "organization")] == [
        "Democratic Party (Moldova)",
        "Democratic Party (Mongolia)",
    ]
    assert "USA" not in found["country_code"].to_list()


def test_central_banks_and_companies_keep_the_country_in_their_names(gaz: Gazetteer) -> None:
    body = (
        "The Bank of Korea cut rates after Bank Indonesia held, and the South African Reserve Bank "
        "warned. Samsung and TotalEnergies shares fell while Euroclear held the assets."
    )
    out = _mentions(gaz, body)
    assert out.filter(pl.col("entity_type") == "country").height == 0
    assert [(s, n) for s, n, _ in _of_type(out, "organization")] == [
        ("Bank of Korea", "Bank of Korea"),
        ("Bank Indonesia", "Bank Indonesia"),
        ("South African Reserve Bank", "South African Reserve Bank"),
        ("Samsung", "Samsung Electronics"),
        ("TotalEnergies", "TotalEnergies"),
        ("Euroclear", "Euroclear"),
    ]


def test_a_legislature_is_a_body_of_its_state_not_the_state(gaz: Gazetteer) -> None:
    body = "The Knesset passed the bill, the Bundestag debated it and the Duma condemned it."
    out = _mentions(gaz, body)
    assert [
        (r["surface"], r["entity_type"], r["name"], r["country_code"]) for r in out.iter_rows(named=True)
    ] == [
        ("Knesset", "organization", "Knesset", "ISR"),
        ("Bundestag", "organization", "Bundestag", "DEU"),
        ("Duma", "organization", "State Duma", "RUS"),
    ]


def test_a_bodys_short_name_needs_context(gaz: Gazetteer) -> None:
    body = "Diplomats said the Security Council would vote on Friday."
    assert [n for _, n, _ in _of_type(_mentions(gaz, body), "organization")] == [
        "United Nations Security Council"
    ]
    # no article, no other name of the council: it could be any state's
    assert _of_type(_mentions(gaz, "Moscow's Security Council met in private."), "organization") == []


def _organizations(gaz: Gazetteer, body: str) -> list[tuple[str, str, str]]:
    """(surface, name, country) of the organizations named in `body`, in order."""
    out = _mentions(gaz, body).filter(pl.col("entity_type") == "organization")
    return [(r["surface"], r["name"], r["country_code"]) for r in out.iter_rows(named=True)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Norway's Foreign Ministry summoned the envoy and the Turkish Interior Ministry replied.",
            [
                ("Foreign Ministry", "Foreign Ministry (Norway)", "NOR"),
                ("Interior Ministry", "Interior Ministry (Türkiye)", "TUR"),
            ],
        ),
        (
            "The Constitutional Court of Peru annulled the decree; Uganda’s health ministry disagreed.",
            [
                ("Constitutional Court", "Constitutional Court (Peru)", "PER"),
                ("health ministry", "Health Ministry (Uganda)", "UGA"),
            ],
        ),
        # the owner's own listed body, where the file names one
        (
            "Lawyers appealed to America's Supreme Court.",
            [("Supreme Court", "Supreme Court of the United States", "USA")],
        ),
        # a party: the owner's listed one, else one of its own
        (
            "Cuba's Communist Party and the Chilean Socialist Party sent delegates.",
            [
                ("Communist Party", "Communist Party of Cuba", "CUB"),
                ("Socialist Party", "Socialist Party (Chile)", "CHL"),
            ],
        ),
        # "in" and the capital, as a place, after it; before a dateline's country
        (
            "ROME (AP) — The Interior Ministry in Ankara said the Supreme Court in Ottawa ruled.",
            [
                ("Interior Ministry", "Interior Ministry (Türkiye)", "TUR"),
                ("Supreme Court", "Supreme Court (Canada)", "CAN"),
            ],
        ),
        # the bare apostrophe of a name ending in s
        (
            "Belarus' foreign ministry and the Bahamas’ Supreme Court disagreed.",
            [
                ("foreign ministry", "Foreign Ministry (Belarus)", "BLR"),
                ("Supreme Court", "Supreme Court (Bahamas)", "BHS"),
            ],
        ),
        # whose it is goes unsaid, or the name means another body for that owner
        ("The Foreign Ministry said the Supreme Court would rule.", []),
        ("In Delhi, India's Congress called a strike.", []),
    ],
)
def test_a_states_institution_is_an_organization_where_the_text_says_whose(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _organizations(gaz, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a state's forces: the owner's listed body where the file names one, else one of its own
        (
            "Kenya's army said it had repelled the raid, and the Bolivian navy was put on alert.",
            [
                ("army", "Kenya Defence Forces", "KEN"),
                ("navy", "Navy (Bolivia)", "BOL"),
            ],
        ),
        (
            "The Lebanese military, Peru's air force and the Japanese coast guard joined the search.",
            [
                ("military", "Lebanese Armed Forces", "LBN"),
                ("air force", "Air Force (Peru)", "PER"),
                ("coast guard", "Japan Coast Guard", "JPN"),
            ],
        ),
        # forces named with their country, as one name
        (
            "The Pakistan Navy and the Indian Army held drills.",
            [("Pakistan Navy", "Pakistan Navy", "PAK"), ("Indian Army", "Indian Army", "IND")],
        ),
        # the lower-case word modifying another noun names no body
        ("Chilean military aircraft and Polish army trucks crossed the bridge.", []),
        ("Thailand's military-backed party and the Greek navy base were named.", []),
        # a verb or punctuation after it; not a post ("military chief")
        (
            "The Nigerian army has denied it, Ghana's military chief said, citing the Egyptian army.",
            [("army", "Nigerian Army", "NGA"), ("army", "Army (Egypt)", "EGY")],
        ),
    ],
)
def test_a_states_armed_forces_named_generically(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _organizations(gaz, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the name alone, where the article says whose it is elsewhere
        (
            "Chile's Senate passed the bill. The Senate will vote again in May.",
            [("Senate", "Senate (Chile)", "CHL"), ("Senate", "Senate (Chile)", "CHL")],
        ),
        # only after it: before its owner is named, the name alone is nobody's yet
        (
            "Gunmen attacked a convoy, the Constitutional Court said. Kenya's Constitutional Court ruled.",
            [("Constitutional Court", "Constitutional Court (Kenya)", "KEN")],
        ),
        # two owners in the article, or an owner for whom the name is something else: none
        (
            "Egypt's Interior Ministry and Jordan's Interior Ministry met. The Interior Ministry said no.",
            [
                ("Interior Ministry", "Interior Ministry (Egypt)", "EGY"),
                ("Interior Ministry", "Interior Ministry (Jordan)", "JOR"),
            ],
        ),
        ("India's Congress called a strike. Congress leaders marched.", []),
    ],
)
def test_a_states_institution_named_alone_after_its_owner_is_named(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _organizations(gaz, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the country of a wire dateline: its capital, or the country written after the city
        (
            "HANOI (AP) — The Foreign Ministry said the ship had left.",
            [("Foreign Ministry", "Foreign Ministry (Vietnam)", "VNM")],
        ),
        (
            "KHARTOUM, Sudan, March 3 (Reuters) - The Constitutional Court met on Sunday.",
            [("Constitutional Court", "Constitutional Court (Sudan)", "SDN")],
        ),
        (
            "OTTAWA: The Senate passed the bill.",
            [("Senate", "Senate (Canada)", "CAN")],
        ),
        # the dateline before an owner named later in the body
        (
            "MADRID (AP) — The Interior Ministry said Spain had told Morocco's Interior Ministry.",
            [
                ("Interior Ministry", "Interior Ministry (Spain)", "ESP"),
                ("Interior Ministry", "Interior Ministry (Morocco)", "MAR"),
            ],
        ),
        # a story filed from one capital about another country
        (
            "CAIRO (AP) — Sudan's army shelled the city, the Health Ministry said.",
            [("army", "Sudanese Armed Forces", "SDN")],
        ),
        # a city that is no capital, a capital that stands for an organization, no dateline at all
        ("HOUSTON, Texas (AP) — The Supreme Court ruled.", []),
        ("BRUSSELS (Reuters) - The Foreign Ministry said no.", []),
        ("The Foreign Ministry said HANOI (AP) would reply.", []),
    ],
)
def test_a_states_institution_named_alone_under_a_dateline(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _organizations(gaz, body) == expected


def test_an_organization_is_named_in_british_and_american_spelling_alike(gaz: Gazetteer) -> None:
    body = (
        "Peacekeepers of the United Nations Multidimensional Integrated Stabilisation Mission in Mali "
        "left Gao, the Organization for Economic Co-operation and Development said."
    )
    mission = "United Nations Multidimensional Integrated Stabilization Mission in Mali"
    assert [o[1] for o in _organizations(gaz, body)] == [
        mission,
        "Organisation for Economic Co-operation and Development",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # security services whose names many states share: the owner's, never Britain's MI5
        (
            "Kyrgyzstan's State Security Service and the Armenian National Security Service traded data.",
            [
                ("State Security Service", "State Security Service (Kyrgyzstan)", "KGZ"),
                ("National Security Service", "National Security Service (Armenia)", "ARM"),
            ],
        ),
        (
            "TASHKENT (AP) — The State Security Committee said it had arrested two officers.",
            [("State Security Committee", "State Security Committee (Uzbekistan)", "UZB")],
        ),
        # Nigeria's is its listed Department of State Services; without an owner, nobody's
        (
            "Nigeria's State Security Service questioned the senator.",
            [("State Security Service", "Department of State Services", "NGA")],
        ),
        ("The National Security Service said the plot had been foiled.", []),
    ],
)
def test_a_states_security_service_named_generically(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _organizations(gaz, body) == expected


def test_sentences_and_mentions_in_one_pass_equal_the_two_steps(gaz: Gazetteer) -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    bodies = [a.body for path in sorted(seeds.iterdir()) for a in parse_text(path.read_text()).articles]
    articles = articles_of(*(bodies * 3))
    for threads in (1, 2):
        sentences, mentions = sentences_and_mentions(articles, gaz, threads=threads)
        assert sentences.equals(split_sentences(articles, threads=threads))
        assert mentions.equals(extract_mentions(articles, sentences, gaz, threads=threads))
        assert mentions.height > 100


def test_peoples_party_is_thailands_in_an_article_about_thailand(gaz: Gazetteer) -> None:
    thai = "Thai voters went to the polls. People's Party leader Kasem Boonmee said the party had won."
    assert _organizations(gaz, thai) == [("People's Party", "People's Party (Thailand)", "THA")]
    out = _mentions(gaz, thai).filter(pl.col("entity_type") == "person")
    assert out.select("surface", "country_code").rows() == [("Kasem Boonmee", "THA")]
    # named with Spain, or with no country, it stays the Spanish party
    spain = "Spanish voters went to the polls. The People's Party won the most seats."
    assert _organizations(gaz, spain) == [("People's Party", "People's Party", "ESP")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Al Shabaab fighters attacked a base, and the Somali National Army drove them back.",
            [("Al Shabaab", "al-Shabaab", "SOM"), ("Somali National Army", "Somali National Army", "SOM")],
        ),
        (
            "The al-Quds Brigades fired rockets at Ashkelon, and the Izz el-Deen al-Qassam Brigades "
            "claimed a raid.",
            [
                ("al-Quds Brigades", "Al-Quds Brigades", "PSE"),
                ("Izz el-Deen al-Qassam Brigades", "Izz ad-Din al-Qassam Brigades", "PSE"),
            ],
        ),
        (
            "A tanker was hit off Aden, the United Kingdom Maritime Trade Operations agency reported.",
            [("United Kingdom Maritime Trade Operations", "United Kingdom Maritime Trade Operations", "GBR")],
        ),
        (
            "Rebels of the Three Brotherhood Alliance took the town, the Sudan Doctors Network and the "
            "Stability Support Apparatus did not.",
            [
                ("Three Brotherhood Alliance", "Three Brotherhood Alliance", "MMR"),
                ("Sudan Doctors Network", "Sudan Doctors Network", "SDN"),
                ("Stability Support Apparatus", "Stability Support Apparatus", "LBY"),
            ],
        ),
        (
            "The China Securities Regulatory Commission and the State Administration of Foreign Exchange "
            "met SK Hynix, the Oil and Natural Gas Corporation and the Korea Development Institute.",
            [
                ("China Securities Regulatory Commission", "China Securities Regulatory Commission", "CHN"),
                (
                    "State Administration of Foreign Exchange",
                    "State Administration of Foreign Exchange",
                    "CHN",
                ),
                ("SK Hynix", "SK Hynix", "KOR"),
                ("Oil and Natural Gas Corporation", "Oil and Natural Gas Corporation", "IND"),
                ("Korea Development Institute", "Korea Development Institute", "KOR"),
            ],
        ),
        (
            "The Office for the Coordination of Humanitarian Affairs praised the Multinational Security "
            "Support mission.",
            [
                (
                    "Office for the Coordination of Humanitarian Affairs",
                    "United Nations Office for the Coordination of Humanitarian Affairs",
                    None,
                ),
                ("Multinational Security Support mission", "Multinational Security Support Mission", None),
            ],
        ),
    ],
)
def test_armed_groups_monitors_and_economic_bodies_of_conflict_and_trade_news(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert _organizations(gaz, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a country's central bank is its listed bank, or "Central Bank (<country>)"
        (
            "Nigeria's central bank raised rates, the Japanese central bank did not, and Chile's "
            "Central Bank and Peru's central bank held them.",
            [
                ("central bank", "Central Bank of Nigeria", "NGA"),
                ("central bank", "Bank of Japan", "JPN"),
                ("Central Bank", "Central Bank of Chile", "CHL"),
                ("central bank", "Central Bank (Peru)", "PER"),
            ],
        ),
        # alone, after the article has named it with its owner
        (
            "Egypt's central bank cut rates on Thursday. The central bank said inflation had eased.",
            [
                ("central bank", "Central Bank of Egypt", "EGY"),
                ("central bank", "Central Bank of Egypt", "EGY"),
            ],
        ),
        # a post, not the bank; another possessor; no dateline's country
        ("Kenya's central bank governor spoke.", []),
        (
            "Russia's central bank met. The euro zone's central bank held rates.",
            [("central bank", "Central Bank of Russia", "RUS")],
        ),
        (
            "LONDON (Reuters) - The European Central Bank cut rates, and the central bank's chief spoke.",
            [("European Central Bank", "European Central Bank", None)],
        ),
    ],
)
def test_a_countrys_central_bank_named_generically(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert _organizations(gaz, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a name several countries' parties share is the party of the country the article names
        (
            "Chile's far-right Republican Party gained ground in Valparaiso.",
            [("Republican Party", "Republican Party (Chile)", "CHL")],
        ),
        (
            "In Malawi, the Democratic Progressive Party claimed victory.",
            [("Democratic Progressive Party", "Democratic Progressive Party (Malawi)", "MWI")],
        ),
        (
            "Portugal's Democratic Alliance kept its lead in Porto.",
            [("Democratic Alliance", "Democratic Alliance (Portugal)", "PRT")],
        ),
        # a longer party name is not the US party inside it
        (
            "Bolivia's Christian Democratic Party picked a senator.",
            [("Christian Democratic Party", "Christian Democratic Party (Bolivia)", "BOL")],
        ),
        (
            "The Democratic Party of Ivory Coast boycotted the count.",
            [("Democratic Party of Ivory Coast", "Democratic Party of Côte d'Ivoire", "CIV")],
        ),
        # parties and election bodies the reference lacked
        (
            "D66 and Chega gained while the Malawi Congress Party and Elections Canada spoke.",
            [
                ("D66", "Democrats 66", "NLD"),
                ("Chega", "Chega", "PRT"),
                ("Malawi Congress Party", "Malawi Congress Party", "MWI"),
                ("Elections Canada", "Elections Canada", "CAN"),
            ],
        ),
        # the shared names stay with their own country's party elsewhere
        ("The Republican Party in Washington met.", [("Republican Party", "Republican Party", "USA")]),
        (
            "Taiwan's Democratic Progressive Party lost seats.",
            [("Democratic Progressive Party", "Democratic Progressive Party", "TWN")],
        ),
    ],
)
def test_election_parties_of_several_regions(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert _organizations(gaz, body) == expected


def test_election_observers_named_by_acronym(gaz: Gazetteer) -> None:
    # the OSCE's election office by its acronym alone, with or without the OSCE before it
    assert _organizations(gaz, "Monitors from OSCE/ODIHR and the Carter Center watched the count.") == [
        ("OSCE", "Organization for Security and Co-operation in Europe", None),
        ("ODIHR", "Office for Democratic Institutions and Human Rights", None),
        ("Carter Center", "Carter Center", None),
    ]


def test_spellings_of_war_copy_and_a_shared_government_name(gaz: Gazetteer) -> None:
    body = (
        "The Huthis fired drones as fighters of the Group for the Support of Islam and Muslims "
        "attacked a convoy, and Kenya's Government of National Unity met."
    )
    assert _organizations(gaz, body) == [
        ("Huthis", "Houthis", "YEM"),
        ("Group for the Support of Islam and Muslims", "Jama'at Nusrat al-Islam wal-Muslimin", "MLI"),
        ("Government of National Unity", "Government of National Unity (Kenya)", "KEN"),
    ]


def test_a_long_alias_of_a_row_flagged_for_its_acronym_needs_no_context(gaz: Gazetteer) -> None:
    body = "Immigration and Customs Enforcement (ICE) agents detained 40 workers; ICE said more would follow."
    assert _organizations(gaz, body) == [
        ("Immigration and Customs Enforcement", "U.S. Immigration and Customs Enforcement", "USA"),
        ("ICE", "U.S. Immigration and Customs Enforcement", "USA"),
        ("ICE", "U.S. Immigration and Customs Enforcement", "USA"),
    ]


def test_new_caledonias_independence_front_by_its_acronym(gaz: Gazetteer) -> None:
    body = "The pro-independence FLNKS rejected the accord signed in Paris."
    assert _organizations(gaz, body) == [("FLNKS", "Kanak and Socialist National Liberation Front", "NCL")]


def test_companies_of_sanctions_and_trade_news(gaz: Gazetteer) -> None:
    body = "Regulators named SMIC, Sberbank and U.S. Steel, while Maersk rerouted its ships."
    assert _organizations(gaz, body) == [
        ("SMIC", "Semiconductor Manufacturing International Corporation", "CHN"),
        ("Sberbank", "Sberbank", "RUS"),
        ("U.S. Steel", "United States Steel", "USA"),
        ("Maersk", "A.P. Moller-Maersk", "DNK"),
    ]


def test_the_league_is_italys_lega_only_in_an_article_about_italy(gaz: Gazetteer) -> None:
    assert _organizations(gaz, "League leader Marco Ferri spoke in Rome, Italy.") == [
        ("League", "Lega", "ITA")
    ]
    assert _organizations(gaz, "League leader Marco Ferri spoke.") == []
    assert _organizations(gaz, "The League of Nations failed, and Italy left it.") == [
        ("League of Nations", "League of Nations", None)
    ]


def test_a_countrys_possessive_before_a_short_agency_form_is_its_owner_not_a_first_name(
    gaz: Gazetteer,
) -> None:
    body = "The talks ended, North Korea's KCNA said, and Qatar's QNA reported the call."
    out = _mentions(gaz, body).filter(pl.col("entity_type") == "agency")
    assert out["name"].to_list() == ["Korean Central News Agency", "Qatar News Agency"]


def test_ukraines_main_intelligence_directorate_and_the_azov_brigade(gaz: Gazetteer) -> None:
    body = "Ukraine's Main Intelligence Directorate and the Azov Brigade hit a depot; Russia's GRU denied it."
    assert _organizations(gaz, body) == [
        ("Main Intelligence Directorate", "Defence Intelligence of Ukraine", "UKR"),
        ("Azov Brigade", "Azov Brigade", "UKR"),
        ("GRU", "Main Intelligence Directorate", "RUS"),
    ]


def test_diplomatic_forums_and_bodies(gaz: Gazetteer) -> None:
    body = (
        "The AU Peace and Security Council, the Union for the Mediterranean (UfM), the CPLP and "
        "La Francophonie condemned the coup, and the Council of the Baltic Sea States met as "
        "Turkey's Directorate of Communications denied the claim."
    )
    assert _organizations(gaz, body) == [
        ("AU Peace and Security Council", "African Union Peace and Security Council", None),
        ("Union for the Mediterranean", "Union for the Mediterranean", None),
        ("UfM", "Union for the Mediterranean", None),
        ("CPLP", "Community of Portuguese Language Countries", None),
        ("La Francophonie", "International Organisation of La Francophonie", None),
        ("Council of the Baltic Sea States", "Council of the Baltic Sea States", None),
        ("Directorate of Communications", "Directorate of Communications", "TUR"),
    ]


def test_a_countrys_own_wire_reports_its_bodies_whatever_else_it_names(gaz: Gazetteer) -> None:
    body = (
        "TOKYO (Kyodo) - Japan's envoy met officials from China and South Korea on Monday, "
        "and China agreed to more talks, the foreign ministry said."
    )
    assert ("foreign ministry", "Foreign Ministry (Japan)", "JPN") in _organizations(gaz, body)
    # another wire filing from there is not the country's own: the country named most decides
    other = body.replace("Japan's envoy", "An envoy").replace("(Kyodo)", "(Reuters)")
    assert [o for o in _organizations(gaz, other) if o[0] == "foreign ministry"] == []
