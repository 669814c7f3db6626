"""Faults: runs killed at random moments, readers during publishes, two runs at once, files that change
while read, and hostile input. The heavier versions are in `bench/faults.py` (shared code).

Tests that start `newsdw run` processes use one Prefect server for the whole session (`prefect_env`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bench.faults import (
    EXPECTATIONS_DIR,
    OK_EXIT_CODES,
    PROJECT_ROOT,
    file_sha256,
    files_lost,
    inspect,
    kill_loop,
    newsdw_command,
    published_versions,
    reader_loop,
    run_to_completion,
    start_run,
)
from flows import extract
from flows.extract import discover_files, read_source
from flows.parse import parse_text
from flows.publish import append_run_log, read_run_log
from flows.transform.articles import RunContext, quarantined_files_frame

pytestmark = pytest.mark.integration

LIMIT = 1_000_000
KILLS = 20
BUSY = 75


# --------------------------------------------------------------------------------------------------
# (a) SIGKILL at random moments
# --------------------------------------------------------------------------------------------------


def test_sigkill_at_any_moment_leaves_the_last_published_warehouse(
    prefect_env: dict[str, str], small_corpus: Path, tmp_path: Path
) -> None:
    """>= 20 runs killed with SIGKILL at seeded random delays spread over a whole run.

    After each kill the warehouse opens read-only, validates, and is the last published version
    (byte-identical, or the complete next version when the kill came after the atomic rename).
    Every 10 kills a run is let to finish; a file is added after each finished run.
    """
    warehouse = tmp_path / "warehouse" / "newsdw.duckdb"
    stats = kill_loop(
        small_corpus,
        warehouse,
        prefect_env,
        kills=KILLS,
        seed=20261123,
        complete_every=10,
        log_dir=tmp_path / "logs",
    )
    assert stats.failures == []
    assert stats.runs_killed >= KILLS
    assert stats.warehouses_checked >= stats.runs_killed + 3
    # Kills spread over the whole run: early (start-up), middle (load), late (validate, publish).
    spread = sorted(stats.kill_fractions)
    assert spread[0] < 0.15 and spread[-1] > 0.8
    assert sum(0.3 < s < 0.7 for s in spread) >= 4
    # "Last published" moved: the files added between runs were published by the finished runs.
    assert stats.files_added >= 2
    final = inspect(warehouse)
    assert final.valid
    lost, quarantined = files_lost(small_corpus, warehouse)
    assert lost == [] and quarantined >= 1
    # Every run that finished is in the run log, whatever the kills did to the log in between.
    logged = {r["run_id"] for r in read_run_log(warehouse.parent / "runs.jsonl", limit=10**6)}
    assert set(stats.completed_run_ids) <= logged and len(stats.completed_run_ids) >= 3


def test_run_log_keeps_the_next_record_after_a_torn_line(tmp_path: Path) -> None:
    """A run killed while appending to runs.jsonl leaves a line without its newline; the next run's
    record must still be readable (it used to be glued onto the torn line and lost with it)."""
    log = tmp_path / "runs.jsonl"
    append_run_log(log, {"run_id": "a", "status": "published"})
    with open(log, "a", encoding="utf-8") as handle:
        handle.write('{"run_id": "killed", "status": "publ')  # SIGKILL mid-write
    append_run_log(log, {"run_id": "c", "status": "published"})
    assert [r["run_id"] for r in read_run_log(log)] == ["a", "c"]


# --------------------------------------------------------------------------------------------------
# (b) readers while runs publish
# --------------------------------------------------------------------------------------------------


def test_readers_see_one_whole_version_while_ten_runs_publish(
    prefect_env: dict[str, str], small_corpus: Path, tmp_path: Path
) -> None:
    """A writer process publishes 11 runs, each adding a file; from the first publish on, this process
    opens read-only connections in a loop. Zero failed reads; each read is one whole published version
    (its signature mixes audit_run, dim_source_file and dim_article, so a half-published state, or a
    file mixing two versions, would match no run in runs.jsonl)."""
    warehouse = tmp_path / "warehouse" / "newsdw.duckdb"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.faults",
            "writer",
            "--seeds",
            str(small_corpus),
            "--warehouse",
            str(warehouse),
            "--runs",
            "11",
        ],
        env=prefect_env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not warehouse.exists() and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        stats = reader_loop(warehouse, lambda: writer.poll() is not None or time.monotonic() > deadline)
        out, _ = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, out
    assert stats.failed == 0, stats.errors
    assert stats.reads >= 100
    published = published_versions(warehouse.parent / "runs.jsonl")
    assert len(published) == 11
    assert stats.not_published(published) == {}
    # The readers saw the warehouse move on while they read (most of the ten later publishes).
    assert len(stats.versions) >= 6
    runs_seen = sorted(v[1] for v in stats.versions)
    assert runs_seen == sorted(set(runs_seen))  # one signature per version: nothing in between
    assert inspect(warehouse).valid


# --------------------------------------------------------------------------------------------------
# (c) two runs at once
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_at_once(
    prefect_env: dict[str, str], small_corpus_master: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    base = tmp_path_factory.mktemp("two-at-once")
    seeds = base / "seeds"
    shutil.copytree(small_corpus_master, seeds)
    warehouse = base / "warehouse" / "newsdw.duckdb"
    procs = [start_run(seeds, warehouse, prefect_env, log_dir=base / f"log{i}") for i in range(2)]
    for proc in procs:
        proc.wait(timeout=300)
    return {
        "warehouse": warehouse,
        "seeds": seeds,
        "codes": [p.returncode for p in procs],
        "stderr": [(base / f"log{i}" / "run.err").read_text(errors="replace") for i in range(2)],
        "stdout": [(base / f"log{i}" / "run.out").read_text(errors="replace") for i in range(2)],
    }


def test_two_runs_at_once_one_is_busy_the_other_publishes(two_at_once: dict) -> None:
    codes = two_at_once["codes"]
    assert sorted(codes)[1] == BUSY and sorted(codes)[0] in OK_EXIT_CODES, two_at_once["stderr"]
    busy = codes.index(BUSY)
    lines = two_at_once["stderr"][busy].splitlines()
    assert any(line.startswith("newsdw: another run is writing") and "try again" in line for line in lines), (
        two_at_once["stderr"][busy][-2000:]
    )
    assert two_at_once["stdout"][busy].strip() == ""
    assert "published" in two_at_once["stdout"][1 - busy]
    check = inspect(two_at_once["warehouse"])
    assert check.valid and len(check.run_ids) == 1


def test_busy_run_prints_only_the_clear_message(two_at_once: dict) -> None:
    stderr = two_at_once["stderr"][two_at_once["codes"].index(BUSY)]
    assert "Traceback" not in stderr and "ERROR" not in stderr


def test_two_runs_at_once_with_wait_both_finish(
    prefect_env: dict[str, str], two_at_once: dict, tmp_path: Path
) -> None:
    warehouse = two_at_once["warehouse"]
    before = inspect(warehouse)
    (two_at_once["seeds"] / "zz_new_digest.txt").write_text(
        "Japan and South Korea agreed on Monday to expand security talks with the United States.\n"
    )
    procs = [
        start_run(two_at_once["seeds"], warehouse, prefect_env, "--wait", "240", log_dir=tmp_path / f"l{i}")
        for i in range(2)
    ]
    for proc in procs:
        proc.wait(timeout=400)
    assert all(p.returncode in OK_EXIT_CODES for p in procs), [
        (tmp_path / f"l{i}" / "run.err").read_text()[-1000:] for i in range(2)
    ]
    after = inspect(warehouse)
    assert after.valid
    # The first to get the lock publishes the new file; the other waits, then finds nothing new.
    assert len(after.run_ids - before.run_ids) == 1
    assert len(after.source_sha256 - before.source_sha256) == 1  # the new file loaded exactly once
    statuses = sorted(r["status"] for r in read_run_log(warehouse.parent / "runs.jsonl")[-2:])
    assert statuses == ["published", "unchanged"]


# --------------------------------------------------------------------------------------------------
# (d) files that change or vanish while being read
# --------------------------------------------------------------------------------------------------


def _read_all(root: Path) -> dict[str, extract.SourceFile]:
    return {Path(s.path).name: s for s in (read_source(p, root, LIMIT) for p in discover_files(root))}


def _good_victim(small_corpus: Path) -> Path:
    for path in discover_files(small_corpus):
        if path.stat().st_size > 1000 and read_source(path, small_corpus, LIMIT).ok:
            return path
    raise AssertionError("no good file in the corpus")


@pytest.mark.parametrize("fault", ["appended", "rewritten_same_size", "vanished", "deleted_before_read"])
def test_file_changing_or_vanishing_while_read_is_quarantined_and_the_rest_load(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    baseline = _read_all(small_corpus)
    victim = _good_victim(small_corpus)
    original_read_bytes = extract.Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name != victim.name:
            return original_read_bytes(self)
        if fault == "vanished":  # gone between the stat and the read
            self.unlink()
            return original_read_bytes(self)
        data = original_read_bytes(self)
        if fault == "appended":  # a writer appends while we read
            with open(self, "ab") as handle:
                handle.write(b"\nMore text arrives while the file is being read.\n")
        else:  # replaced in place with other bytes of the same length, a moment later
            st = self.stat()
            self.write_bytes(data[::-1])
            os.utime(self, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        return data

    monkeypatch.setattr(extract.Path, "read_bytes", read_bytes)
    if fault == "deleted_before_read":  # listed by discovery, gone before its batch is read
        paths = discover_files(small_corpus)
        victim.unlink()
        sources = {Path(s.path).name: s for s in (read_source(p, small_corpus, LIMIT) for p in paths)}
    else:
        sources = _read_all(small_corpus)

    hit = sources[victim.name]
    assert hit.text is None
    expected = "vanished while being read" if "vanish" in fault or "deleted" in fault else "changed while"
    assert expected in hit.reason and "retried next run" in hit.reason
    # The verdict reaches audit_quarantine with its reason.
    from datetime import UTC, datetime

    frame = quarantined_files_frame(list(sources.values()), RunContext("r", datetime.now(UTC)))
    assert expected in dict(zip(frame["path"], frame["reason"], strict=True))[hit.path]
    # Every other file reads exactly as without the fault, and the good ones still parse.
    others = {name: s for name, s in sources.items() if name != victim.name}
    assert others == {name: s for name, s in baseline.items() if name != victim.name}
    good = [s for s in others.values() if s.ok]
    assert len(good) >= len(others) - 3
    assert all(parse_text(s.text).articles for s in good)


# --------------------------------------------------------------------------------------------------
# (e) security
# --------------------------------------------------------------------------------------------------

SCRIPT_HEADLINE = "<script>alert(1)</script>"
SCRIPT_FEED = f"""{SCRIPT_HEADLINE}

Officials meet in Geneva on 13 November 2017 for talks - AFP
TT

{SCRIPT_HEADLINE}

Officials meet in Geneva on 13 November 2017 for talks - AFP

GENEVA: Diplomats from France and Germany held talks on Monday, officials said.

The talks will resume next week, a spokesman for the French foreign ministry said.
"""
SECRET = "SECRET-MARKER-7f3a never to be loaded into the warehouse from outside the folder"


@pytest.fixture(scope="module")
def hostile(prefect_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One run over the sample seeds plus a link to a file outside, a link to a folder outside and a
    feed whose headline is a script tag."""
    base = tmp_path_factory.mktemp("hostile")
    seeds = base / "seeds"
    shutil.copytree(PROJECT_ROOT / "seeds", seeds)
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}. It holds several words of prose.\n")
    os.symlink(outside / "secret.txt", seeds / "link_to_secret.txt")
    os.symlink(outside, seeds / "link_to_folder")
    (seeds / "script_headline.txt").write_text(SCRIPT_FEED)
    warehouse = base / "warehouse" / "newsdw.duckdb"
    done = run_to_completion(seeds, warehouse, prefect_env)
    return {"seeds": seeds, "warehouse": warehouse, "done": done, "outside": outside}


def _rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_symlink_outside_the_seeds_folder_is_quarantined_not_read(hostile: dict) -> None:
    assert hostile["done"].returncode == 3, hostile["done"].stderr[-2000:]
    warehouse = hostile["warehouse"]
    reasons = dict(_rows(warehouse, "select regexp_extract(path, '[^/]+$'), reason from audit_quarantine"))
    assert reasons["link_to_secret.txt"] == "symlink points outside the seeds folder; not read"
    found = _rows(
        warehouse,
        "select count(*) from dim_article "
        "where body like '%SECRET-MARKER%' or headline like '%SECRET-MARKER%'",
    )
    assert found == [(0,)]
    paths = [r[0] for r in _rows(warehouse, "select path from dim_source_file")]
    assert not any(str(hostile["outside"]) in p or "link_to" in p for p in paths)
    assert (hostile["outside"] / "secret.txt").read_text().startswith(SECRET)  # untouched


def test_script_headline_is_stored_verbatim_as_plain_text(hostile: dict) -> None:
    got = _rows(
        hostile["warehouse"],
        "select a.headline, a.body from dim_article a join dim_source_file f using (source_file_id) "
        "where f.file_name = 'script_headline.txt'",
    )
    assert len(got) == 1
    headline, body = got[0]
    assert headline == SCRIPT_HEADLINE
    assert body.startswith("GENEVA: Diplomats") and "<" not in body


def _query(warehouse: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*newsdw_command(), "query", sql, "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )


@pytest.mark.parametrize(
    "sql",
    [
        "delete from dim_article",
        "drop table dim_article",
        "update dim_article set headline = 'x'",
        "insert into audit_run select * from audit_run",
        "create table evil as select 1 as x",
    ],
)
def test_query_cannot_change_the_warehouse(hostile: dict, sql: str) -> None:
    warehouse = hostile["warehouse"]
    before = file_sha256(warehouse)
    done = _query(warehouse, sql)
    assert done.returncode == 1
    assert "read-only" in done.stderr and done.stderr.startswith("newsdw: error:")
    assert "Traceback" not in done.stderr
    assert file_sha256(warehouse) == before
    assert not warehouse.with_name(warehouse.name + ".wal").exists()
    assert _rows(warehouse, "select count(*) from dim_article")[0][0] > 0


def test_query_cannot_write_or_read_files_outside_the_warehouse(hostile: dict, tmp_path: Path) -> None:
    leak = tmp_path / "leak.csv"
    copied = _query(hostile["warehouse"], f"copy (select headline from dim_article) to '{leak}'")
    read = _query(
        hostile["warehouse"], f"select content from read_text('{EXPECTATIONS_DIR / 'dim_date.json'}')"
    )
    assert not leak.exists() and copied.returncode != 0
    assert read.returncode != 0
