"""flows.validation_report: one offline HTML page per run, everything escaped, failures first."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from flows.validation_report import render_validation_report, write_validation_report

SCRIPT = "<script>alert(1)</script>"


def _record() -> dict:
    """A run-log record shaped as flows.publish.append_run_log writes it (JSON: times are strings)."""
    return {
        "run_id": "20261123T105236Z-19e97c",
        "status": "failed_validation",
        "started_at": "2026-11-23 10:52:36.468269+00:00",
        "finished_at": "2026-11-23 10:52:44.435498+00:00",
        "files_seen": 15,
        "files_loaded": 13,
        "files_skipped": 0,
        "files_quarantined": 2,
        "files_retired": 0,
        "articles_loaded": 314,
        "message": "1 of 4 expectations failed:\n  dim_article: <b>bold</b> & co",
        "row_counts": {"dim_article": 314, "dim_source_file": 13},
        "validation": [
            {
                "table_name": "dim_article",
                "expectation": "expect_column_values_to_not_be_null(article_id)",
                "success": True,
                "unexpected_count": 0,
                "sample": None,
            },
            {
                "table_name": "dim_source_file",
                "expectation": "expect_column_values_to_be_unique(sha256)",
                "success": True,
                "unexpected_count": 0,
                "sample": None,
            },
            {
                "table_name": "dim_article",
                "expectation": "expect_column_values_to_be_between(word_count)",
                "success": False,
                "unexpected_count": 3,
                "sample": f'["{SCRIPT}", "a & b", "\\"quoted\\""]',
            },
            {
                "table_name": "fact_caption",
                "expectation": "expect_column_values_to_be_in_set(<img src=x onerror=alert(2)>)",
                "success": True,
                "unexpected_count": 0,
                "sample": None,
            },
        ],
    }


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_report_is_written_and_names_the_run(tmp_path: Path) -> None:
    out = write_validation_report(_record(), tmp_path / "sub" / "validation.html")
    assert out == tmp_path / "sub" / "validation.html"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    text = " ".join(_parse(page).text)
    for expected in ("20261123T105236Z-19e97c", "failed_validation", "2026-11-23 10:52:36", "8.0 s"):
        assert expected in text
    assert "3 of 4 expectations passed" in text


def test_script_in_a_sample_value_is_escaped_and_shown_as_text() -> None:
    page = render_validation_report(_record())
    assert SCRIPT not in page
    assert html.escape(SCRIPT) in page
    assert "<img" not in page and "<b>" not in page
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    shown = "".join(parsed.text)
    assert SCRIPT in shown  # the reader sees the value verbatim
    assert "<img src=x onerror=alert(2)>" in shown and "<b>bold</b> & co" in shown
    # Only the page's own tags; no event handlers.
    assert not any(name.startswith("on") for name, _ in parsed.attrs)


def test_report_is_offline_no_url_no_script_no_external_asset() -> None:
    page = render_validation_report(_record())
    for forbidden in ("http://", "https://", "//cdn", "<script", "<link", "@import", "url("):
        assert forbidden not in page.lower(), forbidden
    # (The record's `<img src=x ...>` is in the page as escaped text, never as an attribute.)
    attributes = {name for name, _ in _parse(page).attrs}
    assert not attributes & {"src", "href", "action", "srcset", "data", "background"}
    assert "<style>" in page  # inline CSS only


def test_failed_expectations_come_first() -> None:
    page = render_validation_report(_record())
    failed = page.index("expect_column_values_to_be_between(word_count)")
    for passed in (
        "expect_column_values_to_not_be_null(article_id)",  # same table, listed before it in the run
        "expect_column_values_to_be_unique(sha256)",
        "expect_column_values_to_be_in_set(",
    ):
        assert failed < page.index(passed)
    tables = re.findall(r'<h3 id="table-([^"]+)"', page)
    assert tables[0] == "dim_article"
    row = page[page.index('<tr class="failed">') :].split("</tr>")[0]
    assert "FAILED" in row and ">3<" in row


def test_a_run_without_validation_still_renders() -> None:
    page = render_validation_report({"run_id": "r1", "status": "failed", "message": "boom <x>"})
    assert "recorded no validation results" in page and "boom &lt;x&gt;" in page
