"""Publishing: one writer at a time, and an atomic swap of a complete, validated file into place."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another run holds the writer lock of this warehouse."""


@contextlib.contextmanager
def writer_lock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's writer lock for the duration of a run.

    An OS file lock (flock) is released by the kernel when its process dies, so a killed run never
    leaves the warehouse locked.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(f".{warehouse.name}.lock")
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise WarehouseBusy(
                        f"another run is writing {warehouse} (pid {holder}); try again when it finishes"
                    ) from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_path(warehouse: Path, run_id: str) -> Path:
    """Where a run builds its warehouse: beside the published file, so the swap is a rename."""
    return warehouse.with_name(f".{warehouse.stem}.build-{run_id}{warehouse.suffix}")


def swap_into_place(build: Path, warehouse: Path) -> None:
    """Atomically replace the published warehouse with the closed, checkpointed build file.

    Readers that opened the old file keep reading it (the rename does not touch its inode); new
    readers open the new one. A stale WAL beside the target belongs to the old file and would make
    DuckDB refuse the new one, so it goes first.
    """
    warehouse.with_name(warehouse.name + ".wal").unlink(missing_ok=True)
    with open(build, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(build, warehouse)
    directory = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def remove_stale_builds(warehouse: Path, staging_dir: Path | None = None) -> None:
    """Delete build files and Parquet staging that killed runs left behind (the caller holds the lock)."""
    for leftover in warehouse.parent.glob(f".{warehouse.stem}.build-*"):
        if leftover.is_dir():  # DuckDB's spill folder of a build
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    for folder in (staging_dir or warehouse.parent).glob(f".{warehouse.stem}.staging-*"):
        shutil.rmtree(folder, ignore_errors=True)


def append_run_log(run_log: Path, record: dict) -> None:
    """Append one run's audit to the log beside the warehouse (kept for failed runs too)."""
    run_log.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, default=str, sort_keys=True) + "\n").encode("utf-8")
    with open(run_log, "a+b") as handle:
        end = handle.seek(0, os.SEEK_END)
        if end:
            handle.seek(end - 1)
            if handle.read(1) != b"\n":  # a run killed mid-write left a torn line: end it first
                line = b"\n" + line
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def read_run_log(run_log: Path, limit: int = 20) -> list[dict]:
    if not run_log.is_file():
        return []
    records = []
    for line in run_log.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError):  # a run killed mid-write leaves a torn line
            records.append(json.loads(line))
    return records[-limit:]
