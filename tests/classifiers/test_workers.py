from __future__ import annotations

import os
from concurrent.futures import CancelledError, Future

import pytest

from classifiers.workers import (
    DEFAULT_WORKERS_AT_MOST,
    available_cores,
    check_workers,
    default_workers,
    processes_can_run,
    worker_pool,
)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_the_default_follows_the_cores_this_process_is_pinned_to_up_to_a_limit() -> None:
    allowed = os.sched_getaffinity(0)
    assert available_cores() == len(allowed)
    assert default_workers() == min(len(allowed), DEFAULT_WORKERS_AT_MOST)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        assert available_cores() == 1
        assert default_workers() == 1
    finally:
        os.sched_setaffinity(0, allowed)


def test_where_processes_cannot_run_the_default_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert processes_can_run()  # this machine can, so the default follows its cores
    monkeypatch.setattr("classifiers.workers.processes_can_run", lambda: False)
    assert default_workers() == 1


def test_fewer_than_one_worker_is_refused() -> None:
    check_workers(1)
    with pytest.raises(ValueError, match="at least 1, got 0"):
        check_workers(0)


def test_an_error_drops_the_work_still_queued() -> None:
    queued: list[Future[None]] = []
    with pytest.raises(RuntimeError, match="stop"), worker_pool(1) as pool:
        # One worker: the first few run, the rest wait in the queue.
        queued.extend(pool.submit(os.sched_yield) for _ in range(200))
        raise RuntimeError("stop")
    assert queued[-1].cancelled()
    with pytest.raises(CancelledError):
        queued[-1].result()
