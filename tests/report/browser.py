"""Drive Debian's headless Chromium over the DevTools protocol, with no Playwright or Selenium.

Browser downloads cannot work offline, so the test talks to `/usr/bin/chromium` directly: it starts
the browser with `--remote-debugging-port=0`, reads the port Chromium chose from `DevToolsActivePort`
in its profile folder, and speaks the protocol over the `websockets` package Prefect already brings.
A visit records console errors, uncaught exceptions and every request that is not `file:` or `data:`,
and takes a screenshot. `decode_png` is a small PNG reader (zlib only) to check it is not blank.

    python -m tests.report.browser REPORT.html OUT.png [WIDTH HEIGHT]   # e.g. docs/report.png
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from websockets.sync.client import ClientConnection, connect

CHROMIUM = Path("/usr/bin/chromium")
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
START_TIMEOUT = 30.0
STEP_TIMEOUT = 30.0


class BrowserError(RuntimeError):
    pass


@dataclass
class Visit:
    """What one page did while it loaded."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    screenshot: bytes = b""


class Browser:
    """One headless Chromium with its own throw-away profile; use as a context manager."""

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        self.width, self.height = width, height
        self._ids = itertools.count(1)
        self._proc: subprocess.Popen | None = None
        self._ws: ClientConnection | None = None
        self._profile = Path(tempfile.mkdtemp(prefix="newsdw-chromium-"))

    def __enter__(self) -> Browser:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        if not CHROMIUM.is_file():
            raise BrowserError(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
        args = [
            str(CHROMIUM),
            "--headless",
            "--remote-debugging-port=0",
            f"--user-data-dir={self._profile}",
            f"--window-size={self.width},{self.height}",
            "--hide-scrollbars",
            "--no-first-run",
            "--no-default-browser-check",
            # Chromium's own background traffic is not the page's, and there is no network here anyway.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "about:blank",
        ]
        if os.geteuid() == 0:  # CI runs as root; Chromium refuses to sandbox itself as root
            args.insert(1, "--no-sandbox")
        self._proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        self._ws = connect(self._browser_url(), max_size=None, open_timeout=STEP_TIMEOUT)

    def _browser_url(self) -> str:
        """The browser's websocket URL, from the file Chromium writes once it listens."""
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise BrowserError(f"chromium exited with code {self._proc.returncode} at start")
            lines = port_file.read_text().split("\n") if port_file.is_file() else []
            if len(lines) >= 2 and lines[0].strip() and lines[1].strip():
                return f"ws://127.0.0.1:{lines[0].strip()}{lines[1].strip()}"
            time.sleep(0.1)
        raise BrowserError(f"chromium did not open its DevTools port within {START_TIMEOUT:.0f} s")

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(timeout=5)
            self._proc = None
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol ----------------------------------------------------------------------------------

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        assert self._ws is not None
        message: dict = {"id": next(self._ids), "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        return message["id"]

    def _receive(self, deadline: float) -> dict:
        assert self._ws is not None
        left = deadline - time.monotonic()
        if left <= 0:
            raise BrowserError("timed out waiting for chromium")
        try:
            return json.loads(self._ws.recv(timeout=left))
        except TimeoutError:
            raise BrowserError("timed out waiting for chromium") from None

    def _call(self, method: str, params: dict | None = None, session: str | None = None, visit=None) -> dict:
        """Send a command and wait for its answer, handing events that arrive meanwhile to `visit`."""
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            if visit is not None:
                _record(visit, message)

    def _wait_for(self, event: str, visit: Visit, settle: float) -> None:
        """Record events until `event` arrives, then for `settle` seconds more (late requests, errors)."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            message = self._receive(deadline)
            _record(visit, message)
            if message.get("method") == event:
                break
        quiet_until = time.monotonic() + settle
        while True:
            try:
                _record(visit, self._receive(quiet_until))
            except BrowserError:
                return

    # -- the one thing tests do -------------------------------------------------------------------

    def visit(self, page: Path, settle: float = 0.5) -> Visit:
        """Open `page` in a fresh tab, wait for its load event, record what happened, screenshot it."""
        url = page.resolve().as_uri()
        visit = Visit(url=url)
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Runtime", "Log", "Network", "Page"):
                self._call(f"{domain}.enable", session=session, visit=visit)
            self._call(
                "Emulation.setDeviceMetricsOverride",
                {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
                session=session,
                visit=visit,
            )
            self._call("Page.navigate", {"url": url}, session=session, visit=visit)
            self._wait_for("Page.loadEventFired", visit, settle)
            shot = self._call("Page.captureScreenshot", {"format": "png"}, session=session, visit=visit)
            visit.screenshot = base64.b64decode(shot["data"])
        finally:
            self._call("Target.closeTarget", {"targetId": target})
        return visit


def _record(visit: Visit, message: dict) -> None:
    method, params = message.get("method"), message.get("params", {})
    if method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        visit.console_errors.append(f"exception: {details.get('text')} {details.get('exception', {})}")
    elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        values = [str(a.get("value", a.get("description", ""))) for a in params.get("args", [])]
        visit.console_errors.append("console: " + " ".join(values))
    elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
        entry = params["entry"]
        visit.console_errors.append(
            f"log ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}"
        )
    elif method == "Network.requestWillBeSent":
        url = params.get("request", {}).get("url", "")
        visit.requests.append(url)
        if not url.startswith(LOCAL_SCHEMES):
            visit.remote_requests.append(url)


# -- PNG --------------------------------------------------------------------------------------------


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit truecolour PNG, as Chromium writes them."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("PNG without IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, previous = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, bpp)
        rows.append(row)
        previous = row
    return width, height, rows


def _unfilter(kind: int, row: bytearray, up: bytes, bpp: int) -> bytes:
    if kind == 0:
        return bytes(row)
    if kind == 2:
        return bytes((a + b) & 0xFF for a, b in zip(row, up, strict=True))
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + ((left + up[i]) >> 1)) & 0xFF
        elif kind == 4:
            upper_left = up[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + _paeth(left, up[i], upper_left)) & 0xFF
        else:
            raise ValueError(f"bad PNG filter {kind}")
    return bytes(row)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def pixel_stats(png: bytes, step: int = 3) -> tuple[int, float]:
    """(distinct colours, share of pixels that are not near-white), sampling every `step`-th pixel."""
    width, height, rows = decode_png(png)
    bpp = len(rows[0]) // width
    colours: set[bytes] = set()
    inked = sampled = 0
    for row in rows[::step]:
        for x in range(0, len(row), bpp * step):
            rgb = row[x : x + 3]
            colours.add(rgb)
            sampled += 1
            inked += min(rgb) < 235
    return len(colours), inked / max(1, sampled)


def main(argv: list[str]) -> int:
    page, out = Path(argv[0]), Path(argv[1])
    width, height = (int(argv[2]), int(argv[3])) if len(argv) >= 4 else (1280, 900)
    with Browser(width, height) as browser:
        visit = browser.visit(page)
    out.write_bytes(visit.screenshot)
    print(
        f"{out}: {len(visit.screenshot)} bytes; "
        f"console errors {visit.console_errors}; remote requests {visit.remote_requests}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
