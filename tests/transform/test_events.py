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
