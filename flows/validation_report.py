"""The latest run's validation results as one standalone, offline HTML page.

The page has no external assets (no CDN, no fonts, no scripts, no links): inline CSS only, so it opens
the same on an air-gapped laptop and can be mailed as one file. Every value that comes from the run
(paths, sample values, messages) is HTML-escaped with `html.escape`; sample values are shown verbatim
as text, never as markup. Failed expectations come first: tables with failures before tables without,
and failures before successes inside each table.

    python -m flows.validation_report [--warehouse PATH] [--out FILE] [--run-id ID]
"""

from __future__ import annotations

import argparse
import html
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem;
       color: #1b1b1b; background: #fff; line-height: 1.4; }
h1 { font-size: 1.4rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
table { border-collapse: collapse; margin-top: 0.5rem; width: 100%; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em;
            white-space: pre-wrap; word-break: break-all; }
.ok { color: #1a7f37; font-weight: 600; }
.fail { color: #b42318; font-weight: 600; }
tr.failed td { background: #fdecea; }
.status { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 0.3rem; font-weight: 600; }
.status.ok { background: #e6f4ea; }
.status.fail { background: #fdecea; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.muted { color: #666; }
"""

_COUNT_KEYS = (
    ("files_seen", "files seen"),
    ("files_loaded", "files loaded"),
    ("files_skipped", "files skipped"),
    ("files_quarantined", "files quarantined"),
    ("files_retired", "files retired"),
    ("articles_loaded", "articles loaded"),
)


def _e(value: object) -> str:
    """Escape any value for HTML text or attribute context; None shows as an empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


def _duration(started: object, finished: object) -> str | None:
    try:
        start = started if isinstance(started, datetime) else datetime.fromisoformat(str(started))
        end = finished if isinstance(finished, datetime) else datetime.fromisoformat(str(finished))
    except (TypeError, ValueError):
        return None
    return f"{(end - start).total_seconds():.1f} s"


def _ordered_checks(validation: Iterable[dict]) -> list[tuple[str, list[dict]]]:
    """Checks grouped by table: tables with a failure first, then failures first within each table."""
    by_table: dict[str, list[tuple[int, dict]]] = {}
    for index, check in enumerate(validation):
        by_table.setdefault(str(check.get("table_name") or "(no table)"), []).append((index, check))
    groups = []
    for table, checks in by_table.items():
        ordered = [c for _, c in sorted(checks, key=lambda ic: (bool(ic[1].get("success")), ic[0]))]
        groups.append((table, ordered))
    groups.sort(key=lambda g: (all(bool(c.get("success")) for c in g[1]), g[0]))
    return groups


def render_validation_report(record: dict) -> str:
    """The HTML page for one run-log record (see `flows.pipeline.RunSummary`)."""
    validation = list(record.get("validation") or [])
    failed = [c for c in validation if not c.get("success")]
    status = str(record.get("status") or "unknown")
    good = status in ("published", "unchanged") and not failed
    run_id = record.get("run_id") or "(unknown run)"

    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>newsdw validation: run {_e(run_id)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>newsdw validation report: run <code>{_e(run_id)}</code></h1>",
        f'<p><span class="status {"ok" if good else "fail"}">{_e(status)}</span> '
        f"{len(validation) - len(failed)} of {len(validation)} expectations passed"
        + (f', <span class="fail">{len(failed)} failed</span>' if failed else "")
        + "</p>",
        "<dl>",
        f"<dt>run id</dt><dd><code>{_e(run_id)}</code></dd>",
        f"<dt>status</dt><dd>{_e(status)}</dd>",
        f"<dt>started</dt><dd>{_e(record.get('started_at'))}</dd>",
        f"<dt>finished</dt><dd>{_e(record.get('finished_at'))}</dd>",
    ]
    took = _duration(record.get("started_at"), record.get("finished_at"))
    if took:
        parts.append(f"<dt>duration</dt><dd>{_e(took)}</dd>")
    for key, label in _COUNT_KEYS:
        if key in record and record[key] is not None:
            parts.append(f"<dt>{_e(label)}</dt><dd>{_e(record[key])}</dd>")
    parts.append("</dl>")
    if record.get("message"):
        parts.append(f"<h2>Message</h2><pre>{_e(record['message'])}</pre>")

    parts.append("<h2>Expectations</h2>")
    if not validation:
        parts.append('<p class="muted">This run recorded no validation results.</p>')
    for table, checks in _ordered_checks(validation):
        n_failed = sum(not c.get("success") for c in checks)
        state = (
            f'<span class="fail">{n_failed} failed</span>'
            if n_failed
            else '<span class="ok">all passed</span>'
        )
        parts.append(f'<h3 id="table-{_e(table)}">{_e(table)} <small>({state})</small></h3>')
        parts.append(
            "<table><thead><tr><th>expectation</th><th>result</th><th>unexpected</th>"
            "<th>sample values</th></tr></thead><tbody>"
        )
        for check in checks:
            ok = bool(check.get("success"))
            count = check.get("unexpected_count")
            sample = check.get("sample")
            parts.append(
                f'<tr class="{"passed" if ok else "failed"}">'
                f"<td><code>{_e(check.get('expectation'))}</code></td>"
                f'<td class="{"ok" if ok else "fail"}">{"success" if ok else "FAILED"}</td>'
                f'<td class="num">{_e(count) if count is not None else ""}</td>'
                f"<td>{f'<code>{_e(sample)}</code>' if sample not in (None, '') else ''}</td>"
                "</tr>"
            )
        parts.append("</tbody></table>")

    row_counts = record.get("row_counts") or {}
    if row_counts:
        parts.append("<h2>Row counts</h2><table><thead><tr><th>table</th><th>rows</th></tr></thead><tbody>")
        for table in sorted(row_counts):
            parts.append(f'<tr><td>{_e(table)}</td><td class="num">{_e(row_counts[table])}</td></tr>')
        parts.append("</tbody></table>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_validation_report(record: dict, out_path: Path) -> Path:
    """Write the page for one run-log record to `out_path` (UTF-8) and return the path."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(render_validation_report(record), encoding="utf-8")
    return out_path


def main(argv: list[str] | None = None) -> int:
    from flows.publish import read_run_log
    from flows.settings import Settings

    parser = argparse.ArgumentParser(description="Write the latest run's validation results as HTML.")
    parser.add_argument("--warehouse", type=Path, default=Settings().warehouse)
    parser.add_argument(
        "--out", type=Path, default=None, help="default: validation.html beside the warehouse"
    )
    parser.add_argument("--run-id", default=None, help="a run from the log instead of the latest")
    args = parser.parse_args(argv)
    records = read_run_log(args.warehouse.parent / "runs.jsonl", limit=10**9)
    if args.run_id:
        records = [r for r in records if r.get("run_id") == args.run_id]
    if not records:
        print(f"newsdw: no run recorded beside {args.warehouse}", file=sys.stderr)
        return 1
    out = write_validation_report(records[-1], args.out or args.warehouse.parent / "validation.html")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
