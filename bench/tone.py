"""Throughput and agreement of the tone stage: vaderSentiment called once per lead sentence (the former
`article_tone`) against the vectorised Polars port (`flows.transform.vader`) that replaced it.

    python -m bench.tone --articles 20000 [--seed 0] [--repeat 3] [--batch-mb 64] [--out DIR] [--seeds DIR]

The corpus comes from `bench.corpus.generate_corpus`, bodies from the project's parser (as in
`bench.entities`), in batches like the pipeline's. Both paths run the whole stage (`lead_sentences`
included) on the same batches, alternately, `--repeat` times, so that both see the same load on a
shared machine; each run prints wall and CPU seconds and the load average before it. Throughput is
articles (and MB of body text) per wall-clock second, median over the runs.

Agreement is measured against the real `SentimentIntensityAnalyzer.polarity_scores` on every lead
sentence (compound, pos, neg, neu) and on every article's `tone` and proportions, for the seed files
and for the corpus: the fraction identical (to the 4 or 3 decimals VADER rounds to), the fraction
within 0.01 and the largest absolute difference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bench.entities import _batches, _bodies
from flows.transform.tone import article_tone, lead_sentences, per_article_tone
from flows.transform.vader import sentence_scores

ROOT = Path(__file__).resolve().parents[1]


def vader_sentence_scores(sentences: pl.Series, analyzer: SentimentIntensityAnalyzer) -> pl.DataFrame:
    """neg, neu, pos, compound from vaderSentiment, one call per sentence."""
    scores = [analyzer.polarity_scores(s) for s in sentences.to_list()]
    return pl.DataFrame(scores, schema=dict.fromkeys(("neg", "neu", "pos", "compound"), pl.Float64))


def vader_article_tone(articles: pl.DataFrame, analyzer: SentimentIntensityAnalyzer) -> pl.DataFrame:
    """The former `article_tone`: VADER per lead sentence, then the same per-article aggregation
    (sentence weight: its count of whitespace-separated words)."""
    sentences = lead_sentences(articles)
    scores = vader_sentence_scores(sentences.get_column("sentence"), analyzer)
    scored = sentences.select(
        "article_id", weight=pl.col("sentence").str.count_matches(r"\S+").cast(pl.Float64)
    ).hstack(scores)
    return per_article_tone(articles, scored)


def agreement(ours: pl.Series, theirs: pl.Series, decimals: int) -> dict[str, float]:
    """Fraction identical at `decimals`, fraction within 0.01, largest absolute difference (nulls,
    articles without text, must be null on both sides)."""
    assert (ours.is_null() == theirs.is_null()).all(), "NULL on one side only"
    a, b = ours.drop_nulls(), theirs.drop_nulls()
    diff = (a - b).abs()
    return {
        "n": a.len(),
        "identical": float((a.round(decimals) == b.round(decimals)).mean() or 0.0),
        "within_0.01": float((diff <= 0.01 + 1e-12).mean() or 0.0),
        "max_abs_diff": float(diff.max() or 0.0),
    }


def compare(frames: list[pl.DataFrame], analyzer: SentimentIntensityAnalyzer) -> dict[str, dict]:
    """Agreement per sentence and per article between the port and VADER on these batches."""
    sentences = pl.concat([lead_sentences(f) for f in frames]).get_column("sentence")
    ours, theirs = sentence_scores(sentences), vader_sentence_scores(sentences, analyzer)
    out = {
        f"sentence {name}": agreement(
            ours.get_column(name), theirs.get_column(name), 4 if name == "compound" else 3
        )
        for name in ("compound", "pos", "neg", "neu")
    }
    ours_a = pl.concat([article_tone(f) for f in frames])
    theirs_a = pl.concat([vader_article_tone(f, analyzer) for f in frames])
    for name in ("tone", "positive", "negative", "neutral"):
        out[f"article {name}"] = agreement(
            ours_a.get_column(name), theirs_a.get_column(name), 4 if name == "tone" else 3
        )
    return out


def _timed(run: Callable[[], object]) -> tuple[float, float, float]:
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - t0, time.process_time() - c0, load


def _print_agreement(title: str, table: dict[str, dict]) -> None:
    print(f"\nagreement with vaderSentiment, {title}:")
    print(f"  {'':20s} {'n':>9s} {'identical':>10s} {'within 0.01':>12s} {'max |diff|':>11s}")
    for name, r in table.items():
        print(
            f"  {name:20s} {r['n']:9,d} {r['identical']:10.4%} {r['within_0.01']:12.4%} "
            f"{r['max_abs_diff']:11.4f}"
        )


def _seed_frames(seeds: Path) -> list[pl.DataFrame]:
    rows = _bodies(sorted(p for p in seeds.rglob("*") if p.is_file()))
    return _batches(rows, 1 << 40)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="alternate old and new this many times")
    parser.add_argument("--batch-mb", type=int, default=64)
    parser.add_argument("--out", type=Path, default=None, help="keep the generated corpus here")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = parser.parse_args(argv)

    from bench.corpus import generate_corpus

    analyzer = SentimentIntensityAnalyzer()
    with tempfile.TemporaryDirectory() as tmp:
        manifest = generate_corpus(args.out or Path(tmp), args.articles, seed=args.seed)
        frames = _batches(_bodies(manifest.files), args.batch_mb * 1024 * 1024)
    n_articles = sum(f.height for f in frames)
    mb = sum(f.get_column("body").str.len_bytes().sum() for f in frames) / 1e6
    lead_mb = sum(lead_sentences(f).get_column("sentence").str.len_bytes().sum() for f in frames) / 1e6
    print(
        f"corpus: {n_articles:,} articles, {mb:.1f} MB of body text ({lead_mb:.1f} MB in lead sentences), "
        f"{len(frames)} batch(es); {os.cpu_count()} cores, Polars {pl.__version__}, "
        f"{pl.thread_pool_size()} Polars threads"
    )

    for f in frames[:1]:  # warm-up: lexicon tables, regex compilation
        article_tone(f.head(100))
    runs: dict[str, list[tuple[float, float, float]]] = {"vader": [], "polars": []}
    for i in range(args.repeat):
        for name, path in (
            ("vader", lambda: [vader_article_tone(f, analyzer) for f in frames]),
            ("polars", lambda: [article_tone(f) for f in frames]),
        ):
            wall, cpu, load = _timed(path)
            runs[name].append((wall, cpu, load))
            print(
                f"run {i + 1} {name:6s}: {wall:7.2f} s wall, {cpu:7.2f} s CPU, "
                f"{n_articles / wall:9,.0f} articles/s, {mb / wall:6.2f} MB/s, load average {load:.2f}"
            )
    median = {name: statistics.median(r[0] for r in rs) for name, rs in runs.items()}
    for name in runs:
        print(
            f"{name:6s} median: {median[name]:.2f} s, {n_articles / median[name]:,.0f} articles/s, "
            f"{mb / median[name]:.2f} MB/s of body text"
        )
    pairs = [v[0] / p[0] for v, p in zip(runs["vader"], runs["polars"], strict=True)]
    print(
        f"speed-up: {median['vader'] / median['polars']:.1f}x (medians); per alternating pair "
        f"{', '.join(f'{r:.1f}x' for r in pairs)}; load average now {os.getloadavg()}"
    )

    _print_agreement(f"seeds ({args.seeds})", compare(_seed_frames(args.seeds), analyzer))
    _print_agreement(f"bench corpus ({n_articles:,} articles, seed {args.seed})", compare(frames, analyzer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
