"""Article tone (`fact_article_tone`): VADER sentiment of the article's lead, sentence by sentence.

Why sentences, and why the lead only:

* VADER was built for short texts. On a whole article its compound score saturates towards -1 or +1
  (it normalises an unbounded sum of word valences) and its "but" rule rescales every word of the
  article around the first "but". Scored per sentence and averaged, the tone stays comparable
  between a 40-word digest summary and a 600-word report.
* News puts its substance first (inverted pyramid), so the lead is scored: the whole sentences that
  fit in LEAD_CHARS characters (at least the first sentence, cut to LEAD_CHARS if it is longer).
  Digest summaries are shorter than that and are scored whole.

The scores are VADER's (vaderSentiment's lexicon, constants and rules), computed by
`flows.transform.vader`, a vectorised Polars port of `polarity_scores` that gives the same floats:
calling VADER once per sentence in Python held the GIL and took 741 s of a 1,508 s run over
1,000,000 articles (docs/scaling.md).

Measured with `python -m bench.tone --articles 20000 --seed 0 --repeat 3` (20,000 bench-corpus
articles, 43.8 MB of body text, 152,538 lead sentences; the whole stage, `lead_sentences` included;
the former VADER-per-sentence stage and this one run alternately in one process on a 2-core machine
shared with other jobs, load average 5.2-5.7): VADER per sentence 1,484-1,770 articles/s (median
1,498/s, 3.3 MB/s of body text, 7.2-7.3 CPU-seconds); this stage 18,400-34,400 articles/s (median
31,300/s, 69 MB/s, 0.57-0.60 CPU-seconds, of which `lead_sentences` about 0.21): 21x by the wall-clock
medians (12-23x per alternating pair), 12x in CPU time, the figure that depends least on the other
jobs. Every sentence and article of that corpus and of the seeds gets exactly VADER's scores.

`positive`, `negative` and `neutral` are VADER's proportions (neg/neu/pos) of the scored lead: VADER
computes them per call, and the article's figures are their means over its sentences weighted by
sentence word count. That is close to, not equal to, one call on the whole lead (VADER's own
denominator also weighs sentiment words by intensity), and free of the whole-text "but" artefact.
"""

from __future__ import annotations

import polars as pl

from flows.transform.vader import sentence_scores

TONE_SCHEMA = {
    "article_id": pl.String,
    "tone": pl.Float64,
    "positive": pl.Float64,
    "negative": pl.Float64,
    "neutral": pl.Float64,
}

LEAD_CHARS = 1000

_SEP = "\x1e"
# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace and
# an opening quote or a capital letter; a line break always ends one. "U.S. President" splits too:
# harmless for an average of sentence scores.
_SENTENCE_END = r"([.!?…][\"'”’)\]]*)\s+([\"“‘(\[]?[\p{Lu}\p{N}])"
_LINE_BREAK = r"\s*\n\s*"


def lead_sentences(articles: pl.DataFrame, lead_chars: int = LEAD_CHARS) -> pl.DataFrame:
    """(article_id, sentence_no, sentence): the whole sentences within the first `lead_chars` characters
    (at least the first sentence, cut to `lead_chars` if it is longer).

    Split in Polars (vectorised regex) over the first lead_chars + 2 characters only (enough to see
    whether a sentence ends exactly at the limit).
    """
    window = lead_chars + 2
    text = pl.col("body").fill_null("").str.strip_chars()
    sentences = (
        articles.select(
            "article_id",
            cut=text.str.len_chars() > window,
            sentence=text.str.slice(0, window)
            .str.replace_all(_LINE_BREAK, _SEP)
            .str.replace_all(_SENTENCE_END, "${1}" + _SEP + "${2}")
            .str.split(_SEP),
        )
        .explode("sentence")
        .with_columns(pl.col("sentence").str.strip_chars())
        .filter(pl.col("sentence").is_not_null() & (pl.col("sentence") != ""))
        .with_columns(
            sentence_no=pl.int_range(pl.len()).over("article_id").cast(pl.Int32),
            last=pl.int_range(pl.len()).over("article_id") == pl.len().over("article_id") - 1,
            # +1 for the separator that followed each earlier sentence.
            end=(pl.col("sentence").str.len_chars() + 1).cum_sum().over("article_id"),
        )
    )
    whole = ~(pl.col("cut") & pl.col("last")) & (pl.col("end") <= lead_chars + 1)
    return sentences.filter(whole | (pl.col("sentence_no") == 0)).select(
        "article_id",
        "sentence_no",
        sentence=pl.col("sentence").str.slice(0, lead_chars),
    )


def article_tone(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article: `tone` (mean VADER compound over the lead's sentences, -1..1) and proportions.

    An article without text gets NULLs rather than a made-up neutral 0.
    """
    sentences = lead_sentences(articles)
    scores = sentence_scores(sentences.get_column("sentence"))
    scored = pl.DataFrame(
        {
            "article_id": sentences.get_column("article_id"),
            "compound": scores.get_column("compound"),
            "pos": scores.get_column("pos"),
            "neg": scores.get_column("neg"),
            "neu": scores.get_column("neu"),
            "weight": scores.get_column("words").cast(pl.Float64),
        }
    )
    return per_article_tone(articles, scored)


def per_article_tone(articles: pl.DataFrame, scored: pl.DataFrame) -> pl.DataFrame:
    """Sentence scores (article_id, compound, pos, neg, neu, weight) to one row per article of
    `articles`: mean compound, proportions weighted by the sentences' word counts."""
    weight = pl.col("weight").sum()
    per_article = scored.group_by("article_id").agg(
        tone=pl.col("compound").mean().round(4),
        positive=((pl.col("pos") * pl.col("weight")).sum() / weight).round(3),
        negative=((pl.col("neg") * pl.col("weight")).sum() / weight).round(3),
        neutral=((pl.col("neu") * pl.col("weight")).sum() / weight).round(3),
    )
    return (
        articles.select("article_id")
        .join(per_article, on="article_id", how="left", maintain_order="left")
        .select(list(TONE_SCHEMA))
        .cast(TONE_SCHEMA)
    )
