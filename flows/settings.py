"""Where things live and how big a batch is: configuration, not code, decides the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    """Paths and limits of one run; every field can be overridden by the CLI or an environment variable."""

    seeds_dir: Path = field(default_factory=lambda: _env_path("NEWSDW_SEEDS", PROJECT_ROOT / "seeds"))
    warehouse: Path = field(
        default_factory=lambda: _env_path("NEWSDW_WAREHOUSE", PROJECT_ROOT / "warehouse" / "newsdw.duckdb")
    )
    reference_dir: Path = field(
        default_factory=lambda: _env_path("NEWSDW_REFERENCE", PROJECT_ROOT / "reference")
    )
    sql_dir: Path = PROJECT_ROOT / "sql"
    expectations_dir: Path = field(
        default_factory=lambda: _env_path("NEWSDW_EXPECTATIONS", PROJECT_ROOT / "expectations")
    )
    # Files are read, parsed and transformed this many bytes at a time, so memory stays flat
    # whatever the size of the corpus.
    batch_bytes: int = int(float(os.environ.get("NEWSDW_BATCH_MB", "64")) * 1024 * 1024)
    # Batches submitted for parsing and transforming beyond the one the writer waits for: with 1,
    # two batches transform at once (one a core here) and the writer loads as each finishes; a Dask
    # run sets it to the number of workers.
    batches_in_flight: int = int(os.environ.get("NEWSDW_BATCHES_IN_FLIGHT", "1"))
    # DuckDB's share of memory while building (it spills to disk beyond it): without a limit it
    # takes up to 80% of the machine, and a run's memory would grow with the corpus.
    duckdb_memory: str = os.environ.get("NEWSDW_DUCKDB_MEMORY", "512MB")
    # DuckDB's cap while validating, once the batches' transforms have let go of their memory. The
    # suites' joins over a whole fact table do not all spill: at 100k articles the mentions' needed
    # more than 96MB, and at 1M articles 512MB was once too little (docs/scaling.md).
    validate_memory: str = os.environ.get("NEWSDW_VALIDATE_MEMORY", "1GB")
    # A news file with a longer line than this is not prose (a dump, a minified blob): quarantined.
    max_line_chars: int = 1_000_000
    # DuckDB 1.x clients (bundled by many BI tools) cannot open files in 2.0's default format.
    storage_version: str = "v1.4.0"

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def staging_dir(self) -> Path:
        """Where workers write Parquet batches (on a Dask cluster: storage shared with the writer)."""
        return _env_path("NEWSDW_STAGING", self.warehouse_dir)

    @property
    def cache_dir(self) -> Path:
        """What runs keep to start faster (flows.reference_cache): safe to delete at any time."""
        return self.warehouse_dir / ".cache"

    @property
    def report_dir(self) -> Path:
        return self.warehouse_dir / "report"

    @property
    def run_log(self) -> Path:
        """Every run's audit, published or not, one JSON object a line, beside the warehouse."""
        return self.warehouse_dir / "runs.jsonl"
