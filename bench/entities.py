"""Throughput of the mention stage: `sentences_and_mentions` over a synthetic corpus.

    python -m bench.entities --articles 20000 [--seed 0] [--batch-mb 64] [--out DIR] [--reference DIR]

The corpus comes from `bench.corpus.generate_corpus`; article bodies are taken with the project's own
parser (`flows.parse.parse_text`), falling back to "every non-blank paragraph is a body" for a file it
cannot parse. Parsing and gazetteer loading are timed separately: the figure that matters is MB of
body text per second through sentences + mentions, in batches like the pipeline's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

from flows.settings import Settings
from flows.transform.entities import load_gazetteer, sentences_and_mentions


def _bodies(files: list[Path]) -> list[tuple[str, str, date | None]]:
    from flows.parse import parse_text

    out: list[tuple[str, str, date | None]] = []
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        try:
            articles = [(a.body, a.published_date) for a in parse_text(text).articles]
        except Exception:  # the benchmark measures mentions, not parsing
            articles = []
        if not articles:
            articles = [(p.strip(), None) for p in text.split("\n\n") if p.strip()]
        for i, (body, published) in enumerate(articles):
            out.append((f"{path.stem}:{i}", body, published))
    return out


def _batches(rows: list[tuple[str, str, date | None]], batch_bytes: int) -> list[pl.DataFrame]:
    batches, current, size = [], [], 0
    for row in rows:
        current.append(row)
        size += len(row[1].encode())
        if size >= batch_bytes:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    schema = {"article_id": pl.String, "body": pl.String, "published_date": pl.Date}
    return [pl.DataFrame(b, schema=schema, orient="row") for b in batches]


def run(articles: int, seed: int, batch_mb: int, out: Path | None, reference: Path) -> dict[str, float]:
    from bench.corpus import generate_corpus

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = out or Path(tmp)
        t0 = time.perf_counter()
        manifest = generate_corpus(out_dir, articles, seed=seed)
        t_gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        rows = _bodies(manifest.files)
        t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    gaz = load_gazetteer(reference)
    t_gaz = time.perf_counter() - t0
    frames = _batches(rows, batch_mb * 1024 * 1024)
    n_bytes = sum(f["body"].str.len_bytes().sum() for f in frames)
    n_articles = sum(f.height for f in frames)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    c0 = time.process_time()
    n_sentences = n_mentions = 0
    for frame in frames:
        sentences, mentions = sentences_and_mentions(frame, gaz)
        n_sentences += sentences.height
        n_mentions += mentions.height
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "cpu_s": cpu,
        "load": load_before,
        "articles": n_articles,
        "mb": n_bytes / 1e6,
        "batches": len(frames),
        "sentences": n_sentences,
        "mentions": n_mentions,
        "generate_s": t_gen,
        "parse_s": t_parse,
        "gazetteer_s": t_gaz,
        "elapsed_s": elapsed,
        "mb_per_s": n_bytes / 1e6 / elapsed,
        "articles_per_s": n_articles / elapsed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-mb", type=int, default=64)
    parser.add_argument("--out", type=Path, default=None, help="keep the generated corpus here")
    parser.add_argument("--reference", type=Path, default=Settings().reference_dir)
    args = parser.parse_args(argv)
    r = run(args.articles, args.seed, args.batch_mb, args.out, args.reference)
    print(
        f"corpus: {r['articles']:,} articles, {r['mb']:.1f} MB of body text in {r['batches']} batch(es) "
        f"(generated in {r['generate_s']:.1f} s, parsed in {r['parse_s']:.1f} s)"
    )
    print(f"gazetteer loaded in {r['gazetteer_s']:.2f} s")
    print(
        f"sentences_and_mentions: {r['elapsed_s']:.2f} s -> {r['sentences']:,} sentences, "
        f"{r['mentions']:,} mentions"
    )
    print(f"throughput: {r['mb_per_s']:.1f} MB/s, {r['articles_per_s']:,.0f} articles/s")
    # Wall-clock figures depend on what else the machine runs; CPU time (all threads) does not as much.
    print(
        f"cpu time: {r['cpu_s']:.2f} s ({r['mb'] / r['cpu_s']:.1f} MB per CPU-second); "
        f"load average before the run: {r['load']:.2f} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
