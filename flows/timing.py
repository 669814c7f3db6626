"""Seconds spent per stage of a run, summed over batches: the benchmark and the run log read them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the wall time of the block to `seconds[stage]`."""
    tick = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - tick


def add_seconds(total: dict[str, float], more: dict[str, float]) -> None:
    for stage, value in more.items():
        total[stage] = total.get(stage, 0.0) + value
