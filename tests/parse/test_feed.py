from __future__ import annotations

from datetime import date

import pytest

from flows.parse import parse_text
from flows.parse.captions import split_credit
from tests.conftest import DIGEST_SEED, FEED_SEED


def test_feed_seed_gives_four_articles_with_headlines_and_agencies() -> None:
    result = parse_text(FEED_SEED.read_text())
    assert result.format == "feed"
    assert result.rejections == []
    assert [a.headline for a in result.articles] == [
        "Putin, Xi Advance Anti-West Alliance At Central Asian Summit",
        "Top Trump Iran Negotiator Says Visits US Aircraft Carrier in Middle East",
        "Israel’s Netanyahu Expected to Meet Trump in US on Wednesday and Discuss Iran",
        "Italy FM Rules Out Joining Trump’s ‘Board of Peace’",
    ]
    assert [[c.agency for c in a.captions] for a in result.articles] == [
        ["AFP"],
        ["Reuters"],
        ["EPA"],
        ["EPA"],
    ]
    assert [[c.taken_on for c in a.captions] for a in result.articles] == [
        [None],
        [date(2026, 1, 6)],
        [date(2026, 2, 2)],
        [date(2026, 1, 30)],
    ]


def test_feed_bodies_hold_no_headline_or_caption_and_end_before_the_next_story() -> None:
    articles = parse_text(FEED_SEED.read_text()).articles
    first, last = articles[0], articles[-1]
    assert first.body.startswith("The leaders of China and Russia on Thursday")
    assert first.body.endswith("his first visit to the country since Russia invaded Ukraine.")
    assert last.body.endswith("appears to want to rival the United Nations.")
    for article in articles:
        assert article.headline not in article.body
        assert all(c.text not in article.body for c in article.captions)


def test_digest_seed_gives_fifteen_articles() -> None:
    result = parse_text(DIGEST_SEED.read_text())
    assert result.format == "digest"
    assert len(result.articles) == 15
    assert [a.ordinal for a in result.articles] == list(range(1, 16))
    assert all(a.headline is None for a in result.articles)


VARIANT = """Saudi Arabia Hosts Gulf Talks
Tuesday, 14 November, 2017 - 07:45

Foreign ministers gather in Riyadh on 13 November 2017. FAYEZ NURELDINE / AFP
TT

Saudi Arabia Hosts Gulf Talks

Foreign ministers gather in Riyadh on 13 November 2017. FAYEZ NURELDINE / AFP

RIYADH: Gulf foreign ministers met on Monday, officials said.

‘We agreed on a plan,’ one minister said. "It is a start," another added.


Second Story Without Repeat

A caption with no credit at all
TT

Body of the second story.
"""


def test_variants_publication_line_photographer_credit_dateline() -> None:
    result = parse_text(VARIANT)
    assert result.format == "feed"
    first, second = result.articles
    assert first.published_date == date(2017, 11, 14)
    assert first.captions[0].credit == "FAYEZ NURELDINE / AFP"
    assert first.captions[0].agency == "AFP"
    assert first.captions[0].taken_on == date(2017, 11, 13)
    assert first.dateline == "RIYADH"
    assert first.body.startswith("RIYADH: Gulf foreign ministers")
    assert "‘We agreed on a plan,’" in first.body and '"It is a start,"' in first.body
    assert second.headline == "Second Story Without Repeat"
    assert second.captions[0].agency is None
    assert second.body == "Body of the second story."


def test_article_cut_off_after_tt_is_rejected_and_the_rest_kept() -> None:
    text = FEED_SEED.read_text()
    last_tt = text.rindex("\nTT\n")
    truncated = text[: last_tt + 4]
    result = parse_text(truncated)
    assert len(result.articles) == 3
    assert [r.ordinal for r in result.rejections] == [4]
    assert "no body after the TT line" in result.rejections[0].reason


def test_feed_article_without_headline_is_rejected() -> None:
    text = "A caption of a photo - AFP\nTT\n\nA caption of a photo - AFP\n\nSome body text here.\n"
    result = parse_text(text)
    assert result.articles == []
    assert result.rejections[0].ordinal is None  # whole file: nothing usable
    assert "no headline" in result.rejections[1].reason


def test_headline_ending_like_a_credit_is_kept_when_repeated_after_tt() -> None:
    text = (
        "Talks Stall Over Sanctions - Officials\n\nDelegates arrive in Geneva (Reuters)\nTT\n\n"
        "Talks Stall Over Sanctions - Officials\n\nDelegates arrive in Geneva (Reuters)\n\n"
        "The talks stalled on Monday.\n"
    )
    (article,) = parse_text(text).articles
    assert article.headline == "Talks Stall Over Sanctions - Officials"
    assert [c.agency for c in article.captions] == ["Reuters"]
    assert article.body == "The talks stalled on Monday."


def test_repeated_captions_without_headline_are_still_rejected() -> None:
    text = (
        "Delegates arrive - AFP\nMinisters meet (Reuters)\nTT\n\n"
        "Delegates arrive - AFP\nMinisters meet (Reuters)\n\nSome body text here.\n"
    )
    result = parse_text(text)
    assert result.articles == []
    assert "no headline" in result.rejections[1].reason


def test_without_repeat_a_lead_from_the_previous_story_does_not_move_the_start() -> None:
    lead = "Officials said the talks would resume next week."
    text = (
        f"First Story\n\nA caption - AFP\nTT\n\nFirst paragraph.\n\n{lead}\n\n\n"
        f"Second Story\n\nAnother caption (Reuters)\nTT\n\n{lead}\n"
    )
    first, second = parse_text(text).articles
    assert first.body == f"First paragraph.\n\n{lead}"
    assert (second.headline, second.body) == ("Second Story", lead)


@pytest.mark.parametrize(
    ("caption", "credit", "agency"),
    [
        ("Leaders pose in Rome (Photo by Andreas Solaro / AFP)", "Andreas Solaro / AFP", "AFP"),
        ("Smoke rises over the port. Photo: Reuters", "Reuters", "Reuters"),
        ("The ship sails. Picture: Xinhua", "Xinhua", "Xinhua"),
        ("The president speaks. (AP Photo/Evan Vucci)", "AP Photo/Evan Vucci", "AP"),
        ("A boy walks. REUTERS/Mohammed Salem", "REUTERS/Mohammed Salem", "REUTERS"),
        ("Macron waves (Ludovic Marin/Pool via REUTERS)", "Ludovic Marin/Pool via REUTERS", "REUTERS"),
        ("Kim Jong Un inspects troops. KCNA via REUTERS", "KCNA via REUTERS", "REUTERS"),
        # a place after "via" ends a sentence, not a credit
        ("Trucks enter Gaza via Rafah", None, None),
    ],
)
def test_caption_credit_styles_of_the_wires(caption: str, credit: str | None, agency: str | None) -> None:
    assert split_credit(caption) == (credit, agency)
