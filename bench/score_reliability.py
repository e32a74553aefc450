"""Can a lead read a label's score as a probability?

The staff item page shows each flagged label's score ("restraint 0.12"), and
``predict`` calls the scores probabilities. A score is honest as a probability
if, of all the texts scored about 0.12 for a label, about 12 in 100 report it.
This script bands every (text, label) score of the test split, and of the
labelled real comments when ``shared/data`` is there, and prints per band how
many pairs fall in it, the mean score, and the share that do report the label,
with its 95% Wilson interval. The bands, not one label, are pooled over the
ten labels; urgency, whose scores mean something else (see "The words of
urgency" in ``classifiers/README.md``), gets its own table.

Run as ``python bench/score_reliability.py``; a few seconds. With
``--out-of-fold`` it also bands the training split's out-of-fold scores (the
ones training picks thresholds on), about a minute more on one core.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from classifiers import corpus, intervals, real_comments, shared_data  # noqa: E402
from classifiers.corpus import Example  # noqa: E402
from classifiers.features import analyse  # noqa: E402
from classifiers.model import URGENT_COLUMN, TrainingParams  # noqa: E402
from classifiers.prediction import load_classifier  # noqa: E402
from classifiers.taxonomy import LABELS  # noqa: E402
from classifiers.training import out_of_fold_scores, truth_matrix  # noqa: E402

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
EDGES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0)


def bands(
    scores: FloatArray, truth: BoolArray
) -> list[tuple[str, int, float, float, float, float]]:
    """Return per band: its name, pairs, mean score, share reporting, and that share's interval."""
    rows = []
    for low, high in itertools.pairwise(EDGES):
        inside = (scores >= low) & ((scores < high) if high < 1.0 else (scores <= high))
        count = int(inside.sum())
        if not count:
            continue
        reporting = int(truth[inside].sum())
        share_low, share_high = intervals.wilson(reporting, count)
        rows.append(
            (
                f"{low:.2f} to {high:.2f}",
                count,
                float(scores[inside].mean()),
                reporting / count,
                share_low,
                share_high,
            )
        )
    return rows


def print_bands(title: str, scores: FloatArray, truth: BoolArray) -> None:
    print(f"\n{title}")
    print(
        f"{'score band':14} {'pairs':>7} {'mean score':>11} {'share reporting':>16}   95% interval"
    )
    for name, count, mean, share, low, high in bands(scores, truth):
        print(f"{name:14} {count:>7} {mean:>11.3f} {share:>16.3f}   {low:.3f} to {high:.3f}")


def score_and_truth(examples: Sequence[Example]) -> tuple[FloatArray, BoolArray]:
    """Return the model's raw scores (labels, then urgency) and the examples' truth."""
    classifier = load_classifier()
    scores = classifier.score_many([e.text for e in examples])
    return scores[:, : len(LABELS) + 1], truth_matrix(examples)[:, : len(LABELS) + 1]


def out_of_fold() -> tuple[FloatArray, BoolArray]:
    """Return the training split's out-of-fold scores and truth, with training's folds."""
    unique = {example.fingerprint(): example for example in corpus.read_train()}
    examples = [unique[key] for key in sorted(unique)]
    truth = truth_matrix(examples)
    scores = out_of_fold_scores([analyse(e.text) for e in examples], truth, TrainingParams())
    return scores[:, : len(LABELS) + 1], truth[:, : len(LABELS) + 1]


def main() -> int:
    """Print the bands for the test split and, when present, the labelled real comments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-of-fold", action="store_true", help="also band the training split, out of fold"
    )
    args = parser.parse_args()
    if args.out_of_fold:
        scores, truth = out_of_fold()
        labels = slice(0, len(LABELS))
        print_bands(
            f"training split out of fold, ten labels pooled ({len(scores)} texts)",
            scores[:, labels].ravel(),
            truth[:, labels].ravel(),
        )
        print_bands(
            "training split out of fold, urgency", scores[:, URGENT_COLUMN], truth[:, URGENT_COLUMN]
        )
    sets = [("test split", corpus.read_test())]
    labels_path = real_comments.REAL_LABELS_PATH
    if shared_data.DEFAULT_SHARED_DATA.is_dir() and labels_path.is_file():
        found = real_comments.attach(
            real_comments.read_real_labels(labels_path), shared_data.DEFAULT_SHARED_DATA
        )
        sets.append(("labelled real comments", [*found.looked_at, *found.held]))
    for name, examples in sets:
        scores, truth = score_and_truth(examples)
        labels = slice(0, len(LABELS))
        print_bands(
            f"{name}, ten labels pooled ({len(examples)} texts)",
            scores[:, labels].ravel(),
            truth[:, labels].ravel(),
        )
        print_bands(f"{name}, urgency", scores[:, URGENT_COLUMN], truth[:, URGENT_COLUMN])
    return 0


if __name__ == "__main__":
    sys.exit(main())
