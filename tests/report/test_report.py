"""The HTML report: its sections and charts, escaping of data, and no reference to anything remote."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from flows.report import write_report
from flows.settings import PROJECT_ROOT
from tests.report.conftest import XSS_FILE_NAME, XSS_HEADLINE, XSS_MESSAGE

SECTIONS = ("run", "counts", "entities", "dyads", "activity", "stories", "quarantine")
# Anything that would make a browser fetch: src/href/action to a URL with a scheme or a network
# path, CSS imports and url(), and tags that load by themselves.
REMOTE = re.compile(
    r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)"""
    r"""|@import|url\(|<link\b|<script\b|<iframe\b|<object\b|<embed\b|<img\b""",
    re.IGNORECASE,
)


def test_report_has_every_section_with_svg_charts(published: dict) -> None:
    page = published["html"]
    assert published["report"] == published["warehouse"].parent / "report" / "index.html"
    for anchor in SECTIONS:
        assert f'<section id="{anchor}">' in page
    assert page.count("<svg") >= 4  # countries, persons, country pairs, activity
    assert 'href="validation.html"' in page
    for country in ("Saudi Arabia", "Pakistan", "United States", "China"):
        assert country in page
    assert "Donald Trump" in page  # top persons
    assert "2017-11" in page  # the dated article's month on the activity chart
    assert "all " in page and "checks passed" in page  # the published run's validation


def test_report_loads_nothing_and_runs_nothing(published: dict) -> None:
    page = published["html"]
    found = REMOTE.findall(page)
    assert not found, found
    assert "http://" not in page and "https://" not in page
    assert "default-src 'none'" in page  # the CSP backs the escaping up


def test_data_is_escaped(published: dict) -> None:
    page = published["html"]
    assert XSS_HEADLINE not in page
    assert html.escape(XSS_HEADLINE) in page  # the story title, as text
    assert "<img src=x" not in page and html.escape(XSS_FILE_NAME) in page  # quarantined path
    assert XSS_MESSAGE not in page and html.escape(XSS_MESSAGE) in page  # failed run's message
    # Only the page's own tags: none from the data.
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "code", "nav",
        "a", "main", "section", "div", "span", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th",
        "td", "svg", "g", "text", "tspan", "rect", "line", "br", "footer",
    }  # fmt: skip


def test_quarantine_and_failed_runs_are_listed(published: dict) -> None:
    page = published["html"]
    assert "empty file (0 bytes)" in page
    assert "20990101T000000Z-bad" in page and "failed_validation" in page


def test_cli_report_writes_into_out_dir(published: dict, tmp_path: Path, capsys) -> None:
    assert main(["report", "--warehouse", str(published["warehouse"]), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "index.html").as_uri() in capsys.readouterr().out
    assert main(["report", "--warehouse", str(tmp_path / "missing.duckdb")]) == 2
    assert "no warehouse at" in capsys.readouterr().err


@pytest.fixture
def empty_warehouse(tmp_path: Path) -> Path:
    """The schema with no rows at all: the tables' and views' DDL, as a fresh install would have."""
    path = tmp_path / "empty" / "newsdw.duckdb"
    path.parent.mkdir()
    with duckdb.connect(str(path)) as con:
        for kind in ("tables", "views"):
            for ddl in sorted((PROJECT_ROOT / "sql" / kind).glob("*.sql")):
                con.execute(ddl.read_text())
    return path


def test_empty_warehouse_renders(empty_warehouse: Path) -> None:
    page = write_report(empty_warehouse).read_text(encoding="utf-8")
    assert "No events between two countries yet." in page
    assert "No articles or events yet." in page
    assert "No stories yet." in page
    assert "No published run recorded" in page
    assert "No quarantined input." in page
    assert not REMOTE.findall(page)
