"""``bench/threshold_transfer.py``: what it holds out: whole files, or a random quarter."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from tests.bench.scripts import load_script


@pytest.fixture(scope="module")
def transfer() -> ModuleType:
    return load_script("threshold_transfer")


def test_file_holdout_takes_whole_files(transfer: ModuleType) -> None:
    files = [f"file{n % 8}" for n in range(400)]
    held = transfer.held_out_rows(files, "files", repeat=1)
    held_files = {name for name, h in zip(files, held, strict=True) if h}
    kept_files = {name for name, h in zip(files, held, strict=True) if not h}
    assert len(held_files) == 2  # a quarter of eight files
    assert not held_files & kept_files  # no file is split between the two sides
    other = transfer.held_out_rows(files, "files", repeat=2)
    assert np.array_equal(held, transfer.held_out_rows(files, "files", repeat=1))
    assert not np.array_equal(held, other)


def test_random_holdout_takes_about_a_quarter(transfer: ModuleType) -> None:
    files = ["one"] * 4000
    held = transfer.held_out_rows(files, "random", repeat=1)
    assert 0.22 < held.mean() < 0.28
