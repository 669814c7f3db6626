"""Run the Great Expectations suites in `expectations/` against the build database.

Each suite is a GX ExpectationSuite in JSON whose `meta.query` selects what it checks from the build.
Checks that span tables (foreign keys, offsets into bodies) become boolean columns computed by that
query, so every rule is still a GX expectation with counts and samples. GX's SQL datasource fails on
DuckDB (every expectation errors with 'list index out of range'), so frames go through its pandas
datasource instead.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)
SAMPLE_SIZE = 5


@dataclass(frozen=True)
class CheckResult:
    table_name: str
    expectation: str
    success: bool
    unexpected_count: int | None
    sample: str | None


@dataclass
class ValidationReport:
    results: list[CheckResult] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return all(r.success for r in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success]

    def summary(self) -> str:
        failed = self.failures
        if not failed:
            return f"all {len(self.results)} expectations passed"
        lines = [f"{len(failed)} of {len(self.results)} expectations failed:"]
        lines += [
            f"  {f.table_name}: {f.expectation} ({f.unexpected_count} unexpected; e.g. {f.sample})"
            for f in failed
        ]
        return "\n".join(lines)


def load_suites(expectations_dir: Path) -> list[dict]:
    suites = []
    for path in sorted(expectations_dir.glob("*.json")):
        data = json.loads(path.read_text())
        if "query" not in data.get("meta", {}):
            raise ValueError(f"{path}: suite has no meta.query saying what it validates")
        suites.append(data)
    return suites


def _gx_context():
    # GX reads this at import; batch runs have no terminal to draw progress bars on.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return gx, context


def validate_build(con: duckdb.DuckDBPyConnection, expectations_dir: Path) -> ValidationReport:
    """Validate every suite against the tables reachable through `con`."""
    suites = load_suites(expectations_dir)
    gx, context = _gx_context()
    batch_definition = (
        context.data_sources.add_pandas("newsdw")
        .add_dataframe_asset("query")
        .add_batch_definition_whole_dataframe("whole")
    )
    report = ValidationReport()
    for data in suites:
        table = data["meta"].get("table", data["name"])
        frame = con.execute(data["meta"]["query"]).df()
        suite = gx.ExpectationSuite(**data)
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        outcome = batch.validate(suite, result_format="SUMMARY")
        for result in outcome.results:
            config = result.expectation_config
            column = config.kwargs.get("column")
            name = f"{config.type}({column})" if column else config.type
            details = result.result or {}
            exception = (result.exception_info or {}).get("exception_message")
            sample = details.get("partial_unexpected_list")
            report.results.append(
                CheckResult(
                    table_name=table,
                    expectation=name,
                    success=bool(result.success),
                    unexpected_count=details.get("unexpected_count"),
                    sample=exception or (json.dumps(sample[:SAMPLE_SIZE], default=str) if sample else None),
                )
            )
        log.info("validated %s: %d rows", table, len(frame))
    return report
