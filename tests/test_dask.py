"""The flow on a Dask LocalCluster of two worker processes gives the same warehouse as a plain run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import generate_corpus
from flows.pipeline import newsdw_flow
from flows.prefect_server import client_env, local_server
from flows.publish import read_run_log
from tests.checksums import table_checksums

pytestmark = pytest.mark.integration


def test_dask_run_equals_plain_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    generate_corpus(seeds, 200, seed=7, articles_per_file=20, bad_files=1)
    # Small batches, so that several are in flight on the two workers at once.
    monkeypatch.setenv("NEWSDW_BATCH_MB", "0.05")
    plain = tmp_path / "plain" / "newsdw.duckdb"
    assert newsdw_flow(seeds_dir=str(seeds), warehouse=str(plain)).status == "published"

    on_dask = tmp_path / "dask" / "newsdw.duckdb"
    with local_server(tmp_path / "prefect", services=False, ui=False) as api_url:
        done = subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", "--dask", "--dask-workers", "2"]
            + ["--seeds", str(seeds), "--warehouse", str(on_dask)],
            env=client_env(tmp_path / "prefect", api_url),
            capture_output=True,
            text=True,
            timeout=400,
        )
    assert done.returncode == 3, done.stderr[-3000:]  # published, with the bad file quarantined
    record = read_run_log(on_dask.parent / "runs.jsonl")[-1]
    assert record["status"] == "published" and record["articles_loaded"] == 200
    assert "distributed.scheduler" in done.stderr  # it really ran on a Dask cluster
    assert table_checksums(on_dask) == table_checksums(plain)
