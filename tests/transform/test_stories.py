"""Stories as near-duplicate clusters: texts written for these tests, plus the digest seed."""

from __future__ import annotations

import random

import polars as pl
import pytest

from flows.ids import stable_id
from flows.parse import parse_text
from flows.transform import stories
from flows.transform.stories import COMMON_MIN, STORY_SCHEMA, assign_stories, assign_stories_streamed
from tests.conftest import DIGEST_SEED

ORIGINAL = (
    "Fishermen in the northern harbour town of Kelvik blocked the main pier on Thursday to protest "
    "against new catch quotas, which they say will force half of the local fleet out of business "
    "within two years. The regional council promised to review the quotas at its next session in "
    "March, but union leaders said the protest would continue until the ministry withdrew the rules. "
    "Police reported no arrests and said ferry traffic had been diverted to the southern terminal."
)
REWRITE = (
    "Fishermen in the harbour town of Kelvik blocked the main pier on Thursday in protest against new "
    "catch quotas, which they say will force half the local fleet out of business within two years. "
    "The regional council promised to review the quotas at its next session, but union leaders said "
    "the protest would go on until the ministry withdrew the new rules."
)
SAME_TOPIC = (
    "The fisheries ministry defended the new catch quotas on Friday, saying stocks of cod in the "
    "northern waters had fallen to their lowest level in a decade and that the fleet would receive "
    "compensation. Protesters in Kelvik rejected the offer and kept the pier closed for a second day, "
    "while the regional council called for talks between the ministry and the union."
)


def _stories(*bodies: str | None) -> list[str]:
    articles = pl.DataFrame(
        {"article_id": [f"a{i:03d}" for i in range(len(bodies))], "body": list(bodies)},
        schema={"article_id": pl.String, "body": pl.String},
    )
    frame = assign_stories(articles)
    assert frame.schema == pl.Schema(STORY_SCHEMA)
    assert frame.get_column("article_id").to_list() == articles.get_column("article_id").to_list()
    return frame.get_column("story_id").to_list()


def test_a_rewrite_shares_the_story_and_a_related_story_does_not() -> None:
    original, rewrite, same_topic = _stories(ORIGINAL, REWRITE, SAME_TOPIC)
    assert original == rewrite == stable_id("story", "a000")
    assert same_topic not in (original, rewrite)


def test_case_and_punctuation_do_not_separate_copies() -> None:
    copy = ORIGINAL.upper().replace(",", "").replace(".", " !")
    assert len(set(_stories(ORIGINAL, copy))) == 1


def test_story_ids_do_not_depend_on_input_order() -> None:
    bodies = [ORIGINAL, SAME_TOPIC, REWRITE]
    forward = dict(zip(["o", "s", "r"], _stories(*bodies), strict=True))
    backward = dict(zip(["r", "s", "o"], _stories(*reversed(bodies)), strict=True))
    # Ids are derived from the smallest article id, which differs between the two runs...
    assert forward["o"] == forward["r"] != forward["s"]
    assert backward["o"] == backward["r"] != backward["s"]
    # ...but the partition is the same.
    assert (forward["o"] == forward["s"]) == (backward["o"] == backward["s"])


def test_empty_and_tiny_texts_are_stories_of_their_own_unless_identical() -> None:
    stories = _stories(None, "", "Photo: Reuters", "Photo: Reuters", "photo reuters!", "Photo: AFP")
    assert len(set(stories[:2])) == 2  # no text: nothing to compare
    assert stories[2] == stories[3] == stories[4]  # identical once normalised
    assert stories[5] not in stories[:5]


def test_shared_boilerplate_does_not_make_one_story() -> None:
    # More articles than COMMON_MIN end with the same 30-word paragraph; each is otherwise its own
    # text. Without the common-shingle filter their Jaccard similarity would be about 0.3.
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(5000)]
    boilerplate = " ".join(vocabulary[:30])
    bodies = [
        " ".join(rng.choices(vocabulary[30:], k=45)) + ". " + boilerplate for _ in range(COMMON_MIN + 20)
    ]
    assert len(set(_stories(*bodies))) == len(bodies)


def test_empty_input() -> None:
    empty = pl.DataFrame(schema={"article_id": pl.String, "body": pl.String})
    assert assign_stories(empty).height == 0


def test_digest_seed_rewrites_share_a_story_and_related_stories_do_not() -> None:
    bodies = [a.body for a in parse_text(DIGEST_SEED.read_text()).articles]
    stories = _stories(*bodies)
    line = {n: stories[n - 1] for n in range(1, len(stories) + 1)}
    assert line[11] == line[12]  # the Japan-ASEAN summit, told twice with a few words changed
    assert line[5] != line[9]  # US troops leaving Niger: related stories, not the same text
    assert len(set(stories)) == len(stories) - 1  # every other line is a story of its own


def test_a_story_copied_more_often_than_common_min_is_not_boilerplate() -> None:
    # Copies are counted once: otherwise every shingle of ORIGINAL would be common and left out,
    # and REWRITE would have nothing to match.
    copies = [ORIGINAL.replace(".", "!")] * (COMMON_MIN + 50)
    result = _stories(ORIGINAL, *copies, REWRITE, SAME_TOPIC)
    assert len(set(result[:-1])) == 1
    assert result[-1] != result[0]


def test_streamed_bodies_give_the_same_stories(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "CHUNK_BYTES", 2000)  # several chunks a batch
    rng = random.Random(3)
    bodies = [a.body for a in parse_text(DIGEST_SEED.read_text()).articles]
    bodies += [ORIGINAL, REWRITE, SAME_TOPIC, None, "", ORIGINAL.upper(), "Photo: AFP"] * 3
    rng.shuffle(bodies)
    articles = pl.DataFrame(
        {"article_id": [f"a{i:03d}" for i in range(len(bodies))], "body": bodies},
        schema={"article_id": pl.String, "body": pl.String},
    )
    column = articles.get_column("body")
    n = len(bodies)
    cuts = [0, 5, 5, n // 2, n - 3, n]  # uneven batches, one of them empty

    def batches() -> list[pl.Series]:
        return [column.slice(a, b - a) for a, b in zip(cuts, cuts[1:], strict=False)]

    streamed = assign_stories_streamed(articles.get_column("article_id"), batches)
    assert streamed.equals(assign_stories(articles))
    with pytest.raises(ValueError, match="bodies"):
        assign_stories_streamed(articles.get_column("article_id").head(10), batches)
