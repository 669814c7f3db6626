"""Re-runs: a full run, a re-run with nothing new, and a re-run after adding 1% new files.

    python -m bench.rerun --articles 100000 [--seed 0]

Flow durations come from the run log (Prefect start-up excluded and reported separately). Targets
(issue: scheduled, incremental): nothing new <= 5% of the full run; 1% new files <= 5% of the full run.
Figures go to bench/out/rerun-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

from bench.corpus import generate_corpus
from bench.job import OUT, corpus, run_job, verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    master = corpus(args.articles, args.seed)
    work = OUT / f"rerun-{args.articles}"
    shutil.rmtree(work, ignore_errors=True)
    seeds = work / "seeds"
    shutil.copytree(master, seeds, copy_function=shutil.copy2, ignore=shutil.ignore_patterns(".complete"))
    warehouse = work / "warehouse" / "newsdw.duckdb"

    runs = {"full": run_job(seeds, warehouse)}
    runs["nothing new"] = run_job(seeds, warehouse)
    with tempfile.TemporaryDirectory() as extra:
        generate_corpus(Path(extra), max(1, args.articles // 100), seed=args.seed + 1)
        for path in Path(extra).rglob("*"):
            if path.is_file():
                shutil.copy2(path, seeds / f"new-{path.relative_to(extra).as_posix().replace('/', '-')}")
    runs["1% new files"] = run_job(seeds, warehouse)

    full = runs["full"].flow_seconds
    result = {}
    print(f"\n== re-runs over {args.articles:,} articles ==")
    for label, job in runs.items():
        r = job.record
        result[label] = {
            "status": r["status"],
            "flow_seconds": round(job.flow_seconds, 2),
            "startup_seconds": round(job.startup_seconds, 1),
            "wall_seconds": round(job.wall_seconds, 1),
            "files_loaded": r["files_loaded"],
            "files_skipped": r["files_skipped"],
            "articles_loaded": r["articles_loaded"],
            "share_of_full": round(job.flow_seconds / full, 4),
            "stage_seconds": {k: round(v, 2) for k, v in r.get("stage_seconds", {}).items()},
        }
        x = result[label]
        print(
            f"{label:>13}: {x['status']:<10} flow {x['flow_seconds']:>8.2f} s "
            f"(process {x['wall_seconds']} s, of which start-up and shutdown {x['startup_seconds']} s), "
            f"files loaded {x['files_loaded']}, "
            f"skipped {x['files_skipped']}, {x['share_of_full']:.1%} of the full run"
        )
    for label in ("nothing new", "1% new files"):
        share = result[label]["share_of_full"]
        print(f"  {label} <= 5% of the full run: {share:.1%} {verdict(share <= 0.05)}")
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    result["load_average"] = os.getloadavg()
    (OUT / f"rerun-{args.articles}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
