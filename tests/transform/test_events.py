"""Event coding on sentences written for the test, with the real reference data."""

from __future__ import annotations

from datetime import date

import pytest

from flows.settings import Settings
from flows.transform.entities import extract_mentions, split_sentences
from flows.transform.events import code_events, event_types, load_event_lexicon
from tests.transform.helpers import articles_of

REFERENCE = Settings().reference_dir


@pytest.fixture(scope="module")
def coder(gaz):
    lexicon = load_event_lexicon(REFERENCE, event_types(REFERENCE))

    def run(body: str, published: date | None = None) -> list[tuple]:
        articles = articles_of(body, published=published)
        sentences = split_sentences(articles)
        events = code_events(articles, sentences, extract_mentions(articles, sentences, gaz), lexicon)
        return [
            (
                r["actor1_country_code"],
                r["actor2_country_code"],
                r["event_code"],
                r["quad_class"],
                r["date_id"],
                r["date_precision"],
            )
            for r in events.iter_rows(named=True)
        ]

    return run


@pytest.fixture(scope="module")
def coded(gaz):
    """Events of one body as row dicts, with the entity id of each mention's surface text."""
    lexicon = load_event_lexicon(REFERENCE, event_types(REFERENCE))

    def run(body: str, published: date | None = None) -> tuple[list[dict], dict[str, str]]:
        articles = articles_of(body, published=published)
        sentences = split_sentences(articles)
        mentions = extract_mentions(articles, sentences, gaz)
        events = code_events(articles, sentences, mentions, lexicon).sort(
            "actor1_country_code", "actor2_country_code"
        )
        return list(events.iter_rows(named=True)), dict(mentions.select("surface", "entity_id").iter_rows())

    return run


def test_active_predicate_orders_actor_and_target(coder) -> None:
    events = coder("Brazil imposed sanctions on Venezuela after the vote.")
    assert [(a, b, q) for a, b, _, q, *_ in events] == [("BRA", "VEN", 4)]


def test_coordinated_subjects_without_object_pair_up(coder) -> None:
    events = coder("Kenya and Ethiopia signed a mutual defense pact in Nairobi.")
    assert [(a, b, q) for a, b, _, q, *_ in events] == [("KEN", "ETH", 1)]


def test_multilateral_statement_gives_every_pair(coder) -> None:
    events = coder("The leaders of Germany, France, and Poland issued a joint statement on Monday.")
    assert {(a, b) for a, b, *_ in events} == {("DEU", "FRA"), ("DEU", "POL"), ("FRA", "POL")}


def test_passive_voice_flips_the_actors(coder) -> None:
    events = coder("Armenia was attacked by Azerbaijan overnight, officials said.")
    assert events and (events[0][0], events[0][1], events[0][3]) == ("AZE", "ARM", 4)


def test_negated_cooperation_is_a_rejection(coder) -> None:
    events = coder("Mexico did not sign the agreement with Canada.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("MEX", "CAN", "120")]


def test_ruling_out_is_a_rejection(coder) -> None:
    events = coder("Austria rules out joining the alliance with Hungary.")
    assert events and events[0][2].startswith("12") and events[0][:2] == ("AUT", "HUN")


def test_reported_speech_codes_what_was_reported(coder) -> None:
    events = coder("Chile's foreign minister said that Peru and Bolivia will hold talks next week.")
    assert {(a, b) for a, b, *_ in events} == {("PER", "BOL")}


def test_weekday_resolved_against_the_published_date(coder) -> None:
    events = coder("Greece and Cyprus held talks on Saturday.", published=date(2026, 2, 10))
    assert events[0][4:] == (20260207, "day")


def test_undated_article_leaves_the_date_unknown(coder) -> None:
    events = coder("Greece and Cyprus held talks on Saturday.")
    assert events[0][4:] == (None, None)


def test_one_country_alone_is_no_event(coder) -> None:
    assert coder("Russian President Vladimir Putin met officials in Moscow.") == []


def test_a_person_acts_for_the_country_named_with_them(coded) -> None:
    events, ids = coded("Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow.")
    assert [(e["actor1_entity_id"], e["actor2_entity_id"]) for e in events] == [
        (ids["Vladimir Putin"], ids["Xi Jinping"])
    ]


def test_the_longest_phrase_at_a_position_is_the_predicate(coded) -> None:
    events, _ = coded("Japan signed a pact with the United States on Monday.", published=date(2026, 2, 10))
    assert [(e["predicate"], e["date_id"]) for e in events] == [("signed a pact with", 20260209)]


@pytest.mark.parametrize(
    ("body", "predicate"),
    [
        ("Japan HELD TALKS with Vietnam.", "HELD TALKS with"),
        # Offsets in a sentence with curly quotes are characters, not bytes; the phrase stands in.
        ("Japan HELD TALKS with Vietnam on “trade”.", "held talks with"),
        ("Japan’s “détente” with Vietnam was signed.", "détente"),
    ],
)
def test_predicate_text(coded, body: str, predicate: str) -> None:
    events, _ = coded(body)
    assert [(e["actor1_country_code"], e["actor2_country_code"], e["predicate"]) for e in events] == [
        ("JPN", "VNM", predicate)
    ]


def test_a_clause_break_keeps_the_pairs_of_each_clause_apart(coder) -> None:
    events = coder("India accused Pakistan, while China praised Nepal.")
    assert {(a, b) for a, b, *_ in events} == {("IND", "PAK"), ("CHN", "NPL")}


def test_a_subject_beyond_reach_is_no_actor(coder) -> None:
    body = (
        "India, whose ministers spent the whole of the last three weeks travelling across many "
        "provinces, condemned Nepal."
    )
    assert coder(body) == []


def test_a_contracted_negation_is_a_rejection(coder) -> None:
    assert [(a, b, code) for a, b, code, *_ in coder("Brazil didn't sign the agreement with Chile.")] == [
        ("BRA", "CHL", "120")
    ]


def test_passive_voice_with_coordinated_agents(coder) -> None:
    events = coder("Canada was attacked by Mexico and Cuba.")
    assert sorted((a, b) for a, b, *_ in events) == [("CUB", "CAN"), ("MEX", "CAN")]


def test_a_statement_gives_way_to_a_more_specific_predicate(coded) -> None:
    events, _ = coded("Japan and Vietnam said they signed a pact.")
    assert [(e["event_code"], e["predicate"]) for e in events] == [("057", "signed a pact")]


def test_coordinated_objects_of_a_mutual_predicate_pair_up(coder) -> None:
    events = coder("Germany met with France, Italy, and Spain.")
    assert len(events) == 6 and {a for a, *_ in events} == {"DEU", "FRA", "ITA"}


def test_an_accused_participle_names_no_accuser(coder) -> None:
    body = "Britain imposed sanctions on Iran's tanker firms, which are accused of shipping oil to China."
    assert [(a, b) for a, b, *_ in coder(body)] == [("GBR", "IRN")]


def test_an_accused_participle_with_a_named_crime_names_no_accuser(coder) -> None:
    assert coder("Israel was accused of war crimes in Gaza by Turkey.") == []


def test_a_statement_with_its_that_dropped_codes_what_was_reported(coder) -> None:
    assert coder("South Korea said North Korea fired a missile on Thursday.") == []
    events = coder("Ukraine said Russia attacked Poland.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("RUS", "POL", "190")]


def test_the_person_told_is_the_target_of_a_statement(coder) -> None:
    assert [(a, b, code) for a, b, code, *_ in coder("Japan told China it would respond.")] == [
        ("JPN", "CHN", "010")
    ]


def test_a_venue_is_no_party_to_talks(coder) -> None:
    events = coder("Iran and the United States held indirect talks in Oman on Saturday.")
    assert {(a, b) for a, b, *_ in events} == {("IRN", "USA")}


def test_a_country_after_a_multilateral_meeting_takes_part_only_when_joined(coder) -> None:
    events = coder("Brazil, Chile and Peru held talks on Monday before Argentina voted.")
    assert {(a, b) for a, b, *_ in events} == {("BRA", "CHL"), ("BRA", "PER"), ("CHL", "PER")}
    events = coder("Brazil and Chile held talks on Monday with Peru.")
    assert {(a, b) for a, b, *_ in events} == {("BRA", "CHL"), ("BRA", "PER"), ("CHL", "PER")}


def test_the_source_after_a_comma_is_not_one_more_object(coder) -> None:
    events = coder("China held military drills around Taiwan, Japan said.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("CHN", "TWN", "150")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Russia expelled 15 Latvian diplomats on Friday.", [("RUS", "LVA", "161")]),
        ("France will send 2,000 troops to Estonia.", [("FRA", "EST", "154")]),
        ("The United States withdrew some 1,000 troops from Syria.", [("USA", "SYR", "0874")]),
        ("Iran launched hundreds of drones at Israel.", [("IRN", "ISR", "1952")]),
        ("Yemen's Houthis fired a ballistic missile at Israel.", [("YEM", "ISR", "195")]),
        ("Hamas fired a rocket toward Israel.", [("PSE", "ISR", "194")]),
        ("Turkey and Syria restored full diplomatic ties.", [("TUR", "SYR", "054")]),
    ],
)
def test_a_gapped_phrase_spans_the_words_between_head_and_tail(coder, body: str, expected: list) -> None:
    assert [(a, b, code) for a, b, code, *_ in coder(body)] == expected


def test_a_country_after_on_or_about_is_the_topic_of_a_meeting_not_a_party(coder) -> None:
    events = coder("Barrot will visit Helsinki for talks expected to focus on Taiwan.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("FRA", "FIN", "036")]
    events = coder("China and Russia held talks about Iran.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("CHN", "RUS", "040")]
    # a sanction on a country still reaches it
    events = coder("The United States imposed sanctions on Russia.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("USA", "RUS", "163")]


def test_spoke_to_is_spoke_with(coder) -> None:
    events = coder("Putin spoke to Trump about Ukraine.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("RUS", "USA", "041")]


def test_a_country_of_origin_does_not_act(coder) -> None:
    events = coder("The American-born pontiff met Ukrainian President Volodymyr Zelenskiy.")
    assert events == []
    events = coder("US-trained Afghan forces attacked Pakistan.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("AFG", "PAK", "190")]


def test_a_gapped_phrase_stops_at_a_clause_break(coder) -> None:
    events = coder("Russia expelled, in a move seen as retaliation, Latvian diplomats.")
    assert [code for _, _, code, *_ in events] == ["166"]


def test_a_negated_gapped_phrase_is_a_rejection(coder) -> None:
    events = coder("Turkey and Syria did not restore full diplomatic ties.")
    assert [code for _, _, code, *_ in events] == ["120"]


def test_a_source_closing_the_sentence_is_not_the_object(coder) -> None:
    body = "North Korea fired ballistic missiles toward the sea, South Korea's military said."
    assert coder(body) == []


def test_denying_support_is_a_denial_not_a_rejection(coder) -> None:
    events = coder("Rwanda denied supporting rebels in Congo.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("RWA", "COD", "016")]


def test_sympathy_with_a_country_is_no_reported_speech(coder) -> None:
    events = coder("Poland expressed solidarity with Ukraine on Friday.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("POL", "UKR", "018")]


def test_a_gapped_phrase_takes_four_words_between(coder) -> None:
    events = coder("Russia launched 120 drones and four missiles at Ukraine overnight.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("RUS", "UKR", "195")]


def test_ordering_another_state_to_withdraw_is_an_expulsion(coder) -> None:
    events = coder("Mali's junta ordered France to withdraw its troops from the country.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("MLI", "FRA", "166")]


def test_a_meetings_purpose_gives_its_topic_no_event(coder) -> None:
    events = coder("Spain's prime minister met Portugal's president in Lisbon to discuss aid for Mozambique.")
    assert {(a, b, code) for a, b, code, *_ in events} == {("ESP", "PRT", "040")}


def test_a_purpose_without_anyone_met_keeps_its_event(coder) -> None:
    events = coder("Talks were held on Monday to deepen defence ties between Chile and Peru.")
    assert {(a, b) for a, b, *_ in events} == {("CHL", "PER")}


def test_blocked_aid_is_aid_stopped(coder) -> None:
    events = coder("Slovakia on Friday blocked a fresh tranche of military aid to Moldova.")
    assert [(a, b, code, q) for a, b, code, q, *_ in events] == [("SVK", "MDA", "1622", 4)]


def test_arriving_in_a_capital_is_a_visit_to_its_state(coder) -> None:
    events = coder("Chinese Foreign Minister Wang Yi arrived in Moscow on Monday.")
    assert [(a1, a2, code) for a1, a2, code, *_ in events] == [("CHN", "RUS", "042")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Takaichi spoke with South Korean President Lee Jae-myung and said she hoped to meet "
            "Chinese President Xi Jinping.",
            [("JPN", "KOR", "041"), ("JPN", "CHN", "036")],
        ),
        (
            "Turkish Foreign Minister Hakan Fidan met his Greek counterpart in Athens and accused "
            "Israel of undermining the ceasefire.",
            [("TUR", "GRC", "040"), ("TUR", "ISR", "112")],
        ),
        (
            "Indian Prime Minister Narendra Modi spoke with Japanese Prime Minister Sanae Takaichi, "
            "and pledged to deepen cooperation with Australia.",
            [("IND", "JPN", "041"), ("IND", "AUS", "030")],
        ),
    ],
)
def test_a_second_verb_after_and_shares_the_first_ones_subject(coder, body: str, expected: list) -> None:
    assert [(a, b, code) for a, b, code, *_ in coder(body)] == expected


def test_a_noun_of_force_with_by_names_its_agent(coder) -> None:
    events = coder("Iran rebuilt its sites after the strikes by Israel and the United States.")
    assert [(a, b, code) for a, b, code, *_ in events] == [("ISR", "IRN", "190"), ("USA", "IRN", "190")]


def test_a_dateline_country_is_where_the_story_was_filed_not_an_actor(coder) -> None:
    body = (
        "NAIROBI, Kenya (AP) \u2014 The East African Community suspended Burundi on Monday. "
        "Kenya later condemned Burundi."
    )
    assert [(a, b) for a, b, *_ in coder(body)] == [("KEN", "BDI")]
    # after the dateline, the same country acts in the same sentence
    again = coder("NAIROBI, Kenya (AP) - Kenya condemned Burundi.")
    assert [(a, b) for a, b, *_ in again] == [("KEN", "BDI")]


def test_an_active_phrase_after_a_form_of_be_is_passive(coder) -> None:
    # the agent after "by" acts on the actor before the phrase
    assert [(a, b, c) for a, b, c, *_ in coder("Lithuania will not be intimidated by China.")] == [
        ("CHN", "LTU", "130")
    ]
    # with no agent named, the actor before is acted on by someone unnamed: no event, not a reversed one
    assert coder("Two Chinese diplomats were expelled from Lithuania on Monday.") == []


def test_by_and_a_name_after_an_active_phrase_give_its_agent(coder) -> None:
    def pairs(body: str) -> list[tuple[str, str]]:
        return [(a, b) for a, b, *_ in coder(body)]

    assert pairs("Protests erupted in Iran after accusations by Israel.") == [("ISR", "IRN")]
    assert pairs("A Russian jet was shot down by Turkey.") == [("TUR", "RUS")]
    # "by" after a gerund or a number names no agent, nor after a phrase with its own object
    assert pairs("China retaliated by imposing tariffs on Canada.") == [("CHN", "CAN")]
    assert pairs("India dismissed the accusations by Canada.") == [("IND", "CAN")]


def test_hostages_handed_over_are_released_not_taken(coder) -> None:
    body = "Hamas had agreed to hand over the remains of hostages, and urged Israel to open crossings."
    assert ("PSE", "ISR", "0841") in [(a, b, c) for a, b, c, *_ in coder(body)]


def test_a_country_and_its_titled_person_are_one_actor(coder) -> None:
    body = (
        "Norway's Prime Minister Jonas Gahr Store and Denmark's Prime Minister Mette Frederiksen met in Oslo."
    )
    assert [(a, b, c) for a, b, c, *_ in coder(body)] == [("NOR", "DNK", "040")]


def test_an_active_phrase_with_one_side_alone_pairs_no_one_within_it(coder) -> None:
    # they condemned someone unnamed together, not each other; a mutual phrase pairs them
    assert coder("Britain and France condemned the attack on Monday.") == []
    assert [(a, b) for a, b, *_ in coder("Britain and France held talks on Monday.")] == [("GBR", "FRA")]


def test_entering_a_named_countrys_airspace_shows_military_power(coder) -> None:
    body = "Chinese coast guard ships entered Japanese territorial waters near the Senkaku Islands."
    assert [(a, b, c) for a, b, c, *_ in coder(body)] == [("CHN", "JPN", "150")]


def test_speaking_to_reporters_addresses_no_country(coder) -> None:
    assert coder("Speaking to reporters in Rome, Tajani said Italy and Greece would act together.") == []


def test_closing_a_named_countrys_consulate_cuts_relations(coder) -> None:
    assert [(a, b, c) for a, b, c, *_ in coder("Lithuania shut the Russian consulate in Klaipeda.")] == [
        ("LTU", "RUS", "161")
    ]
