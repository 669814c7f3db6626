"""Full runs at several corpus sizes: time per stage, throughput, peak memory, and the ratio of the
whole run to one bare Polars `extract_many` pass of the country names over the same text.

    python -m bench.run --articles 10000 100000 [1000000] [--seed 0]

Each size runs `newsdw run --full-refresh` into a fresh warehouse under bench/out as its own process
(measured from outside: wall time, peak resident memory of the process tree polled every 0.2 s) and
reads the flow's own duration and seconds per stage from the run log. Stages overlap (the next batch
is parsed and transformed in a thread while the writer loads the previous one), so the per-stage
seconds are sums per stage, not a partition of the wall time. Figures go to bench/out/run-<n>.json.

Targets (issue: scale): 1,000,000 articles in at most 10 minutes; peak memory at most 4 GiB and flat
from 100k to 1M; validation at most 15% of the run; the run at most 6 times the bare pass.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

import polars as pl

from bench.job import GIB, OUT, corpus, run_job, text_bytes, verdict
from flows.settings import Settings
from flows.transform.entities import load_gazetteer

STAGES = (
    "extract", "parse", "entities", "events", "quotes", "themes", "tone", "write",
    "load", "stories", "derive", "validate", "publish",
)  # fmt: skip


def bare_extract_many(seeds: Path) -> tuple[float, int]:
    """Seconds to read every file's text and run one `extract_many` of the country names over it."""
    gazetteer = load_gazetteer(Settings().reference_dir)
    names = gazetteer.phrases.filter(pl.col("etype") == "country").get_column("pattern").unique().to_list()
    tick = time.perf_counter()
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(seeds.rglob("*")) if p.is_file()]
    frame = pl.DataFrame({"text": texts})
    found = frame.select(pl.col("text").str.extract_many(names, ascii_case_insensitive=True).list.len().sum())
    return time.perf_counter() - tick, int(found.item())


def measure(n_articles: int, seed: int) -> dict:
    seeds = corpus(n_articles, seed)
    warehouse = OUT / f"wh-{n_articles}" / "newsdw.duckdb"
    shutil.rmtree(warehouse.parent, ignore_errors=True)
    job = run_job(seeds, warehouse, "--full-refresh")
    bare, matches = bare_extract_many(seeds)
    megabytes = text_bytes(seeds) / 1e6
    articles = job.record["articles_loaded"]
    stages = job.record.get("stage_seconds", {})
    return {
        "articles": articles,
        "megabytes": round(megabytes, 1),
        "status": job.record["status"],
        "wall_seconds": round(job.wall_seconds, 1),
        "startup_seconds": round(job.startup_seconds, 1),
        "flow_seconds": round(job.flow_seconds, 1),
        "mb_per_second": round(megabytes / job.flow_seconds, 2),
        "articles_per_second": round(articles / job.flow_seconds),
        "peak_rss_gib": round(job.peak_rss_bytes / GIB, 2),
        "peak_at": job.peak_at,
        "stage_seconds": {s: round(stages.get(s, 0.0), 1) for s in STAGES},
        "validation_share": round(stages.get("validate", 0.0) / job.flow_seconds, 3),
        "bare_extract_many_seconds": round(bare, 1),
        "bare_matches": matches,
        "ratio_to_bare": round(job.flow_seconds / bare, 1),
        "load_average": os.getloadavg(),
    }


def report(n: int, r: dict) -> None:
    print(f"\n== {n:,} articles ({r['megabytes']:,} MB of text), status {r['status']} ==")
    print(
        f"wall {r['wall_seconds']} s = Prefect start-up {r['startup_seconds']} s + flow {r['flow_seconds']} s"
    )
    print(
        f"throughput {r['mb_per_second']} MB/s, {r['articles_per_second']:,} articles/s; "
        f"peak RSS {r['peak_rss_gib']} GiB (at {r.get('peak_at') or '?'} in the run's log)"
    )
    print("stage seconds: " + ", ".join(f"{k} {v}" for k, v in r["stage_seconds"].items()))
    print(
        f"bare extract_many {r['bare_extract_many_seconds']} s ({r['bare_matches']:,} matches); "
        f"run/bare {r['ratio_to_bare']}"
    )
    print(f"load average during the bench: {', '.join(f'{x:.2f}' for x in r['load_average'])}")
    print(
        f"  validation <= 15% of the run: {r['validation_share']:.1%} "
        f"{verdict(r['validation_share'] <= 0.15)}"
    )
    print(f"  run <= 6 x bare extract_many: {r['ratio_to_bare']} {verdict(r['ratio_to_bare'] <= 6)}")
    print(f"  peak memory <= 4 GiB: {r['peak_rss_gib']} GiB {verdict(r['peak_rss_gib'] <= 4)}")
    if n >= 1_000_000:
        print(
            f"  1M articles in <= 10 min: {r['wall_seconds'] / 60:.1f} min "
            f"{verdict(r['wall_seconds'] <= 600)}"
        )


def flat_memory(results: dict[int, dict]) -> None:
    """Peak memory at 100k against 1M articles, from this invocation or the figures saved earlier."""
    peaks = {}
    for n in (100_000, 1_000_000):
        saved = OUT / f"run-{n}.json"
        if n in results:
            peaks[n] = (results[n]["peak_rss_gib"], "this run")
        elif saved.is_file():
            peaks[n] = (json.loads(saved.read_text())["peak_rss_gib"], f"saved in {saved}")
    if len(peaks) == 2:
        (small, at_small), (large, at_large) = peaks[100_000], peaks[1_000_000]
        print(f"\nmemory 100,000 -> 1,000,000 articles: {small} GiB ({at_small}) -> {large} GiB ({at_large}) "
              f"(flat within 25%: {verdict(large <= small * 1.25)})")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    results = {}
    for n in args.articles:
        results[n] = measure(n, args.seed)
        (OUT / f"run-{n}.json").write_text(json.dumps(results[n], indent=2))
        report(n, results[n])
    flat_memory(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
