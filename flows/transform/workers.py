"""The worker threads the transforms run their slices on, one pool for the life of the process.

Polars keeps compiled regexes per thread. A pool made per call starts new threads each time, and
every pattern (the quote attributions, the gazetteer's names, the sentence rules) is compiled again
in each of them, once per batch and stage: about 50 ms a thread for the quote patterns alone, most
of the cost of a small batch. Slices never submit to the pool themselves, so it cannot deadlock.
Whole stages that run beside one another (`stages`) submit slices, so they have a pool of their own.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import polars as pl

WORKERS = pl.thread_pool_size()  # Polars' setting (POLARS_MAX_THREADS), so one knob bounds both

_lock = threading.Lock()
_pools: dict[str, tuple[int, ThreadPoolExecutor]] = {}


def _named(prefix: str) -> ThreadPoolExecutor:
    """The process's pool of WORKERS threads named `prefix` (a forked child makes its own: threads
    do not fork)."""
    with _lock:
        pid, made = _pools.get(prefix, (0, None))
        if made is None or pid != os.getpid():
            made = ThreadPoolExecutor(WORKERS, thread_name_prefix=prefix)
            _pools[prefix] = (os.getpid(), made)
        return made


def pool() -> ThreadPoolExecutor:
    """The pool the slices of a stage run on."""
    return _named("newsdw-transform")


def stages() -> ThreadPoolExecutor:
    """The pool whole stages run on when they run beside one another."""
    return _named("newsdw-stage")
