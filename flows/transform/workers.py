"""The worker threads the transforms run their slices on, one pool for the life of the process.

Polars keeps compiled regexes per thread. A pool made per call starts new threads each time, and
every pattern (the quote attributions, the gazetteer's names, the sentence rules) is compiled again
in each of them, once per batch and stage: about 50 ms a thread for the quote patterns alone, most
of the cost of a small batch. Slices never submit to the pool themselves, so it cannot deadlock.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import polars as pl

WORKERS = pl.thread_pool_size()  # Polars' setting (POLARS_MAX_THREADS), so one knob bounds both

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pid = 0


def pool() -> ThreadPoolExecutor:
    """The process's pool of WORKERS threads (a forked child makes its own: threads do not fork)."""
    global _pool, _pid
    with _lock:
        if _pool is None or _pid != os.getpid():
            _pool, _pid = ThreadPoolExecutor(WORKERS, thread_name_prefix="newsdw-transform"), os.getpid()
        return _pool
