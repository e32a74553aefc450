"""Would more training examples close the gap? Measure the classifier's learning curve.

The classifier is short of the issue's accuracy targets, and the cheapest
remedy would be to write more examples. This script answers whether that can
work: it trains the shipped model, with its parameters and rules, on nested
random shares of the training split (a quarter, a half, three quarters, all of
it), scores each on the fixed test split, and prints the figures with the gain
each step brought. If the gain per doubling has shrunk to a point or two,
doubling the corpus again will not reach the targets.

Run as ``python bench/learning_curve.py [--shares 0.25 0.5 0.75 1] [--seed N]``;
it takes one training run per share (roughly 15 s each). It also writes
``test-artifacts/learning_curve.svg`` (git-ignored; ``--plot PATH``), a plain
chart of macro-F1 and false flags against the number of examples, to look at
beside the numbers.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from classifiers import corpus  # noqa: E402
from classifiers.evaluation import TestReport, evaluate_examples  # noqa: E402
from classifiers.prediction import RightsClassifier  # noqa: E402
from classifiers.taxonomy import HIGH_SEVERITY  # noqa: E402
from classifiers.training import train  # noqa: E402


class CurvePoint(NamedTuple):
    """Test-split figures of models trained on ``examples`` training examples.

    Each figure is the mean over the shuffles; ``macro_f1_low`` and
    ``macro_f1_high`` are the worst and best shuffle, to show how much of a
    step is the luck of which examples were drawn.
    """

    examples: int
    macro_f1: float
    macro_f1_low: float
    macro_f1_high: float
    false_flag_rate: float
    lowest_high_recall: float
    urgent_recall: float


def _report(examples: Sequence[corpus.Example], test: Sequence[corpus.Example]) -> TestReport:
    return evaluate_examples(RightsClassifier(train(examples)), test)


def measure(
    shares: Sequence[float], seeds: Sequence[int], test_path: Path = corpus.TEST_DIR
) -> list[CurvePoint]:
    """Train on each share of each shuffle of the training split; score on the test split."""
    examples = corpus.read_train()
    test = corpus.read_test(test_path)
    shuffles = []
    for seed in seeds:
        shuffled = list(examples)
        random.Random(seed).shuffle(shuffled)
        shuffles.append(shuffled)
    points = []
    for share in shares:
        size = round(len(examples) * share)
        if size == len(examples):
            # Every shuffle holds the same set, and the same set trains the same model.
            reports = [_report(examples, test)] * len(seeds)
        else:
            reports = [_report(shuffled[:size], test) for shuffled in shuffles]
        f1s = [r.macro_f1 for r in reports]
        points.append(
            CurvePoint(
                examples=size,
                macro_f1=statistics.fmean(f1s),
                macro_f1_low=min(f1s),
                macro_f1_high=max(f1s),
                false_flag_rate=statistics.fmean(r.ordinary_false_flag_rate for r in reports),
                lowest_high_recall=statistics.fmean(
                    min(f.recall for f in r.labels if f.label in HIGH_SEVERITY) for r in reports
                ),
                urgent_recall=statistics.fmean(r.urgent.recall for r in reports),
            )
        )
        print(f"  trained on {size:,} examples", file=sys.stderr, flush=True)
    return points


def gain_per_doubling(points: Sequence[CurvePoint]) -> float:
    """Return the least-squares slope of mean macro-F1 against log2 of the examples."""
    xs = [math.log2(p.examples) for p in points]
    slope, _ = statistics.linear_regression(xs, [p.macro_f1 for p in points])
    return slope


def svg_chart(points: Sequence[CurvePoint], width: int = 640, height: int = 360) -> str:
    """Return an SVG line chart of macro-F1 and false flags against training examples.

    Each macro-F1 point carries a bar from the worst shuffle to the best.

    Drawn by hand (a few lines of SVG) rather than with a plotting library the
    service does not otherwise need; the y axis runs from 0 to 1 so the
    distance to the targets is seen at its true size.
    """
    left, right, top, bottom = 60, 20, 20, 50
    most = max(p.examples for p in points)

    def x(examples: int) -> float:
        return left + (width - left - right) * examples / most

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1.0 - value)

    def line(values: Sequence[float], colour: str, dash: str = "") -> str:
        path = " ".join(
            f"{x(p.examples):.1f},{y(v):.1f}" for p, v in zip(points, values, strict=True)
        )
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        return f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{extra}/>'

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        ' font-family="sans-serif" font-size="12">',
        "<title>Learning curve of the rights classifier on the test split</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"'
            ' stroke="#ddd"/>'
            f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>'
        )
    for point in points:
        parts.append(
            f'<text x="{x(point.examples):.1f}" y="{height - bottom + 18}"'
            f' text-anchor="middle">{point.examples:,}</text>'
        )
    parts.append(
        f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">'
        "training examples</text>"
    )
    # Targets: macro-F1 0.85 and false flags 5%.
    parts.append(line([0.85] * len(points), "#1b5e20", "4 4"))
    parts.append(line([0.05] * len(points), "#b71c1c", "4 4"))
    parts.append(line([p.macro_f1 for p in points], "#1b5e20"))
    for point in points:
        parts.append(
            f'<line class="spread" x1="{x(point.examples):.1f}" x2="{x(point.examples):.1f}"'
            f' y1="{y(point.macro_f1_low):.1f}" y2="{y(point.macro_f1_high):.1f}"'
            ' stroke="#1b5e20" stroke-width="6" stroke-opacity="0.35"/>'
        )
    parts.append(line([p.false_flag_rate for p in points], "#b71c1c"))
    parts.append(
        f'<text x="{left + 8}" y="{y(0.85) - 6:.1f}" fill="#1b5e20">'
        "macro-F1 (dashed: target)</text>"
        f'<text x="{left + 8}" y="{y(0.05) - 6:.1f}" fill="#b71c1c">'
        "false flags on ordinary items (dashed: target)</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> int:
    """Measure the learning curve and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=[7, 11, 23], help="shuffles of the training split"
    )
    parser.add_argument("--plot", type=Path, default=REPO / "test-artifacts" / "learning_curve.svg")
    parser.add_argument(
        "--test",
        type=Path,
        default=corpus.TEST_DIR,
        help="score on this test file or folder (default: every file of the test split)",
    )
    args = parser.parse_args()
    if any(not 0.0 < share <= 1.0 for share in args.shares):
        parser.error("each share must be more than 0 and at most 1")

    points = measure(sorted(set(args.shares)), args.seeds, args.test)
    print(f"\nmean of {len(args.seeds)} shuffles, scored on {args.test}")
    print(
        f"{'examples':>9} {'macro-F1':>9} {'(worst-best)':>14} {'false flags':>12}"
        f" {'lowest high recall':>19} {'urgent recall':>14}"
    )
    for point in points:
        spread = f"{point.macro_f1_low:.3f}-{point.macro_f1_high:.3f}"
        print(
            f"{point.examples:>9,} {point.macro_f1:>9.3f} {spread:>14}"
            f" {point.false_flag_rate:>12.1%} {point.lowest_high_recall:>19.3f}"
            f" {point.urgent_recall:>14.3f}"
        )
    if len(points) > 1:
        slope = gain_per_doubling(points)
        last = gain_per_doubling(points[-2:])
        print(f"\nmacro-F1 gained per doubling of the examples (least squares): {slope:+.3f}")
        print(f"between the last two points alone: {last:+.3f} per doubling")
        if slope > 0:
            doublings = (0.85 - points[-1].macro_f1) / slope
            needed = points[-1].examples * 2**doublings
            print(
                f"if that held, macro-F1 0.85 would take {doublings:.1f} more doublings,"
                f" about {needed:,.0f} examples"
            )
    args.plot.parent.mkdir(parents=True, exist_ok=True)
    args.plot.write_text(svg_chart(points), encoding="utf-8")
    print(f"chart written to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
