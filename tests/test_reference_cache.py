"""The reference cache serves what a build would give, and only for the files and code it was built from."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import polars as pl
import pytest

from flows.pipeline import References
from flows.reference_cache import cached
from flows.settings import Settings


class Builds:
    """A stand-in builder that counts its calls and reads one reference file."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, reference_dir: Path) -> dict[str, str]:
        self.calls += 1
        return {"aliases": (reference_dir / "country_aliases.csv").read_text()}


@pytest.fixture
def reference_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(Settings().reference_dir, tmp_path / "reference"))


def _pickles(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle"))


def test_built_once_then_read(reference_dir: Path, tmp_path: Path) -> None:
    build, cache = Builds(), tmp_path / "cache"
    first = cached(reference_dir, cache, build)
    assert cached(reference_dir, cache, build) == first
    assert build.calls == 1 and len(_pickles(cache)) == 1


def test_a_changed_reference_file_is_built_again(reference_dir: Path, tmp_path: Path) -> None:
    build, cache = Builds(), tmp_path / "cache"
    cached(reference_dir, cache, build)
    aliases = reference_dir / "country_aliases.csv"
    aliases.write_text(aliases.read_text() + "\n")
    assert cached(reference_dir, cache, build)["aliases"].endswith("\n\n")
    assert build.calls == 2 and len(_pickles(cache)) == 1  # the stale one is gone


def test_a_damaged_cache_is_rebuilt_an_unwritable_one_skipped(reference_dir: Path, tmp_path: Path) -> None:
    build, cache = Builds(), tmp_path / "cache"
    cached(reference_dir, cache, build)
    _pickles(cache)[0].write_bytes(b"not a pickle")
    assert cached(reference_dir, cache, build)["aliases"].startswith(
        (reference_dir / "country_aliases.csv").read_text()[:20]
    )
    assert build.calls == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert cached(reference_dir, blocked, build) == cached(reference_dir, cache, build)


def _same(a: object, b: object) -> bool:
    if isinstance(a, pl.DataFrame):
        return a.equals(b)
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return a == b


def test_the_project_s_references_come_back_equal(tmp_path: Path) -> None:
    reference_dir = Settings().reference_dir
    built = cached(reference_dir, tmp_path, References.load)
    read = cached(reference_dir, tmp_path, References.load)
    assert read is not built and _same(read, built) and _same(References.load(reference_dir), read)
