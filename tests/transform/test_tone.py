"""Article tone with VADER: sentences written for these tests, plus the seeds.

The scores come from a Polars port of VADER (`flows.transform.vader`); every test below that names a
rule compares it with the real vaderSentiment, imported here, on a sentence that exercises the rule
and on a control sentence without it (the two must score differently, so the sentence really tests
something).
"""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest
from vaderSentiment import vaderSentiment as vs
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from flows.parse import parse_text
from flows.transform.tone import LEAD_CHARS, TONE_SCHEMA, article_tone, lead_sentences
from flows.transform.vader import lexicon, polarity_scores, sentence_scores
from tests.conftest import DIGEST_SEED, FEED_SEED

VADER = SentimentIntensityAnalyzer()

GOOD = "The agreement is a great success and both leaders are delighted."
BAD = "The attack killed dozens of people and left the city in terrible grief."
NEUTRAL = "The committee meets on Tuesday in the east wing of the building."


def _frame(*bodies: str | None) -> pl.DataFrame:
    return pl.DataFrame(
        {"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)},
        schema={"article_id": pl.String, "body": pl.String},
    )


def _tone(*bodies: str | None) -> list[dict]:
    frame = article_tone(_frame(*bodies))
    assert frame.schema == pl.Schema(TONE_SCHEMA)
    return frame.to_dicts()


def test_sign_follows_the_text() -> None:
    good, bad, neutral = _tone(GOOD, BAD, NEUTRAL)
    assert good["tone"] > 0.5
    assert bad["tone"] < -0.5
    assert neutral["tone"] == 0.0
    assert neutral["neutral"] == 1.0


def test_tone_is_the_mean_of_sentence_scores() -> None:
    vader = SentimentIntensityAnalyzer()
    expected = (vader.polarity_scores(GOOD)["compound"] + vader.polarity_scores(BAD)["compound"]) / 2
    (row,) = _tone(f"{GOOD} {BAD}")
    assert row["tone"] == pytest.approx(round(expected, 4), abs=1e-4)
    assert row["positive"] + row["negative"] + row["neutral"] == pytest.approx(1.0, abs=0.01)


def test_paragraph_breaks_and_quotes_split_sentences() -> None:
    body = f'{GOOD}\n\n"We are shocked." {NEUTRAL}'
    sentences = lead_sentences(_frame(body)).get_column("sentence").to_list()
    assert sentences == [GOOD, '"We are shocked."', NEUTRAL]


def test_only_the_lead_is_scored() -> None:
    lead = " ".join([NEUTRAL] * (LEAD_CHARS // len(NEUTRAL) + 1))
    (row,) = _tone(lead + " " + " ".join([BAD] * 20))
    assert row["tone"] == 0.0
    scored = lead_sentences(_frame(lead + " " + BAD))
    assert scored.get_column("sentence").str.len_chars().sum() <= LEAD_CHARS


def test_a_first_sentence_longer_than_the_lead_is_cut_not_dropped() -> None:
    long_sentence = "Officials " + "met and talked " * 200 + "today."
    scored = lead_sentences(_frame(long_sentence))
    assert scored.height == 1
    assert scored.get_column("sentence")[0] == long_sentence[:LEAD_CHARS]


def test_articles_without_text_keep_their_row_with_nulls() -> None:
    rows = _tone(None, "", "   ", GOOD)
    assert [r["article_id"] for r in rows] == ["a0", "a1", "a2", "a3"]
    assert [r["tone"] is None for r in rows] == [True, True, True, False]


def test_feed_seed_tones() -> None:
    bodies = [a.body for a in parse_text(FEED_SEED.read_text()).articles]
    rows = _tone(*bodies)
    assert len(rows) == 4
    for row in rows:
        assert -1 <= row["tone"] <= 1
        assert row["positive"] + row["negative"] + row["neutral"] == pytest.approx(1.0, abs=0.01)


def _ours(*texts: str) -> list[dict]:
    return polarity_scores(pl.Series(texts, dtype=pl.String)).to_dicts()


def _vader(*texts: str) -> list[dict]:
    return [VADER.polarity_scores(t) for t in texts]


# rule -> (a sentence where it applies, the same sentence without it)
RULES = {
    "negation": ("The talks were not good.", "The talks were good."),
    "negation two words before": ("The talks were not very good.", "The talks were very good."),
    "negation three words before": ("It is not at all bad.", "It is at all bad."),
    "n't": ("The deal isn't good.", "The deal is good."),
    "n't outside NEGATE": ("It mayn't help.", "It may help."),
    "never so": ("The alliance has never been so strong.", "The alliance has never been strong."),
    "so/this right before (third word)": ("We saw this gain.", "We saw the gain."),
    "without doubt": ("Without a doubt, an excellent idea.", "Without a plan, an excellent idea."),
    "no before a word": ("There is no good option.", "There is a good option."),
    "no as negation of the next lexicon word": ("no problem", "a problem"),
    "no ... or": ("They have no money or support.", "They have money or support."),
    "booster": ("The deal is very good.", "The deal is good."),
    "dampener": ("The deal is slightly good.", "The deal is good."),
    "booster decay": ("The deal is really quite good.", "The deal is quite good."),
    "booster before a negative word": ("The attack was extremely bad.", "The attack was bad."),
    "caps": ("The deal is GREAT for the region.", "The deal is great for the region."),
    "caps booster": ("The deal is VERY good for the region.", "The deal is very good for the region."),
    "but": ("The plan is good but the outcome is bad.", "The plan is good and the outcome is bad."),
    # glad (2.0) halves to 1.0, equal to favors (1.0): VADER's list.index then scales glad again.
    "but with equal values": ("We are glad but it favors them", "We are glad and it favors them"),
    "exclamation": ("The deal is good!!!", "The deal is good."),
    "exclamation cap": ("The deal is good!!!!!!!", "The deal is good!!!"),
    "question marks": ("Is the deal good??", "Is the deal good?"),
    "many question marks": ("Is the deal good?????", "Is the deal good???"),
    "special case": ("On the other hand, VADER is quite bad ass", "On the other hand, VADER is quite bad"),
    "special case before": ("The new phone is the bomb.", "The new phone is a bomb."),
    "kind of": ("The book was only kind of good.", "The book was only good."),
    "sort of": ("The book was only sort of good.", "The book was only good."),
    "least": ("It is the least good option.", "It is the good option."),
    "at least": ("It is at least good.", "It is least good."),
    "emoji": ("We won 😁", "We won"),
    "emoticon": ("We won :)", "We won"),
    "two-character words keep their punctuation": ("No. It is good.", "No it is good."),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rule_scores_as_vader(rule: str) -> None:
    case, control = RULES[rule]
    expected = _vader(case, control)
    assert expected[0] != expected[1], "the control sentence must score differently"
    assert _ours(case, control) == expected


def test_whole_text_in_caps_is_not_emphasis() -> None:
    # VADER boosts capitals only when the sentence mixes them with other words.
    assert _vader("THE DEAL IS GREAT") == _vader("the deal is great")
    assert _ours("THE DEAL IS GREAT", "the deal is great") == _vader("THE DEAL IS GREAT", "the deal is great")


VADER_EXAMPLES = [
    # from vaderSentiment's own demo
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "With VADER, sentiment analysis is the shit!",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "It was one of the worst movies I've seen, despite good reviews.",
    # text shapes
    "",
    "   ",
    "!!!",
    "no.",
    "😁😁 ok😁",
    "a\u00a0good\tday  with\x1cfriends !!",
    "İSTANBUL is a GREAT city",
    "x\x00 😁 ok",  # the emoji conversion's marker character must not clash with the text
    "\ue000😁\ue000 😁",
]


def test_sums_and_rounding_are_pythons() -> None:
    # Added left to right, neg_sum is -8.799999999999999 (-8.8 when paired otherwise), so pos is
    # exactly 4.8 / 25.6 = 0.1875, which round(x, 3) takes to 0.188 (0.187 from -8.8).
    sums = (
        "Critics argue the arrangement favors Moscow and leaves the United States exposed to a spike "
        "in extremist attacks."
    )
    # neg is 0.1625 stored a hair above: round() gives 0.163, Polars' round() sees a tie (0.162).
    tie = (
        "Both sides agreed to set up a working group on war reparations, which will meet for the first "
        "time soon."
    )
    assert _ours(sums, tie) == _vader(sums, tie)


def test_vader_examples_and_odd_text() -> None:
    assert _ours(*VADER_EXAMPLES) == _vader(*VADER_EXAMPLES)


def _random_sentences(n: int, seed: int) -> list[str]:
    """Sentences dense in what the rules look at: lexicon words, boosters, negations, rule words,
    capitals, punctuation, emoji and odd whitespace."""
    rng = random.Random(seed)
    lex = sorted(w for w in VADER.lexicon if " " not in w)
    rule_words = [*vs.NEGATE, "no", "or", "nor", "never", "so", "this", "without", "doubt", "least", "at"]
    rule_words += [
        w for phrase in [*vs.SPECIAL_CASES, "kind of", "sort of", "just enough"] for w in phrase.split()
    ]
    boosters = sorted(vs.BOOSTER_DICT)
    plain = ["talks", "said", "on", "US", "NATO", "the", "and", "é", "3.5%", "-", ":)", "<3", "😁", "mayn't"]
    punct = ["", "", "", ",", ".", "!", "?", '"', "(", ")", "...", "!!", "??"]

    def word() -> str:
        w = rng.choice(rng.choice([lex, rule_words, boosters, plain]))
        w = w.upper() if rng.random() < 0.1 else w.capitalize() if rng.random() < 0.1 else w
        return rng.choice(punct) + w + rng.choice(punct)

    seps = [" "] * 12 + ["  ", "\t", "\u00a0"]
    return [
        "".join(word() + rng.choice(seps) for _ in range(rng.randint(0, 20)))
        + rng.choice(["", ".", "!", "?!"])
        for _ in range(n)
    ]


def test_random_rule_dense_sentences_score_as_vader() -> None:
    sentences = _random_sentences(3000, seed=7)
    ours, expected = _ours(*sentences), _vader(*sentences)
    wrong = [(s, o, e) for s, o, e in zip(sentences, ours, expected, strict=True) if o != e]
    assert wrong == []


def test_batches_without_sentiment_words_or_without_texts() -> None:
    assert _ours("the", "", "of the") == _vader("the", "", "of the")
    assert polarity_scores(pl.Series([], dtype=pl.String)).height == 0


def test_lexicon_is_read_from_the_installed_package() -> None:
    assert lexicon() == {w: v for w, v in VADER.lexicon.items() if " " not in w}


def test_word_count_is_vaders() -> None:
    texts = ["The deal is good.", "a  b\tc", "", "x\x1cy"]
    words = sentence_scores(pl.Series(texts)).get_column("words").to_list()
    assert words == [len(t.split()) for t in texts]


@pytest.mark.parametrize("seed", [FEED_SEED, DIGEST_SEED], ids=["feed", "digest"])
def test_seed_lead_sentences_score_as_vader(seed: Path) -> None:
    bodies = [a.body for a in parse_text(seed.read_text()).articles]
    sentences = lead_sentences(_frame(*bodies)).get_column("sentence").to_list()
    assert len(sentences) > len(bodies)
    assert _ours(*sentences) == _vader(*sentences)


def test_feed_seed_article_tone_is_the_mean_of_vader_scores() -> None:
    bodies = [a.body for a in parse_text(FEED_SEED.read_text()).articles]
    sentences = lead_sentences(_frame(*bodies))
    expected = []
    for i in range(len(bodies)):
        lead = sentences.filter(pl.col("article_id") == f"a{i}").get_column("sentence").to_list()
        scores = _vader(*lead)
        weights = [len(s.split()) for s in lead]
        expected.append(
            {
                "tone": round(sum(s["compound"] for s in scores) / len(scores), 4),
                "positive": round(
                    sum(s["pos"] * w for s, w in zip(scores, weights, strict=True)) / sum(weights), 3
                ),
            }
        )
    rows = _tone(*bodies)
    assert [r["tone"] for r in rows] == pytest.approx([e["tone"] for e in expected], abs=1e-4)
    assert [r["positive"] for r in rows] == pytest.approx([e["positive"] for e in expected], abs=1e-3)
