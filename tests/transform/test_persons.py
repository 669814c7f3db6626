"""Person mentions on sentences written for these tests, plus a careful reader's check of the seeds."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from flows.ids import entity_id
from flows.parse import parse_text
from flows.settings import PROJECT_ROOT
from flows.transform.entities import (
    Gazetteer,
    entities_from_mentions,
)
from tests.transform.helpers import mentions_of as _mentions


def _people(gaz: Gazetteer, body: str, published: date | None = None) -> list[tuple[str, str, str, str]]:
    """(surface, canonical name, role, country) of the person mentions, in text order."""
    out = _mentions(gaz, body, published=published).filter(pl.col("entity_type") == "person")
    return [(r["surface"], r["name"], r["role"], r["country_code"]) for r in out.iter_rows(named=True)]


def test_titled_name_with_country_adjective(gaz: Gazetteer) -> None:
    people = _people(gaz, "Russian President Vladimir Putin arrived late.")
    assert people == [("Vladimir Putin", "Vladimir Putin", "President", "RUS")]


def test_titled_unknown_person_keeps_text_role_and_country(gaz: Gazetteer) -> None:
    people = _people(gaz, "Italy's Minister for Foreign Affairs Paolo Verdi said the talks were useful.")
    assert people == [("Paolo Verdi", "Paolo Verdi", "Foreign Minister", "ITA")]


def test_president_of_country_after_the_name(gaz: Gazetteer) -> None:
    people = _people(gaz, "President Halvorsen of Norway met the press.")
    assert people == [("Halvorsen", "Halvorsen", "President", "NOR")]


def test_possessive_country_before_the_name(gaz: Gazetteer) -> None:
    people = _people(gaz, "Ghana's Kwame Mensah said the deal would hold.")
    assert people == [("Kwame Mensah", "Kwame Mensah", None, "GHA")]


def test_counterpart_takes_the_country_before_it(gaz: Gazetteer) -> None:
    people = _people(gaz, "He met his Brazilian counterpart Joana Ribeiro on Friday.")
    assert people == [("Joana Ribeiro", "Joana Ribeiro", None, "BRA")]


def test_military_abbreviation_and_org_title(gaz: Gazetteer) -> None:
    body = "Adm. Linda Carver briefed FBI Director Sam Ortega before Gen. Tom Reyes spoke."
    people = _people(gaz, body)
    assert ("Linda Carver", "Linda Carver", "Admiral", None) in people
    assert ("Sam Ortega", "Sam Ortega", "Director", "USA") in people
    assert ("Tom Reyes", "Tom Reyes", "General", None) in people


def test_spokesperson_before_and_in_apposition(gaz: Gazetteer) -> None:
    people = _people(
        gaz,
        "Foreign ministry spokesperson Nadia Qureshi spoke first. Farhan Aziz Malik, "
        "the ministry's spokesman, added details.",
    )
    assert ("Nadia Qureshi", "Nadia Qureshi", "Spokesperson", None) in people
    assert ("Farhan Aziz Malik", "Farhan Aziz Malik", "Spokesperson", None) in people


def test_title_is_not_part_of_the_surface_and_country_is_its_own_mention(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "US Special Envoy Martin Kessler flew in.")
    assert out.select("entity_type", "surface").rows() == [("country", "US"), ("person", "Martin Kessler")]
    assert out.row(1, named=True)["role"] == "Special Envoy"
    assert out.row(1, named=True)["country_code"] == "USA"


def test_finance_and_interior_ministers_and_an_envoy_are_known(gaz: Gazetteer) -> None:
    body = (
        "Finance Minister Purbaya Yudhi Sadewa flew in as Home Minister Amit Shah and the peace "
        "envoy, Christian Schmidt, met Raila Odinga and Treasury Secretary Scott Bessent."
    )
    people = {p[1]: p[3] for p in _people(gaz, body, published=date(2025, 10, 1))}
    assert people == {
        "Purbaya Yudhi Sadewa": "IDN",
        "Amit Shah": "IND",
        "Christian Schmidt": None,
        "Raila Odinga": "KEN",
        "Scott Bessent": "USA",
    }


def test_finance_ministers_of_large_economies_are_known(gaz: Gazetteer) -> None:
    body = (
        "Finance Minister Lars Klingbeil met Anton Siluanov's deputy, while Finance Minister "
        "Mehmet Simsek and Rachel Reeves spoke to Giancarlo Giorgetti and Luis Caputo."
    )
    people = {p[1]: (p[2], p[3]) for p in _people(gaz, body, published=date(2025, 7, 1))}
    assert people == {
        "Lars Klingbeil": ("Finance Minister", "DEU"),
        "Anton Siluanov": ("Finance Minister", "RUS"),
        "Mehmet Şimşek": ("Finance Minister", "TUR"),
        "Rachel Reeves": ("Finance Minister", "GBR"),
        "Giancarlo Giorgetti": ("Finance Minister", "ITA"),
        "Luis Caputo": ("Finance Minister", "ARG"),
    }
    # a predecessor keeps the country, not the post, years after the term
    later = _people(gaz, "Bruno Le Maire spoke in Paris.", published=date(2026, 10, 1))
    assert [(p[1], p[3]) for p in later] == [("Bruno Le Maire", "FRA")]


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        pytest.param(
            (
                "The ministers Bakhtiyor Saidov and Murat Nurtleu flew on to Bishkek, where Samuel Okudzeto "
                "Ablakwa and Rosa Villavicencio joined them. Deputy Foreign Minister Alexander Grushko and "
                "Vice Foreign Minister Sun Weidong stayed home, and Bezalel Smotrich kept silent."
            ),
            date(2025, 8, 1),
            {
                "Bakhtiyor Saidov": ("Foreign Minister", "UZB"),
                "Murat Nurtleu": ("Foreign Minister", "KAZ"),
                "Samuel Okudzeto Ablakwa": ("Foreign Minister", "GHA"),
                "Rosa Villavicencio": ("Foreign Minister", "COL"),
                "Alexander Grushko": ("Deputy Foreign Minister", "RUS"),
                "Sun Weidong": ("Deputy Foreign Minister", "CHN"),
                "Bezalel Smotrich": ("Finance Minister", "ISR"),
            },
            id="diplomats_of_mid_sized_states_and_deputy_ministers",
        ),
        pytest.param(
            (
                "Inga Ruginiene and Zoran Milanovic greeted Serdar Berdimuhamedov, while Xavier Bettel, "
                "Timco Mucunski and Amon Murwira waited for Abdourahamane Tiani."
            ),
            date(2025, 10, 15),
            {
                "Inga Ruginienė": ("Prime Minister", "LTU"),
                "Zoran Milanović": ("President", "HRV"),
                "Serdar Berdimuhamedow": ("President", "TKM"),
                "Xavier Bettel": ("Foreign Minister", "LUX"),
                "Timčo Mucunski": ("Foreign Minister", "MKD"),
                "Amon Murwira": ("Foreign Minister", "ZWE"),
                "Abdourahamane Tiani": ("President", "NER"),
            },
            id="heads_of_government_and_foreign_ministers_of_small_states",
        ),
        pytest.param(
            (
                "Kemi Badenoch and Hakeem Jeffries criticised Howard Lutnick, while Kristi Noem, "
                "Kazuo Ueda and Andrew Bailey stayed silent."
            ),
            date(2025, 6, 1),
            {
                "Kemi Badenoch": ("Opposition Leader", "GBR"),
                "Hakeem Jeffries": ("Minority Leader", "USA"),
                "Howard Lutnick": ("Trade Minister", "USA"),
                "Kristi Noem": ("Interior Minister", "USA"),
                "Kazuo Ueda": ("Central Bank Governor", "JPN"),
                "Andrew Bailey": ("Central Bank Governor", "GBR"),
            },
            id="us_congressional_leaders_cabinet_and_central_bank_governors",
        ),
        pytest.param(
            "Alexander Dobrindt, Matteo Piantedosi, Laurent Nunez and Shabana Mahmood met in Calais.",
            date(2025, 11, 1),
            {
                "Alexander Dobrindt": ("Interior Minister", "DEU"),
                "Matteo Piantedosi": ("Interior Minister", "ITA"),
                "Laurent Nuñez": ("Interior Minister", "FRA"),
                "Shabana Mahmood": ("Interior Minister", "GBR"),
            },
            id="interior_ministers_of_large_european_states",
        ),
        pytest.param(
            "Wang Wentao and Piyush Goyal met in Geneva, and Mohammad Bagher Ghalibaf stayed home.",
            date(2025, 6, 1),
            {
                "Wang Wentao": ("Trade Minister", "CHN"),
                "Piyush Goyal": ("Trade Minister", "IND"),
                "Mohammad Bagher Ghalibaf": ("Speaker", "IRN"),
            },
            id="trade_ministers_of_china_and_india_and_irans_speaker",
        ),
        pytest.param(
            "Valery Gerasimov, Eyal Zamir, Asim Munir and Mohammad Pakpour were named in the report.",
            date(2025, 8, 1),
            {
                "Valery Gerasimov": ("Chief of the General Staff", "RUS"),
                "Eyal Zamir": ("Chief of the General Staff", "ISR"),
                "Asim Munir": ("Army Chief", "PAK"),
                "Mohammad Pakpour": ("Commander", "IRN"),
            },
            id="military_chiefs",
        ),
        pytest.param(
            "Bobi Wine, Peter Magyar, Ozgur Ozel and Nigel Farage spoke after Maria Corina Machado.",
            date(2025, 10, 1),
            {
                "Robert Kyagulanyi": ("Opposition Leader", "UGA"),
                "Péter Magyar": ("Opposition Leader", "HUN"),
                "Özgür Özel": ("Opposition Leader", "TUR"),
                "Nigel Farage": ("Party Leader", "GBR"),
                "María Corina Machado": ("Opposition Leader", "VEN"),
            },
            id="opposition_and_party_leaders",
        ),
        pytest.param(
            "Yuri Ushakov and Vladimir Medinsky met Susie Wiles, Massad Boulos and Kyrylo Budanov.",
            date(2025, 10, 1),
            {
                "Yuri Ushakov": ("Presidential Aide", "RUS"),
                "Vladimir Medinsky": ("Presidential Aide", "RUS"),
                "Susie Wiles": ("Chief of Staff", "USA"),
                "Massad Boulos": ("Senior Adviser", "USA"),
                "Kyrylo Budanov": ("Intelligence Chief", "UKR"),
            },
            id="aides_and_security_chiefs_of_peace_talks",
        ),
    ],
)
def test_listed_officials_are_known(
    gaz: Gazetteer, body: str, published: date, expected: dict[str, tuple[str, str]]
) -> None:
    """Officials listed in leaders.csv, named without a title or country: (role, country) at the date."""
    assert {p[1]: (p[2], p[3]) for p in _people(gaz, body, published=published)} == expected


def test_portuguese_particle_do_joins_the_family_name(gaz: Gazetteer) -> None:
    body = (
        "Brazilian Ambassador Mariana Souza do Amaral met the press. Souza do Amaral said the talks "
        "had stalled. What do Americans want, she asked."
    )
    people = _people(gaz, body)
    assert people == [
        ("Mariana Souza do Amaral", "Mariana Souza do Amaral", "Ambassador", "BRA"),
        ("Souza do Amaral", "Mariana Souza do Amaral", "Ambassador", "BRA"),
    ]


def test_possessive_is_not_part_of_the_surface(gaz: Gazetteer) -> None:
    people = _people(gaz, "Prime Minister Clara Novak's plan failed. Novak's allies left.")
    assert [p[0] for p in people] == ["Clara Novak", "Novak"]
    assert {p[1] for p in people} == {"Clara Novak"}


def test_surnames_resolve_to_the_earlier_full_name(gaz: Gazetteer) -> None:
    body = (
        "Chinese President Xi Jinping hosted Japanese Prime Minister Shigeru Ishiba. "
        "Xi praised the visit, while Ishiba urged calm."
    )
    people = _people(gaz, body)
    names = {(p[0], p[1]) for p in people}
    assert ("Xi", "Xi Jinping") in names
    assert ("Ishiba", "Shigeru Ishiba") in names
    assert all(p[3] in {"CHN", "JPN"} for p in people)


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        ("Officials raised the case of Jimmy Carter.", "Jimmy Carter"),
        ("The court heard from Jimmy Lai and his lawyers.", "Jimmy Lai"),
        ("The deal was praised by Kate Forbes on Monday.", "Kate Forbes"),
        ("Harvey Weinstein's lawyers appealed.", "Harvey Weinstein"),
    ],
)
def test_an_untitled_name_opened_by_a_common_given_name(gaz: Gazetteer, body: str, surface: str) -> None:
    assert [p[0] for p in _people(gaz, body)] == [surface]


def test_a_shared_surname_alone_is_the_listed_leader_not_the_nearer_relative(gaz: Gazetteer) -> None:
    body = (
        "North Korean leader Kim Jong Un watched the launch. His sister Kim Yo Jong issued a "
        "statement. Kim also toured a factory."
    )
    people = _people(gaz, body, published=date(2025, 10, 1))
    assert [(p[0], p[1]) for p in people] == [
        ("Kim Jong Un", "Kim Jong Un"),
        ("Kim Yo Jong", "Kim Yo Jong"),
        ("Kim", "Kim Jong Un"),
    ]
    # two people the reference does not list: the nearer one, as before
    body = "Minister Anna Berg spoke. Her brother Lars Berg replied. Berg left."
    assert [p[1] for p in _people(gaz, body)][-1] == "Lars Berg"


def test_well_known_leader_surname_without_full_name(gaz: Gazetteer) -> None:
    people = _people(gaz, "Putin said the offer stood.", published=date(2024, 3, 1))
    assert people == [("Putin", "Vladimir Putin", "President", "RUS")]


def test_spellings_merge_into_the_reference_name(gaz: Gazetteer) -> None:
    a = _people(gaz, "South Korean President Lee Jae Myung arrived.")
    b = _people(gaz, "President Lee Jae-myung arrived.")
    assert a[0][1] == b[0][1]
    assert a[0][3] == "KOR"
    assert _mentions(gaz, "President Lee Jae Myung arrived.").filter(pl.col("entity_type") == "person")[
        "entity_id"
    ].to_list() == [entity_id("person", a[0][1])]


def test_longest_name_seen_in_the_article_is_canonical(gaz: Gazetteer) -> None:
    people = _people(gaz, "General Antoine Marcel Dubois arrived. Later, General Antoine Dubois left.")
    assert {p[1] for p in people} == {"Antoine Marcel Dubois"}


def test_untitled_names_need_to_look_like_people(gaz: Gazetteer) -> None:
    body = (
        "Jared Kushner joined the talks on the Belt and Road plan at the Elysee Palace in Central Asia, "
        "near the USS Abraham Lincoln, while the Coalition of the Willing met and Carrier Air Wing 9 flew."
    )
    people = _people(gaz, body)
    assert [p[0] for p in people] == ["Jared Kushner"]


def test_ship_names_are_not_people_anywhere_in_the_article(gaz: Gazetteer) -> None:
    people = _people(gaz, "The USS Harriet Tubman docked. Crews of the Harriet Tubman rested.")
    assert people == []


def test_role_and_country_come_from_reference_when_text_is_silent(gaz: Gazetteer) -> None:
    people = _people(gaz, "Narendra Modi met Emmanuel Macron.", published=date(2024, 6, 1))
    assert ("Narendra Modi", "Narendra Modi", "Prime Minister", "IND") in people
    assert ("Emmanuel Macron", "Emmanuel Macron", "President", "FRA") in people


def test_entities_from_mentions_is_deterministic(gaz: Gazetteer) -> None:
    body = "Russian President Vladimir Putin spoke. Putin left. Vladimir Putin returned."
    out = _mentions(gaz, body)
    dim = entities_from_mentions(out)
    assert dim.height == dim["entity_id"].n_unique()
    putin = dim.filter(pl.col("name") == "Vladimir Putin").row(0, named=True)
    assert putin["role"] == "President" and putin["country_code"] == "RUS"
    assert entities_from_mentions(out.reverse()).equals(dim)


def test_country_from_an_appositive_office(gaz: Gazetteer) -> None:
    body = (
        "Adm. Dana Whitlock, head of U.S. Central Command, said three launch sites were hit. "
        "CENTCOM commander Whitlock later said no personnel were hurt."
    )
    people = _people(gaz, body)
    assert people == [
        ("Dana Whitlock", "Dana Whitlock", "Admiral", "USA"),
        ("Whitlock", "Dana Whitlock", "Admiral", "USA"),
    ]


def test_country_from_an_appositive_with_the_country_first(gaz: Gazetteer) -> None:
    people = _people(gaz, "Lena Okafor, Nigeria's top trade negotiator, arrived in Geneva on Monday.")
    assert people == [("Lena Okafor", "Lena Okafor", None, "NGA")]


def test_country_from_the_noun_phrase_before_the_name(gaz: Gazetteer) -> None:
    body = (
        "Chilean opposition leader Marta Olivares said she would run. "
        "Israeli army chief Lt. Gen. Avi Ronen met former U.S. diplomat Carla Benton. "
        "Greek shipping tycoon Nikos Varvakis declined to comment."
    )
    people = {p[0]: p[2:] for p in _people(gaz, body)}
    assert people["Marta Olivares"] == ("Opposition Leader", "CHL")
    assert people["Avi Ronen"] == ("Lieutenant General", "ISR")
    assert people["Carla Benton"] == (None, "USA")
    assert people["Nikos Varvakis"] == (None, "GRC")


def test_a_country_name_before_a_person_noun_is_a_topic_unless_possessive(gaz: Gazetteer) -> None:
    body = (
        "The administration's Ukraine envoy Paul Granger met reporters. "
        "Iran's chief negotiator Reza Tavakoli said talks would resume."
    )
    people = {p[0]: p[3] for p in _people(gaz, body)}
    assert people["Paul Granger"] is None
    assert people["Reza Tavakoli"] == "IRN"


def test_first_minister_is_a_title(gaz: Gazetteer) -> None:
    people = _people(gaz, "Scottish First Minister Ailsa Rennie said Scotland would vote again.")
    assert people == [("Ailsa Rennie", "Ailsa Rennie", "First Minister", "GBR")]


def test_a_title_picks_the_leader_among_namesakes(gaz: Gazetteer) -> None:
    body = "King Abdullah of Jordan called for restraint after drones crossed into Jordan."
    people = _people(gaz, body, published=date(2026, 3, 10))
    assert people == [("Abdullah", "Abdullah II", "King", "JOR")]


def test_no_country_is_invented_for_international_or_unrelated_context(gaz: Gazetteer) -> None:
    body = (
        "Pablo Ferreyra, head of the International Atomic Energy Agency, spoke first. "
        "After meeting Iranian diplomats, Gen. Lars Holm said the talks were useful. "
        "A Russian strike killed aid worker Mira Talbot, colleagues said."
    )
    people = {p[0]: p[3] for p in _people(gaz, body)}
    assert people.get("Pablo Ferreyra", "missing") is None
    assert people.get("Lars Holm", "missing") is None
    assert people.get("Mira Talbot") is None


# --------------------------------------------------------------------------------------------------
# The seed files: what a careful reader finds, and what they would not.
# --------------------------------------------------------------------------------------------------


SEED_BODIES: list[str] = []


@pytest.fixture(scope="module")
def seed_mentions(gaz: Gazetteer) -> pl.DataFrame:
    seeds = PROJECT_ROOT / "seeds"
    SEED_BODIES.clear()
    for path in sorted(seeds.glob("*.txt")):
        SEED_BODIES.extend(a.body for a in parse_text(path.read_text(encoding="utf-8")).articles)
    assert len(SEED_BODIES) >= 15
    return _mentions(gaz, *SEED_BODIES)


def test_seed_key_entities(seed_mentions: pl.DataFrame) -> None:
    dim = entities_from_mentions(seed_mentions)
    people = {
        r["name"]: (r["role"], r["country_code"])
        for r in dim.filter(pl.col("entity_type") == "person").iter_rows(named=True)
    }
    orgs = set(dim.filter(pl.col("entity_type") == "organization")["acronym"].drop_nulls())
    agencies = set(dim.filter(pl.col("entity_type") == "agency")["name"])
    countries = set(dim.filter(pl.col("entity_type") == "country")["country_code"])

    assert people["Vladimir Putin"] == ("President", "RUS")
    assert people["Xi Jinping"][1] == "CHN"
    assert people["Abbas Araghchi"][1] == "IRN"
    assert people["Benjamin Netanyahu"][1] == "ISR"
    assert people["Antonio Tajani"][1] == "ITA"
    assert people["Shigeru Ishiba"][1] == "JPN"
    assert people["Sergei Lavrov"][1] == "RUS"
    assert people["Justin Trudeau"][1] == "CAN"
    assert people["Joe Biden"][1] == "USA"
    assert people["Karol Nawrocki"][1] == "POL"
    lee = [n for n in people if n.replace("-", " ").lower() == "lee jae myung"]
    assert lee and people[lee[0]][1] == "KOR"
    marcos = [n for n in people if n.startswith("Ferdinand Marcos")]
    assert marcos and people[marcos[0]][1] == "PHL"
    widodo = [n for n in people if n.endswith("Widodo")]
    assert widodo and people[widodo[0]][1] == "IDN"
    for name in (
        "Mumtaz Zahra Baloch",
        "Narendra Modi",
        "Steve Witkoff",
        "Brad Cooper",
        "Jared Kushner",
        "Giorgia Meloni",
        "Marco Rubio",
        "JD Vance",
        "Christopher Wray",
        "Donald Trump",
    ):
        assert name in people, name
    assert {"SCO", "ASEAN", "FBI", "UN"} <= orgs
    assert {"Reuters", "Agence France-Presse"} <= agencies
    assert any("ANSA" in a or "Stampa" in a for a in agencies)
    assert {"KAZ", "BLR", "PAK", "SAU", "RUS", "CHN", "IND", "IRN", "PRK", "NER", "PSE"} <= countries


def test_seed_surface_checks(seed_mentions: pl.DataFrame) -> None:
    kazakh = seed_mentions.filter(pl.col("surface") == "Kazakh")
    assert kazakh["country_code"].to_list() == ["KAZ"]
    people_surfaces = set(seed_mentions.filter(pl.col("entity_type") == "person")["surface"])
    assert {
        "Putin",
        "Xi",
        "Modi",
        "Tajani",
        "Netanyahu",
        "Trump",
        "Lee",
        "Marcos",
        "Lavrov",
        "Wray",
    } <= people_surfaces


def test_seed_false_positives_are_absent(seed_mentions: pl.DataFrame) -> None:
    people = set(seed_mentions.filter(pl.col("entity_type") == "person")["name"])
    for wrong in (
        "Abraham Lincoln",
        "Central Asia",
        "Belt and Road",
        "Elysee Palace",
        "Coalition of the Willing",
        "Carrier Air Wing",
        "Second Thomas Shoal",
        "Board of Peace",
    ):
        assert not any(wrong in p for p in people), wrong
    china = seed_mentions.filter(pl.col("country_code") == "CHN", pl.col("entity_type") == "country")
    assert "South China Sea" not in " ".join(china["surface"])
    india = seed_mentions.filter(pl.col("entity_type") == "country", pl.col("country_code") == "IND")
    assert "Indo" in set(india["surface"])  # "Indo-US partnership"
    # "Indo-Pacific" and "Indian Ocean" never count as India
    for row in india.iter_rows(named=True):
        body = SEED_BODIES[int(row["article_id"][1:])]
        context = body[row["char_start"] : row["char_start"] + 12]
        assert not context.startswith(("Indo-Pacific", "Indian Ocean")), context


# --------------------------------------------------------------------------------------------------
# Family names with particles, possessive affiliation.
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        ("Von der Leyen said the bloc would respond.", "Von der Leyen"),
        ("The plan was backed by von der Leyen on Tuesday.", "von der Leyen"),
    ],
)
def test_a_family_name_with_particles_resolves_to_the_leader(gaz: Gazetteer, body: str, surface: str) -> None:
    people = _people(gaz, body, published=date(2025, 5, 1))
    assert people == [(surface, "Ursula von der Leyen", "Commission President", None)]


def test_a_family_name_with_particles_resolves_to_the_full_name_in_the_article(gaz: Gazetteer) -> None:
    body = (
        "Dutch lawmaker Pieter van der Berg said the vote was close. Van der Berg added that he "
        "would not resign. Charles de Gaulle was quoted too. De Gaulle had said something else."
    )
    people = [(p[0], p[1]) for p in _people(gaz, body)]
    assert people == [
        ("Pieter van der Berg", "Pieter van der Berg"),
        ("Van der Berg", "Pieter van der Berg"),
        ("Charles de Gaulle", "Charles de Gaulle"),
        ("De Gaulle", "Charles de Gaulle"),
    ]


def test_capitalised_particles_of_leaders(gaz: Gazetteer) -> None:
    body = (
        "Belgian Prime Minister Bart De Wever spoke first. De Wever said Belgium would not pay. "
        "Egyptian President Abdel Fattah al-Sisi listened. Al-Sisi said Egypt would not accept it."
    )
    people = [(p[0], p[1]) for p in _people(gaz, body, published=date(2025, 6, 1))]
    assert ("De Wever", "Bart De Wever") in people
    assert ("Al-Sisi", "Abdel Fattah al-Sisi") in people


def test_a_hyphenated_particle_may_be_dropped(gaz: Gazetteer) -> None:
    body = "Hamas negotiator Khalil al-Hayya arrived in Cairo. Hayya met mediators, and Sisi received him."
    people = [(p[0], p[1]) for p in _people(gaz, body, published=date(2025, 6, 1))]
    assert people == [
        ("Khalil al-Hayya", "Khalil al-Hayya"),
        ("Hayya", "Khalil al-Hayya"),
        ("Sisi", "Abdel Fattah al-Sisi"),
    ]
    # a capitalised particle that is part of the family name stays one
    body = "Security Minister Itamar Ben-Gvir said he would quit. Ben-Gvir later did."
    assert [p[1] for p in _people(gaz, body)] == ["Itamar Ben-Gvir", "Itamar Ben-Gvir"]


def test_an_unresolved_family_name_stays_as_written(gaz: Gazetteer) -> None:
    people = _people(gaz, "President de Gaulle said France would leave. Rio de Janeiro hosted the talks.")
    assert people == [("de Gaulle", "de Gaulle", "President", None)]


@pytest.mark.parametrize(
    ("body", "surface", "country"),
    [
        ("Putin's aide Yuri Ushakov told reporters the talks went well.", "Yuri Ushakov", "RUS"),
        ("Putin's top foreign policy aide Yuri Ushakov said no date was set.", "Yuri Ushakov", "RUS"),
        ("Macron's diplomatic adviser Emmanuel Bonne flew to Beijing.", "Emmanuel Bonne", "FRA"),
        ("Zelensky's chief of staff Andriy Yermak said Kyiv was ready.", "Andriy Yermak", "UKR"),
        ("Erdogan's spokesman, Omer Celik, said Ankara would respond.", "Omer Celik", "TUR"),
        ("Russia's envoy Vassily Nebenzia said the council would vote.", "Vassily Nebenzia", "RUS"),
        # the possessor is no one's aide: a critic, a lawyer or a counterpart keeps their own country
        ("Putin's critic Alexei Navalny died in prison.", "Alexei Navalny", None),
        ("Netanyahu's lawyer Amit Hadad asked for a delay.", "Amit Hadad", None),
        ("Putin's counterpart Xi Jinping arrived later.", "Xi Jinping", "CHN"),
    ],
)
def test_someone_who_acts_for_a_possessor_takes_their_country(
    gaz: Gazetteer, body: str, surface: str, country: str | None
) -> None:
    people = {p[0]: p[3] for p in _people(gaz, body, published=date(2025, 6, 1))}
    assert people[surface] == country


def test_the_possessor_country_reaches_later_surname_mentions(gaz: Gazetteer) -> None:
    body = "Putin's aide Yuri Ushakov said no date was set. Ushakov added that talks would go on."
    people = _people(gaz, body, published=date(2025, 6, 1))
    assert [(p[0], p[3]) for p in people if p[1] == "Yuri Ushakov"] == [
        ("Yuri Ushakov", "RUS"),
        ("Ushakov", "RUS"),
    ]


@pytest.mark.parametrize(
    ("body", "person", "role", "country", "destination"),
    [
        (
            "U.S. Ambassador to Israel Mike Huckabee said the embassy would stay.",
            "Mike Huckabee",
            "Ambassador",
            "USA",
            "ISR",
        ),
        (
            "Beijing's ambassador to Washington Xie Feng said ties were at a crossroads.",
            "Xie Feng",
            "Ambassador",
            "CHN",
            "USA",
        ),
        ("China's envoy to Moscow Zhang Hanhui spoke on Monday.", "Zhang Hanhui", "Envoy", "CHN", "RUS"),
        (
            "The US special envoy for Syria Tom Barrack met officials.",
            "Tom Barrack",
            "Special Envoy",
            "USA",
            "SYR",
        ),
        (
            "The US ambassador in Kyiv Julie Davis said aid would go on.",
            "Julie Davis",
            "Ambassador",
            "USA",
            None,
        ),
        (
            "Russia's ambassador to Washington, Alexander Darchiev, was summoned.",
            "Alexander Darchiev",
            "Ambassador",
            "RUS",
            "USA",
        ),
        (
            "Russia's ambassador to the UN Vassily Nebenzia said the council would vote.",
            "Vassily Nebenzia",
            "Ambassador",
            "RUS",
            None,
        ),
    ],
)
def test_a_post_abroad_names_the_destination_and_then_the_envoy(
    gaz: Gazetteer, body: str, person: str, role: str, country: str, destination: str | None
) -> None:
    out = _mentions(gaz, body)
    people = out.filter(pl.col("entity_type") == "person")
    assert people.select("surface", "role", "country_code").rows() == [(person, role, country)]
    if destination:
        assert destination in out.filter(pl.col("entity_type") == "country")["country_code"].to_list()


def test_a_regnal_number_closes_the_name(gaz: Gazetteer) -> None:
    people = _people(gaz, "King Haakon VII called for calm. Haakon spoke from the balcony.")
    assert people == [("Haakon VII", "Haakon VII", "King", None), ("Haakon", "Haakon VII", "King", None)]


def test_a_given_name_that_is_also_a_noun_opens_a_particle_surname(gaz: Gazetteer) -> None:
    body = "French far-right leader Marine Le Pen lost her appeal. Le Pen said she would fight on."
    out = _mentions(gaz, body).filter(pl.col("entity_type") == "person")
    assert out.select("surface", "name").rows() == [
        ("Marine Le Pen", "Marine Le Pen"),
        ("Le Pen", "Marine Le Pen"),
    ]
    # the noun alone still opens no name
    assert _mentions(gaz, "A Marine de facto ran the base.").height == 0


@pytest.mark.parametrize(
    "body",
    [
        "Saudi officials said MBS also discussed investments worth $600 billion.",
        "Bin Salman has said the kingdom would wait.",
    ],
)
def test_an_initialism_or_a_listed_family_name_alone_names_the_leader(gaz: Gazetteer, body: str) -> None:
    out = _mentions(gaz, body, published=date(2025, 11, 1)).filter(pl.col("entity_type") == "person")
    assert out["name"].to_list() == ["Mohammed bin Salman"]
    assert out["country_code"].to_list() == ["SAU"]


def test_a_former_office_holder_takes_the_role_of_the_nearest_term(gaz: Gazetteer) -> None:
    body = (
        "Former President Barack Obama campaigned in Atlanta. Former Chancellor Merkel and "
        "former President Obama met later."
    )
    people = _people(gaz, body, published=date(2025, 11, 1))
    assert people == [
        ("Barack Obama", "Barack Obama", "President", "USA"),
        ("Merkel", "Angela Merkel", "Chancellor", "DEU"),
        ("Obama", "Barack Obama", "President", "USA"),
    ]


def test_a_person_noun_closed_by_a_comma_introduces_the_name_in_apposition(gaz: Gazetteer) -> None:
    body = (
        "Russian Foreign Minister Sergei Lavrov spoke first. Lavrov's deputy, Sergei Ryabkov, said "
        "talks were possible. North Korea's leader spoke. His sister, Kim Yo Jong, warned Seoul."
    )
    people = {p[0]: p for p in _people(gaz, body, published=date(2025, 11, 1))}
    # the deputy serves the possessor's country; the kinship noun says the words are a person
    assert people["Sergei Ryabkov"][3] == "RUS"
    assert "Kim Yo Jong" in people


def test_a_description_of_a_political_actor_before_a_name_marks_a_person(gaz: Gazetteer) -> None:
    body = (
        "Police briefly held opposition figure Dorin Vasquela and his rival Talmo Erkinov. "
        "The envoy later met his Peruvian counterpart Anselmo Quirubay."
    )
    people = {p[0]: p for p in _people(gaz, body)}
    assert {"Dorin Vasquela", "Talmo Erkinov", "Anselmo Quirubay"} <= set(people)
    # the demonym before the noun still gives the country
    assert people["Anselmo Quirubay"][3] == "PER"


def test_ethiopian_and_eritrean_leaders_are_called_by_their_first_name(gaz: Gazetteer) -> None:
    body = "Prime Minister Abiy Ahmed opened the dam. Abiy said it would lift millions out of poverty."
    people = _people(gaz, body, published=date(2025, 9, 9))
    assert [(p[0], p[1]) for p in people] == [("Abiy Ahmed", "Abiy Ahmed"), ("Abiy", "Abiy Ahmed")]
    assert _people(gaz, "Isaias said so.", published=date(2025, 9, 9))[0][1] == "Isaias Afwerki"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Senate Majority Leader John Thune said Republicans agreed. Mr. Thune spoke later.",
            [("John Thune", "John Thune", "Majority Leader"), ("Thune", "John Thune", "Majority Leader")],
        ),
        ("China's Vice Premier Ding Xuexiang said so.", [("Ding Xuexiang", "Ding Xuexiang", "Vice Premier")]),
    ],
)
def test_compound_titles_are_not_read_as_part_of_the_name(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str, str]]
) -> None:
    assert [p[:3] for p in _people(gaz, body, published=date(2025, 11, 1))] == expected


def test_an_office_named_after_its_holder_leaves_the_title_to_the_person(gaz: Gazetteer) -> None:
    body = "He met U.S. Trade Representative Jamieson Greer in Kuala Lumpur. Greer said talks went well."
    people = _people(gaz, body, published=date(2025, 10, 20))
    assert people == [
        ("Jamieson Greer", "Jamieson Greer", "Trade Minister", "USA"),
        ("Greer", "Jamieson Greer", "Trade Minister", "USA"),
    ]


def test_a_leader_whose_family_name_is_a_stop_word_is_found_by_full_name_only(gaz: Gazetteer) -> None:
    body = "Vice Premier He Lifeng met U.S. officials in Madrid. He said the talks were useful."
    assert _people(gaz, body, published=date(2025, 9, 15)) == [
        ("He Lifeng", "He Lifeng", "Vice Premier", "CHN")
    ]


def test_a_name_listed_for_use_alone_resolves_whatever_the_date(gaz: Gazetteer) -> None:
    body = "The RSF, led by Mohamed Hamdan Dagalo, known as Hemedti, denied it. Hemedti spoke later."
    people = _people(gaz, body, published=date(2025, 11, 1))
    assert {p[1] for p in people} == {"Mohamed Hamdan Dagalo"} and len(people) == 3
    alone = _people(gaz, "Hemedti's forces seized the city.", published=date(2025, 11, 1))
    assert [(p[0], p[1], p[3]) for p in alone] == [("Hemedti", "Mohamed Hamdan Dagalo", "SDN")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Energy Minister Prince Abdulaziz bin Salman said OPEC+ would act.",
            [("Abdulaziz bin Salman", "Abdulaziz bin Salman")],
        ),
        (
            "Defence Minister Khalid bin Salman met him. Bin Salman said so.",
            [("Khalid bin Salman", "Khalid bin Salman"), ("Bin Salman", "Khalid bin Salman")],
        ),
    ],
)
def test_a_listed_family_name_is_no_match_inside_other_names(
    gaz: Gazetteer, body: str, expected: list[tuple[str, str]]
) -> None:
    assert [p[:2] for p in _people(gaz, body, published=date(2025, 11, 1))] == expected


def test_a_leaders_initialism_needs_the_leaders_country_in_the_article(gaz: Gazetteer) -> None:
    assert _people(gaz, "The Fed bought more MBS and Treasuries.", published=date(2025, 11, 1)) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Chief Cabinet Secretary Yoshimasa Hayashi told reporters on Monday.",
            ("Yoshimasa Hayashi", "Chief Cabinet Secretary", "JPN"),
        ),
        (
            "Indian Agriculture Minister Shivraj Singh Chouhan said farmers would be paid.",
            ("Shivraj Singh Chouhan", "Agriculture Minister", "IND"),
        ),
        ("Pakistan's Army Chief Asim Munir met the delegation.", ("Asim Munir", "Army Chief", "PAK")),
        # a head office after one of the state's bodies is a post in that body, not the state's
        (
            "Kenyan Senate President Amina Wekesa opened the session.",
            ("Amina Wekesa", "Senate President", "KEN"),
        ),
        (
            "Senate President Tomas Reyes adjourned the session in Manila.",
            ("Tomas Reyes", "Senate President", None),
        ),
        (
            "Fidesz president Laszlo Varga said the party would stand.",
            ("Laszlo Varga", "Fidesz President", "HUN"),
        ),
    ],
)
def test_the_title_the_text_gives_is_the_role(gaz: Gazetteer, body: str, expected: tuple) -> None:
    mentions = _mentions(gaz, body).filter(pl.col("entity_type") == "person")
    assert mentions.select("surface", "role", "country_code").rows() == [expected]


# --------------------------------------------------------------------------------------------------
# Titles at the start of a sentence, posts before ranks, roles of terms long over, speech cues.
# --------------------------------------------------------------------------------------------------


def test_a_lower_case_title_capitalised_at_the_start_of_a_sentence(gaz: Gazetteer) -> None:
    body = "The count went on. Opposition leader Tomas Lindqvist said the vote was rigged."
    assert _people(gaz, body) == [("Tomas Lindqvist", "Tomas Lindqvist", "Opposition Leader", None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Jordanian Foreign Minister Prince Rashid Hamdan met the envoys.",
            ("Rashid Hamdan", "Rashid Hamdan", "Foreign Minister", "JOR"),
        ),
        (
            "Defence Minister Gen. Omar Halabi inspected the border posts.",
            ("Omar Halabi", "Omar Halabi", "Defence Minister", None),
        ),
        # a rank alone stays the role
        ("Gen. Omar Halabi inspected the border posts.", ("Omar Halabi", "Omar Halabi", "General", None)),
    ],
)
def test_a_post_before_a_rank_or_prince_gives_the_role(
    gaz: Gazetteer, body: str, expected: tuple[str, str, str, str | None]
) -> None:
    assert _people(gaz, body) == [expected]


def test_a_post_left_years_before_the_article_is_not_the_role(gaz: Gazetteer) -> None:
    body = "Yair Lapid criticised the budget."
    assert _people(gaz, body, published=date(2022, 10, 1)) == [
        ("Yair Lapid", "Yair Lapid", "Prime Minister", "ISR")
    ]
    assert _people(gaz, body, published=date(2025, 10, 1)) == [("Yair Lapid", "Yair Lapid", None, "ISR")]


def test_the_speech_verb_before_the_name(gaz: Gazetteer) -> None:
    body = '"The water came at night," said Thandeka Mokoena, who lost her home.'
    assert [p[0] for p in _people(gaz, body)] == ["Thandeka Mokoena"]


def test_a_person_noun_capitalised_at_the_start_of_a_sentence(gaz: Gazetteer) -> None:
    body = (
        "Prices rose again. Analyst Oyelaran Bakare expects more. "
        "Resident Zinhle Ndaba, 52, called it the worst flood in memory."
    )
    assert [p[0] for p in _people(gaz, body)] == ["Oyelaran Bakare", "Zinhle Ndaba"]


def test_an_institute_of_studies_is_not_a_person(gaz: Gazetteer) -> None:
    body = "Researchers at the Centre for Energy and Climate Studies said output fell."
    assert _people(gaz, body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tanja Fajon met her counterparts in Ljubljana.", ("Tanja Fajon", "Foreign Minister", "SVN")),
        ("Andrew Holness called an early election.", ("Andrew Holness", "Prime Minister", "JAM")),
        ("Hakainde Hichilema opened the new mine.", ("Hakainde Hichilema", "President", "ZMB")),
    ],
)
def test_leaders_added_to_the_reference(gaz: Gazetteer, body: str, expected: tuple[str, str, str]) -> None:
    people = _people(gaz, body, published=date(2025, 6, 1))
    assert [(p[1], p[2], p[3]) for p in people] == [expected]


def test_a_surname_that_is_a_demonym_inside_a_listed_name(gaz: Gazetteer) -> None:
    out = _mentions(gaz, "Volker Turk called for an independent inquiry.", published=date(2025, 6, 1))
    assert out.select("entity_type", "name").rows() == [("person", "Volker Türk")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ghana's Fisheries Minister Abena Owusu-Ansah toured the port.",
            ("Abena Owusu-Ansah", "Fisheries Minister", "GHA"),
        ),
        (
            "Water Resources Minister Daniel Tembo of Malawi spoke.",
            ("Daniel Tembo", "Water Resources Minister", "MWI"),
        ),
        (
            "Former Economic Security Minister Haruka Ueno ran.",
            ("Haruka Ueno", "Economic Security Minister", None),
        ),
    ],
)
def test_a_ministry_not_listed_is_read_with_its_minister(
    gaz: Gazetteer, body: str, expected: tuple[str, str, str | None]
) -> None:
    assert [(p[1], p[2], p[3]) for p in _people(gaz, body)] == [expected]


def test_a_title_that_starts_inside_an_organization_s_name_wins(gaz: Gazetteer) -> None:
    body = "U.S. Treasury Secretary Dana Whitfield flew to Ottawa; the U.S. Treasury declined to comment."
    assert _people(gaz, body) == [("Dana Whitfield", "Dana Whitfield", "Finance Minister", "USA")]
    out = _mentions(gaz, body)
    assert out.filter(pl.col("entity_type") == "organization")["surface"].to_list() == ["U.S. Treasury"]
    assert out.filter(pl.col("surface") == "U.S.")["entity_type"].to_list() == ["country"]
    # a title after the organization's name leaves both
    after = _mentions(gaz, "European Commission President Ines Varga spoke.")
    assert after.select("surface", "entity_type").rows() == [
        ("European Commission", "organization"),
        ("Ines Varga", "person"),
    ]


def test_leaders_surnames_joined_by_a_hyphen_are_each_a_mention(gaz: Gazetteer) -> None:
    body = "Markets rallied before the Modi-Macron meeting and a Trump-Erdogan-Lula call."
    assert [(s, n) for s, n, _, _ in _people(gaz, body, published=date(2025, 6, 1))] == [
        ("Modi", "Narendra Modi"),
        ("Macron", "Emmanuel Macron"),
        ("Trump", "Donald Trump"),
        ("Erdogan", "Recep Tayyip Erdogan"),
        ("Lula", "Luiz Inácio Lula da Silva"),
    ]
    # a double-barrelled surname of a longer name, or a word whose parts are not all leaders'
    # surnames, stays one word
    other = "Defence lawyer Pilar Sanchez-Modi said the Macron-Hartley report was unfair."
    assert ("Macron", "Emmanuel Macron") not in [(s, n) for s, n, _, _ in _people(gaz, other)]
    assert "Pilar Sanchez-Modi" in [n for _, n, _, _ in _people(gaz, other)]
    # a part that is the surname of several leaders (Kamala and Simon Harris) is no split
    ticket = _people(gaz, "The Biden-Harris ticket lost.", published=date(2024, 11, 6))
    assert [s for s, _, _, _ in ticket] == []


def test_a_full_name_after_a_title_wins_over_a_titled_form_inside_it(gaz: Gazetteer) -> None:
    body = "Sultan Haitham bin Tariq received King Hamad bin Isa Al Khalifa. King Hamad left early."
    assert [(s, n) for s, n, _, _ in _people(gaz, body)] == [
        ("Haitham bin Tariq", "Haitham bin Tariq"),
        ("Hamad bin Isa Al Khalifa", "Hamad bin Isa Al Khalifa"),
        ("King Hamad", "Hamad bin Isa Al Khalifa"),
    ]


def test_a_title_that_owns_what_follows_is_no_appositive_title(gaz: Gazetteer) -> None:
    body = "Marco Fontana, the former president's nephew, and Lina Berg, the minister's spokeswoman, spoke."
    assert [(s, r) for s, _, r, _ in _people(gaz, body)] == [
        ("Marco Fontana", None),
        ("Lina Berg", "Spokesperson"),
    ]


def test_a_rank_after_a_post_and_a_comma_gives_way_to_the_post(gaz: Gazetteer) -> None:
    body = "Norway's defence minister, Gen. Olav Strand, and the Qatari envoy, Sheikh Nasser Thani, met."
    assert [(s, r) for s, _, r, _ in _people(gaz, body)] == [
        ("Olav Strand", "Defence Minister"),
        ("Nasser Thani", "Envoy"),
    ]
    # no post before the comma: the rank stays the role
    assert [(s, r) for s, _, r, _ in _people(gaz, "Police said, Gen. Olav Strand left.")] == [
        ("Olav Strand", "General")
    ]


def test_an_apposition_that_opens_with_a_person_noun_before_of_is_a_person_cue(gaz: Gazetteer) -> None:
    body = (
        "Haile Tesfamariam, the former head of the regional council, quit. "
        "Sunrise Tower, the home of the club, shut."
    )
    assert [s for s, _, _, _ in _people(gaz, body)] == ["Haile Tesfamariam"]


def test_a_quoted_nickname_inside_a_name_is_part_of_it(gaz: Gazetteer) -> None:
    body = (
        'Union leader Marta "La Roja" Quispe and activist Tomas “Tommy” Berg spoke. Quispe said '
        'the "Fair Wage" Bill would pass.'
    )
    people = [(s, n) for s, n, _, _ in _people(gaz, body)]
    assert people == [
        ('Marta "La Roja" Quispe', "Marta Quispe"),
        ("Tomas “Tommy” Berg", "Tomas Berg"),
        ("Quispe", "Marta Quispe"),
    ]


def test_a_title_after_a_preposition_in_an_apposition_is_someone_elses(gaz: Gazetteer) -> None:
    body = (
        "Lucia Ferro, the daughter of President Carlo Ferro, and Omar Haddad, a senior adviser to "
        "Prime Minister Sami Nour, left."
    )
    assert [(s, r) for s, _, r, _ in _people(gaz, body)] == [
        ("Lucia Ferro", None),
        ("Carlo Ferro", "President"),
        ("Omar Haddad", None),
        ("Sami Nour", "Prime Minister"),
    ]


def test_a_named_storm_is_no_person(gaz: Gazetteer) -> None:
    body = (
        "Hurricane Delia hit the coast on Monday before Storm Ines, and Delia weakened on Tuesday, "
        "meteorologist Ana Costa said."
    )
    assert [s for s, _, _, _ in _people(gaz, body)] == ["Ana Costa"]


def test_a_seat_of_government_before_a_person_noun_gives_the_country(gaz: Gazetteer) -> None:
    body = "Kremlin adviser Oleg Sokolov met White House trade adviser Dana Whitfield on Monday."
    assert [(s, c) for s, _, _, c in _people(gaz, body)] == [
        ("Oleg Sokolov", "RUS"),
        ("Dana Whitfield", "USA"),
    ]


def test_company_ceo_national_security_minister_and_a_laureate(gaz: Gazetteer) -> None:
    body = (
        "Aramco CEO Karim Darwish met Israeli National Security Minister Avi Peretz. "
        "Dilnoza Rahimova, a Nobel laureate, joined them."
    )
    assert _people(gaz, body) == [
        ("Karim Darwish", "Karim Darwish", "Chief Executive", "SAU"),
        ("Avi Peretz", "Avi Peretz", "National Security Minister", "ISR"),
        ("Dilnoza Rahimova", "Dilnoza Rahimova", None, None),
    ]


def test_a_post_of_a_country_or_national_body_gives_its_country(gaz: Gazetteer) -> None:
    body = (
        "The Ambassador of Peru Rosa Quispe met the Governor of the Bank of England Tom Hale, "
        "while the Ambassador to Peru Ken Ito waited."
    )
    assert [(s, r, c) for s, _, r, c in _people(gaz, body)] == [
        ("Rosa Quispe", "Ambassador", "PER"),
        ("Tom Hale", "Governor", "GBR"),
        ("Ken Ito", "Ambassador", None),
    ]


def test_thais_are_called_by_their_given_name(gaz: Gazetteer) -> None:
    body = (
        "Thai opposition leader Kittipong Srisawat met Thai Prime Minister Anutin Charnvirakul. "
        "Kittipong said later that the party would back Anutin."
    )
    people = [(s, n) for s, n, _, _ in _people(gaz, body, published=date(2025, 10, 1))]
    assert people == [
        ("Kittipong Srisawat", "Kittipong Srisawat"),
        ("Anutin Charnvirakul", "Anutin Charnvirakul"),
        ("Kittipong", "Kittipong Srisawat"),
        ("Anutin", "Anutin Charnvirakul"),
    ]
    # a leader alone, with no full name in the article
    assert _people(gaz, "Bangkok said it would back Anutin.", published=date(2025, 10, 1)) == [
        ("Anutin", "Anutin Charnvirakul", "Prime Minister", "THA")
    ]


def test_given_names_of_world_news_traditions_mark_untitled_names(gaz: Gazetteer) -> None:
    # no title, person noun, apposition or speech verb: only the given name says these are people
    bodies = [
        "Rain fell as Nahid Karimi walked home with Olena Kovalchuk.",
        "Crowds cheered when Kyaw Min Thu and Getachew Alemu arrived at the stadium.",
        "Later Tunde Bakare and Zeynep Arslan joined Mamadou Diallo.",
    ]
    assert [[s for s, _, _, _ in _people(gaz, b)] for b in bodies] == [
        ["Nahid Karimi", "Olena Kovalchuk"],
        ["Kyaw Min Thu", "Getachew Alemu"],
        ["Tunde Bakare", "Zeynep Arslan", "Mamadou Diallo"],
    ]
    # names that also open a headline word, a firm's or a place's name are not given names here
    assert _people(gaz, "Fares Rise Again as Hugo Boss and Axel Springer report results.") == []
    assert _people(gaz, "Diego Garcia hosts a base.") == []


def test_given_names_of_european_and_latin_american_politicians(gaz: Gazetteer) -> None:
    # untitled candidates whose given name alone says they are people
    body = "Voters backed Frans de Boer, Dilan Aydin and Rob Smits while Luisa Castillo and Tomio Sato lost."
    assert [s for s, _, _, _ in _people(gaz, body)] == [
        "Frans de Boer",
        "Dilan Aydin",
        "Rob Smits",
        "Luisa Castillo",
        "Tomio Sato",
    ]


def test_south_africas_foreign_minister_by_the_title_of_the_post(gaz: Gazetteer) -> None:
    # South Africa names its foreign ministry "International Relations and Cooperation"
    assert _people(gaz, "International Relations Minister Thandi Mokoena flew to Accra.") == [
        ("Thandi Mokoena", "Thandi Mokoena", "Foreign Minister", None)
    ]
    body = "South Africa's Minister of International Relations and Cooperation Thandi Mokoena spoke."
    assert _people(gaz, body) == [("Thandi Mokoena", "Thandi Mokoena", "Foreign Minister", "ZAF")]


def test_given_names_of_diplomacy_copy_mark_untitled_names(gaz: Gazetteer) -> None:
    # Arabic, Central Asian, Baltic, Nordic and French names of envoys and officials named bare
    body = (
        "Later Massad Haddad greeted Bakhtiyor Karimov, while Kestutis Jankauskas and Therese Dubois "
        "walked in with Espen Nilsen and Musaed Saleh."
    )
    assert [s for s, _, _, _ in _people(gaz, body)] == [
        "Massad Haddad",
        "Bakhtiyor Karimov",
        "Kestutis Jankauskas",
        "Therese Dubois",
        "Espen Nilsen",
        "Musaed Saleh",
    ]


def test_a_post_for_a_national_body_in_apposition_gives_its_country(gaz: Gazetteer) -> None:
    def first(body: str) -> tuple[str, str | None, str | None]:
        surface, _, role, country = _people(gaz, body)[0]
        return surface, role, country

    # "for" a national body, a seat of government, or a demonym or a country's possessive with a body
    assert first("Khalid Mirghani, a spokesman for the Sudanese army, said the city was secure.") == (
        "Khalid Mirghani",
        "Spokesperson",
        "SDN",
    )
    assert first("Dana Rosen, a spokeswoman for Israel's foreign ministry, rejected the report.") == (
        "Dana Rosen",
        "Spokesperson",
        "ISR",
    )
    assert first("Mark Reyes, a spokesman for the Pentagon, declined to comment.") == (
        "Mark Reyes",
        "Spokesperson",
        "USA",
    )
    assert first("Peter Holm, a spokesman for the Kenyan police, said two men were held.") == (
        "Peter Holm",
        "Spokesperson",
        "KEN",
    )
    # not a country's bare name after an envoy (the envoy's topic), a state's people, or a news outlet
    assert first("Lars Grundvik, the UN envoy for Syria, said talks would resume.") == (
        "Lars Grundvik",
        "Envoy",
        None,
    )
    assert first("Laura Moreau, an advocate for Syrian refugees, said aid was short.") == (
        "Laura Moreau",
        None,
        None,
    )
    assert first("Paul Decker, a correspondent for the Washington Post, reported from Kyiv.") == (
        "Paul Decker",
        None,
        None,
    )


def test_a_name_before_a_place_noun_is_no_person(gaz: Gazetteer) -> None:
    body = (
        "Flights left Marco Polo airport and the Lech Walesa airport after police closed Omar Mukhtar "
        "street, airline spokesman Piotr Nowak said."
    )
    assert [s for s, _, _, _ in _people(gaz, body)] == ["Piotr Nowak"]


def test_lower_case_military_posts_give_the_role(gaz: Gazetteer) -> None:
    body = "Ukraine's commander-in-chief Taras Hnatenko met the Estonian army chief Mart Tamm."
    assert [(s, r, c) for s, _, r, c in _people(gaz, body)] == [
        ("Taras Hnatenko", "Commander-in-Chief", "UKR"),
        ("Mart Tamm", "Army Chief", "EST"),
    ]


def test_security_council_secretary_is_a_post_not_the_un_body(gaz: Gazetteer) -> None:
    body = "Security Council Secretary Ivan Sorokin flew to Pyongyang."
    assert _people(gaz, body) == [("Ivan Sorokin", "Ivan Sorokin", "Security Council Secretary", None)]
    assert "organization" not in _mentions(gaz, body)["entity_type"].to_list()


def test_libyas_eastern_commander_is_known(gaz: Gazetteer) -> None:
    body = "Forces loyal to Khalifa Hifter stayed out of the fighting, and Haftar later met envoys."
    people = _people(gaz, body, published=date(2025, 5, 20))
    assert {(n, r, c) for _, n, r, c in people} == {("Khalifa Haftar", "Commander", "LBY")}


def test_an_organizations_bare_possessive_before_a_person_noun_gives_its_country(gaz: Gazetteer) -> None:
    body = "The Liberal Democrats' leader Tom Ashby met Hamas' political chief Yusuf Barakat."
    assert [(s, c) for s, _, _, c in _people(gaz, body)] == [("Tom Ashby", "GBR"), ("Yusuf Barakat", "PSE")]


def test_a_title_after_a_conjunction_opens_a_new_clause_not_an_apposition(gaz: Gazetteer) -> None:
    body = "The envoy met Ana Lima, and Peru's President Luis Ortega warned."
    people = _people(gaz, body)
    assert [(s, r, c) for s, _, r, c in people] == [
        ("Ana Lima", None, None),
        ("Luis Ortega", "President", "PER"),
    ]
    # a relative clause still describes the name before it
    described = _people(gaz, "The envoy met Ana Lima, who is agriculture minister, on Monday.")
    assert [(s, r) for s, _, r, _ in described] == [("Ana Lima", "Agriculture Minister")]


def test_a_lower_case_parliament_speaker_takes_the_possessive_country(gaz: Gazetteer) -> None:
    body = "Jordan's parliament speaker Omar Haddad met the Amal movement."
    assert _people(gaz, body) == [("Omar Haddad", "Omar Haddad", "Speaker", "JOR")]
    assert _mentions(gaz, body).filter(pl.col("entity_type") == "organization")["name"].to_list() == [
        "Amal Movement"
    ]


def test_of_the_country_or_a_national_body_after_the_name_gives_the_country(gaz: Gazetteer) -> None:
    body = (
        "President Halvar of the Philippines met President Teodora of the Netherlands and Senator "
        "Tom Reyes of the Republican Party, while Ana Ruiz of Reuters and Omar Haddad of the UN watched."
    )
    assert [(s, c) for s, _, _, c in _people(gaz, body)] == [
        ("Halvar", "PHL"),
        ("Teodora", "NLD"),
        ("Tom Reyes", "USA"),
        ("Ana Ruiz", None),
        ("Omar Haddad", None),
    ]


def test_a_title_for_a_portfolio_is_one_title_before_the_name(gaz: Gazetteer) -> None:
    body = (
        "Commissioner for Enlargement Marta Novak met Minister for Europe Tom Bryce and the Secretary "
        "of State for Defence Alan Grey."
    )
    assert [(s, r) for s, _, r, _ in _people(gaz, body)] == [
        ("Marta Novak", "Commissioner"),
        ("Tom Bryce", "Minister"),
        ("Alan Grey", "Defence Minister"),
    ]
    body = "Pakistan's Minister for Information Karim Shah denied the report."
    assert _people(gaz, body) == [("Karim Shah", "Karim Shah", "Information Minister", "PAK")]


def test_a_commissioner_is_a_person_noun(gaz: Gazetteer) -> None:
    body = "EU trade commissioner Marek Hlavac met the bloc's energy commissioner, Ilse Jaaksoo, on Monday."
    assert [s for s, _, _, _ in _people(gaz, body)] == ["Marek Hlavac", "Ilse Jaaksoo"]


def test_a_family_name_after_a_hyphenated_particle_is_not_the_group_it_spells(gaz: Gazetteer) -> None:
    body = "Houthi leader Abdul-Malik al-Houthi said attacks on Israel would go on."
    out = _mentions(gaz, body)
    assert out.select("surface", "entity_type").rows() == [
        ("Houthi", "organization"),
        ("Abdul-Malik al-Houthi", "person"),
        ("Israel", "country"),
    ]


def test_a_lebanese_army_commander_is_lebanese(gaz: Gazetteer) -> None:
    body = (
        "The Lebanese army deployed. Lebanese army commander Gen. Karim Haddad met envoys. The army said so."
    )
    out = _mentions(gaz, body)
    assert out.select("surface", "name", "country_code").rows() == [
        ("Lebanese", "Lebanon", "LBN"),
        ("army", "Lebanese Armed Forces", "LBN"),
        ("Lebanese", "Lebanon", "LBN"),
        ("Karim Haddad", "Karim Haddad", "LBN"),
        ("army", "Lebanese Armed Forces", "LBN"),
    ]


def test_a_us_party_and_state_after_the_name_gives_the_us(gaz: Gazetteer) -> None:
    body = (
        "Sen. Jane Doe, R-S.C., and Rep. John Roe (D-Calif.) met Tom Poe, R-Texas. "
        "Ana Smith, D-Day veteran, spoke."
    )
    assert [(s, c) for s, _, _, c in _people(gaz, body)] == [
        ("Jane Doe", "USA"),
        ("John Roe", "USA"),
        ("Tom Poe", "USA"),
        ("Ana Smith", None),
    ]


def test_secretary_before_a_surname_is_a_title(gaz: Gazetteer) -> None:
    body = "Secretary Rubio met Secretary of State Marco Rubio's staff."
    assert [(s, n) for s, n, _, _ in _people(gaz, body, published=date(2025, 6, 1))] == [
        ("Rubio", "Marco Rubio"),
        ("Marco Rubio", "Marco Rubio"),
    ]


def test_a_post_of_a_capital_before_the_name_leaves_the_capital_out_of_the_name(gaz: Gazetteer) -> None:
    body = "The Mayor of Paris Claire Morel met the governor of Tokyo Aiko Sato."
    assert [(s, r, c) for s, _, r, c in _people(gaz, body)] == [
        ("Claire Morel", "Mayor", "FRA"),
        ("Aiko Sato", "Governor", "JPN"),
    ]


def test_coordinated_demonyms_give_their_countries_to_the_names_in_order(gaz: Gazetteer) -> None:
    def countries(body: str) -> list[tuple[str, str | None]]:
        return [(p[0], p[3]) for p in _people(gaz, body)]

    # two demonyms before a relational title pair with the two names after it
    body = "Lars Berg hosted his Danish and Finnish counterparts, Anna Holm and Peter Virtanen, on Monday."
    assert countries(body)[1:] == [("Anna Holm", "DNK"), ("Peter Virtanen", "FIN")]
    body = "Ruto met his Kenyan and Ugandan counterparts James Otieno and Peter Okello in Kampala."
    assert countries(body)[-2:] == [("James Otieno", "KEN"), ("Peter Okello", "UGA")]
    # one name after such a phrase could be either's: no country, rather than the nearer one
    body = "Lars Berg hosted his Danish and Finnish counterparts, Anna Holm, on Monday."
    assert countries(body)[1:] == [("Anna Holm", None)]
    # a single demonym is unchanged
    body = "Lars Berg hosted his Finnish counterpart, Anna Holm, on Monday."
    assert countries(body)[1:] == [("Anna Holm", "FIN")]


def test_a_title_after_a_demonym_in_apposition_is_the_persons(gaz: Gazetteer) -> None:
    def first(body: str) -> tuple[str, str | None, str | None]:
        surface, _, role, country = _people(gaz, body)[0]
        return surface, role, country

    assert first("Karim Nassar, the Jordanian ambassador, was summoned on Tuesday.") == (
        "Karim Nassar",
        "Ambassador",
        "JOR",
    )
    assert first("Lena Marsh, a Swedish foreign ministry spokeswoman, confirmed the visit.") == (
        "Lena Marsh",
        "Spokesperson",
        "SWE",
    )
    # the title of a name that follows it is that person's, not the apposition's
    assert first("Paul Grant, the U.S. President Donald Trump's adviser, flew in.") == (
        "Paul Grant",
        None,
        None,
    )


def test_a_title_in_the_plural_is_the_post_of_both_names(gaz: Gazetteer) -> None:
    body = "Foreign Ministers Anna Holm and Peter Virtanen signed the border accord."
    assert [(p[0], p[2]) for p in _people(gaz, body)] == [
        ("Anna Holm", "Foreign Minister"),
        ("Peter Virtanen", "Foreign Minister"),
    ]
    # with two demonyms, the countries in order
    body = "Danish and Finnish Defence Ministers Anna Holm and Peter Virtanen toured the base."
    assert [(p[0], p[2], p[3]) for p in _people(gaz, body)] == [
        ("Anna Holm", "Defence Minister", "DNK"),
        ("Peter Virtanen", "Defence Minister", "FIN"),
    ]


def test_a_leader_in_office_keeps_the_reference_country_over_a_misread_text(gaz: Gazetteer) -> None:
    # a WASHINGTON story's "Army" is read as the U.S. Army, which would make Sudan's leader American
    body = (
        "WASHINGTON (Reuters) - The United States proposed a truce in Sudan's war on Friday. "
        "Army chief Abdel Fattah al-Burhan did not reply."
    )
    people = _people(gaz, body, published=date(2025, 9, 1))
    assert [(p[1], p[3]) for p in people] == [("Abdel Fattah al-Burhan", "SDN")]


def test_an_organization_before_and_is_no_coordinated_demonym(gaz: Gazetteer) -> None:
    # "Hamas" is a noun phrase of its own: the demonym after "and" is still the official's
    body = "The envoy held talks with Hamas and Jordanian intelligence chief Samir Haddad in Amman."
    assert [(p[0], p[3]) for p in _people(gaz, body)] == [("Samir Haddad", "JOR")]


def test_a_post_held_once_gives_way_to_a_leaders_post_at_the_article_date(gaz: Gazetteer) -> None:
    def roles(body: str) -> list[tuple[str, str | None]]:
        return [(p[0], p[2]) for p in _people(gaz, body, published=date(2025, 6, 1))]

    body = "Kaja Kallas, a former prime minister of Estonia, chaired the meeting. Kallas left early."
    assert roles(body) == [("Kaja Kallas", "High Representative"), ("Kallas", "High Representative")]
    assert roles("Former Prime Minister Mark Rutte arrived in The Hague.") == [
        ("Mark Rutte", "Secretary-General")
    ]
    # someone not listed keeps the post the text gives, former or not
    assert roles("Former Prime Minister Henrik Dahl arrived in Oslo.") == [("Henrik Dahl", "Prime Minister")]


def test_a_title_in_apposition_owned_by_a_person_gives_that_persons_country(gaz: Gazetteer) -> None:
    body = "Eitan Barak, Netanyahu's spokesman, said the delegation would stay in Doha."
    people = _people(gaz, body, published=date(2025, 9, 1))
    assert [(p[0], p[2], p[3]) for p in people][0] == ("Eitan Barak", "Spokesperson", "ISR")


def test_of_posts_held_together_the_first_held_is_the_role(gaz: Gazetteer) -> None:
    # Rubio: Secretary of State from January 2025, and also National Security Adviser from May
    people = _people(gaz, "Marco Rubio met the envoys.", published=date(2025, 6, 1))
    assert [(n, r, c) for _, n, r, c in people] == [("Marco Rubio", "Secretary of State", "USA")]


def test_a_continent_after_a_title_is_no_person(gaz: Gazetteer) -> None:
    body = "NATO's Supreme Allied Commander Europe, Gen. Tom Hale, met the Commander Africa staff."
    assert [s for s, _, _, _ in _people(gaz, body)] == ["Tom Hale"]


def test_surgeon_general_minister_without_portfolio_and_a_hotel(gaz: Gazetteer) -> None:
    body = "Surgeon General Rosa Linde met Minister Without Portfolio Ana Lima at the President Hotel."
    assert [(s, r) for s, _, r, _ in _people(gaz, body)] == [
        ("Rosa Linde", "Surgeon General"),
        ("Ana Lima", "Minister"),
    ]


def test_a_name_that_opens_a_places_proper_name_is_no_person(gaz: Gazetteer) -> None:
    body = (
        "Flights left King Khalid International Airport and Queen Mary University closed, "
        "while King Abdullah II and Emperor Naruhito met."
    )
    people = _people(gaz, body, published=date(2025, 6, 1))
    assert [(s, c) for s, _, _, c in people] == [("King Abdullah II", "JOR"), ("Naruhito", "JPN")]


def test_a_leaders_surname_that_opens_the_name_of_a_tower_valley_or_river_is_no_mention(
    gaz: Gazetteer,
) -> None:
    body = (
        "The meeting at Trump Tower drew scrutiny. Investors gathered in Sun Valley, and Charles River "
        "crossings closed. Trump denied wrongdoing."
    )
    people = _people(gaz, body, published=date(2025, 6, 1))
    assert [(s, n) for s, n, _, _ in people] == [("Trump", "Donald Trump")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Israeli Strategic Affairs Minister Ron Dermer met US officials.",
            ("Ron Dermer", "Ron Dermer", "Strategic Affairs Minister", "ISR"),
        ),
        (
            "Digital Affairs Minister Audrey Tang said the plan would go ahead.",
            ("Audrey Tang", "Audrey Tang", "Digital Affairs Minister", None),
        ),
        # a word that dates the holder is no part of the ministry
        (
            "Former Mines Minister Gwede Mantashe said the plan would go ahead.",
            ("Gwede Mantashe", "Gwede Mantashe", "Mines Minister", None),
        ),
        # a Secretary heads a ministry as a Minister does; a listed portfolio gives its minister's role
        (
            "Mexican Energy Secretary Rosa Elena Ibarra said the shipments were aid.",
            ("Rosa Elena Ibarra", "Rosa Elena Ibarra", "Energy Minister", "MEX"),
        ),
        (
            "Chilean Mining Secretary Tomas Ugarte said the plan would go ahead.",
            ("Tomas Ugarte", "Tomas Ugarte", "Mining Secretary", "CHL"),
        ),
    ],
)
def test_an_unlisted_ministry_takes_the_adjective_before_it(
    gaz: Gazetteer, body: str, expected: tuple[str, str, str, str | None]
) -> None:
    assert _people(gaz, body, published=date(2025, 6, 1)) == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the senior civil servant of India's and Pakistan's ministries, before the name or after it
        (
            "Indian Foreign Secretary Nadim Rakesh met his counterpart. Rakesh said the talks went well.",
            [("Nadim Rakesh", "Foreign Secretary", "IND"), ("Rakesh", "Foreign Secretary", "IND")],
        ),
        (
            "Saira Qadri, Pakistan's foreign secretary, received the envoy.",
            [("Saira Qadri", "Foreign Secretary", "PAK")],
        ),
        (
            "India's Defence Secretary Arun Mehra visited the base.",
            [("Arun Mehra", "Defence Secretary", "IND")],
        ),
        (
            "Indian Health Secretary Meera Sood said the vaccine drive would continue.",
            [("Meera Sood", "Health Secretary", "IND")],
        ),
        # where the title names the minister, it keeps the minister's role
        (
            "British Foreign Secretary Helen Marsh spoke. US Commerce Secretary Dale Pryor agreed.",
            [("Helen Marsh", "Foreign Minister", "GBR"), ("Dale Pryor", "Trade Minister", "USA")],
        ),
        (
            "Britain's Health Secretary Wes Carrow spoke.",
            [("Wes Carrow", "Health Minister", "GBR")],
        ),
    ],
)
def test_a_civil_service_title_is_the_role_in_its_countries(
    gaz: Gazetteer, body: str, expected: list
) -> None:
    people = _people(gaz, body)
    assert [(surface, role, country) for surface, _, role, country in people] == expected


def test_a_province_or_state_before_the_title_gives_its_country(gaz: Gazetteer) -> None:
    body = (
        "Ontario Premier Dana Brill met New South Wales Premier Tom Rusk, and Sindh Chief Minister "
        "Murad Ali Jatoi met Punjab Chief Minister Sana Malik."
    )
    people = [(surface, country) for surface, _, _, country in _people(gaz, body)]
    # Punjab is a state of India and a province of Pakistan: no country from it
    assert people == [
        ("Dana Brill", "CAN"),
        ("Tom Rusk", "AUS"),
        ("Murad Ali Jatoi", "PAK"),
        ("Sana Malik", None),
    ]


def test_a_high_commissioner_for_a_portfolio_is_one_title(gaz: Gazetteer) -> None:
    body = "U.N. High Commissioner for Refugees Fabio Lanzi warned that funding cuts would hurt."
    assert _people(gaz, body) == [("Fabio Lanzi", "Fabio Lanzi", "High Commissioner", None)]


def test_a_chinese_korean_or_vietnamese_family_name_opens_a_full_name(gaz: Gazetteer) -> None:
    body = (
        "Chen Jinfeng met the delegation in Shanghai. Chen welcomed investors. The talks included "
        "Park Min-jae and Nguyen Van Hoa. Park spoke first. Li Auto shares rose."
    )
    names = [(surface, name) for surface, name, _, _ in _people(gaz, body)]
    assert names == [
        ("Chen Jinfeng", "Chen Jinfeng"),
        ("Chen", "Chen Jinfeng"),
        ("Park Min-jae", "Park Min-jae"),
        ("Nguyen Van Hoa", "Nguyen Van Hoa"),
        ("Park", "Park Min-jae"),
    ]


def test_a_deputy_or_vice_chair_is_not_the_chair(gaz: Gazetteer) -> None:
    body = "Party Deputy Chairman Lin Haotian met Vice Chairwoman Marta Ruiz."
    roles = [(surface, role) for surface, _, role, _ in _people(gaz, body)]
    assert roles == [("Lin Haotian", "Deputy Chair"), ("Marta Ruiz", "Vice Chair")]


def test_a_pope_is_the_holy_sees_head_of_state(gaz: Gazetteer) -> None:
    body = (
        "Italian Prime Minister Giorgia Meloni met Pope Leo at the Vatican. Leo XIV urged a ceasefire. "
        "Pope Francis had visited Iraq."
    )
    people = _people(gaz, body, published=date(2025, 11, 1))
    assert [(surface, name, cc) for surface, name, _, cc in people] == [
        ("Giorgia Meloni", "Giorgia Meloni", "ITA"),
        ("Pope Leo", "Pope Leo XIV", "VAT"),
        ("Leo XIV", "Pope Leo XIV", "VAT"),
        ("Pope Francis", "Pope Francis", "VAT"),
    ]


def test_a_given_name_in_a_western_order_alias_names_no_east_asian_leader(gaz: Gazetteer) -> None:
    # "William Lai" is listed for Lai Ching-te: his family name is the last word there, not "William"
    people = _people(gaz, "Britain's Prince William visited Estonia. Lai spoke in Taipei.")
    named = [(surface, name) for surface, name, *_ in people]
    assert named == [("William", "William"), ("Lai", "Lai Ching-te")]
    # nor is a lone "John" Hong Kong's John Lee, whose listed name opens with a given name
    assert _people(gaz, "Melania and Donald arrived in Windsor. John waved.") == []
