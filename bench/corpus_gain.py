"""Do new training files help? Score the examples already there, with and without them.

Adding examples changes the test split's figures, but the test split is meant
to be looked at once, not used to decide what goes into the corpus. This script
decides on the training split instead: it scores every example of the other
training files out of fold (with training's folds), once with models fitted
on the other folds alone and once with the new files added to every fold's
fitting side. The new examples are never scored, so both runs are measured on
the same texts, and neither model has seen the text it scores.

Run as ``python bench/corpus_gain.py --new classifiers/data/train/FILE.jsonl ...``;
it trains a model per fold twice, two to five minutes on one core.
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

from classifiers import corpus, intervals, thresholds  # noqa: E402
from classifiers.features import Analysis, analyse, urgent_rule_hits, vetoes  # noqa: E402
from classifiers.model import URGENT_COLUMN, TrainingParams  # noqa: E402
from classifiers.taxonomy import LABELS  # noqa: E402
from classifiers.training import (  # noqa: E402
    choose_thresholds,
    decide,
    out_of_fold_scores,
    truth_matrix,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class Figures(NamedTuple):
    """Out-of-fold figures on the examples that were there before."""

    macro_f1: float
    label_f1: tuple[float, ...]
    mean_average_precision: float
    false_flag_rate: float
    urgent_alone_flagged: float
    urgent_recall: float
    urgent_precision: float
    ordinary_flagged_urgent: float
    urgent_average_precision: float


def average_precision(scores: FloatArray, truth: BoolArray) -> float:
    """Return scikit-learn's average precision: ranking quality, free of any threshold."""
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(truth, scores)) if truth.any() else 0.0


def flags_of(scores: FloatArray, truth: BoolArray, analyses: Sequence[Analysis]) -> BoolArray:
    """Turn out-of-fold ``scores`` into flags the way training does."""
    params = TrainingParams()
    rule_hits = urgent_rule_hits(analyses)
    chosen = choose_thresholds(scores, truth, rule_hits, params)
    return decide(scores, chosen, rule_hits, vetoes(analyses), params)


def figures(scores: FloatArray, truth: BoolArray, flags: BoolArray) -> Figures:
    """Measure the ``flags`` that out-of-fold ``scores`` gave."""
    label_f1 = []
    for column in range(len(LABELS)):
        precision, recall = thresholds.precision_recall(flags[:, column], truth[:, column])
        label_f1.append(
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
    ordinary = ~truth[:, : len(LABELS)].any(axis=1)
    urgent_precision, urgent_recall = thresholds.precision_recall(
        flags[:, URGENT_COLUMN], truth[:, URGENT_COLUMN]
    )
    # Praise and everyday comments put at the top of the queue with a same-day
    # target: the false alarm that teaches leads to ignore the urgent flag.
    calm = ordinary & ~truth[:, URGENT_COLUMN]
    return Figures(
        macro_f1=float(np.mean(label_f1)),
        label_f1=tuple(label_f1),
        mean_average_precision=float(
            np.mean([average_precision(scores[:, c], truth[:, c]) for c in range(len(LABELS))])
        ),
        false_flag_rate=float(flags[ordinary, : len(LABELS)].any(axis=1).mean()),
        # Urgent texts that report no concern ("taking them all tonight"): a label on
        # one of these would be counted in the rights report as if a ward had failed.
        urgent_alone_flagged=float(
            flags[ordinary & truth[:, URGENT_COLUMN], : len(LABELS)].any(axis=1).mean()
        ),
        urgent_recall=urgent_recall,
        urgent_precision=urgent_precision,
        ordinary_flagged_urgent=float(flags[calm, URGENT_COLUMN].mean()),
        urgent_average_precision=average_precision(
            scores[:, URGENT_COLUMN], truth[:, URGENT_COLUMN]
        ),
    )


def main() -> int:
    """Compare out-of-fold figures without and with the new files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new", type=Path, nargs="+", required=True, help="training files")
    args = parser.parse_args()
    new_paths = {path.resolve() for path in args.new}
    known = {path.resolve() for path in corpus.train_files()}
    if not new_paths <= known:
        outside = ", ".join(str(p) for p in sorted(new_paths - known))
        parser.error(f"not a file of the training split: {outside}")

    before = [e for f in sorted(known - new_paths) for e in corpus.read_examples(f)]
    before = list({e.fingerprint(): e for e in before}.values())
    before_keys = {e.fingerprint() for e in before}
    added = [
        e
        for f in sorted(new_paths)
        for e in corpus.read_examples(f)
        if e.fingerprint() not in before_keys
    ]
    print(f"{len(before):,} examples scored; {len(added):,} new examples", file=sys.stderr)
    params = TrainingParams()
    analyses = [analyse(e.text) for e in before]
    truth = truth_matrix(before)
    without = out_of_fold_scores(analyses, truth, params)
    with_new = out_of_fold_scores(
        analyses,
        truth,
        params,
        always_fitted=([analyse(e.text) for e in added], truth_matrix(added)),
    )
    old_flags = flags_of(without, truth, analyses)
    new_flags = flags_of(with_new, truth, analyses)
    old, new = figures(without, truth, old_flags), figures(with_new, truth, new_flags)
    print(f"\nout of fold on the {len(before):,} examples already there")
    print(f"{'measure':34} {'without':>9} {'with new':>9} {'change':>8}")
    rows = [
        ("macro-F1", old.macro_f1, new.macro_f1),
        ("mean average precision", old.mean_average_precision, new.mean_average_precision),
        ("false flags on ordinary items", old.false_flag_rate, new.false_flag_rate),
        (
            "urgent items with no label, flagged",
            old.urgent_alone_flagged,
            new.urgent_alone_flagged,
        ),
        ("urgent recall", old.urgent_recall, new.urgent_recall),
        ("urgent precision", old.urgent_precision, new.urgent_precision),
        (
            "ordinary items flagged urgent",
            old.ordinary_flagged_urgent,
            new.ordinary_flagged_urgent,
        ),
        ("urgent average precision", old.urgent_average_precision, new.urgent_average_precision),
    ]
    rows += [
        (f"  F1 {label}", a, b)
        for label, a, b in zip(LABELS, old.label_f1, new.label_f1, strict=True)
    ]
    for name, a, b in rows:
        print(f"{name:34} {a:>9.3f} {b:>9.3f} {b - a:>+8.3f}")
    print("\n95% paired-bootstrap intervals of the change (classifiers/intervals.py):")
    for name, (low, high) in change_intervals(old_flags, new_flags, truth).items():
        print(f"  {name:32} {low:+.3f} to {high:+.3f}{'' if low <= 0 <= high else '  (not 0)'}")
    return 0


def change_intervals(
    before: BoolArray, after: BoolArray, truth: BoolArray
) -> dict[str, intervals.Interval]:
    """Return how far each headline change could move on other texts like these."""
    labels = slice(0, len(LABELS))
    ordinary = ~truth[:, labels].any(axis=1)
    calm = ordinary & ~truth[:, URGENT_COLUMN]
    return {
        "macro-F1": intervals.paired_macro_f1_difference(
            before[:, labels], after[:, labels], truth[:, labels]
        ),
        "false flags on ordinary items": intervals.paired_rate_difference(
            np.asarray(before[ordinary, labels].any(axis=1), dtype=bool),
            np.asarray(after[ordinary, labels].any(axis=1), dtype=bool),
        ),
        "ordinary items flagged urgent": intervals.paired_rate_difference(
            before[calm, URGENT_COLUMN], after[calm, URGENT_COLUMN]
        ),
    }


if __name__ == "__main__":
    sys.exit(main())
