"""Fault injection for newsdw: runs killed at random moments, readers during publishes, lost files.

What it checks, and the pieces the tests in ``tests/robustness/`` import:

* **kill loop** (`kill_loop`): ``newsdw run`` as a subprocess, killed with SIGKILL after a random delay
  spread over the whole duration of a run (measured first with one complete run). After each kill the
  published warehouse must open read-only, pass every Great Expectations suite, and be the last
  published version: byte-identical to it, or (when the killed run got as far as its atomic rename) the
  complete next version. Every few kills a run is let to finish, and a file is added to the input
  between runs, so "last published" moves.
* **reader loop** (`reader_loop`): read-only connections, one per read, each reading a version
  signature (latest run, counts of runs, files, articles, files of the latest run) in one query. Every
  signature must be one whole published version as recorded in ``runs.jsonl``; a mix of two versions
  (a half-published state) would not match any.
* **writer** (`publish_runs`, ``python -m bench.faults writer``): runs the flow again and again in one
  process, adding a file before each run, so readers see many publishes.
* **files lost** (`files_lost`): input files neither loaded (their sha256 in ``dim_source_file``) nor
  quarantined (their sha256 or path in ``audit_quarantine``) by the final published warehouse.

CLI::

    python -m bench.faults --kills 100 --reader-seconds 120 --articles 5000

It starts its own Prefect server (in a temporary PREFECT_HOME) unless PREFECT_API_URL is set.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from flows.prefect_server import client_env, local_server, stop_process_group

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
OK_EXIT_CODES = (0, 3)  # published; published with quarantine

# --------------------------------------------------------------------------------------------------
# A Prefect server for many processes.
# --------------------------------------------------------------------------------------------------


prefect_env = client_env


@contextlib.contextmanager
def prefect_server(prefect_home: Path, timeout: float = 120.0) -> Iterator[dict[str, str]]:
    """A Prefect server without schedules on a free local port; yield the environment for its clients."""
    with local_server(prefect_home, services=False, ui=False, timeout=timeout) as api_url:
        yield client_env(prefect_home, api_url)


# --------------------------------------------------------------------------------------------------
# Running newsdw.
# --------------------------------------------------------------------------------------------------


def newsdw_command() -> list[str]:
    script = Path(sys.executable).with_name("newsdw")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flows.cli"]


def start_run(
    seeds: Path, warehouse: Path, env: dict[str, str], *extra: str, log_dir: Path | None = None
) -> subprocess.Popen:
    """Start `newsdw run` in its own session (so a kill reaches every process of it).

    Output goes to files, not pipes: a killed run must not be slowed by a full pipe.
    """
    log_dir = log_dir or warehouse.parent
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "run.out", "wb") as out, open(log_dir / "run.err", "wb") as err:
        return subprocess.Popen(
            [*newsdw_command(), "run", "--seeds", str(seeds), "--warehouse", str(warehouse), *extra],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def run_to_completion(
    seeds: Path, warehouse: Path, env: dict[str, str], *extra: str, timeout: float = 600
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*newsdw_command(), "run", "--seeds", str(seeds), "--warehouse", str(warehouse), *extra],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def sigkill(proc: subprocess.Popen) -> bool:
    """SIGKILL the run's whole process group; True when it was still running."""
    if proc.poll() is not None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return True


_EXTRA_CACHE: dict[int, bytes] = {}


def extra_file_bytes(index: int, seed: int = 0) -> bytes:
    """A new, valid feed file (deterministic in index and seed), unlike any file of the base corpus."""
    from bench.corpus import generate_corpus

    key = seed * 1_000_003 + index
    if key not in _EXTRA_CACHE:
        with tempfile.TemporaryDirectory(prefix="newsdw-extra-") as tmp:
            manifest = generate_corpus(
                Path(tmp), 4, seed=900_000 + key, articles_per_file=4, duplicate_rate=0.0
            )
            _EXTRA_CACHE[key] = manifest.files[0].read_bytes()
    return _EXTRA_CACHE[key]


def add_file(seeds: Path, index: int, seed: int = 0) -> Path:
    """Add one new valid input file to `seeds` (written beside, then renamed in: never half-written)."""
    target = seeds / f"zz_extra_{seed}_{index:05d}.txt"
    partial = seeds / f".{target.name}.partial"
    partial.write_bytes(extra_file_bytes(index, seed))
    os.replace(partial, target)
    return target


# --------------------------------------------------------------------------------------------------
# Looking at a published warehouse.
# --------------------------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_checksums(con: duckdb.DuckDBPyConnection, skip_prefix: str = "audit_") -> dict[str, str]:
    """sha256 of every table's rows ordered by all columns, except the `skip_prefix` (audit) tables."""
    tables = [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = current_database() "
            "and schema_name = 'main' order by 1"
        ).fetchall()
    ]
    out = {}
    for table in tables:
        if table.startswith(skip_prefix):
            continue
        digest = hashlib.sha256()
        cursor = con.execute(f'select * from "{table}" order by all')
        while batch := cursor.fetchmany(5000):
            digest.update(repr(batch).encode())
        out[table] = digest.hexdigest()
    return out


def checksum(warehouse: Path) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return table_checksums(con)


@dataclass(frozen=True)
class Inspection:
    """One look at the published warehouse, read-only."""

    file_sha256: str
    valid: bool
    failed_checks: tuple[str, ...]
    checksum: dict[str, str]
    run_ids: frozenset[str]
    source_sha256: frozenset[str]


def inspect(warehouse: Path, expectations_dir: Path = EXPECTATIONS_DIR) -> Inspection:
    """Open `warehouse` read-only, validate it with the project's suites and summarise it.

    The bytes are hashed before and after: a read-only look must not change the file.
    """
    from flows.validate import validate_build

    before = file_sha256(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        report = validate_build(con, expectations_dir)
        sums = table_checksums(con)
        run_ids = frozenset(r[0] for r in con.execute("select run_id from audit_run").fetchall())
        shas = frozenset(r[0] for r in con.execute("select sha256 from dim_source_file").fetchall())
    after = file_sha256(warehouse)
    failed = tuple(f"{f.table_name}: {f.expectation}" for f in report.failures)
    if before != after:
        failed += ("file changed while it was inspected read-only",)
    return Inspection(after, report.success and before == after, failed, sums, run_ids, shas)


def build_leftovers(warehouse: Path) -> list[Path]:
    return sorted(warehouse.parent.glob(f".{warehouse.stem}.build-*"))


# --------------------------------------------------------------------------------------------------
# The kill loop.
# --------------------------------------------------------------------------------------------------


_RUN_LINE = re.compile(r"^run (\S+): published", re.MULTILINE)


@dataclass
class KillStats:
    run_seconds: float = 0.0  # duration of one complete run, measured first
    runs_killed: int = 0
    runs_completed: int = 0  # let to finish (or finished before their kill)
    killed_after_publish: int = 0  # killed, but after the atomic rename: the next version was published
    warehouses_checked: int = 0
    files_added: int = 0
    completed_run_ids: list[str] = field(default_factory=list)  # from the output of complete runs
    kill_delays: list[float] = field(default_factory=list)  # seconds after the start
    kill_fractions: list[float] = field(default_factory=list)  # of the estimated run duration
    failures: list[str] = field(default_factory=list)


def kill_loop(
    seeds: Path,
    warehouse: Path,
    env: dict[str, str],
    *,
    kills: int,
    seed: int = 0,
    complete_every: int = 7,
    expectations_dir: Path = EXPECTATIONS_DIR,
    log_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> KillStats:
    """Kill `kills` runs at random moments; after each, check the published warehouse (see module doc)."""
    rng = random.Random(seed)
    stats = KillStats()
    say = progress or (lambda _msg: None)
    log_dir = log_dir or warehouse.parent / "logs"

    def fail(message: str) -> None:
        stats.failures.append(message)
        say(f"FAILURE: {message}")

    # A first complete run gives the first published version (and warms the bytecode cache, so it is
    # slower than the runs to come: it does not measure).
    done = run_to_completion(seeds, warehouse, env)
    stats.runs_completed += 1
    stats.completed_run_ids += _RUN_LINE.findall(done.stdout)
    if done.returncode not in OK_EXIT_CODES:
        raise RuntimeError(f"the first complete run failed ({done.returncode}): {done.stderr[-2000:]}")
    last = inspect(warehouse, expectations_dir)
    stats.warehouses_checked += 1
    if not last.valid:
        raise RuntimeError(f"the first published warehouse does not validate: {last.failed_checks}")

    pending: set[str] = set()  # sha256 of files added since the last published version

    def add() -> None:
        path = add_file(seeds, stats.files_added, seed)
        stats.files_added += 1
        pending.add(file_sha256(path))

    def check(label: str) -> None:
        """The published warehouse after a run ended (killed or not)."""
        nonlocal last
        if warehouse.with_name(warehouse.name + ".wal").exists():
            fail(f"{label}: a WAL file lies beside the published warehouse")
        try:
            now = inspect(warehouse, expectations_dir)
        except Exception as exc:  # the warehouse must always open and validate
            fail(f"{label}: published warehouse could not be inspected: {type(exc).__name__}: {exc}")
            return
        stats.warehouses_checked += 1
        if not now.valid:
            fail(f"{label}: published warehouse fails validation: {now.failed_checks}")
        new_runs = now.run_ids - last.run_ids
        if not last.run_ids <= now.run_ids:
            fail(f"{label}: published runs disappeared: {sorted(last.run_ids - now.run_ids)}")
        if not new_runs:
            if now.file_sha256 != last.file_sha256:
                fail(f"{label}: warehouse bytes changed although no run published")
            if now.checksum != last.checksum:
                fail(f"{label}: warehouse tables changed although no run published")
            return
        if len(new_runs) != 1:
            fail(f"{label}: {len(new_runs)} runs published by one run: {sorted(new_runs)}")
        expected = last.source_sha256 | pending
        if now.source_sha256 != expected:
            fail(
                f"{label}: new version has {len(now.source_sha256)} files, expected {len(expected)} "
                f"(missing {len(expected - now.source_sha256)}, extra {len(now.source_sha256 - expected)})"
            )
        if not pending and now.checksum != last.checksum:
            fail(f"{label}: a run with nothing new to load changed the warehouse tables")
        last = now
        pending.clear()

    def complete(label: str) -> None:
        done = run_to_completion(seeds, warehouse, env)
        stats.runs_completed += 1
        stats.completed_run_ids += _RUN_LINE.findall(done.stdout)
        if done.returncode not in OK_EXIT_CODES:
            fail(f"{label}: complete run exited {done.returncode}: {done.stderr.strip()[-500:]}")
        check(label)
        if build_leftovers(warehouse):
            fail(f"{label}: build files left after a complete run: {build_leftovers(warehouse)}")

    # A second complete run, loading one new file like the runs to be killed, measures a run.
    add()
    tick = time.monotonic()
    complete("measuring run")
    stats.run_seconds = time.monotonic() - tick
    say(f"one complete run: {stats.run_seconds:.1f} s")
    add()
    # Kill moments are fractions of a run, stratified over (0, 0.98) and shuffled. A run that ends
    # before its kill moment lowers the estimate of a run's duration, and its moment is tried again.
    estimate = stats.run_seconds
    fractions = [0.005 + 0.975 * (j + rng.random()) / kills for j in range(kills)]
    rng.shuffle(fractions)
    attempt = 0
    while stats.runs_killed < kills:
        fraction = fractions.pop() if fractions else rng.uniform(0.005, 0.9)
        delay = fraction * estimate
        attempt += 1
        label = f"run {attempt} (kill at {delay:.2f} s)"
        proc = start_run(seeds, warehouse, env, log_dir=log_dir)
        started = time.monotonic()
        try:
            proc.wait(timeout=delay)
            killed = False
        except subprocess.TimeoutExpired:
            killed = sigkill(proc)
        if killed:
            stats.runs_killed += 1
            stats.kill_delays.append(delay)
            stats.kill_fractions.append(fraction)
            published_before = len(last.run_ids)
            check(f"{label}: killed")
            if len(last.run_ids) > published_before:
                stats.killed_after_publish += 1
        else:
            estimate = min(estimate, time.monotonic() - started)
            fractions.append(fraction)
            stats.runs_completed += 1
            if proc.returncode not in OK_EXIT_CODES:
                fail(f"{label}: finished before its kill with exit code {proc.returncode}")
            check(f"{label}: finished before its kill")
        say(f"{label}: {stats.runs_killed} killed, {stats.warehouses_checked} checked")
        if stats.runs_killed and stats.runs_killed % complete_every == 0 and stats.runs_killed < kills:
            complete(f"complete run after {stats.runs_killed} kills")
            add()
    complete("final complete run")
    return stats


# --------------------------------------------------------------------------------------------------
# Readers while runs publish.
# --------------------------------------------------------------------------------------------------

# One statement, one snapshot: a version signature whose parts come from different tables, so a file
# holding some tables of one version and some of another would give a signature no run published.
VERSION_SQL = """
with latest as (select arg_max(run_id, started_at) as run_id, count(*) as runs from audit_run)
select
    latest.run_id,
    latest.runs,
    (select count(*) from dim_source_file) as files,
    (select count(*) from dim_article) as articles,
    (select count(*) from dim_source_file f where f.run_id = latest.run_id) as files_of_latest
from latest
"""


def read_version(warehouse: Path) -> tuple:
    """One read: a new read-only connection, one query, closed again."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return tuple(con.execute(VERSION_SQL).fetchall()[0])


def published_versions(run_log: Path) -> set[tuple]:
    """The version signature of every published run in the run log (what `read_version` may see)."""
    from flows.publish import read_run_log

    out = set()
    for rec in read_run_log(run_log, limit=10**9):
        if rec.get("status") != "published":
            continue
        counts = rec.get("row_counts") or {}
        out.add(
            (
                rec["run_id"],
                counts.get("audit_run", 0) + 1,  # counted before the run's own audit row was added
                counts.get("dim_source_file"),
                counts.get("dim_article"),
                rec.get("files_loaded"),
            )
        )
    return out


@dataclass
class ReadStats:
    reads: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    versions: Counter = field(default_factory=Counter)

    def not_published(self, published: set[tuple]) -> dict[tuple, int]:
        """Signatures read that are no whole published version (a half-published state)."""
        return {v: n for v, n in self.versions.items() if v not in published}


def reader_loop(warehouse: Path, stop: Callable[[], bool], pause: float = 0.0) -> ReadStats:
    """Read the version signature again and again until `stop()`; count failed reads."""
    stats = ReadStats()
    while not stop():
        stats.reads += 1
        try:
            stats.versions[read_version(warehouse)] += 1
        except Exception as exc:
            stats.failed += 1
            if len(stats.errors) < 20:
                stats.errors.append(f"{type(exc).__name__}: {exc}")
        if pause:
            time.sleep(pause)
    return stats


def publish_runs(
    seeds: Path, warehouse: Path, runs: int | None, seconds: float | None, seed: int = 0
) -> list[tuple[str, str]]:
    """Run the flow in this process again and again, adding one file before each run.

    Stops after `runs` runs or, when `seconds` is given, at the first run end past that many seconds.
    Needs the Prefect environment in place before Prefect is imported.
    """
    from flows.pipeline import newsdw_flow

    out = []
    start = time.monotonic()
    index = 0
    while True:
        if runs is not None and index >= runs:
            break
        if seconds is not None and time.monotonic() - start >= seconds:
            break
        add_file(seeds, 10_000 + index, seed)
        summary = newsdw_flow(seeds_dir=str(seeds), warehouse=str(warehouse), lock_wait_seconds=60)
        out.append((summary.run_id, summary.status))
        index += 1
    return out


# --------------------------------------------------------------------------------------------------
# Files lost.
# --------------------------------------------------------------------------------------------------


def files_lost(seeds: Path, warehouse: Path) -> tuple[list[Path], int]:
    """(input files neither loaded nor quarantined, files quarantined) by the final published warehouse.

    Loaded means the file's sha256 is in `dim_source_file`; quarantined means its sha256 or its path is
    in `audit_quarantine` (a file that could not be read at all has no sha256).
    """
    from flows.extract import discover_files

    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded = {r[0] for r in con.execute("select sha256 from dim_source_file").fetchall()}
        q_rows = con.execute("select sha256, path, article_ordinal from audit_quarantine").fetchall()
    q_sha = {r[0] for r in q_rows if r[0]}
    q_path = {r[1] for r in q_rows}
    lost = []
    quarantined = 0
    for path in discover_files(seeds):
        sha = file_sha256(path) if path.is_file() else ""
        if sha in loaded:
            continue
        if sha in q_sha or str(path) in q_path:
            quarantined += 1
            continue
        lost.append(path)
    return lost, quarantined


# --------------------------------------------------------------------------------------------------
# CLI.
# --------------------------------------------------------------------------------------------------


def _writer_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults writer")
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    done = publish_runs(args.seeds, args.warehouse, args.runs, args.seconds, args.seed)
    print(json.dumps(done))
    return 0 if all(status == "published" for _, status in done) else 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["writer"]:
        return _writer_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--reader-seconds", type=float, default=120)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--bad-files", type=int, default=None, help="default: articles / 500, at least 3")
    parser.add_argument("--per-file", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder, removed")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    say = (lambda _m: None) if args.quiet else (lambda m: print(f"  {m}", file=sys.stderr, flush=True))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsdw-faults-"))
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    began = time.monotonic()
    try:
        with contextlib.ExitStack() as stack:
            if os.environ.get("PREFECT_API_URL"):
                env = prefect_env(workdir / "prefect", os.environ["PREFECT_API_URL"])
            else:
                say("starting a Prefect server")
                env = stack.enter_context(prefect_server(workdir / "prefect"))
            from bench.corpus import generate_corpus

            seeds = workdir / "seeds"
            if seeds.exists():
                shutil.rmtree(seeds)
            bad = args.bad_files if args.bad_files is not None else max(3, args.articles // 500)
            manifest = generate_corpus(
                seeds, args.articles, seed=args.seed, articles_per_file=args.per_file, bad_files=bad
            )
            say(f"corpus: {len(manifest.files)} files, {manifest.n_bytes / 1e6:.1f} MB, {bad} bad files")
            warehouse = workdir / "warehouse" / "newsdw.duckdb"
            for stale in warehouse.parent.glob("*") if warehouse.parent.exists() else ():
                if stale.is_file():
                    stale.unlink()

            kills = kill_loop(
                seeds,
                warehouse,
                env,
                kills=args.kills,
                seed=args.seed,
                log_dir=workdir / "logs",
                progress=say,
            )

            reads = ReadStats()
            mixed: dict = {}
            writer_ok = True
            if args.reader_seconds > 0:
                say(f"readers for {args.reader_seconds:.0f} s while a writer publishes")
                with open(workdir / "writer.log", "wb") as log:
                    writer = subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "bench.faults",
                            "writer",
                            "--seeds",
                            str(seeds),
                            "--warehouse",
                            str(warehouse),
                            "--seconds",
                            str(args.reader_seconds),
                            "--seed",
                            str(args.seed),
                        ],
                        env=env,
                        cwd=PROJECT_ROOT,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                try:
                    reads = reader_loop(warehouse, lambda: writer.poll() is not None)
                finally:
                    stop_process_group(writer, grace=30)
                writer_ok = writer.returncode == 0
                mixed = reads.not_published(published_versions(warehouse.parent / "runs.jsonl"))

            lost, quarantined = files_lost(seeds, warehouse)
            final = inspect(warehouse)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    print(f"runs killed: {kills.runs_killed}")
    print(f"warehouses checked: {kills.warehouses_checked}")
    print(f"reads made: {reads.reads}")
    print(f"failed reads: {reads.failed}")
    print(f"files quarantined: {quarantined}")
    print(f"files lost: {len(lost)}")
    print(
        f"  one complete run: {kills.run_seconds:.1f} s; runs completed: {kills.runs_completed}; "
        f"killed after publishing: {kills.killed_after_publish}; files added: {kills.files_added}"
    )
    print(
        f"  versions seen by readers: {len(reads.versions)}; reads of no whole published version: "
        f"{sum(mixed.values())}; writer ok: {writer_ok}"
    )
    print(
        f"  final warehouse validates: {final.valid}; check failures: {len(kills.failures)}; "
        f"total {time.monotonic() - began:.0f} s"
    )
    for message in kills.failures[:20] + reads.errors[:10]:
        print(f"  ! {message}")
    for path in lost[:20]:
        print(f"  lost: {path}")
    bad_outcome = kills.failures or reads.failed or mixed or lost or not final.valid or not writer_ok
    return 1 if bad_outcome else 0


if __name__ == "__main__":
    sys.exit(main())
