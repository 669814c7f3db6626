"""Direct quotations: sentences written for these tests, plus the feed seed."""

from __future__ import annotations

import polars as pl
import pytest

from flows.ids import entity_id, stable_id
from flows.parse import parse_text
from flows.transform.quotes import QUOTE_SCHEMA, extract_quotes
from tests.conftest import FEED_SEED

MENTION_SCHEMA = {
    "article_id": pl.String,
    "entity_id": pl.String,
    "entity_type": pl.String,
    "name": pl.String,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "sentence_no": pl.Int32,
}
NO_MENTIONS = pl.DataFrame(schema=MENTION_SCHEMA)


def _articles(*bodies: str) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)})


def _mention(article_id: str, body: str, surface: str, etype: str, name: str, nth: int = 0) -> dict:
    """A mention of `surface` (its nth occurrence in body), as the entity extractor would give it."""
    start = -1
    for _ in range(nth + 1):
        start = body.index(surface, start + 1)
    return {
        "article_id": article_id,
        "entity_id": entity_id(etype, name),
        "entity_type": etype,
        "name": name,
        "char_start": start,
        "char_end": start + len(surface),
        "sentence_no": 1,
    }


def _mentions(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=MENTION_SCHEMA)


def _quotes(body: str, mentions: pl.DataFrame = NO_MENTIONS) -> list[dict]:
    frame = extract_quotes(_articles(body), mentions)
    assert frame.schema == pl.Schema(QUOTE_SCHEMA)
    for row in frame.iter_rows(named=True):
        assert body[row["char_start"] : row["char_end"]] == row["quote"]
        assert row["quote_id"] == stable_id("quote", row["article_id"], row["char_start"])
    return frame.to_dicts()


def _one(body: str, mentions: pl.DataFrame = NO_MENTIONS) -> dict:
    quotes = _quotes(body, mentions)
    assert len(quotes) == 1, quotes
    return quotes[0]


@pytest.mark.parametrize(
    ("body", "quote", "speaker", "verb"),
    [
        (
            '"Talks with our northern neighbours will resume next month," Lindqvist told reporters in Oslo.',
            "Talks with our northern neighbours will resume next month",
            "Lindqvist",
            "told",
        ),
        (
            '"We have no intention of leaving the agreement," said Amara Diallo, the foreign minister.',
            "We have no intention of leaving the agreement",
            "Amara Diallo",
            "said",
        ),
        (
            "“The shipments will continue exactly as planned,” the ministry said on Friday.",
            "The shipments will continue exactly as planned",
            "the ministry",
            "said",
        ),
        (
            '"The port stays closed to all commercial traffic", the harbour authority warned.',
            "The port stays closed to all commercial traffic",
            "the harbour authority",
            "warned",
        ),
        (
            '"We will study every clause before we sign," Ines Moreau, the party\'s chief negotiator, '
            "said after the meeting.",
            "We will study every clause before we sign",
            "Ines Moreau",
            "said",
        ),
        (
            'Halvorsen told the assembly: "We will publish the full audit before the end of the month."',
            "We will publish the full audit before the end of the month.",
            "Halvorsen",
            "told",
        ),
        (
            "The governor said on Tuesday that the levy would “protect every household in the province”.",
            "protect every household in the province",
            "The governor",
            "said",
        ),
        (
            '"Why should our farmers pay for a crisis they did not cause?" asked Tomas Vell.',
            "Why should our farmers pay for a crisis they did not cause?",
            "Tomas Vell",
            "asked",
        ),
    ],
)
def test_speaker_and_verb_around_the_quote(body: str, quote: str, speaker: str, verb: str) -> None:
    row = _one(body)
    assert (row["quote"], row["speaker"], row["speech_verb"]) == (quote, speaker, verb)


def test_according_to_attributes_without_a_verb() -> None:
    row = _one(
        'Grain exports fell "by more than a third in the first quarter", according to the trade ministry.'
    )
    assert row["speaker"] == "the trade ministry"
    assert row["speech_verb"] is None


def test_scare_quotes_are_not_quotes_but_attributed_short_quotes_are() -> None:
    body = (
        'The opposition dismissed the "reforms" as cosmetic, and critics call the plan a "paper tiger". '
        'The envoy described the offer as "serious and constructive" before leaving.\n\n'
        '"No," Okafor said when asked about a second vote. Okafor later warned of "new tariffs".'
    )
    quotes = _quotes(body)
    assert [(q["quote"], q["speaker"]) for q in quotes] == [("No", "Okafor"), ("new tariffs", "Okafor")]


def test_a_quoted_name_followed_by_an_attribution_is_not_a_quote() -> None:
    body = 'The country will stay out of the "Regional Security Pact", Foreign Minister Lund said on Monday.'
    assert _quotes(body) == []


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        (
            "The party’s ‘red lines’ were not discussed.\n\n"
            "‘We won’t accept terms that hurt our farmers,’ Moreau said.",
            "We won’t accept terms that hurt our farmers",
        ),
        (
            "The farmers' union rejected the plan.\n\n"
            "'We won't accept terms that hurt our farmers,' Moreau said on Tuesday.",
            "We won't accept terms that hurt our farmers",
        ),
    ],
    ids=["curly", "ascii"],
)
def test_single_quotes_beside_apostrophes(body: str, quote: str) -> None:
    row = _one(body)
    assert row["quote"] == quote
    assert row["speaker"] == "Moreau"


def test_a_quote_over_several_paragraphs_takes_the_closing_attribution() -> None:
    body = (
        "Lopez spoke for an hour.\n\n"
        '"The first part of the statement sets out the timetable for the talks.\n\n'
        '"The second part explains what happens if the deadline passes," Lopez said.'
    )
    quotes = _quotes(body)
    assert [q["speaker"] for q in quotes] == ["Lopez", "Lopez"]
    assert quotes[0]["quote"].startswith("The first part")


def test_named_and_possessive_speakers_resolve_to_the_mentioned_entity() -> None:
    body = (
        "Ruritanian President Tomas Vell met envoys on Monday.\n\n"
        '"There will be no further delays to the programme," Vell\'s spokesman said in a statement.\n\n'
        '"We expect the first deliveries in spring," Ruritanian President Tomas Vell said.'
    )
    vell = entity_id("person", "Tomas Vell")
    mentions = _mentions(
        _mention("a0", body, "Ruritanian", "country", "Ruritania"),
        _mention("a0", body, "Tomas Vell", "person", "Tomas Vell"),
        _mention("a0", body, "Vell", "person", "Tomas Vell", nth=1),
        _mention("a0", body, "Ruritanian", "country", "Ruritania", nth=1),
        _mention("a0", body, "Tomas Vell", "person", "Tomas Vell", nth=1),
    )
    first, second = _quotes(body, mentions)
    assert (first["speaker"], first["speaker_entity_id"]) == ("Vell's spokesman", vell)
    # The country and the person both overlap "Ruritanian President Tomas Vell": the person speaks.
    assert second["speaker_entity_id"] == vell


def test_pronoun_takes_the_nearest_person_outside_quotes() -> None:
    body = (
        "Dana Whitfield arrived in the capital on Monday.\n\n"
        '"I discussed the matter with Peter Obasi this morning," she said.'
    )
    mentions = _mentions(
        _mention("a0", body, "Dana Whitfield", "person", "Dana Whitfield"),
        _mention("a0", body, "Peter Obasi", "person", "Peter Obasi"),
    )
    row = _one(body, mentions)
    assert (row["speaker"], row["speaker_entity_id"]) == ("she", entity_id("person", "Dana Whitfield"))


def test_pronoun_without_a_recent_person_stays_unresolved() -> None:
    body = (
        "Dana Whitfield arrived in the capital on Monday.\n\n"
        "Markets were calm. Trading volumes were thin. The currency held steady.\n\n"
        '"We will not change course on this question," he said.'
    )
    row = _one(body, _mentions(_mention("a0", body, "Dana Whitfield", "person", "Dana Whitfield")))
    assert row["speaker"] == "he"
    assert row["speaker_entity_id"] is None


def test_it_resolves_only_within_the_paragraph() -> None:
    same = (
        "The Central Bank of Ruritania raised its main rate on Tuesday. "
        '"Inflation remains far too high for comfort," it said.'
    )
    other = (
        "The Central Bank of Ruritania raised its main rate on Tuesday.\n\n"
        '"Inflation remains far too high for comfort," it said.'
    )
    bank = entity_id("organization", "Central Bank of Ruritania")
    for body, expected in ((same, bank), (other, None)):
        mentions = _mentions(
            _mention("a0", body, "Central Bank of Ruritania", "organization", "Central Bank of Ruritania")
        )
        row = _one(body, mentions)
        assert (row["speaker"], row["speaker_entity_id"]) == ("it", expected)


def test_a_name_missed_by_the_extractor_resolves_by_the_words_of_a_mentioned_name() -> None:
    body = (
        "Prime Minister Anwar Ibrahim opened the session.\n\n"
        '"Our doors remain open to every investor," Anwar told the forum.'
    )
    row = _one(body, _mentions(_mention("a0", body, "Anwar Ibrahim", "person", "Anwar Ibrahim")))
    assert row["speaker_entity_id"] == entity_id("person", "Anwar Ibrahim")


def test_no_quotes_and_no_mentions_give_empty_frames() -> None:
    frame = extract_quotes(_articles("No quotation here at all.", ""), NO_MENTIONS)
    assert frame.height == 0
    assert frame.schema == pl.Schema(QUOTE_SCHEMA)


def test_feed_seed_quotes_and_speakers() -> None:
    articles = parse_text(FEED_SEED.read_text()).articles
    frame = _articles(*(a.body for a in articles))
    summit, _, netanyahu, _ = (a.body for a in articles)
    mentions = _mentions(
        _mention(
            "a0", summit, "Xi", "person", "Xi Jinping", nth=summit.count("Xi", 0, summit.index("Xi told"))
        ),
        _mention(
            "a2", netanyahu, "Netanyahu", "person", "Benjamin Netanyahu", nth=netanyahu.count("Netanyahu") - 1
        ),
    )
    quotes = extract_quotes(frame, mentions)
    by_text = {q["quote"]: q for q in quotes.to_dicts()}

    xi = next(q for text, q in by_text.items() if text.startswith("We should join hands"))
    assert (xi["speaker"], xi["speech_verb"], xi["speaker_entity_id"]) == (
        "Xi",
        "told",
        entity_id("person", "Xi Jinping"),
    )
    putin = by_text["The multipolar world has become a reality"]
    assert (putin["speaker"], putin["speech_verb"]) == ("Putin", "said")
    office = next(q for text, q in by_text.items() if text.endswith("support for the Iranian axis"))
    assert office["article_id"] == "a2"
    assert office["speaker"] == "Netanyahu's office"
    assert office["speaker_entity_id"] == entity_id("person", "Benjamin Netanyahu")
    assert "hegemony" not in by_text
    for q in quotes.iter_rows(named=True):
        body = frame.filter(pl.col("article_id") == q["article_id"]).get_column("body")[0]
        assert body[q["char_start"] : q["char_end"]] == q["quote"]


def test_a_capitalised_verb_form_is_a_name_not_the_verb() -> None:
    row = _one('"We will keep the embassy open for now," the United States said on Sunday.')
    assert (row["speaker"], row["speech_verb"]) == ("the United States", "said")


@pytest.mark.parametrize("closing", ["’", "”", '"'])
def test_a_quote_closed_by_the_last_character_of_the_body(closing: str) -> None:
    opening = {"’": "‘", "”": "“", '"': '"'}[closing]
    row = _one(f"Moreau said: {opening}We won’t accept terms that hurt our farmers.{closing}")
    assert (row["quote"], row["speaker"]) == ("We won’t accept terms that hurt our farmers.", "Moreau")


def test_offsets_are_characters_after_wide_characters() -> None:
    body = "Zoë Ährlund, née Ørsted, said: “Ça va, nous signerons l’accord demain à Genève.”"
    row = _one(body)
    assert row["quote"] == "Ça va, nous signerons l’accord demain à Genève."
    assert row["char_start"] == body.index("Ça")


def test_a_stray_mark_inside_a_paragraph_opens_no_quote() -> None:
    body = (
        'Vell called the plan "unworkable and left the room.\n\n'
        '"We will not sign this agreement today," Vell said.'
    )
    assert [q["quote"] for q in _quotes(body)] == ["We will not sign this agreement today"]


def test_results_do_not_depend_on_slices_or_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = [
        f'Talks in round {i} ended. "We are still far apart on the border," Vell said. '
        f"He added: ‘There is no deal yet.’"
        for i in range(40)
    ]
    whole = extract_quotes(_articles(*bodies), NO_MENTIONS, threads=1)
    monkeypatch.setattr("flows.transform.quotes.SLICE_BYTES", 300)
    sliced = extract_quotes(_articles(*bodies), NO_MENTIONS, threads=2)
    assert whole.height == 80
    assert sliced.equals(whole)


def test_speakers_do_not_depend_on_the_order_of_the_mentions() -> None:
    bodies = [
        f'Ruritanian President Tomas Vell met envoys in round {i}. "We are still far apart on the '
        f'border," Vell said. "He is right about that," Mara Lund added.'
        for i in range(6)
    ]
    rows = [
        _mention(f"a{i}", body, surface, etype, name)
        for i, body in enumerate(bodies)
        for surface, etype, name in [
            ("Ruritanian", "country", "Ruritania"),
            ("Tomas Vell", "person", "Tomas Vell"),
            ("Mara Lund", "person", "Mara Lund"),
        ]
    ]
    in_order = extract_quotes(_articles(*bodies), _mentions(*rows))
    interleaved = extract_quotes(_articles(*bodies), _mentions(*rows[::3], *rows[1::3], *rows[2::3]))
    assert (
        in_order.get_column("speaker_entity_id").to_list()
        == [
            entity_id("person", "Tomas Vell"),
            entity_id("person", "Mara Lund"),
        ]
        * 6
    )
    assert interleaved.equals(in_order)


@pytest.mark.parametrize(
    ("body", "speaker", "verb"),
    [
        # The speaker of "X said ... "quote"" is the last one the sentence allows.
        (
            'The minister told Putin\'s envoy that Xi said the plan was "a step towards lasting peace".',
            "Xi",
            "said",
        ),
        (
            "Officials in Ankara said Baloch, the ministry's spokesperson, warned "
            '"we will not accept this deal".',
            "Baloch",
            "warned",
        ),
        (
            'After the talks O\'Brien-Smith also told reporters: "We have nothing more to add today."',
            "O'Brien-Smith",
            "told",
        ),
        (
            'Rock-band members and Abu Dhabi officials said "the concert will go ahead as planned".',
            "officials",
            "said",
        ),
    ],
)
def test_the_last_speaker_before_a_quote(body: str, speaker: str, verb: str) -> None:
    row = _one(body)
    assert (row["speaker"], row["speech_verb"]) == (speaker, verb)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            'The Ruritanian Foreign Office said in a statement: "The border will stay open all week."',
            "The Ruritanian Foreign Office",
        ),
        (
            'Ruritanian President Tomas Vell said on Monday: "We will not be intimidated by anyone."',
            "Ruritanian President Tomas Vell",
        ),
        ('On Monday Vell said: "We will not be intimidated by anyone."', "Vell"),
        ('But Vell told reporters: "We will not be intimidated by anyone."', "Vell"),
    ],
)
def test_a_speaker_before_the_quote_is_the_whole_name(body: str, speaker: str) -> None:
    assert _one(body)["speaker"] == speaker


def test_a_pronoun_after_a_quote_of_several_paragraphs_looks_back_from_its_first() -> None:
    body = (
        "Ruritanian President Tomas Vell said the plan would take years.\n\n"
        '"The first phase starts in spring. It will cover the northern provinces. Then come the cities.\n\n'
        '"The second phase follows a year later," he said.'
    )
    mentions = _mentions(_mention("a0", body, "Tomas Vell", "person", "Tomas Vell"))
    vell = entity_id("person", "Tomas Vell")
    assert [(q["speaker"], q["speaker_entity_id"]) for q in _quotes(body, mentions)] == [("he", vell)] * 2


def test_a_spaced_hyphen_ties_a_quote_to_its_attribution() -> None:
    row = _one('"We will respond to this decisively" - Ruritanian President Tomas Vell said on television.')
    assert (row["speaker"], row["speech_verb"]) == ("Ruritanian President Tomas Vell", "said")


def test_calling_something_a_quotation_attributes_it() -> None:
    row = _one('Vell called the decision "an act of aggression that must be answered".')
    assert (row["speaker"], row["speech_verb"]) == ("Vell", "called")
