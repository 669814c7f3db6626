"""The `newsdw` command line: run the job, query the warehouse, list runs.

Errors end in one line on stderr and a non-zero exit code; `--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from dataclasses import replace
from pathlib import Path

from flows.settings import PROJECT_ROOT, Settings

EXIT_USAGE = 2


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
    run.add_argument(
        "--dask",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="parse and transform on Dask: a temporary local cluster, or the scheduler at ADDRESS",
    )
    run.add_argument(
        "--dask-workers",
        type=int,
        default=2,
        metavar="N",
        help="workers of the temporary cluster (default 2)",
    )
    _warehouse_arg(run)

    serve = sub.add_parser("serve", help="serve the job on a cron schedule (starts a local Prefect server)")
    serve.add_argument("--cron", default="0 * * * *", help='cron expression (default: "0 * * * *", hourly)')
    serve.add_argument("--timezone", default="UTC", help="timezone of the cron expression (default: UTC)")
    serve.add_argument(
        "--seeds", type=Path, default=Settings().seeds_dir, help="input folder (default: seeds/)"
    )
    serve.add_argument("--name", default="hourly", help="deployment name shown in the Prefect UI")
    _warehouse_arg(serve)

    query = sub.add_parser("query", help="run SQL against the warehouse (read-only)")
    query.add_argument("sql", nargs="?", help="the SQL statement")
    query.add_argument("--file", type=Path, help="read the SQL from this file")
    query.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table")
    _warehouse_arg(query)

    runs = sub.add_parser("runs", help="list recent runs")
    runs.add_argument("--limit", type=int, default=10)
    _warehouse_arg(runs)

    report = sub.add_parser("report", help="write the HTML report of the warehouse (report/index.html)")
    report.add_argument(
        "--out", type=Path, default=None, help="output folder (default: report/ beside the warehouse)"
    )
    _warehouse_arg(report)

    export = sub.add_parser("export", help="write every table and view as a file for other tools")
    export.add_argument(
        "--parquet", type=Path, required=True, metavar="DIR", help="write <name>.parquet files here"
    )
    _warehouse_arg(export)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    _prefect_environment()
    if not args.seeds.is_dir():
        raise CliError(f"seeds folder not found: {args.seeds}")
    arguments = {
        "seeds_dir": str(args.seeds.resolve()),
        "warehouse": str(args.warehouse.resolve()),
        "full_refresh": args.full_refresh,
        "lock_wait_seconds": args.wait,
    }
    with contextlib.ExitStack() as stack:
        if args.dask:
            # Dask workers call the Prefect API; the temporary in-process server cannot serve them.
            # Prefect reads PREFECT_API_URL when imported, so the server comes first.
            stack.enter_context(_real_server(ui=False, services=False))
            stack.callback(_send_pending_logs)
        from flows import validate
        from flows.pipeline import newsdw_flow

        validate.preload()  # while Prefect starts its server
        flow = newsdw_flow.with_options(task_runner=_dask_runner(args)) if args.dask else newsdw_flow
        summary = flow(**arguments, batches_in_flight=args.dask_workers if args.dask else None)
    if summary.status == "busy":
        print(f"newsdw: {summary.message}", file=sys.stderr)
        return summary.exit_code
    print(
        f"run {summary.run_id}: {summary.status}; files seen {summary.files_seen}, loaded "
        f"{summary.files_loaded}, skipped {summary.files_skipped}, quarantined {summary.files_quarantined}; "
        f"articles loaded {summary.articles_loaded}"
    )
    if summary.message:
        print(summary.message, file=sys.stderr)
    return summary.exit_code


def _real_server(**options: bool) -> contextlib.AbstractContextManager[str]:
    from flows.prefect_server import ensure_server

    return ensure_server(Path(os.environ["PREFECT_HOME"]), **options)


def _send_pending_logs() -> None:
    """Send queued run logs to the API before a server this process started goes away."""
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)


def _dask_runner(args: argparse.Namespace) -> object:
    from prefect_dask import DaskTaskRunner

    if args.dask != "local":
        return DaskTaskRunner(address=args.dask)
    # One thread a worker: the transforms are Polars and NumPy, which use the cores themselves.
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": args.dask_workers, "threads_per_worker": 1, "processes": True}
    )


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the scheduled flow until interrupted; start a local Prefect server first if none answers."""
    _prefect_environment()
    if not args.seeds.is_dir():
        raise CliError(f"seeds folder not found: {args.seeds}")
    with _real_server() as api_url, contextlib.ExitStack() as stack:
        stack.callback(_send_pending_logs)
        from prefect.schedules import Cron

        from flows.pipeline import newsdw_scheduled

        print(f"Prefect API: {api_url} (UI: {api_url.removesuffix('/api')}); stop with Ctrl-C")
        newsdw_scheduled.serve(
            name=args.name,
            schedule=Cron(args.cron, timezone=args.timezone),
            parameters={"seeds_dir": str(args.seeds.resolve()), "warehouse": str(args.warehouse.resolve())},
            # One run at a time in this process; the writer lock guards against other processes.
            limit=1,
        )
    return 0


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
    report_dir = replace(Settings(), warehouse=args.warehouse).report_dir
    for page, label in (("validation.html", "validation report"), ("index.html", "warehouse report")):
        if (report_dir / page).is_file():
            print(f"{label} of the last published or failed run: {(report_dir / page).resolve().as_uri()}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from flows.report import write_report

    if not args.warehouse.is_file():
        raise CliError(f"no warehouse at {args.warehouse}: run `newsdw run` first")
    path = write_report(args.warehouse, args.out)
    print(f"report: {path.resolve().as_uri()}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from flows.export import export_parquet

    if not args.warehouse.is_file():
        raise CliError(f"no warehouse at {args.warehouse}: run `newsdw run` first")
    if args.parquet.exists() and not args.parquet.is_dir():
        raise CliError(f"--parquet must be a folder: {args.parquet} is a file")
    written = export_parquet(
        args.warehouse, args.parquet, progress=lambda path, rows: print(f"{path}  {rows:,} rows", flush=True)
    )
    print(f"{len(written)} Parquet files in {args.parquet}")
    return 0


COMMANDS = {
    "run": cmd_run,
    "serve": cmd_serve,
    "query": cmd_query,
    "runs": cmd_runs,
    "report": cmd_report,
    "export": cmd_export,
}


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
