"""The analysts' report: one static HTML page about the published warehouse, with charts.

The page is self-contained (inline CSS and inline SVG drawn here, no scripts, no fonts, no remote or
local assets) so it opens from the file system on an offline laptop and can be mailed as one file.
Every value that comes from the data goes through `html.escape`; a Content-Security-Policy meta tag
that forbids scripts and every load is a second line of defence should one ever slip through.

    newsdw report [--warehouse PATH] [--out DIR]      # default: report/index.html beside the warehouse
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from flows.publish import read_run_log
from flows.query import connect_readonly

TOP_N = 10
MATRIX_COUNTRIES = 12
STORIES = 12
STORY_TITLE_CUT = 120  # see mart_stories.title
QUARANTINE_ROWS = 50
FAILED_RUNS = 10
MONTHS = 36
UNDATED = "undated"

COOPERATION = (46, 139, 87)
MIXED = (212, 160, 23)
CONFLICT = (192, 57, 43)
ARTICLES = (52, 101, 164)


@dataclass
class ReportData:
    """Everything the page shows, read in one read-only session."""

    generated_at: datetime
    warehouse: Path
    run: dict | None
    checks: list[dict]
    failed_runs: list[dict]
    row_counts: list[tuple[str, int]]
    countries: list[dict]
    persons: list[dict]
    dyads: list[dict]
    months: list[dict]
    stories: list[dict]
    quarantine: list[dict]
    quarantine_total: int = 0
    validation_page: bool = False
    kpis: dict[str, int] = field(default_factory=dict)


# ----------------------------------------------------------------------------------------- reading


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchall()[0][0] or 0)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    tables = con.execute(
        "select table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'main' order by 1"
    ).fetchall()
    return [(name, _scalar(con, f"select count(*) from main.{_ident(name)}")) for (name,) in tables]


def _top_entities(con: duckdb.DuckDBPyConnection, entity_type: str) -> list[dict]:
    return _rows(
        con,
        """
        select e.name, e.role, e.country_code, count(*) as mentions,
               count(distinct m.article_id) as articles
        from fact_mention m join dim_entity e using (entity_id)
        where e.entity_type = ?
        group by e.entity_id, e.name, e.role, e.country_code
        order by mentions desc, e.name
        limit ?""",
        [entity_type, TOP_N],
    )


def _dyads(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return _rows(
        con,
        """
        select country_a, country_a_name, country_b, country_b_name, events,
               verbal_cooperation + material_cooperation as cooperation,
               verbal_conflict + material_conflict as conflict, mean_goldstein
        from mart_country_dyads
        order by events desc, country_a, country_b""",
    )


def _months(con: duckdb.DuckDBPyConnection) -> list[dict]:
    # An event is dated by its own date, else by its article's; undated rows stay visible as one bar
    # rather than vanishing (feeds without a publication line have no date at all).
    return _rows(
        con,
        f"""
        with events as (
            select coalesce(strftime(date_trunc('month', coalesce(d.date, a.published_date)), '%Y-%m'),
                            '{UNDATED}') as month,
                   count(*) filter (where e.quad_class in (1, 2)) as cooperation,
                   count(*) filter (where e.quad_class in (3, 4)) as conflict,
            from fact_event e
            join dim_article a using (article_id)
            left join dim_date d using (date_id)
            group by 1
        ),
        articles as (
            select coalesce(strftime(date_trunc('month', published_date), '%Y-%m'), '{UNDATED}') as month,
                   count(*) as articles,
            from dim_article
            group by 1
        )
        select month, coalesce(articles, 0) as articles, coalesce(cooperation, 0) as cooperation,
               coalesce(conflict, 0) as conflict,
        from articles full outer join events using (month)
        order by month""",
    )


def _stories(con: duckdb.DuckDBPyConnection) -> list[dict]:
    # Latest by publication date; undated stories by when their files were loaded.
    return _rows(
        con,
        """
        select s.title, s.articles, s.first_published, s.last_published, s.files, s.agencies
        from mart_stories s
        left join (
            select a.story_id, max(f.loaded_at) as loaded_at
            from dim_article a join dim_source_file f using (source_file_id)
            group by 1
        ) l using (story_id)
        order by s.last_published desc nulls last, l.loaded_at desc nulls last, s.articles desc, s.title
        limit ?""",
        [STORIES],
    )


def _latest_run(con: duckdb.DuckDBPyConnection) -> tuple[dict | None, list[dict]]:
    runs = _rows(con, "select * from audit_run order by started_at desc limit 1")
    if not runs:
        return None, []
    checks = _rows(
        con,
        "select table_name, expectation, success, unexpected_count from audit_validation "
        "where run_id = ? order by success, table_name, expectation",
        [runs[0]["run_id"]],
    )
    return runs[0], checks


def _kpis(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        "articles": _scalar(con, "select count(*) from dim_article"),
        "stories": _scalar(con, "select count(distinct story_id) from dim_article"),
        "events": _scalar(con, "select count(*) from fact_event"),
        "mentions": _scalar(con, "select count(*) from fact_mention"),
        "countries named": _scalar(
            con,
            "select count(distinct e.entity_id) from fact_mention m join dim_entity e using (entity_id) "
            "where e.entity_type = 'country'",
        ),
        "persons named": _scalar(
            con,
            "select count(distinct e.entity_id) from fact_mention m join dim_entity e using (entity_id) "
            "where e.entity_type = 'person'",
        ),
        "source files": _scalar(con, "select count(*) from dim_source_file"),
    }


def _failed_runs(warehouse: Path) -> list[dict]:
    # Failed runs publish nothing, so only the run log beside the warehouse knows them.
    records = read_run_log(warehouse.parent / "runs.jsonl", limit=1000)
    # "unchanged" and "busy" runs did no harm: nothing changed, or another run held the warehouse.
    failed = [r for r in records if r.get("status") not in ("published", "unchanged", "busy")]
    return list(reversed(failed[-FAILED_RUNS:]))


def read_report_data(warehouse: Path, out_dir: Path) -> ReportData:
    """Read what the report shows from the published warehouse (read-only) and its run log."""
    with connect_readonly(warehouse) as con:
        run, checks = _latest_run(con)
        data = ReportData(
            generated_at=datetime.now(UTC),
            warehouse=warehouse,
            run=run,
            checks=checks,
            failed_runs=_failed_runs(warehouse),
            row_counts=_row_counts(con),
            countries=_top_entities(con, "country"),
            persons=_top_entities(con, "person"),
            dyads=_dyads(con),
            months=_months(con),
            stories=_stories(con),
            quarantine=_rows(
                con,
                "select path, reason, run_id, detected_at from audit_quarantine "
                "order by detected_at desc, path limit ?",
                [QUARANTINE_ROWS],
            ),
            quarantine_total=_scalar(con, "select count(*) from audit_quarantine"),
            kpis=_kpis(con),
        )
    data.validation_page = (out_dir / "validation.html").is_file()
    return data


# ------------------------------------------------------------------------------------- formatting


def _e(value: object) -> str:
    """Escape for HTML text and attribute values alike; None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def _num(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else _e(value)


def _when(value: object) -> str:
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return _e(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%d %H:%M:%S") + (" UTC" if value.tzinfo else "")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else _e(value)


def _duration(run: dict) -> str:
    start, end = run.get("started_at"), run.get("finished_at")
    if isinstance(start, datetime) and isinstance(end, datetime):
        return f"{(end - start).total_seconds():.1f} s"
    return ""


def _short(text: object, limit: int) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _rgb(color: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*color)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _share_color(cooperation: int, conflict: int) -> tuple[int, int, int]:
    """Red for all conflict, amber for an even split, green for all cooperation."""
    total = cooperation + conflict
    share = cooperation / total if total else 0.5
    return _mix(CONFLICT, MIXED, share * 2) if share < 0.5 else _mix(MIXED, COOPERATION, share * 2 - 1)


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    """A table from already-escaped cells (callers escape: some cells carry markup of our own)."""
    numeric = numeric or set()
    head = "".join(f"<th{' class=num' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _empty(message: str) -> str:
    return f'<p class="empty">{_e(message)}</p>'


# ------------------------------------------------------------------------------------------ charts


def bar_chart(items: list[tuple[str, int, str]], color: tuple[int, int, int], label: str) -> str:
    """Horizontal bars for (name, value, tooltip) items, largest first as given."""
    if not items:
        return _empty(f"No {label} yet.")
    row_h, left, width, right = 24, 170, 560, 48
    height = row_h * len(items) + 8
    top = max(v for _, v, _ in items) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(label)}">',
    ]
    for i, (name, value, tip) in enumerate(items):
        y = 4 + i * row_h
        bar = max(2.0, (width - left - right) * value / top)
        parts.append(
            f"<g><title>{_e(tip)}</title>"
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{_e(_short(name, 24))}</text>'
            f'<rect x="{left}" y="{y + 3}" width="{bar:.1f}" height="{row_h - 8}" rx="3" '
            f'fill="{_rgb(color)}"/>'
            f'<text x="{left + bar + 6:.1f}" y="{y + 16}" class="value">{_num(value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _matrix_countries(dyads: list[dict]) -> list[tuple[str, str]]:
    """The countries with the most pair events, as (code, name), most active first."""
    totals: dict[tuple[str, str], int] = {}
    for d in dyads:
        for code, name in ((d["country_a"], d["country_a_name"]), (d["country_b"], d["country_b_name"])):
            key = (code, name or code)
            totals[key] = totals.get(key, 0) + d["events"]
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0][0]))
    return [key for key, _ in ranked[:MATRIX_COUNTRIES]]


def dyad_matrix(dyads: list[dict]) -> str:
    """Country-by-country grid: colour is the cooperation share, opacity and number the event count."""
    if not dyads:
        return _empty("No events between two countries yet.")
    countries = _matrix_countries(dyads)
    index = {code: i for i, (code, _) in enumerate(countries)}
    cell, left, top = 38, 190, 46
    size = cell * len(countries)
    busiest = max(d["events"] for d in dyads) or 1
    parts = [
        f'<svg class="chart matrix" viewBox="0 0 {left + size + 10} {top + size + 10}" role="img" '
        'aria-label="country pairs: cooperation and conflict">'
    ]
    for i, (code, name) in enumerate(countries):
        x, y = left + i * cell + cell / 2, top + i * cell + cell / 2
        parts.append(f'<text x="{x:.0f}" y="{top - 10}" text-anchor="middle">{_e(code)}</text>')
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.0f}" text-anchor="end">{_e(_short(name, 24))} '
            f'<tspan class="code">{_e(code)}</tspan></text>'
        )
        if i % 2 == 0:  # banded rows help the eye follow a row across the grid
            parts.append(
                f'<rect x="{left}" y="{top + i * cell}" width="{size}" height="{cell}" class="band"/>'
            )
    for d in dyads:
        a, b = index.get(d["country_a"]), index.get(d["country_b"])
        if a is None or b is None:
            continue
        for row, col in {(a, b), (b, a)}:
            parts.append(_matrix_cell(d, left + col * cell, top + row * cell, cell, busiest))
    parts.append("</svg>")
    return "".join(parts) + _matrix_legend()


def _matrix_cell(d: dict, x: float, y: float, cell: int, busiest: int) -> str:
    color = _share_color(d["cooperation"], d["conflict"])
    opacity = 0.35 + 0.65 * (d["events"] / busiest) ** 0.5
    tip = (
        f"{d['country_a_name'] or d['country_a']} – {d['country_b_name'] or d['country_b']}: "
        f"{d['events']} events, {d['cooperation']} cooperation, {d['conflict']} conflict, "
        f"mean Goldstein {d['mean_goldstein']}"
    )
    # A class, not a fill attribute: the page's CSS for svg text would override the attribute.
    text_class = "cell light" if opacity > 0.6 else "cell"
    return (
        f"<g><title>{_e(tip)}</title>"
        f'<rect x="{x + 2}" y="{y + 2}" width="{cell - 4}" height="{cell - 4}" rx="4" '
        f'fill="{_rgb(color)}" fill-opacity="{opacity:.2f}"/>'
        f'<text x="{x + cell / 2:.0f}" y="{y + cell / 2 + 4:.0f}" text-anchor="middle" '
        f'class="{text_class}">{d["events"]}</text></g>'
    )


def _matrix_legend() -> str:
    swatches = "".join(
        f'<span class="swatch" style="background:{_rgb(_share_color(c, 4 - c))}"></span>' for c in range(5)
    )
    return (
        f'<p class="legend">conflict {swatches} cooperation · number: events between the pair '
        "(quad classes 1-2 cooperation, 3-4 conflict) · stronger colour: more events</p>"
    )


def activity_chart(months: list[dict]) -> str:
    """Grouped vertical bars per month: articles, cooperation events and conflict events."""
    if not any(m["articles"] or m["cooperation"] or m["conflict"] for m in months):
        return _empty("No articles or events yet.")
    dated = [m for m in months if m["month"] != UNDATED][-MONTHS:]
    shown = dated + [m for m in months if m["month"] == UNDATED]
    series = (("articles", ARTICLES), ("cooperation", COOPERATION), ("conflict", CONFLICT))
    left, bottom, height, group = 44, 30, 220, min(96, max(42, 720 // len(shown)))
    # A floor on the drawing width keeps a month or two from being stretched across the page.
    width = max(640, left + group * len(shown) + 10)
    top = max(max(m[key] for key, _ in series) for m in shown) or 1
    scale = (height - bottom - 16) / top
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="activity per month">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" class="axis"/>',
        f'<text x="{left - 6}" y="{height - bottom - top * scale + 4:.0f}" text-anchor="end">{top}</text>',
        f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end">0</text>',
    ]
    bar = (group - 10) / len(series)
    every = max(1, len(shown) // 12)
    for i, m in enumerate(shown):
        x0 = left + i * group + 5
        for k, (key, color) in enumerate(series):
            h = m[key] * scale
            parts.append(
                f"<g><title>{_e(m['month'])}: {m[key]} {key}</title>"
                f'<rect x="{x0 + k * bar:.1f}" y="{height - bottom - h:.1f}" width="{bar - 1:.1f}" '
                f'height="{h:.1f}" fill="{_rgb(color)}"/></g>'
            )
        if i % every == 0 or m["month"] == UNDATED:
            parts.append(
                f'<text x="{x0 + (group - 10) / 2:.0f}" y="{height - bottom + 16}" '
                f'text-anchor="middle">{_e(m["month"])}</text>'
            )
    parts.append("</svg>")
    legend = " ".join(f'<span class="swatch" style="background:{_rgb(c)}"></span>{_e(k)}' for k, c in series)
    return "".join(parts) + f'<p class="legend">{legend}</p>'


# ---------------------------------------------------------------------------------------- sections


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{_e(title)}</h2>{body}</section>'


def _kpi_cards(data: ReportData) -> str:
    cards = "".join(
        f'<div class="kpi"><span class="n">{_num(v)}</span><span class="k">{_e(k)}</span></div>'
        for k, v in data.kpis.items()
    )
    cards += (
        f'<div class="kpi{" warn" if data.quarantine_total else ""}">'
        f'<span class="n">{_num(data.quarantine_total)}</span><span class="k">quarantined</span></div>'
    )
    return f'<div class="kpis">{cards}</div>'


def _run_section(data: ReportData) -> str:
    run = data.run
    if run is None:
        summary = _empty("No published run recorded in audit_run.")
    else:
        fields = [
            ("run id", f"<code>{_e(run.get('run_id'))}</code>"),
            ("status", _e(run.get("status"))),
            ("started", _when(run.get("started_at"))),
            ("duration", _e(_duration(run))),
            (
                "files",
                ", ".join(
                    f"{_num(run.get(f'files_{k}'))} {k}" for k in ("seen", "loaded", "skipped", "quarantined")
                ),
            ),
            ("articles loaded", _num(run.get("articles_loaded"))),
        ]
        if run.get("message"):
            fields.append(("message", _e(run["message"])))
        summary = "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in fields) + "</dl>"
    return '<div class="grid2">' + f"<div>{summary}</div><div>{_quality(data)}</div></div>" + _failed(data)


def _quality(data: ReportData) -> str:
    failed = [c for c in data.checks if not c["success"]]
    passed = len(data.checks) - len(failed)
    if not data.checks:
        badge = '<span class="badge muted">no checks recorded</span>'
    elif failed:
        badge = f'<span class="badge fail">{len(failed)} of {len(data.checks)} checks failed</span>'
    else:
        badge = f'<span class="badge ok">all {passed} checks passed</span>'
    note = "" if data.validation_page else ' <span class="muted">(written after each run)</span>'
    parts = [
        f"<p>Data quality: {badge}</p>",
        f'<p><a href="validation.html">Full validation report</a>{note}</p>',
    ]
    if failed:
        rows = [
            [_e(c["table_name"]), f"<code>{_e(c['expectation'])}</code>", _num(c["unexpected_count"])]
            for c in failed
        ]
        parts.append(_table(["table", "expectation", "unexpected"], rows, {2}))
    return "".join(parts)


def _failed(data: ReportData) -> str:
    if not data.failed_runs:
        return '<p class="muted">No failed runs in the run log.</p>'
    rows = []
    for r in data.failed_runs:
        bad = sum(not c.get("success") for c in r.get("validation") or [])
        message = (r.get("message") or "").strip().splitlines()
        rows.append(
            [
                _when(r.get("started_at")),
                f"<code>{_e(r.get('run_id'))}</code>",
                f'<span class="fail">{_e(r.get("status"))}</span>',
                _num(bad),
                _e(_short(message[0] if message else "", 160)),
            ]
        )
    return "<h3>Failed runs (run log)</h3>" + _table(
        ["started", "run", "status", "failed checks", "message"], rows, {3}
    )


def _counts_section(data: ReportData) -> str:
    rows = [[f"<code>{_e(name)}</code>", _num(n)] for name, n in data.row_counts]
    half = (len(rows) + 1) // 2  # two short tables side by side rather than one long thin one
    tables = "".join(
        f"<div>{_table(['table', 'rows'], part, {1})}</div>" for part in (rows[:half], rows[half:])
    )
    return _kpi_cards(data) + f'<div class="grid2">{tables}</div>'


def _entity_bars(entities: list[dict]) -> list[tuple[str, int, str]]:
    """(name, mentions, tooltip) per entity; a person's tooltip carries the role ("President ...")."""
    return [
        (
            e["name"],
            e["mentions"],
            f"{' '.join(filter(None, [e['role'], e['name']]))}: "
            f"{e['mentions']} mentions in {e['articles']} articles",
        )
        for e in entities
    ]


def _entities_section(data: ReportData) -> str:
    countries, persons = _entity_bars(data.countries), _entity_bars(data.persons)
    return (
        '<div class="grid2">'
        f"<div><h3>Countries by mentions</h3>{bar_chart(countries, ARTICLES, 'country mentions')}</div>"
        f"<div><h3>Persons by mentions</h3>{bar_chart(persons, (111, 66, 193), 'person mentions')}</div>"
        "</div>"
    )


def _dyads_section(data: ReportData) -> str:
    rows = [
        [
            _e(f"{d['country_a_name'] or d['country_a']} – {d['country_b_name'] or d['country_b']}"),
            _num(d["events"]),
            _num(d["cooperation"]),
            _num(d["conflict"]),
            _e(d["mean_goldstein"]),
        ]
        for d in data.dyads[:TOP_N]
    ]
    table = _table(["pair", "events", "cooperation", "conflict", "mean Goldstein"], rows, {1, 2, 3, 4})
    return dyad_matrix(data.dyads) + ("<h3>Most active pairs</h3>" + table if rows else "")


def _stories_section(data: ReportData) -> str:
    if not data.stories:
        return _empty("No stories yet.")
    rows = []
    for s in data.stories:
        first, last = _when(s["first_published"]), _when(s["last_published"])
        dates = first if first == last else f"{first} – {last}"
        sources = _e(s["files"]) + (
            f'<br><span class="muted">{_e(s["agencies"])}</span>' if s["agencies"] else ""
        )
        rows.append(
            [
                _e(_title(s["title"])),
                _num(s["articles"]),
                dates or '<span class="muted">undated</span>',
                sources,
            ]
        )
    return _table(["story", "articles", "published", "sources (files, agencies)"], rows, {1})


def _title(title: object) -> str:
    # mart_stories falls back to the first 120 characters of the body where there is no headline.
    text = "" if title is None else str(title)
    return text + "…" if len(text) >= STORY_TITLE_CUT else text


def _quarantine_section(data: ReportData) -> str:
    if not data.quarantine:
        return _empty("No quarantined input.")
    rows = [
        [
            f"<code>{_e(q['path'])}</code>",
            _e(q["reason"]),
            f"<code>{_e(q['run_id'])}</code>",
            _when(q["detected_at"]),
        ]
        for q in data.quarantine
    ]
    more = data.quarantine_total - len(rows)
    tail = f'<p class="muted">… and {more:,} more in audit_quarantine.</p>' if more > 0 else ""
    return _table(["file", "reason", "run", "detected"], rows) + tail


SECTIONS = (
    ("run", "Run and data quality", _run_section),
    ("counts", "Rows", _counts_section),
    ("entities", "Top countries and persons", _entities_section),
    ("dyads", "Cooperation and conflict between countries", _dyads_section),
    ("activity", "Activity over time", lambda d: activity_chart(d.months)),
    ("stories", "Latest stories", _stories_section),
    ("quarantine", "Quarantined files", _quarantine_section),
)

_CSS = """
:root { --fg: #1d2330; --muted: #6b7280; --line: #e3e6ec; --bg: #f6f7f9; --card: #fff;
        --ok: #1a7f37; --fail: #b42318; --accent: #3465a4; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--fg); background: var(--bg); }
header { background: #1d2330; color: #fff; padding: 1.2rem 2rem; }
header h1 { margin: 0; font-size: 1.4rem; }
header p { margin: 0.3rem 0 0; color: #c9ced8; font-size: 0.9rem; }
nav { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; padding: 0.6rem 2rem; background: #fff;
      border-bottom: 1px solid var(--line); font-size: 0.9rem; }
nav a, a { color: var(--accent); }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
          padding: 1rem 1.3rem; margin: 1rem 0; }
h2 { font-size: 1.15rem; margin: 0 0 0.8rem; }
h3 { font-size: 0.95rem; margin: 1rem 0 0.4rem; color: #374151; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(320px, 100%), 1fr));
         gap: 1rem 2rem; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 0.6rem;
        margin-bottom: 1rem; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.7rem; background: #fbfcfd; }
.kpi .n { display: block; font-size: 1.35rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi .k { color: var(--muted); font-size: 0.82rem; }
.kpi.warn { border-color: #f3c7c1; background: #fdf1ef; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left;
         vertical-align: top; }
th { color: var(--muted); font-weight: 600; background: #fafbfc; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; word-break: break-all; }
dl { display: grid; grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr); gap: 0.25rem 1rem;
     margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 999px; font-weight: 600;
         font-size: 0.88rem; }
.badge.ok { background: #e6f4ea; color: var(--ok); }
.badge.fail { background: #fdecea; color: var(--fail); }
.fail { color: var(--fail); }
.muted, .empty { color: var(--muted); }
.empty { font-style: italic; }
svg.chart { width: 100%; height: auto; max-width: 760px; display: block; }
svg.matrix { max-width: 720px; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: #374151; }
svg text.value { fill: var(--muted); }
svg text.cell { font-weight: 600; }
svg text.cell.light { fill: #fff; }
svg tspan.code { fill: #9ca3af; }
svg .band { fill: #f5f6f8; }
svg .axis { stroke: #9ca3af; }
.legend { font-size: 0.82rem; color: var(--muted); }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px; margin: 0 0.15em 0 0.5em;
          vertical-align: -0.1em; }
footer { text-align: center; color: var(--muted); font-size: 0.8rem; padding-bottom: 2rem; }
@media (max-width: 640px) { header, nav { padding-left: 1rem; padding-right: 1rem; }
                            main { padding: 0.5rem; } section { padding: 0.8rem; } }
"""

# No scripts and no loads of any kind: inline styles are the only thing the page needs.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"


def render_report(data: ReportData) -> str:
    """The whole page as one string."""
    nav = "".join(f'<a href="#{anchor}">{_e(title)}</a>' for anchor, title, _ in SECTIONS)
    nav += '<a href="validation.html">Validation report</a>'
    sections = "".join(_section(anchor, title, build(data)) for anchor, title, build in SECTIONS)
    status = _e(data.run.get("status")) if data.run else "no run"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newsdw report</title><style>{_CSS}</style></head><body>"
        "<header><h1>newsdw report</h1>"
        f"<p>Warehouse <code>{_e(data.warehouse)}</code> · last run {status} · "
        f"generated {_when(data.generated_at)}</p></header>"
        f"<nav>{nav}</nav><main>{sections}</main>"
        "<footer>Written by <code>newsdw report</code>; query the same data with "
        "<code>newsdw query</code>.</footer></body></html>\n"
    )


def write_report(warehouse: Path, out_dir: Path | None = None) -> Path:
    """Write `index.html` for the published warehouse into `out_dir` (default: report/ beside it)."""
    warehouse = Path(warehouse)
    out_dir = Path(out_dir) if out_dir is not None else warehouse.parent / "report"
    data = read_report_data(warehouse, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    # Written beside and renamed, so a browser reloading mid-write never shows half a page.
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial.write_text(render_report(data), encoding="utf-8")
    os.replace(partial, target)
    return target
