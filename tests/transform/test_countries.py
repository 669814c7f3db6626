"""Country mentions and dim_country, on sentences written for these tests, with the real reference data."""

from __future__ import annotations

import pickle
from datetime import date

import duckdb
import polars as pl
import pycountry
import pytest

from flows.ids import entity_id
from flows.transform.entities import (
    Gazetteer,
    country_dimension,
)
from tests.transform.helpers import mentions_of as _mentions


def _countries(gaz: Gazetteer, body: str) -> list[tuple[str, str]]:
    """(surface, iso3) of the country mentions, in text order."""
    out = _mentions(gaz, body).filter(pl.col("entity_type") == "country")
    return [(r["surface"], r["country_code"]) for r in out.iter_rows(named=True)]


def test_longest_match_north_korea_is_not_korea(gaz: Gazetteer) -> None:
    found = _countries(gaz, "Pyongyang said North Korea and North Korean troops would stay away.")
    assert ("North Korea", "PRK") in found
    assert ("North Korean", "PRK") in found
    assert all(iso != "KOR" for _, iso in found)


def test_niger_is_not_nigeria_and_whole_words_only(gaz: Gazetteer) -> None:
    found = _countries(gaz, "Troops left Niger for Nigeria, while Nigerians and Omanis watched.")
    assert ("Niger", "NER") in found
    assert ("Nigeria", "NGA") in found
    assert ("Niger", "NGA") not in found
    assert [s for s, _ in found].count("Niger") == 1


def test_places_that_contain_a_country_block_it(gaz: Gazetteer) -> None:
    body = (
        "Patrols in the South China Sea and the Indian Ocean grew as the Indo-Pacific strategy "
        "took shape, a Native American leader noted."
    )
    found = _countries(gaz, body)
    assert not any(iso in {"CHN", "IND", "USA"} for _, iso in found)


def test_prefix_needs_a_letter_and_keeps_the_country(gaz: Gazetteer) -> None:
    found = _countries(gaz, "The Indo-US pact and Sino-Japanese ties were discussed.")
    assert ("Indo", "IND") in found
    assert ("US", "USA") in found
    assert ("Sino", "CHN") in found


def test_us_is_case_sensitive(gaz: Gazetteer) -> None:
    found = _countries(gaz, "He told us the US and U.S. officials agreed.")
    assert found == [("US", "USA"), ("U.S.", "USA")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Chad Smith, a drummer, played a show in Boston.", None),
        ("Rebels advanced in Chad on Monday.", ("Chad", "TCD")),
        ("Jordan Peterson gave a lecture on Tuesday.", None),
        ("Aid convoys crossed into Jordan overnight.", ("Jordan", "JOR")),
        ("Jordan's foreign minister flew to Cairo.", ("Jordan", "JOR")),
        ("The senator from Atlanta, Georgia, spoke first.", None),
        ("Troops were sent to Georgia after the clashes.", ("Georgia", "GEO")),
        ("Officials in Turkey and Greece met in Athens.", ("Turkey", "TUR")),
        ("Michael Jordan won six titles.", None),
    ],
)
def test_ambiguous_country_names_need_context(
    gaz: Gazetteer, body: str, expected: tuple[str, str] | None
) -> None:
    found = _countries(gaz, body)
    ambiguous = [(s, iso) for s, iso in found if s in {"Chad", "Jordan", "Georgia", "Turkey"}]
    assert ambiguous == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the article names the country by an unambiguous form too: the government speaks
        (
            "Jordan said on Sunday that it had intercepted several drones. Jordanian officials blamed Iran.",
            [("Jordan", "JOR")],
        ),
        ("Chad announced a state of emergency. The Chadian army deployed troops.", [("Chad", "TCD")]),
        # nothing else says which Jordan: neither a country nor invented
        ("Jordan said the committee would meet again on Friday.", []),
        # the article uses the form as a name: the speaker is the person
        ("Representative Jim Jordan said Jordanian officials had called. Jordan said he would travel.", []),
        ("Jordan and Egypt signed a water deal on Tuesday.", [("Jordan", "JOR")]),
    ],
)
def test_a_flagged_country_followed_by_a_speech_verb(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    found = [(s, iso) for s, iso in _countries(gaz, body) if s in {"Jordan", "Chad"}]
    assert found == expected


def test_the_speaker_in_a_name_article_is_the_person(gaz: Gazetteer) -> None:
    out = _mentions(
        gaz, "Representative Jim Jordan said Jordanian officials had called. Jordan said he would travel."
    )
    people = out.filter(pl.col("entity_type") == "person")
    assert people.select("surface", "name").rows() == [("Jim Jordan", "Jim Jordan"), ("Jordan", "Jim Jordan")]


def test_a_name_that_is_a_country_becomes_a_person(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "Chad Smith met reporters. Smith said the tour was over.")
    people = out.filter(pl.col("entity_type") == "person")
    assert set(people["surface"]) == {"Chad Smith", "Smith"}
    assert set(people["name"]) == {"Chad Smith"}


def test_demonyms_are_country_mentions(gaz: Gazetteer) -> None:
    found = _countries(gaz, "Russian, Chinese, Kazakh and Philippine envoys met Americans.")
    assert found == [
        ("Russian", "RUS"),
        ("Chinese", "CHN"),
        ("Kazakh", "KAZ"),
        ("Philippine", "PHL"),
        ("Americans", "USA"),
    ]


def test_capitals_and_seats_stand_for_governments(gaz: Gazetteer) -> None:
    found = _countries(
        gaz, "Moscow and Beijing rejected the plan, the Kremlin said, and Washington and Tehran agreed."
    )
    assert ("Moscow", "RUS") in found
    assert ("Beijing", "CHN") in found
    assert ("Kremlin", "RUS") in found
    assert ("Washington", "USA") in found
    assert ("Tehran", "IRN") in found


def test_foreign_ministries_and_palaces_named_by_their_seat(gaz: Gazetteer) -> None:
    # diplomacy copy names a foreign ministry or a presidency by its building
    body = (
        "The envoy was received at the Farnesina, then Itamaraty issued a note, and talks moved "
        "to the Union Buildings, the Casa de Nariño and the Ittihadiya Palace."
    )
    assert _countries(gaz, body) == [
        ("Farnesina", "ITA"),
        ("Itamaraty", "BRA"),
        ("Union Buildings", "ZAF"),
        ("Casa de Nariño", "COL"),
        ("Ittihadiya Palace", "EGY"),
    ]


def test_a_capital_naming_an_event_is_not_the_government(gaz: Gazetteer) -> None:
    found = _countries(gaz, "The judges at The Hague tribunal cited the Minsk talks.")
    assert not any(iso in {"NLD", "BLR"} for _, iso in found)


def test_a_capital_naming_an_event_after_a_qualifier_is_not_the_government(gaz: Gazetteer) -> None:
    body = (
        "Both sides accused each other of breaching the Nairobi peace deal and the Cairo ceasefire "
        "agreement, while the Washington peace accord held. The Astana truce collapsed."
    )
    assert _countries(gaz, body) == []
    # a qualifier before anything else leaves the state
    found = _countries(gaz, "Ankara peace efforts stalled, but Moscow trade officials were upbeat.")
    assert found == [("Ankara", "TUR"), ("Moscow", "RUS")]


def test_a_capital_after_a_preposition_of_location_is_a_place(gaz: Gazetteer) -> None:
    found = _countries(
        gaz,
        "Talks in Moscow ended without a deal, and Moscow rejected the proposal. A rally in central "
        "London drew thousands before ministers met near Paris. Envoys flew to Beijing. "
        "Officials in Kyiv welcomed the move.",
    )
    # "officials in Kyiv" are the government there, not a location
    assert found == [("Moscow", "RUS"), ("Beijing", "CHN"), ("Kyiv", "UKR")]


def test_a_capital_after_an_arrival_is_the_state_visited(gaz: Gazetteer) -> None:
    # as "flew to Beijing" is: a visit to the state, where the event coder looks for its target
    body = (
        "The envoy arrived in Moscow on Monday, and his arrival in Tehran followed. Protesters "
        "gathered in Moscow."
    )
    assert _countries(gaz, body) == [("Moscow", "RUS"), ("Tehran", "IRN")]


def test_capitals_that_start_a_name_or_name_the_city_are_not_governments(gaz: Gazetteer) -> None:
    body = (
        "The Tehran Times and the Bangkok Herald cited Moscow State University researchers. "
        "Paris Hilton flew to Rome. The Beijing Olympics were recalled by Kyiv residents, "
        "and the Paris mayor praised ties with Beijing."
    )
    assert _countries(gaz, body) == [("Rome", "ITA"), ("Beijing", "CHN")]


def test_a_country_name_that_starts_a_persons_name(gaz: Gazetteer) -> None:
    out = _mentions(
        gaz, "Israel Adesanya said he would fight in Perth, while Kenya Moore never visited Kenya."
    )
    countries = out.filter(pl.col("entity_type") == "country").select("surface", "char_start").rows()
    assert countries == [("Kenya", 78)]
    assert "Israel Adesanya" in set(out.filter(pl.col("entity_type") == "person")["name"])
    # a title, an institution or a place preposition after or before it keeps the country
    found = _countries(gaz, "In Russia Putin ruled alone; US President Trump and Peru Army officials met.")
    assert found == [("Russia", "RUS"), ("US", "USA"), ("Peru", "PER")]


def test_us_state_uses_of_georgia(gaz: Gazetteer) -> None:
    found = _countries(gaz, "The state of Georgia and Georgia Republicans watched Tbilisi.")
    assert found == [("Tbilisi", "GEO")]


def test_a_state_named_as_one_is_the_state_throughout_the_article(gaz: Gazetteer) -> None:
    body = (
        "Voters in Georgia will head to the polls in November. Georgia Gov. Brian Kemp cannot run "
        "again, and a judge in Georgia ruled that the count could go ahead."
    )
    assert _countries(gaz, body) == []
    assert _countries(gaz, "The rally in Atlanta, Georgia, drew thousands; voters in Georgia cheered.") == []
    assert _countries(gaz, "A Georgia Republican backed the bill. Voters in Georgia cheered.") == []
    # unless the article names the country by a form of its own
    body = "Brian Kemp, Georgia's governor, flew to Tbilisi, where protesters in Georgia greeted him."
    assert [found for found in _countries(gaz, body) if found[0] == "Georgia"] == [("Georgia", "GEO")]


@pytest.mark.parametrize(
    "body",
    [
        "Georgia's governor Brian Kemp signed the bill on Thursday.",
        "Georgia Governor Brian Kemp is term-limited.",
        "The former president campaigned in Atlanta, Georgia, last week.",
        "Senator Raphael Warnock of Georgia told reporters the vote was a disgrace.",
        "Sen. Jon Ossoff, a Democrat from Georgia, voted against it.",
        "Georgia Democrats and Georgia's legislature disagreed.",
        "Washington Governor Bob Ferguson said the state of Washington would sue.",
    ],
)
def test_a_us_state_context_is_not_the_country(gaz: Gazetteer, body: str) -> None:
    assert _countries(gaz, body) == []


def test_the_country_georgia_keeps_its_own_context(gaz: Gazetteer) -> None:
    body = "Georgia's President Mikheil Kavelashvili said the troops would stay in Georgia."
    assert _countries(gaz, body) == [("Georgia", "GEO"), ("Georgia", "GEO")]
    # the state in one sentence does not make the form a name in the whole article
    body = "Kemp campaigned in Atlanta, Georgia. In Tbilisi, Georgia's President Mikheil Kavelashvili spoke."
    assert _countries(gaz, body) == [("Georgia", "GEO")]
    assert _mentions(gaz, body).filter(pl.col("surface") == "Georgia")["char_start"].to_list() == [49]
    out = _mentions(gaz, "Georgia's governor Brian Kemp signed it.")
    assert out.filter(pl.col("surface") == "Brian Kemp")["country_code"].to_list() == [None]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The cleric ruled out any negotiations with Washington.", [("Washington", "USA")]),
        ("Lawmakers urged closer ties with Chad.", [("Chad", "TCD")]),
        # a name after "with" stays a name
        ("Fans sought talks with Chad Hartley.", []),
    ],
)
def test_a_flagged_form_after_a_noun_of_relations_and_with_is_the_partner_state(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    assert _countries(gaz, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("TBILISI, Georgia (AP) — Riot police cleared the avenue overnight.", [("Georgia", "GEO")]),
        ("AMMAN, Jordan, May 4 (Reuters) - The cabinet resigned.", [("Jordan", "JOR")]),
        ("Aid convoys arrived in N'Djamena, Chad, by road on Friday.", [("Chad", "TCD")]),
        # another city before the comma is still a US state or a name
        ("SAVANNAH, Georgia (AP) — Riot police cleared the avenue overnight.", []),
    ],
)
def test_a_flagged_country_after_its_own_capital_is_the_country(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    assert _countries(gaz, body) == expected


def test_washington_the_person_is_not_the_country(gaz: Gazetteer) -> None:
    found = _countries(gaz, "George Washington crossed the river.")
    assert found == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Washington called the move illegal.", [("Washington", "USA")]),
        ("Washington has called for restraint on both sides.", [("Washington", "USA")]),
        ("Washington would respond firmly, the envoy said.", [("Washington", "USA")]),
        ("Washington imposes new tariffs on steel.", [("Washington", "USA")]),
        (
            "Moscow rejected the claim. Beijing warned against interference.",
            [("Moscow", "RUS"), ("Beijing", "CHN")],
        ),
        # a newspaper, a place, a person, a state and a noun after the capital
        ("The Washington Post called the move illegal.", []),
        ("Officials met in Washington on Monday.", []),
        ("George Washington called his officers together.", []),
        ("Washington state passed the law.", []),
        ("The Washington claim was rejected.", []),
        # a person: named in full in the article, or a capital that is also a given name
        ("Denzel Washington said the film was his last. Washington added that he would direct.", []),
        ("Sofia said she would travel.", []),
        # irregular past forms and participles (irregular_verbs.csv)
        ("Washington sent a letter threatening new duties.", [("Washington", "USA")]),
        ("Washington has taken steps to respond.", [("Washington", "USA")]),
        ("Washington struck a deal with the rebels.", [("Washington", "USA")]),
        # a capital that is a city elsewhere or a surname needs its country named in the article
        ("Kingston struck a deal with the union.", []),
        ("Jamaica's leader spoke. Kingston had requested aid.", [("Jamaica", "JAM"), ("Kingston", "JAM")]),
    ],
)
def test_a_capital_that_speaks_or_acts_is_its_government(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    assert _countries(gaz, body) == expected


def test_a_flagged_country_acting_in_an_article_that_names_it_otherwise(gaz: Gazetteer) -> None:
    body = "Turkish drones were seen over the border. Turkey has deployed more troops to the region."
    assert ("Turkey", "TUR") in _countries(gaz, body)
    # with nothing else naming the country, an action verb is not enough for a form that is a name
    assert _countries(gaz, "Jordan called his coach on Friday.") == []


def test_a_flagged_country_acting_after_an_auxiliary_and_an_adverb(gaz: Gazetteer) -> None:
    body = "Ankara hosted the envoys. Turkey has long opposed the plan, and Jordan has repeatedly said no."
    assert _countries(gaz, body) == [("Ankara", "TUR"), ("Turkey", "TUR")]
    # Jordan is named by no other form: a person, perhaps
    body = "Amman hosted the envoys. Jordan has repeatedly said no."
    assert _countries(gaz, body) == [("Amman", "JOR"), ("Jordan", "JOR")]


def test_a_capital_as_a_place_is_not_a_surname(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "George Washington was quoted. Officials met in Washington on Monday.")
    assert out.select("entity_type", "surface").rows() == [("person", "George Washington")]


def test_taiwan_and_palestinian_territories(gaz: Gazetteer) -> None:
    found = _countries(gaz, "Taiwan sent aid to Gaza and the West Bank.")
    assert found == [("Taiwan", "TWN"), ("Gaza", "PSE"), ("West Bank", "PSE")]


def test_country_entities_use_the_iso3_id(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "France and Germany signed.")
    row = out.filter(pl.col("surface") == "France").row(0, named=True)
    assert row["entity_id"] == entity_id("country", "FRA")
    assert row["country_code"] == "FRA" and row["role"] is None and row["acronym"] is None


def test_offsets_are_characters_with_curly_quotes_and_accents(gaz: Gazetteer) -> None:
    body = (
        "“Türkiye’s envoy,” said Zoë Ångström, “met Côte d’Ivoire’s minister in São Tomé.” "
        "Then Russia’s delegation left for Kyiv — and the Kremlin’s aide for Beijing."
    )
    out = _mentions(gaz, body)
    surfaces = out["surface"].to_list()
    assert "Russia" in surfaces and "Kremlin" in surfaces and "Beijing" in surfaces
    assert out.filter(pl.col("surface").str.contains("Ivoire"))["country_code"].to_list() == ["CIV"]
    # the warehouse contract, checked with DuckDB itself
    con = duckdb.connect()
    con.register("m", out.with_columns(body=pl.lit(body)).to_arrow())
    bad = con.execute(
        "select count(*) from m where substring(body, char_start + 1, char_end - char_start) <> surface"
    ).fetchone()[0]
    assert bad == 0


def test_sentence_numbers(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "The U.S. envoy left. Then France spoke. Finally Japan.")
    assert out.select("surface", "sentence_no").rows() == [("U.S.", 1), ("France", 2), ("Japan", 3)]


def test_country_dimension_has_every_iso_country(gaz: Gazetteer) -> None:
    dim = country_dimension(gaz)
    assert dim["country_code"].n_unique() == dim.height == len(pycountry.countries) + 1
    assert set(dim.columns) >= {"country_code", "iso2", "name", "region", "subregion"}
    kosovo = dim.filter(pl.col("country_code") == "XKX").row(0, named=True)
    assert kosovo["iso2"] == "XK" and kosovo["name"] == "Kosovo"
    france = dim.filter(pl.col("country_code") == "FRA").row(0, named=True)
    assert france["region"] == "Europe" and france["subregion"] == "Western Europe"
    assert dim.filter(pl.col("region").is_null()).height < 5


def test_gazetteer_pickles(gaz: Gazetteer) -> None:
    clone = pickle.loads(pickle.dumps(gaz))
    assert clone.patterns == gaz.patterns
    assert _countries(clone, "Peru and Chile.") == [("Peru", "PER"), ("Chile", "CHL")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Brussels warned that tariffs would follow.", [("Brussels", "organization", "European Union")]),
        (
            "EU officials in Brussels said more could follow.",
            [("EU", "organization", "European Union"), ("Brussels", "organization", "European Union")],
        ),
        # a place, an event and a name are neither the EU nor Belgium
        ("Talks were held in Brussels on Monday.", []),
        ("The Brussels summit ended. Brussels Airlines cancelled flights.", []),
    ],
)
def test_brussels_as_a_government_is_the_european_union(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _mentions(gaz, body).select("surface", "entity_type", "name").rows() == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Georgian troops would not be sent abroad.", [("Georgian", "GEO")]),
        ("Georgian Prime Minister Irakli Kobakhidze said so.", [("Georgian", "GEO")]),
        ("Congolese soldiers fled the town.", [("Congolese", "COD")]),
        # a style, a house, a period: not a nationality
        ("He admired the Georgian architecture of Bath.", []),
        ("A Georgian mansion in Savannah was sold.", []),
    ],
)
def test_a_flagged_demonym_before_a_noun_of_the_state_is_a_nationality(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    assert _countries(gaz, body) == expected


def test_a_city_standing_for_a_government_is_a_place_after_in_and_never_a_surname(gaz: Gazetteer) -> None:
    body = "Security forces cracked down on protesters in Dar es Salaam. Israelis rallied in Tel Aviv."
    out = _mentions(gaz, body, published=date(2025, 11, 1))
    assert out.select("surface", "entity_type").rows() == [("Israelis", "country")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The ball is in Kyiv's court, the spokesman said.", [("Kyiv", "UKR")]),
        ("In Beijing's view, the deal is fair.", [("Beijing", "CHN")]),
        ("Crowds gathered in Moscow's Red Square.", []),
        ("A blast hit a cafe in Kyiv's central district.", []),
    ],
)
def test_a_capital_after_in_that_owns_what_follows_is_the_government(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    assert _countries(gaz, body) == expected


def test_a_flagged_abbreviation_before_a_title_or_noun_of_the_state_is_the_country(gaz: Gazetteer) -> None:
    body = "The CAR government and rebels met in Bangui. Separately, a PNG file was shared online."
    assert _countries(gaz, body) == [("CAR", "CAF")]


def test_infrastructure_named_after_a_country_is_not_the_country(gaz: Gazetteer) -> None:
    body = (
        "Sudan said the Grand Ethiopian Renaissance Dam would cut its water, and Kenya Airways cut flights."
    )
    assert _countries(gaz, body) == [("Sudan", "SDN")]


def test_the_nigerian_state_of_niger_is_not_the_country(gaz: Gazetteer) -> None:
    body = (
        "Bandits raided a village in Niger state, the Niger State police commissioner said, as "
        "flooding spread across parts of Niger state. Niger state media said Niamey was calm."
    )
    assert _countries(gaz, body) == [("Niger", "NER"), ("Niamey", "NER")]


def test_an_ethnic_compound_names_the_state_the_community_lives_in(gaz: Gazetteer) -> None:
    body = "Bosnian Serb leader Petar Jovic met Kosovo Serbs, and the Serbian government objected."
    out = _mentions(gaz, body)
    assert out.select("surface", "country_code").rows() == [
        ("Bosnian Serb", "BIH"),
        ("Petar Jovic", "BIH"),
        ("Kosovo Serbs", "XKX"),
        ("Serbian", "SRB"),
    ]
