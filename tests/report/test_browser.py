"""Headless Chromium opens the report from the file system: no console errors, no request leaves the
machine, and the screenshot shows a page, not a blank.

Chromium comes from Debian (`make browser`, a prerequisite of `make test`). A missing browser fails
this test rather than skipping it: a skipped browser test would pass CI without looking at the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.report.browser import CHROMIUM, Browser, decode_png, pixel_stats


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)"
    with Browser(width=1280, height=1000) as b:
        yield b


def test_report_opens_offline_and_is_not_blank(published: dict, browser: Browser, tmp_path: Path) -> None:
    visit = browser.visit(published["report"])
    assert visit.console_errors == []
    assert visit.remote_requests == []
    assert visit.requests and visit.requests[0] == visit.url  # the network log did record the page
    shot = tmp_path / "report.png"
    shot.write_bytes(visit.screenshot)
    width, height, _ = decode_png(visit.screenshot)
    assert (width, height) == (1280, 1000)
    colours, inked = pixel_stats(visit.screenshot)
    # Measured on the seeds: about 1,600 colours, 15 % ink. A blank or error page has a handful.
    assert colours > 100, colours
    assert inked > 0.05, inked


def test_the_check_sees_errors_and_remote_requests(browser: Browser, tmp_path: Path) -> None:
    """The same harness on a page that misbehaves: otherwise an empty list proves nothing."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://192.0.2.1/x.png">'
        "<script>console.error('boom'); undefined_function();</script></body></html>"
    )
    visit = browser.visit(page)
    assert visit.remote_requests == ["http://192.0.2.1/x.png"]
    assert any("boom" in e for e in visit.console_errors)
    assert any("undefined_function" in e for e in visit.console_errors)
