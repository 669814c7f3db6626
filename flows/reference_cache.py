"""Reference data built once per version of the reference files and of the code that reads them.

Building the gazetteer, event and theme lexicons from `reference/` takes about 0.18 s of CPU, the
largest fixed cost of a small re-run (it delays the first batch's transforms). A run keeps what it
built in a pickle beside the warehouse, named by a hash of everything the result depends on: every
reference file's path and bytes, the project's source, and the versions of Python, Polars, NumPy
and the libraries whose country data it reads (pycountry, country_converter).
Anything else (a changed CSV, another release) gives another name, so a stale cache is never read;
a cache that cannot be read or written is rebuilt or skipped, never an error. The pickle is written
and read only by this project, in the warehouse's own folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import platform
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl

log = logging.getLogger(__name__)
T = TypeVar("T")
_SOURCE = Path(__file__).resolve().parent  # the `flows` package
_PREFIX = "references-"
# Libraries whose own data the reference build reads: country names, codes and UN regions.
_DATA_LIBRARIES = ("pycountry", "country_converter")


def extraction_version(reference_dir: Path) -> str:
    """A hash of everything an extraction depends on besides its input: the reference files, the
    project's source and the library versions. The warehouse records it with each run, so a run
    knows when the articles it holds were extracted by other rules."""
    versions = [platform.python_version(), pl.__version__, np.__version__]
    versions += [metadata.version(name) for name in _DATA_LIBRARIES]
    digest = hashlib.sha256(" ".join(versions).encode())
    for root, pattern in ((reference_dir, "*"), (_SOURCE, "*.py")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def cached(reference_dir: Path, cache_dir: Path, build: Callable[[Path], T], version: str | None = None) -> T:
    """`build(reference_dir)`, from `cache_dir` when this version of it was built before. `version`:
    the `extraction_version` of `reference_dir`, when the caller has it already."""
    path = cache_dir / f"{_PREFIX}{version or extraction_version(reference_dir)}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt
        log.info("reference cache not read (%s): rebuilt", exc)
    value = build(reference_dir)
    try:
        _store(path, value)
    except OSError as exc:  # a read-only warehouse folder: the next run builds again
        log.info("reference cache not written: %s", exc)
    return value


def _store(path: Path, value: object) -> None:
    """Write atomically (a run reading it meanwhile sees the old file or none), then drop older ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    for old in path.parent.glob(f"{_PREFIX}*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
