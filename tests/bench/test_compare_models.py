"""``bench/compare_models.py``: paired changes, and which of them the texts can tell apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import pytest

from classifiers.agreement import text_digest
from classifiers.corpus import Example
from tests.bench.scripts import load_script

compare_models = load_script("compare_models")

# 60 reports of restraint, 60 ordinary texts, 6 of them urgent.
EXAMPLES = [Example(f"held {n}", ("restraint",)) for n in range(60)] + [
    Example(f"fine {n}", urgent=n < 6) for n in range(60)
]


# The script is loaded as a module at run time, so its types are Any to mypy.
def _saved(missed: int, false_flags: int, urgent_caught: int = 6) -> Any:
    labels = [[] if n < missed else ["restraint"] for n in range(60)]
    labels += [["restraint"] if n < false_flags else [] for n in range(60)]
    urgent = [False] * 60 + [n < urgent_caught for n in range(60)]
    digests = [text_digest(e.text) for e in EXAMPLES]
    return compare_models.SavedSet(digests=digests, labels=labels, urgent=urgent)


def _changes(before: Any, after: Any, examples: list[Example] = EXAMPLES) -> dict[str, Any]:
    changes = compare_models.labelled_changes(
        compare_models.flags_of(before), compare_models.flags_of(after), examples, "test"
    )
    return {change.name.split(": ")[1]: change for change in changes}


def test_the_same_flags_change_nothing_and_are_not_starred() -> None:
    flags = _saved(missed=5, false_flags=4)
    changes = _changes(flags, flags)
    assert changes["macro-F1"].interval == (0.0, 0.0)
    assert changes["false flags on ordinary"].interval == (0.0, 0.0)
    # Six urgent texts are too few to draw again: the interval says nothing.
    assert changes["urgent reports missed"].interval == (-1.0, 1.0)
    assert not any(c.line().endswith("*") for c in changes.values())


def test_each_change_is_measured_on_the_texts_it_concerns() -> None:
    changes = _changes(
        _saved(missed=12, false_flags=3, urgent_caught=6),
        _saved(missed=0, false_flags=3, urgent_caught=5),
    )
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
    flags = compare_models.SavedSet(
        digests=[text_digest(e.text) for e in ordinary], labels=[[]] * 10, urgent=[False] * 10
    )
    changes = _changes(flags, flags, ordinary)
    assert "urgent reports missed" not in changes
    assert changes["high-severity reports missed"].before == 0.0
    assert np.isfinite(changes["macro-F1"].before)


def test_saved_flags_are_read_back_only_for_the_same_texts(tmp_path: Path) -> None:
    sets = [compare_models.TextSet("test split", [e.text for e in EXAMPLES], EXAMPLES)]
    saved = compare_models.SavedFlags("rc-old", {"test split": _saved(missed=3, false_flags=2)})
    path = tmp_path / "old_flags.json"
    path.write_bytes(msgspec.json.encode(saved))
    assert compare_models.read_side(path, sets) == saved
    # Flags saved with this file can be compared with any other, without the old code.
    other = compare_models.SavedFlags("rc-new", {"test split": _saved(missed=0, false_flags=2)})
    names = [c.name for c in compare_models.changes_between(saved, other, sets)]
    assert "test split: high-severity reports missed" in names
    edited = [compare_models.TextSet("test split", ["another text", *sets[0].texts[1:]], None)]
    with pytest.raises(compare_models.FlagsMismatchError, match="not made on these texts"):
        compare_models.read_side(path, edited)


def test_unlabelled_sets_count_flags_and_urgent_flags() -> None:
    texts = [f"thanks {n}" for n in range(20)]
    digests = [text_digest(t) for t in texts]
    before = compare_models.SavedFlags(
        "a", {"praise": compare_models.SavedSet(digests, [["abuse"]] * 4 + [[]] * 16, [False] * 20)}
    )
    after = compare_models.SavedFlags(
        "b", {"praise": compare_models.SavedSet(digests, [[]] * 20, [True] + [False] * 19)}
    )
    sets = [compare_models.TextSet("praise", texts, None)]
    changes = {c.name: c for c in compare_models.changes_between(before, after, sets)}
    assert (changes["praise: flagged"].before, changes["praise: flagged"].after) == (0.2, 0.0)
    assert changes["praise: urgent"].after == pytest.approx(0.05)
