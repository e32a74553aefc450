"""Worker processes for training: how many, and how they are started and stopped.

Training reads its texts and fits its heads in worker processes
(:mod:`classifiers.corpus_reading`, :mod:`classifiers.head_fitting`). They are
started with ``spawn``, a fresh interpreter, which is safe whatever threads
the parent runs (such as a progress display) and works the same on every
platform. A failure in one, or Ctrl-C, cancels the work still queued rather
than waiting for it.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

# Each fitting worker holds its own copy of the problems (300 to 430 MB each
# on the shipped corpus, measured), and past a few workers the longest fits
# bound the time anyway; so the default stops here, whatever the machine.
DEFAULT_WORKERS_AT_MOST = 4


def available_cores() -> int:
    """Return how many cores this process may run on (the ones it is pinned to, if pinned)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_workers() -> int:
    """Return how many worker processes training uses unless told otherwise.

    One (no worker processes) where they cannot be run, as in some sandboxes
    without the shared semaphores a process pool needs.
    """
    cores = min(available_cores(), DEFAULT_WORKERS_AT_MOST)
    return cores if cores > 1 and processes_can_run() else 1


@functools.cache
def processes_can_run() -> bool:
    """Return whether this machine lets a process pool make its shared locks."""
    try:
        multiprocessing.get_context("spawn").Lock()
    except (OSError, ImportError):
        return False
    return True


def check_workers(workers: int) -> None:
    """Refuse a number of workers below one."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")


@contextmanager
def worker_pool(
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[ProcessPoolExecutor]:
    """Run a pool of ``workers`` spawned processes; on any error, drop the queued work.

    Not ``with ProcessPoolExecutor(...)``: its exit shuts the pool down again
    without ``cancel_futures``, which can undo the cancelling.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=initializer,
        initargs=initargs,
    )
    try:
        yield pool
    except BaseException:
        # A failed task or Ctrl-C: the work still queued is not started.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
