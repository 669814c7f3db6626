"""Throughput of the event and quote stages: `code_events` and `extract_quotes` over a synthetic corpus.

    python -m bench.transforms --articles 20000 [--seed 0] [--corpus DIR] [--batch-mb 64] [--repeat 3]
                               [--save DIR] [--check DIR]

The inputs are made the way `flows.pipeline.transform_frames` makes them: files in batches of
`--batch-mb`, read and parsed by the project, `articles_frames`, `split_sentences`, `extract_mentions`
with the run's gazetteer. Only the two functions are timed (seconds summed over batches, as the run log
sums stage seconds); preparing the inputs is not. `--corpus DIR` uses (or generates into) that folder,
otherwise the corpus is cached under bench/out like the other benchmarks'.

`--save DIR` writes both outputs as Parquet; `--check DIR` compares them with saved ones (rows sorted by
their id, `DataFrame.equals`), so an optimisation can be checked against the code it replaces.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from bench.corpus import generate_corpus
from bench.job import corpus
from flows import extract
from flows.parse import parse_text
from flows.pipeline import References
from flows.settings import Settings
from flows.transform.articles import RunContext, articles_frames
from flows.transform.entities import extract_mentions, split_sentences
from flows.transform.events import code_events
from flows.transform.quotes import extract_quotes

OUTPUTS = {"fact_event": "event_id", "fact_quote": "quote_id"}  # table: its key


@dataclass(frozen=True)
class Batch:
    articles: pl.DataFrame
    sentences: pl.DataFrame
    mentions: pl.DataFrame


def corpus_folder(articles: int, seed: int, folder: Path | None) -> Path:
    """`folder` (generated into when it holds no files yet), or the cached bench corpus."""
    if folder is None:
        return corpus(articles, seed)
    if not any(folder.glob("*")):
        generate_corpus(folder, articles, seed=seed, workers=os.cpu_count() or 1)
    return folder


def prepare(folder: Path, batch_bytes: int, refs: References) -> list[Batch]:
    """The inputs of the event and quote stages, batch by batch, as the pipeline makes them."""
    settings = Settings()
    run = RunContext("bench", datetime(2026, 1, 1, tzinfo=UTC))
    out = []
    for paths in extract.batches(extract.discover_files(folder), batch_bytes):
        sources = [extract.read_source(p, folder, settings.max_line_chars) for p in paths]
        parsed = [(s, parse_text(s.text)) for s in sources if s.text is not None]
        articles = articles_frames(parsed, run)["dim_article"]
        sentences = split_sentences(articles)
        out.append(Batch(articles, sentences, extract_mentions(articles, sentences, refs.gazetteer)))
    return out


STAGES = {"fact_event": "code_events", "fact_quote": "extract_quotes"}


def run_stages(batches: list[Batch], refs: References) -> tuple[dict[str, float], dict[str, pl.DataFrame]]:
    """Wall and CPU seconds per function (`fact_event`, `fact_event_cpu`, ...) summed over batches,
    and each function's output over all batches. CPU time counts every thread of the process."""
    seconds = {key: 0.0 for table in STAGES for key in (table, f"{table}_cpu")}
    frames: dict[str, list[pl.DataFrame]] = {table: [] for table in STAGES}
    calls = {
        "fact_event": lambda b: code_events(b.articles, b.sentences, b.mentions, refs.events),
        "fact_quote": lambda b: extract_quotes(b.articles, b.mentions, refs.speech_verbs),
    }
    for b in batches:
        for table, call in calls.items():
            wall, cpu = time.perf_counter(), time.process_time()
            frames[table].append(call(b))
            seconds[table] += time.perf_counter() - wall
            seconds[f"{table}_cpu"] += time.process_time() - cpu
    return seconds, {table: pl.concat(parts) for table, parts in frames.items()}


def differences(outputs: dict[str, pl.DataFrame], saved: Path) -> list[str]:
    """Tables whose rows differ from the Parquet files in `saved` (both sorted by id)."""
    bad = []
    for table, key in OUTPUTS.items():
        expected = pl.read_parquet(saved / f"{table}.parquet").sort(key)
        if not outputs[table].sort(key).equals(expected):
            bad.append(table)
    return bad


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=None, help="use or generate the corpus here")
    parser.add_argument("--batch-mb", type=float, default=64)
    parser.add_argument("--repeat", type=int, default=1, help="timed passes over the same inputs")
    parser.add_argument("--reference", type=Path, default=Settings().reference_dir)
    parser.add_argument("--save", type=Path, default=None, help="write the outputs here as Parquet")
    parser.add_argument("--check", type=Path, default=None, help="compare the outputs with Parquet here")
    return parser.parse_args(argv)


def _timed_passes(batches: list[Batch], refs: References, repeat: int) -> tuple[list[dict], dict]:
    """Seconds of each pass (printed with the load average before it) and the last pass's outputs."""
    runs: list[dict[str, float]] = []
    outputs: dict[str, pl.DataFrame] = {}
    for i in range(repeat):
        load = os.getloadavg()
        seconds, outputs = run_stages(batches, refs)
        runs.append(seconds)
        timings = ", ".join(
            f"{name} {seconds[table]:.2f} s ({seconds[f'{table}_cpu']:.2f} s CPU)"
            for table, name in STAGES.items()
        )
        print(
            f"pass {i + 1}: {timings}; load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
            f"on {os.cpu_count()} cores"
        )
    return runs, outputs


def _summary(runs: list[dict], outputs: dict, n_articles: int, megabytes: float) -> None:
    # The best pass is the one least disturbed by other work on the machine; the median says how
    # representative it is.
    for table, name in STAGES.items():
        best = min(r[table] for r in runs)
        median = statistics.median(r[table] for r in runs)
        cpu = min(r[f"{table}_cpu"] for r in runs)
        print(
            f"{name}: best {best:.2f} s, median {median:.2f} s -> {n_articles / best:,.0f} articles/s, "
            f"{megabytes / best:.1f} MB/s (best CPU {cpu:.2f} s); {outputs[table].height:,} rows"
        )


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    refs = References.load(args.reference)
    folder = corpus_folder(args.articles, args.seed, args.corpus)
    tick = time.perf_counter()
    batches = prepare(folder, int(args.batch_mb * 1024 * 1024), refs)
    n_articles = sum(b.articles.height for b in batches)
    megabytes = sum(b.articles.get_column("body").str.len_bytes().sum() for b in batches) / 1e6
    print(
        f"corpus {folder}: {n_articles:,} articles, {megabytes:.1f} MB of body text in {len(batches)} "
        f"batch(es); inputs prepared in {time.perf_counter() - tick:.1f} s"
    )
    runs, outputs = _timed_passes(batches, refs, max(1, args.repeat))
    _summary(runs, outputs, n_articles, megabytes)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for table, frame in outputs.items():
            frame.write_parquet(args.save / f"{table}.parquet")
    if args.check:
        bad = differences(outputs, args.check)
        print(f"outputs identical to {args.check}" if not bad else f"DIFFERENT from {args.check}: {bad}")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
