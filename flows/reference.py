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


def irregular_verbs(reference_dir: Path) -> pl.DataFrame:
    """`irregular_verbs.csv` lower-cased: `base`, and `past` and `participle` as lists of forms (the
    file separates several with "|": "was|were")."""

    def forms(column: str) -> pl.Expr:
        split = pl.col(column).fill_null("").str.split("|")
        return split.list.eval(pl.element().str.strip_chars().str.to_lowercase())

    return read_reference(reference_dir, "irregular_verbs").select(
        pl.col("base").str.strip_chars().str.to_lowercase(),
        past=forms("past"),
        participle=forms("past_participle"),
    )
