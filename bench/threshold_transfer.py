"""Do thresholds chosen out of fold hold on examples the model has never seen?

Training picks each high-severity threshold on out-of-fold scores: models
fitted on two thirds of the examples score the third they did not see. The
shipped model is then fitted on everything, so it could score unseen text more
confidently than the fold models did, and its recall on new text could differ
from the recall training reported. This script checks, inside the training
split, with no look at the test split: it holds out a quarter of the training
examples, trains exactly as ``python -m classifiers train`` does on the rest,
and compares the out-of-fold precision and recall that training reported with
those of the trained model on the held-out quarter.

``--holdout random`` holds out a random quarter of the examples (the same kind
of text as the rest); ``--holdout files`` holds out a quarter of the training
files whole, so the held-out text comes from writers and topics the model never
saw, as new feedback does.

Run as ``python bench/threshold_transfer.py --holdout files --repeats 3``; each
repeat trains a model, about a minute on one core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from classifiers import corpus, thresholds  # noqa: E402
from classifiers.corpus import Example  # noqa: E402
from classifiers.model import TrainingParams  # noqa: E402
from classifiers.prediction import RightsClassifier  # noqa: E402
from classifiers.taxonomy import HIGH_SEVERITY, LABELS  # noqa: E402
from classifiers.training import train  # noqa: E402

BoolArray = npt.NDArray[np.bool_]
# In taxonomy order, so the table reads the same every run.
HIGH = [label for label in LABELS if label in HIGH_SEVERITY]


def examples_by_file() -> tuple[list[Example], list[str]]:
    """Return every distinct training example and the stem of the file it came from."""
    seen: dict[str, tuple[Example, str]] = {}
    for path in corpus.train_files():
        for example in corpus.read_examples(path):
            seen.setdefault(example.fingerprint(), (example, path.stem))
    ordered = [seen[key] for key in sorted(seen)]
    return [example for example, _ in ordered], [stem for _, stem in ordered]


def held_out_rows(files: list[str], holdout: str, repeat: int) -> BoolArray:
    """Return which rows to hold out: a random quarter, or a random quarter of the files."""
    generator = np.random.default_rng(repeat)
    if holdout == "random":
        return np.asarray(generator.random(len(files)) < 0.25)
    names = sorted(set(files))
    generator.shuffle(names)
    chosen = set(names[: len(names) // 4])
    return np.array([name in chosen for name in files])


def one_repeat(
    examples: list[Example], held: BoolArray, params: TrainingParams
) -> dict[str, tuple[float, float, float, float]]:
    """Train on the kept rows; return per label (out-of-fold P, R, held-out P, R)."""
    kept = [e for e, h in zip(examples, held, strict=True) if not h]
    unseen = [e for e, h in zip(examples, held, strict=True) if h]
    state = train(kept, params)
    # The held-out quarter goes through the same path as a submitted item.
    predictions = RightsClassifier(state).predict_many([example.text for example in unseen])
    reported = {summary.output: summary for summary in state.summary.outputs}
    figures = {}
    for label in HIGH:
        flags = np.array([label in prediction.labels for prediction in predictions])
        truth = np.array([label in example.labels for example in unseen])
        precision, recall = thresholds.precision_recall(flags, truth)
        summary = reported[label]
        figures[label] = (summary.precision, summary.recall, precision, recall)
    return figures


def main() -> int:
    """Print out-of-fold against held-out precision and recall, per high-severity label."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", choices=("random", "files"), default="files")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    params = TrainingParams()
    examples, files = examples_by_file()
    runs = []
    for repeat in range(1, args.repeats + 1):
        held = held_out_rows(files, args.holdout, repeat)
        print(
            f"repeat {repeat}: training on {int((~held).sum()):,}, holding out {int(held.sum()):,}",
            file=sys.stderr,
            flush=True,
        )
        runs.append(one_repeat(examples, held, params))
    print(f"\nholdout {args.holdout}, mean of {args.repeats} repeats")
    print(f"{'label':10} {'oof P':>7} {'oof R':>7} {'held P':>7} {'held R':>7} {'R change':>9}")
    for label in HIGH:
        oof_p, oof_r, held_p, held_r = np.mean([run[label] for run in runs], axis=0)
        print(
            f"{label:10} {oof_p:>7.3f} {oof_r:>7.3f} {held_p:>7.3f} {held_r:>7.3f} "
            f"{held_r - oof_r:>+9.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
