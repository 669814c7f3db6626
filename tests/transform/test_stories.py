"""Stories as near-duplicate clusters: texts written for these tests, plus the digest seed."""

from __future__ import annotations

import random

import numpy as np
import polars as pl
import pytest

from flows.ids import stable_id
from flows.parse import parse_text
from flows.transform import minhash, stories
from flows.transform.stories import (
    COMMON_MIN,
    STORY_SCHEMA,
    assign_stories,
    assign_stories_streamed,
    build_state,
    counted_texts,
    extend_state,
    followed_by,
    story_ids,
)
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
    monkeypatch.setattr(minhash, "CHUNK_BYTES", 2000)  # several chunks a batch
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


def test_counted_texts_move_only_as_the_corpus_doubles() -> None:
    assert [counted_texts(t) for t in (0, 1, 4096)] == [0, 1, 4096]  # small corpora: every text
    assert [counted_texts(t) for t in (4097, 8191, 8192, 100_013)] == [4096, 4096, 8192, 65_536]


def _variant(text: str, position: int) -> str:
    """`text` with one word replaced: a near-copy that shares most bands with the others."""
    words = text.split(" ")
    words[position] = f"x{position}"
    return " ".join(words)


def _random_text(rng: random.Random, boilerplate: bool) -> str:
    words = " ".join(f"w{rng.randrange(3000)}" for _ in range(rng.randrange(40, 80)))
    return words + (" The ministry said in a statement on its website that talks would go on." * boilerplate)


def _two_loads(seed: int) -> tuple[list[str], list[str | None], int]:
    """(ids, bodies, articles of the first load) of a corpus loaded in two steps: the second adds
    copies, a rewrite of a first-load article and near-copies that fall into the first load's
    large LSH buckets (more than PAIR_WINDOW + 1 members), besides new texts."""
    rng = random.Random(seed)
    first: list[str | None] = [_variant(ORIGINAL, 5 + 3 * k) for k in range(12)]
    first += [ORIGINAL, REWRITE, None, "", "Photo: AFP"]
    randoms = [_random_text(rng, rng.random() < 0.8) for _ in range(55)]
    first += randoms
    rng.shuffle(first)
    second: list[str | None] = [_variant(ORIGINAL, 4 + 3 * k) for k in range(6)]
    second += [randoms[0].upper(), "photo - afp", None, SAME_TOPIC]
    second += [" ".join(w for i, w in enumerate(randoms[1].split(" ")) if i % 9 != 4)]
    second += [_random_text(rng, rng.random() < 0.5) for _ in range(10)]
    rng.shuffle(second)
    bodies = first + second
    ids = [f"{rng.getrandbits(64):016x}" for _ in bodies]  # not in load order, as real keys
    return ids, bodies, len(first)


def _state(ids: list[str], bodies: list[str | None]) -> stories.StoryState:
    column = pl.Series(bodies, dtype=pl.String)
    return build_state(pl.Series(ids, dtype=pl.String), lambda: [column.slice(0, 7), column.slice(7)])


def _extended(
    state: stories.StoryState, ids: list[str], bodies: list[str | None]
) -> stories.StoryState | None:
    column = pl.Series(bodies, dtype=pl.String)
    return extend_state(state, pl.Series(ids, dtype=pl.String), lambda: [column])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_adding_articles_to_a_state_equals_computing_everything_again(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # A corpus of a few dozen texts behaves as a large one would: counted texts fixed between
    # powers of two, and a boilerplate sentence common enough to be left out.
    monkeypatch.setattr(stories, "COUNT_ALL_UP_TO", 8)
    monkeypatch.setattr(stories, "COMMON_MIN", 25)
    monkeypatch.setattr(minhash, "CHUNK_BYTES", 3000)  # several chunks
    ids, bodies, n = _two_loads(seed)
    before = _state(ids[:n], bodies[:n])
    whole = _state(ids, bodies)
    assert before.counted == whole.counted == 64 and before.common.any()

    after = _extended(before, ids[n:], bodies[n:])

    assert after is not None
    for name in ("text_hash", "text_length", "texts", "signatures", "occurrences", "pairs", "similarity"):
        assert np.array_equal(getattr(after, name), getattr(whole, name)), name
    assert after.article_ids.equals(whole.article_ids)
    assert story_ids(after).equals(story_ids(whole))
    assert story_ids(after).equals(assign_stories(pl.DataFrame({"article_id": ids, "body": bodies})))
    # Named again: the new articles and the earlier ones whose story_id changed, no others.
    earlier = dict(story_ids(before).iter_rows())
    moved = story_ids(after).filter(
        pl.Series([earlier.get(a) != s for a, s in story_ids(after).iter_rows()], dtype=pl.Boolean)
    )
    assert story_ids(after, before).equals(moved) and moved.height > len(ids) - n
    # The second load really joined stories of the first: pairs and copies across the two.
    across = (after.pairs[:, 0] < n) & (after.pairs[:, 1] >= n)
    assert across.sum() > 6
    result = story_ids(after).get_column("story_id").to_list()
    assert len(set(result[:n]) & set(result[n:])) == 4  # variants, copy, rewrite, photo note


def test_a_state_is_computed_again_when_the_counted_texts_change() -> None:
    ids, bodies = ["a", "b", "c"], [ORIGINAL, REWRITE, SAME_TOPIC]
    state = _state(ids, bodies)
    assert state.counted == 3  # a small corpus counts every text...
    copy = _extended(state, ["d", "e"], [SAME_TOPIC.upper(), None])
    assert copy is not None and copy.counted == 3  # ...so only copies and empty texts extend it
    assert _extended(state, ["f"], [ORIGINAL + " More words about the harbour."]) is None
    assert _extended(state, [], []) is state


def test_rows_are_followed_in_the_room_of_their_buffer_or_else_in_a_copy() -> None:
    buffer = np.zeros((5, 3), dtype=np.uint16)
    buffer[:3] = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    more = np.full((2, 3), 7, dtype=np.uint16)
    expected = np.concatenate([buffer[:3], more])

    in_room = followed_by(buffer[:3], more)
    assert np.array_equal(in_room, expected) and np.shares_memory(in_room, buffer)
    # no room for three more, and a buffer's rows after its head are not its head: copies
    for rows, extra in ((buffer[:3], np.ones((3, 3), np.uint16)), (buffer[1:3], more)):
        joined = followed_by(rows, extra)
        assert np.array_equal(joined, np.concatenate([rows, extra])) and not np.shares_memory(joined, buffer)


def test_shingles_are_counted_over_the_first_counted_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "COUNT_ALL_UP_TO", 4)
    rng = random.Random(5)
    extra = [_random_text(rng, True) for _ in range(3)]
    # Distinct texts, in order: ORIGINAL, REWRITE, SAME_TOPIC, extra[0] (counted), extra[1:] (not).
    bodies = [ORIGINAL, ORIGINAL.upper(), REWRITE, None, SAME_TOPIC, *extra, REWRITE]
    state = _state([f"a{i}" for i in range(len(bodies))], bodies)
    counted = _state(["b0", "b1", "b2", "b3"], [ORIGINAL, REWRITE, SAME_TOPIC, extra[0]])
    assert (state.counted, counted.counted) == (4, 4)
    assert np.array_equal(state.occurrences, counted.occurrences)
