"""Read-only access to the published warehouse, and printing results for people and tools."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb

from flows.publish import read_run_log
from flows.settings import Settings

MAX_CELL = 80  # table output only; csv/json/markdown carry full values


class WarehouseMissing(FileNotFoundError):
    pass


def connect_readonly(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse read-only: a query can never change it or block a publish."""
    if not warehouse.is_file():
        raise WarehouseMissing(f"no warehouse at {warehouse}: run `newsdw run` first")
    # read_only protects the warehouse file; external access off keeps a query from reading or
    # writing other files (COPY ... TO, read_text) or installing extensions. The memory cap is the
    # build's: DuckDB's default (80% of RAM) let the report after a 1M-article run outgrow the run.
    return duckdb.connect(
        str(warehouse),
        read_only=True,
        config={
            "enable_external_access": False,
            "lock_configuration": True,
            "memory_limit": Settings().duckdb_memory,
        },
    )


def run_readonly(warehouse: Path, sql: str) -> tuple[list[str], list[tuple]]:
    with connect_readonly(warehouse) as con:
        cursor = con.execute(sql)
        if cursor.description is None:
            return [], []
        columns = [d[0] for d in cursor.description]
        return columns, cursor.fetchall()


def recent_runs(warehouse: Path, limit: int) -> tuple[list[str], list[tuple]]:
    """Recent runs: published ones from `audit_run`, failed ones from the run log beside it."""
    columns = [
        "run_id",
        "status",
        "started_at",
        "seconds",
        "seen",
        "loaded",
        "skipped",
        "quarantined",
        "articles",
        "message",
    ]
    by_id: dict[str, tuple] = {}
    for rec in read_run_log(warehouse.parent / "runs.jsonl", limit=limit * 5):
        by_id[rec["run_id"]] = _run_row(rec)
    if warehouse.is_file():
        with connect_readonly(warehouse) as con:
            cursor = con.execute("select * from audit_run order by started_at desc limit ?", [limit])
            names = [d[0] for d in cursor.description]
            for values in cursor.fetchall():
                rec = dict(zip(names, values, strict=True))
                by_id.setdefault(rec["run_id"], _run_row(rec))
    rows = sorted(by_id.values(), key=lambda r: str(r[2]), reverse=True)[:limit]
    return columns, rows


def _run_row(rec: dict) -> tuple:
    started, finished = _as_datetime(rec.get("started_at")), _as_datetime(rec.get("finished_at"))
    seconds = round((finished - started).total_seconds(), 1) if started and finished else None
    message = (rec.get("message") or "").splitlines()[0] if rec.get("message") else None
    return (
        rec["run_id"],
        rec["status"],
        started.strftime("%Y-%m-%d %H:%M:%S") if started else None,
        seconds,
        rec.get("files_seen"),
        rec.get("files_loaded"),
        rec.get("files_skipped"),
        rec.get("files_quarantined"),
        rec.get("articles_loaded"),
        message,
    )


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return None


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def format_result(columns: list[str], rows: list[tuple], fmt: str) -> str:
    """Render rows as an aligned table, CSV, JSON (array of objects) or a Markdown table."""
    if fmt == "json":
        return json.dumps(
            [dict(zip(columns, map(_plain, r), strict=True)) for r in rows], indent=2, default=str
        )
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else _plain(v) for v in r] for r in rows])
        return out.getvalue().rstrip("\n")
    cells = [[_cell(v, fmt) for v in r] for r in rows]
    if fmt == "markdown":
        head = "| " + " | ".join(columns) + " |"
        rule = "| " + " | ".join("---" for _ in columns) + " |"
        return "\n".join([head, rule] + ["| " + " | ".join(r) + " |" for r in cells])
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [
        all(isinstance(r[i], int | float | Decimal) or r[i] is None for r in rows)
        for i in range(len(columns))
    ]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    body = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body)


def _cell(value: object, fmt: str) -> str:
    text = "NULL" if value is None else str(_plain(value))
    text = text.replace("\n", " ")
    if fmt == "markdown":
        return text.replace("|", "\\|")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
