"""The gazetteer is data: every process builds the same one from the same reference files."""

from __future__ import annotations

import os
import subprocess
import sys

from flows.settings import Settings

# Each field of the gazetteer, printed in a form that shows its order.
_DUMP = """
import dataclasses, sys
from pathlib import Path
import polars as pl
from flows.transform.gazetteer import load_gazetteer
gaz = load_gazetteer(Path(sys.argv[1]))
for field in dataclasses.fields(gaz):
    value = getattr(gaz, field.name)
    if isinstance(value, pl.Series):
        value = value.to_frame()
    print(field.name, value.write_csv() if isinstance(value, pl.DataFrame) else repr(value))
"""


def _dump(hash_seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, str(Settings().reference_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_the_gazetteer_does_not_depend_on_the_process_hash_seed() -> None:
    # Python orders a set of strings by a hash salted per process: patterns built from one would
    # number the gazetteer's readings differently in every run.
    assert _dump(1) == _dump(2)
