"""Versioned reference data (CSV files in `reference/`), read into Polars frames."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def read_reference(reference_dir: Path, name: str) -> pl.DataFrame:
    """Read `reference/<name>.csv` with every column as text; callers cast what they need."""
    path = reference_dir / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"reference file missing: {path}")
    return pl.read_csv(path, infer_schema=False)
