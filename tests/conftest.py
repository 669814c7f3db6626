"""Shared fixtures: the real seed files, a project-local Prefect home, and broken inputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FEED_SEED = SEEDS / "000_227957207f0cb325.txt"
DIGEST_SEED = SEEDS / "004_0aa28c826001d9af.txt"

# Before any test imports Prefect: offline telemetry off, Prefect's database out of the user's home.
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed folder."""
    target = tmp_path / "seeds"
    target.mkdir()
    for path in (FEED_SEED, DIGEST_SEED):
        shutil.copy(path, target / path.name)
    return target
