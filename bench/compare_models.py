"""Is one model really better than another, or did the texts happen to favour it?

Every round of examples has been judged by a change of a few thousandths in
macro-F1 on the test split. This script scores two model files on the same
texts (the test split, and when ``shared/data`` is there the labelled real
comments and the real comments their own data marks positive) and prints each
figure for both with a 95% paired-bootstrap interval for the change
(:mod:`classifiers.intervals`). A change whose interval holds 0 is one these
texts cannot tell from none.

Run as ``python bench/compare_models.py OLD.skops NEW.skops``; make the old
model with ``python -m classifiers train --train-dir DIR --output OLD.skops``
from an earlier commit's ``classifiers/data/train``. Both models must have
been trained with this code's phrase and urgent rules (a model file refuses to
load under others), so the script compares corpora and training parameters,
not rule changes: for those, compare out-of-fold flags.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from classifiers import corpus, intervals, real_comments, shared_data  # noqa: E402
from classifiers.corpus import Example  # noqa: E402
from classifiers.model import URGENT_COLUMN  # noqa: E402
from classifiers.prediction import Prediction, load_classifier  # noqa: E402
from classifiers.taxonomy import HIGH_SEVERITY, LABELS  # noqa: E402
from classifiers.training import truth_matrix  # noqa: E402

BoolArray = npt.NDArray[np.bool_]
HIGH_COLUMNS = [LABELS.index(label) for label in LABELS if label in HIGH_SEVERITY]


class Flags(NamedTuple):
    """One model's flags on a set of texts: a column per label, and urgency."""

    labels: BoolArray
    urgent: BoolArray

    def any_label(self) -> BoolArray:
        """Whether each text raised any label at all."""
        return np.asarray(self.labels.any(axis=1), dtype=bool)


class Change(NamedTuple):
    """A figure for both models and the 95% interval of after minus before."""

    name: str
    before: float
    after: float
    interval: intervals.Interval

    def line(self) -> str:
        low, high = self.interval
        verdict = "" if low <= 0.0 <= high else "  *"
        change = self.after - self.before
        return (
            f"{self.name:52} {self.before:>8.3f} {self.after:>8.3f} {change:>+8.3f}"
            f"   {low:+.3f} to {high:+.3f}{verdict}"
        )


def flags_of(predictions: Sequence[Prediction]) -> Flags:
    """Return the label and urgent flags of ``predictions`` as arrays."""
    return Flags(
        labels=np.array(
            [[label in p.labels for label in LABELS] for p in predictions], dtype=bool
        ).reshape(-1, len(LABELS)),
        urgent=np.array([p.urgent for p in predictions], dtype=bool),
    )


def labelled_changes(
    before: Flags, after: Flags, examples: Sequence[Example], where: str
) -> list[Change]:
    """Compare two models' flags on labelled ``examples``: F1, false flags, misses, urgency."""
    every_output = truth_matrix(examples)
    truth, urgent = every_output[:, : len(LABELS)], every_output[:, URGENT_COLUMN]
    ordinary = np.asarray(~truth.any(axis=1), dtype=bool)
    calm = ordinary & ~urgent
    changes = [
        Change(
            f"{where}: macro-F1",
            intervals.macro_f1(before.labels, truth),
            intervals.macro_f1(after.labels, truth),
            intervals.paired_macro_f1_difference(before.labels, after.labels, truth),
        ),
        _rate(f"{where}: false flags on ordinary", before.any_label(), after.any_label(), ordinary),
        _rate(f"{where}: ordinary flagged urgent", before.urgent, after.urgent, calm),
    ]
    # High-severity reports missed, as a share of the high-severity reports.
    reported = truth[:, HIGH_COLUMNS]
    missed = [
        np.asarray((~flags.labels[:, HIGH_COLUMNS])[reported], dtype=bool)
        for flags in (before, after)
    ]
    changes.append(
        _rate(
            f"{where}: high-severity reports missed",
            missed[0],
            missed[1],
            np.ones(len(missed[0]), dtype=bool),
        )
    )
    if urgent.any():
        changes.append(
            _rate(f"{where}: urgent reports missed", ~before.urgent, ~after.urgent, urgent)
        )
    return changes


def _rate(name: str, before: BoolArray, after: BoolArray, among: BoolArray) -> Change:
    return Change(
        name,
        float(before[among].mean()) if among.any() else 0.0,
        float(after[among].mean()) if among.any() else 0.0,
        intervals.paired_rate_difference(before[among], after[among]),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Score both models on the same texts and print each change with its interval."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the model file to compare against")
    parser.add_argument("after", type=Path, help="the model file being judged")
    parser.add_argument("--shared-data", type=Path, default=shared_data.DEFAULT_SHARED_DATA)
    args = parser.parse_args(argv)
    models = [load_classifier(args.before), load_classifier(args.after)]
    print(f"before {models[0].model_version}, after {models[1].model_version}")

    def both(texts: Sequence[str]) -> tuple[Flags, Flags]:
        return flags_of(models[0].predict_many(texts)), flags_of(models[1].predict_many(texts))

    test = corpus.read_test()
    changes = labelled_changes(*both([e.text for e in test]), test, "test split")
    labels_path = real_comments.REAL_LABELS_PATH
    if args.shared_data.is_dir() and labels_path.is_file():
        found = real_comments.attach(real_comments.read_real_labels(labels_path), args.shared_data)
        for where, part in (
            ("real, looked-at half", found.looked_at),
            ("real, held half", found.held),
        ):
            changes += labelled_changes(*both([e.text for e in part]), part, where)
        for name, _, texts in shared_data.positive_comments(args.shared_data):
            old, new = both(texts)
            every = np.ones(len(texts), dtype=bool)
            changes.append(
                _rate(f"{name}, positive: flagged", old.any_label(), new.any_label(), every)
            )
            changes.append(_rate(f"{name}, positive: urgent", old.urgent, new.urgent, every))
    print(f"\n{'figure':52} {'before':>8} {'after':>8} {'change':>8}   95% interval of the change")
    for change in changes:
        print(change.line())
    print("\n* the interval leaves out 0: these texts tell the two models apart on this figure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
