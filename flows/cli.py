"""The `newsdw` command line: run the job, query the warehouse, list runs.

Errors end in one line on stderr and a non-zero exit code; `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flows.settings import PROJECT_ROOT, Settings

EXIT_USAGE = 2
EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the lock; a cron wrapper may simply try later


class CliError(Exception):
    """An error whose message is the whole story for the user."""


def _prefect_environment() -> None:
    """Defaults that must be in place before Prefect is imported."""
    # Offline machines: telemetry would only log DNS errors.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # Keep Prefect's database and logs with the project, not in the user's home.
    os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))
    # A fresh PREFECT_HOME migrates its database on first start; 20 s (the default) is too short on a
    # loaded 2-core machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def _warehouse_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Settings().warehouse,
        help="DuckDB warehouse file (default: warehouse/newsdw.duckdb)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdw", description="News files into a validated DuckDB warehouse."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="load every file under the seeds folder and publish the warehouse")
    run.add_argument(
        "--seeds", type=Path, default=Settings().seeds_dir, help="input folder (default: seeds/)"
    )
    run.add_argument(
        "--full-refresh", action="store_true", help="rebuild from all files, ignoring what is loaded"
    )
    run.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another run to finish instead of exiting at once",
    )
    _warehouse_arg(run)

    query = sub.add_parser("query", help="run SQL against the warehouse (read-only)")
    query.add_argument("sql", nargs="?", help="the SQL statement")
    query.add_argument("--file", type=Path, help="read the SQL from this file")
    query.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")
    _warehouse_arg(query)

    runs = sub.add_parser("runs", help="list recent runs")
    runs.add_argument("--limit", type=int, default=10)
    _warehouse_arg(runs)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    _prefect_environment()
    if not args.seeds.is_dir():
        raise CliError(f"seeds folder not found: {args.seeds}")
    from flows.pipeline import newsdw_flow
    from flows.publish import WarehouseBusy

    try:
        summary = newsdw_flow(
            seeds_dir=str(args.seeds),
            warehouse=str(args.warehouse),
            full_refresh=args.full_refresh,
            lock_wait_seconds=args.wait,
        )
    except WarehouseBusy as exc:
        print(f"newsdw: {exc}", file=sys.stderr)
        return EXIT_BUSY
    print(
        f"run {summary.run_id}: {summary.status}; files seen {summary.files_seen}, loaded "
        f"{summary.files_loaded}, skipped {summary.files_skipped}, quarantined {summary.files_quarantined}; "
        f"articles loaded {summary.articles_loaded}"
    )
    if summary.message:
        print(summary.message, file=sys.stderr)
    return summary.exit_code


def cmd_query(args: argparse.Namespace) -> int:
    from flows.query import format_result, run_readonly

    if bool(args.sql) == bool(args.file):
        raise CliError("give the SQL either as an argument or with --file, not both or neither")
    sql = args.file.read_text() if args.file else args.sql
    columns, rows = run_readonly(args.warehouse, sql)
    print(format_result(columns, rows, args.format))
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    from flows.query import format_result, recent_runs

    columns, rows = recent_runs(args.warehouse, args.limit)
    print(format_result(columns, rows, "table"))
    return 0


COMMANDS = {"run": cmd_run, "query": cmd_query, "runs": cmd_runs}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("newsdw: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        kind = "" if isinstance(exc, CliError) else f"{type(exc).__name__}: "
        print(f"newsdw: error: {kind}{message}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, CliError) else 1


if __name__ == "__main__":
    sys.exit(main())
