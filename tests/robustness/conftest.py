"""Fixtures for the robustness tests: one Prefect server per test session, a small generated corpus.

Every new Python process that runs a flow on Prefect's temporary in-process server spends 12-29 s
starting it; tests that start many `newsdw run` processes share one real server instead, started
here on a free local port with its own PREFECT_HOME and stopped (its whole process group) at the end
of the session. It is started only when a test asks for `prefect_env`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.corpus import generate_corpus
from bench.faults import prefect_server

SMALL_ARTICLES = 300
SMALL_BAD_FILES = 3


@pytest.fixture(scope="session")
def prefect_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment for child processes: PREFECT_API_URL of a session-wide server, PREFECT_HOME, etc."""
    with prefect_server(tmp_path_factory.mktemp("prefect-home")) as env:
        yield env


@pytest.fixture(scope="session")
def small_corpus_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of about 300 articles in 25-article files, with a few bad files (read-only)."""
    out = tmp_path_factory.mktemp("corpus") / "seeds"
    generate_corpus(out, SMALL_ARTICLES, seed=20261123, articles_per_file=25, bad_files=SMALL_BAD_FILES)
    return out


@pytest.fixture
def small_corpus(small_corpus_master: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the small corpus for one test."""
    target = tmp_path / "seeds"
    shutil.copytree(small_corpus_master, target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: runs the real flow (Prefect, DuckDB, GX); slow")
