"""What do the safeguarding leads' confirmed labels buy on real comments?

The classifier finds about half of what readers find in real comments, and
the way the project offers to close that gap is the leads' own decisions:
``feedback export labels`` writes every label a lead confirmed or corrected,
and ``python -m classifiers train --extra`` learns from them. This script
measures how far that goes. The looked-at half of the readers' labelled real
comments (see ``classifiers/README.md``, "On real comments") plays the leads'
confirmed labels, in nested random draws; each point trains the shipped model
on the corpus and that many comments, as ``train --extra`` does, and scores
the held half, which is never trained on.

Run as ``python bench/confirmed_labels.py [--sizes 0 150 300 611] [--seeds 7 11]``
with the shared data beside the repository. Each point is one training run
(about a minute on two cores); the first and last sizes need one run whatever
the seeds. Nothing is written.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from classifiers import corpus  # noqa: E402
from classifiers.evaluation import (  # noqa: E402
    RankingReport,
    TestReport,
    rank_examples,
    score_examples,
)
from classifiers.prediction import RightsClassifier  # noqa: E402
from classifiers.real_comments import attach, read_real_labels  # noqa: E402
from classifiers.shared_data import DEFAULT_SHARED_DATA  # noqa: E402
from classifiers.training import train  # noqa: E402
from classifiers.workers import default_workers  # noqa: E402


class HeldFigures(NamedTuple):
    """How a model did on the held half of the labelled real comments.

    The counts are floats because a point's figures are means over draws.
    """

    precision: float
    """All labels together: the share of flags the readers agree with."""
    recall: float
    """All labels together: the share of the readers' labels flagged."""
    missed_high_severity: float
    false_flag_rate: float
    """Comments the readers found nothing in that were flagged."""
    urgent_flagged: float
    any_concern_average_precision: float
    """How well the highest label score ranks comments that report anything."""
    label_average_precision: float
    """The mean over labels with enough reports of each label's average precision."""


def held_figures(report: TestReport, ranking: RankingReport) -> HeldFigures:
    """Pool the per-label counts of ``report`` and take the ranking's averages."""
    true_positives = sum(label.true_positives for label in report.labels)
    flagged = sum(label.flagged for label in report.labels)
    reported = sum(label.support for label in report.labels)
    return HeldFigures(
        precision=true_positives / flagged if flagged else 0.0,
        recall=true_positives / reported if reported else 0.0,
        missed_high_severity=report.missed_high_severity,
        false_flag_rate=report.ordinary_false_flag_rate,
        urgent_flagged=report.urgent.flagged,
        any_concern_average_precision=ranking.any_concern_average_precision,
        label_average_precision=ranking.macro_average_precision,
    )


def nested_draws(
    pool: Sequence[corpus.Example], sizes: Sequence[int], seed: int
) -> dict[int, list[corpus.Example]]:
    """Draw each size from one shuffle of ``pool``, so every draw holds the smaller ones.

    A size at or above the pool's takes all of it.
    """
    shuffled = list(pool)
    random.Random(seed).shuffle(shuffled)
    return {size: shuffled[: min(size, len(shuffled))] for size in sizes}


class CurvePoint(NamedTuple):
    """The mean figures of the draws of one size, and the spread of the ranking."""

    confirmed: int
    mean: HeldFigures
    any_concern_low: float
    any_concern_high: float


def mean_point(confirmed: int, runs: Sequence[HeldFigures]) -> CurvePoint:
    """Average ``runs`` field by field (counts too: a mean of 23 and 24 is 23.5)."""
    mean = HeldFigures(*(statistics.fmean(values) for values in zip(*runs, strict=True)))
    ranking = [run.any_concern_average_precision for run in runs]
    return CurvePoint(confirmed, mean, min(ranking), max(ranking))


def _score(
    training: Sequence[corpus.Example],
    confirmed: Sequence[corpus.Example],
    held: Sequence[corpus.Example],
    workers: int,
) -> HeldFigures:
    state = train([*training, *confirmed], extra_examples=len(confirmed), workers=workers)
    predictions = RightsClassifier(state).predict_many([example.text for example in held])
    return held_figures(
        score_examples(predictions, held, state.version), rank_examples(predictions, held)
    )


def measure(
    sizes: Sequence[int], seeds: Sequence[int], shared_dir: Path, workers: int
) -> list[CurvePoint]:
    """Train with each size of draw from the looked-at half; score the held half."""
    found = attach(read_real_labels(), shared_dir)
    if not found.looked_at or not found.held:
        raise SystemExit(f"no labelled real comments found in {shared_dir}")
    training = corpus.read_train()
    draws = [nested_draws(found.looked_at, sizes, seed) for seed in seeds]
    points = []
    for size in sizes:
        taken = [draw[size] for draw in draws]
        if len(taken[0]) in (0, len(found.looked_at)):
            # Every seed draws the same set, and the same set trains the same model.
            runs = [_score(training, taken[0], found.held, workers)]
        else:
            runs = [_score(training, draw, found.held, workers) for draw in taken]
        points.append(mean_point(len(taken[0]), runs))
        print(f"  trained with {len(taken[0])} confirmed comments", file=sys.stderr, flush=True)
    return points


def main() -> int:
    """Measure and print the curve."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 150, 300, 611])
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[7, 11], help="shuffles of the looked-at half"
    )
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    if any(size < 0 for size in args.sizes):
        parser.error("sizes are numbers of comments, 0 or more")

    points = measure(sorted(set(args.sizes)), args.seeds, args.shared_data, args.workers)
    print(f"\nheld half of the labelled real comments; mean of {len(args.seeds)} draws")
    print(
        f"{'confirmed':>9} {'precision':>9} {'recall':>7} {'high missed':>11}"
        f" {'false flags':>11} {'urgent flagged':>14} {'AP any concern':>14}"
        f" {'(worst-best)':>13} {'AP by label':>11}"
    )
    for point in points:
        figures = point.mean
        spread = f"{point.any_concern_low:.3f}-{point.any_concern_high:.3f}"
        print(
            f"{point.confirmed:>9} {figures.precision:>9.3f} {figures.recall:>7.3f}"
            f" {figures.missed_high_severity:>11.1f} {figures.false_flag_rate:>11.1%}"
            f" {figures.urgent_flagged:>14.1f} {figures.any_concern_average_precision:>14.3f}"
            f" {spread:>13} {figures.label_average_precision:>11.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
