"""A real scheduled run: a local Prefect server with its scheduler, `newsdw serve --cron`, one run fired
by the schedule, published, and visible through the Prefect API. Bounded in time; stops what it starts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from flows.prefect_server import client_env, local_server, stop_process_group
from flows.publish import read_run_log
from tests.conftest import DIGEST_SEED

pytestmark = pytest.mark.integration

DEADLINE_SECONDS = 240


def api(api_url: str, path: str, body: dict) -> list[dict]:
    request = urllib.request.Request(
        f"{api_url}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_cron_schedule_fires_a_run_that_publishes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(DIGEST_SEED, seeds / DIGEST_SEED.name)
    warehouse = tmp_path / "warehouse" / "newsdw.duckdb"
    home = tmp_path / "prefect"
    # Shorter loops than the defaults (60 s scheduler, 10 s runner poll) keep the test to about a minute
    # after the next whole minute, when "* * * * *" fires.
    monkeypatch.setenv("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "5")
    monkeypatch.setenv("PREFECT_RUNNER_POLL_FREQUENCY", "2")
    with local_server(home, ui=False) as api_url:
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "serve",
                "--cron",
                "* * * * *",
                "--timezone",
                "Europe/Stockholm",
                "--seeds",
                str(seeds),
                "--warehouse",
                str(warehouse),
                "--name",
                "every-minute",
            ],
            env=client_env(home, api_url),
            stdout=open(tmp_path / "serve.log", "wb"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + DEADLINE_SECONDS
            while not any(r["status"] == "published" for r in read_run_log(warehouse.parent / "runs.jsonl")):
                assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
                time.sleep(2)
            deployments = api(api_url, "/deployments/filter", {})
            assert [(d["name"], d["schedules"][0]["schedule"]["cron"]) for d in deployments] == [
                ("every-minute", "* * * * *")
            ]
            assert deployments[0]["schedules"][0]["schedule"]["timezone"] == "Europe/Stockholm"
            runs = api(
                api_url,
                "/flow_runs/filter",
                {"flow_runs": {"deployment_id": {"any_": [deployments[0]["id"]]}}},
            )
            assert runs and all(r["auto_scheduled"] for r in runs)
            while not any(r["state_type"] == "COMPLETED" for r in runs):  # the run log is written just before
                assert time.monotonic() < deadline
                time.sleep(1)
                runs = api(
                    api_url,
                    "/flow_runs/filter",
                    {"flow_runs": {"deployment_id": {"any_": [deployments[0]["id"]]}}},
                )
            # The run's summary is a markdown artifact in the UI.
            [artifact] = api(
                api_url, "/artifacts/filter", {"artifacts": {"key": {"any_": ["newsdw-run-summary"]}}}
            )
            assert artifact["type"] == "markdown" and ": published" in artifact["data"]
            assert "| dim_article | 15 |" in artifact["data"]
        finally:
            stop_process_group(serve, grace=20)
    assert warehouse.is_file()


def test_prefect_yaml_deploys_the_scheduled_flow() -> None:
    """`prefect deploy --all` reads prefect.yaml: its entrypoint must load and its schedule must parse.

    (Deploying it for real against a server with a process work pool was checked by hand; it needs a
    worker to run, which a test cannot keep.)"""
    import yaml
    from prefect.flows import load_flow_from_entrypoint
    from prefect.schedules import Cron

    from flows.pipeline import newsdw_scheduled

    config = yaml.safe_load((Path(__file__).resolve().parents[1] / "prefect.yaml").read_text())
    [deployment] = config["deployments"]
    flow = load_flow_from_entrypoint(str(Path(__file__).resolve().parents[1] / deployment["entrypoint"]))
    assert flow.name == newsdw_scheduled.name
    for schedule in deployment["schedules"]:
        Cron(schedule["cron"], timezone=schedule["timezone"])
    assert config["prefect-version"] == __import__("prefect").__version__
