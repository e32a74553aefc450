"""``bench/compare_models.py``: paired changes, and which of them the texts can tell apart."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from classifiers import Prediction
from classifiers.corpus import Example
from classifiers.taxonomy import LABELS
from tests.bench.scripts import load_script

compare_models = load_script("compare_models")


def _prediction(labels: tuple[str, ...], urgent: bool = False) -> Prediction:
    scores = {label: float(label in labels) for label in LABELS}
    return Prediction(labels, urgent, scores, {}, "rc-x")


# 60 reports of restraint, 60 ordinary texts, 6 of them urgent.
EXAMPLES = [Example(f"held {n}", ("restraint",)) for n in range(60)] + [
    Example(f"fine {n}", urgent=n < 6) for n in range(60)
]


# The script is loaded as a module at run time, so its types are Any to mypy.
def _flags(missed: int, false_flags: int, urgent_caught: int = 6) -> Any:
    predictions = [_prediction(() if n < missed else ("restraint",)) for n in range(60)] + [
        _prediction(("restraint",) if n < false_flags else (), urgent=n < urgent_caught)
        for n in range(60)
    ]
    return compare_models.flags_of(predictions)


def _by_name(changes: list[Any]) -> dict[str, Any]:
    return {change.name.split(": ")[1]: change for change in changes}


def test_the_same_flags_change_nothing_and_are_not_starred() -> None:
    flags = _flags(missed=5, false_flags=4)
    changes = compare_models.labelled_changes(flags, flags, EXAMPLES, "test")
    assert [c.interval for c in changes] == [(0.0, 0.0)] * len(changes)
    assert not any(c.line().endswith("*") for c in changes)


def test_each_change_is_measured_on_the_texts_it_concerns() -> None:
    before = _flags(missed=12, false_flags=3, urgent_caught=6)
    after = _flags(missed=0, false_flags=3, urgent_caught=5)
    changes = _by_name(compare_models.labelled_changes(before, after, EXAMPLES, "test"))
    missed = changes["high-severity reports missed"]
    assert (missed.before, missed.after) == (pytest.approx(12 / 60), 0.0)
    # Twelve reports found that were missed, and none lost: beyond doubt, so starred.
    assert missed.interval[1] < 0
    assert missed.line().endswith("*")
    assert changes["urgent reports missed"].after == pytest.approx(1 / 6)
    assert changes["false flags on ordinary"].interval == (0.0, 0.0)
    assert changes["macro-F1"].after > changes["macro-F1"].before


def test_texts_that_are_all_ordinary_still_compare() -> None:
    ordinary = [Example(f"fine {n}") for n in range(10)]
    flags = compare_models.flags_of([_prediction(()) for _ in ordinary])
    changes = _by_name(compare_models.labelled_changes(flags, flags, ordinary, "real"))
    assert "urgent reports missed" not in changes
    assert changes["high-severity reports missed"].before == 0.0
    assert np.isfinite(changes["macro-F1"].before)
