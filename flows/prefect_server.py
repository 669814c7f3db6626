"""A local Prefect server when none is reachable: for schedules, Dask runs, and tests that need one.

Prefect's temporary in-process server neither schedules runs nor serves Dask workers (each worker
would start its own), so those paths need a real `prefect server start`, bound to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

DEFAULT_PORT = 4200


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_reachable(api_url: str, timeout: float = 2.0) -> bool:
    """True when a Prefect API answers its health check at `api_url` (ending in /api)."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def client_env(prefect_home: Path, api_url: str | None) -> dict[str, str]:
    """Environment for a process that runs flows against `api_url` (or Prefect's temporary server)."""
    env = dict(os.environ)
    # Without a bytecode cache every new process compiles Prefect and GX from source (most of its
    # start-up); a private cache folder changes nothing in the venv.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(prefect_home / "pycache"))
    env.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        GX_ANALYTICS_ENABLED="false",
        PYTHONUNBUFFERED="1",
    )
    env.pop("PREFECT_API_URL", None)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def stop_process_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the process group of `proc` (started with start_new_session), SIGKILL after `grace`."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    # Children the server started may outlive it in the same group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def local_server(
    prefect_home: Path,
    port: int | None = None,
    *,
    services: bool = True,
    ui: bool = True,
    timeout: float = 180.0,
) -> Iterator[str]:
    """Run `prefect server start` on 127.0.0.1 until the block ends; yield its API URL.

    `services=False` leaves out the scheduler and other loop services: enough for flows that are
    run, not scheduled, and faster to start.
    """
    prefect_home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    prefect = Path(sys.executable).with_name("prefect")
    command = [str(prefect)] if prefect.exists() else [sys.executable, "-m", "prefect"]
    command += ["server", "start", "--host", "127.0.0.1", "--port", str(port), "--analytics-off"]
    command += [] if services else ["--no-services"]
    command += [] if ui else ["--no-ui"]
    log_path = prefect_home / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            command,
            env=client_env(prefect_home, None),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while not api_reachable(api_url):
            if proc.poll() is not None:
                raise RuntimeError(f"prefect server exited with {proc.returncode}: {_tail(log_path)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"prefect server did not answer within {timeout:.0f} s: {_tail(log_path)}")
            time.sleep(0.5)
        yield api_url
    finally:
        stop_process_group(proc)


@contextlib.contextmanager
def ensure_server(prefect_home: Path, port: int = DEFAULT_PORT, **options: object) -> Iterator[str]:
    """Use the server PREFECT_API_URL names (or one on `port`) if it answers; else start one.

    Sets PREFECT_API_URL for this process while the block runs, so flows and deployments use it.
    """
    configured = os.environ.get("PREFECT_API_URL")
    candidates = [configured] if configured else [f"http://127.0.0.1:{port}/api"]
    reachable = next((url for url in candidates if api_reachable(url)), None)
    if configured and not reachable:
        raise RuntimeError(f"PREFECT_API_URL={configured} does not answer; start that server or unset it")
    with contextlib.ExitStack() as stack:
        api_url = reachable or stack.enter_context(local_server(prefect_home, port, **options))
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = api_url
        try:
            yield api_url
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous


def _tail(path: Path, n: int = 2000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return ""
