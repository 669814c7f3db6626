"""One real warehouse for every report test: the real flow over the seeds plus hostile input.

The input copy gets a feed article whose headline is a script tag (it must show as text), an empty
file whose name is markup (quarantined, so its path reaches the report), and the run log a failed run
whose message is markup. Built once for the package: a flow run costs 10-30 s of Prefect start-up.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import newsdw_flow
from flows.publish import append_run_log
from flows.report import write_report
from tests.conftest import SEEDS

XSS_HEADLINE = "<script>alert(1)</script>"
XSS_FILE_NAME = "<img src=x onerror=alert(2)>.txt"
XSS_MESSAGE = "<b>expectation failed</b> on dim_article"
# A feed article in the seeds' layout, with a publication line so the report has a dated month.
XSS_FEED = f"""{XSS_HEADLINE}
Tuesday, 14 November, 2017 - 07:45

Saudi and Pakistani officials sign the pact in Riyadh - AFP
TT

{XSS_HEADLINE}

Saudi and Pakistani officials sign the pact in Riyadh - AFP

RIYADH: Saudi Arabia and Pakistan signed a mutual defense pact on Tuesday, officials said.

Pakistan's prime minister met the Saudi crown prince in Riyadh to discuss security cooperation.
"""


@pytest.fixture(scope="package")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("report")
    seeds = base / "seeds"
    seeds.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, seeds / path.name)
    (seeds / "900_xss.txt").write_text(XSS_FEED, encoding="utf-8")
    (seeds / XSS_FILE_NAME).write_bytes(b"")
    warehouse = base / "warehouse" / "newsdw.duckdb"
    summary = newsdw_flow(seeds_dir=str(seeds), warehouse=str(warehouse))
    assert summary.status == "published", summary.message
    append_run_log(
        warehouse.parent / "runs.jsonl",
        {"run_id": "20990101T000000Z-bad", "status": "failed_validation", "message": XSS_MESSAGE},
    )
    report = write_report(warehouse)
    return {"warehouse": warehouse, "report": report, "html": report.read_text(encoding="utf-8")}


def table_rows(warehouse: Path) -> dict[str, int]:
    """Row count of every table and view of the main schema, straight from DuckDB."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = current_database() and table_schema = 'main'"
            ).fetchall()
        ]
        return {n: con.execute(f'select count(*) from main."{n}"').fetchall()[0][0] for n in names}
