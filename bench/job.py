"""Run `newsdw run` as a separate process and measure it: wall time, the flow's own duration and
per-stage seconds (from the run log), and the peak resident memory of the process tree.

Shared by `bench.run` (full runs at several sizes) and `bench.rerun` (incremental re-runs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.corpus import generate_corpus
from flows.prefect_server import client_env
from flows.publish import read_run_log

PROJECT_ROOT = Path(__file__).resolve().parents[1]
OUT = PROJECT_ROOT / "bench" / "out"
GIB = 1024**3


@dataclass
class JobResult:
    returncode: int
    wall_seconds: float
    peak_rss_bytes: int
    record: dict = field(default_factory=dict)
    # When the peak was seen (local time, as in the run's log), to tell which stage it belongs to.
    peak_at: str = ""

    @property
    def flow_seconds(self) -> float:
        """The flow's own duration, from its run log record: Prefect's start-up excluded."""
        start = datetime.fromisoformat(str(self.record["started_at"]))
        end = datetime.fromisoformat(str(self.record["finished_at"]))
        return (end - start).total_seconds()

    @property
    def startup_seconds(self) -> float:
        return self.wall_seconds - self.flow_seconds


def corpus(n_articles: int, seed: int, bad_files: int = 5) -> Path:
    """A generated corpus, cached under bench/out (the generator is deterministic)."""
    folder = OUT / f"corpus-{n_articles}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        print(f"generating {n_articles:,} articles into {folder} ...", flush=True)
        generate_corpus(folder, n_articles, seed=seed, bad_files=bad_files, workers=os.cpu_count() or 1)
        done.touch()
    return folder


def text_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (the Prefect server it may start)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(c) for c in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_job(seeds: Path, warehouse: Path, *extra: str) -> JobResult:
    """`newsdw run` over `seeds` into `warehouse`, polled every 0.2 s for memory."""
    env = client_env(PROJECT_ROOT / ".prefect", os.environ.get("PREFECT_API_URL"))
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    command = [sys.executable, "-m", "flows.cli", "run", "--seeds", str(seeds), "--warehouse", str(warehouse)]
    log = warehouse.parent / "bench-run.log"
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    peak, peak_at = 0, ""
    tick = time.perf_counter()
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [*command, *extra], env=env, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT
        )
        stop = threading.Event()

        def poll() -> None:
            nonlocal peak, peak_at
            while not stop.is_set():
                rss = _tree_rss(proc.pid)
                if rss > peak:
                    peak, peak_at = rss, datetime.now().strftime("%H:%M:%S.%f")[:-3]
                stop.wait(0.2)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        returncode = proc.wait()
        stop.set()
        poller.join()
    wall = time.perf_counter() - tick
    records = read_run_log(warehouse.parent / "runs.jsonl", limit=1)
    if returncode not in (0, 3) or not records:
        raise RuntimeError(f"newsdw run exited {returncode}; see {log}")
    return JobResult(returncode, wall, peak, records[-1], peak_at)


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"
