"""How much the queue's "worth a look" band finds, at several shares of the thresholds.

The classifier flags about half of what readers find in real comments. An
item it leaves unflagged goes into the band when some label scores at least a
share of its threshold (``feedback.ingest.POSSIBLE_SHARE``), and the band comes
before ordinary feedback in the queue. This script measures, for each share,
on the real comments readers labelled (each half apart; see
``classifiers/README.md``, "On real comments") how many unflagged items the
band holds and how many of them report a concern, against the unflagged items
below it; and, as the cost, how many of all the real comments marked positive
it would put in front of a lead.

Run as ``python bench/worth_a_look.py`` with a trained model and the shared
data beside the repository. It only reads: nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from classifiers import intervals  # noqa: E402
from classifiers.prediction import DEFAULT_MODEL_PATH, RightsClassifier, load_classifier  # noqa: E402
from classifiers.real_comments import attach, read_real_labels  # noqa: E402
from classifiers.shared_data import DEFAULT_SHARED_DATA, positive_comments  # noqa: E402
from classifiers.taxonomy import HIGH_SEVERITY, LABELS  # noqa: E402
from feedback.ingest import POSSIBLE_SHARE  # noqa: E402

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
SHARES = (0.75, 0.6, 0.5, 0.4, 0.33, 0.25)


class Band(NamedTuple):
    """What the band holds at one share, among the items the classifier left unflagged."""

    unflagged: int
    in_band: int
    reports_in_band: int
    reports_below: int

    @property
    def report_rate_in_band(self) -> float:
        return self.reports_in_band / self.in_band if self.in_band else 0.0

    @property
    def report_rate_below(self) -> float:
        below = self.unflagged - self.in_band
        return self.reports_below / below if below else 0.0

    def rates_with_intervals(self) -> str:
        """Both report rates, each with its 95% Wilson interval: is the band really richer?"""
        in_low, in_high = intervals.wilson(self.reports_in_band, self.in_band)
        below_low, below_high = intervals.wilson(self.reports_below, self.unflagged - self.in_band)
        return (
            f"{self.report_rate_in_band:.3f} ({in_low:.2f}-{in_high:.2f}) / "
            f"{self.report_rate_below:.3f} ({below_low:.2f}-{below_high:.2f})"
        )


def closeness(scores: FloatArray, thresholds: FloatArray, denied: BoolArray) -> FloatArray:
    """Each item's highest label score as a share of that label's threshold.

    Labels the text only denies ("I was never restrained") count for nothing,
    as in the service.
    """
    result: FloatArray = np.where(denied, 0.0, scores / thresholds).max(axis=1)
    return result


def band(closeness_: FloatArray, flagged: BoolArray, reports: BoolArray, share: float) -> Band:
    """Count the unflagged items at or over ``share``, and the reports among them and below."""
    unflagged = ~flagged
    inside = unflagged & (closeness_ >= share)
    below = unflagged & ~inside
    return Band(
        unflagged=int(unflagged.sum()),
        in_band=int(inside.sum()),
        reports_in_band=int((inside & reports).sum()),
        reports_below=int((below & reports).sum()),
    )


def _read(classifier: RightsClassifier, texts: list[str]) -> tuple[FloatArray, BoolArray]:
    thresholds = np.array([classifier.thresholds[label] for label in LABELS])
    scores = classifier.score_many(texts)[:, : len(LABELS)]
    flagged = np.array([bool(p.labels) for p in classifier.predict_many(texts)])
    denied = np.array([[label in classifier.denied(text) for label in LABELS] for text in texts])
    return closeness(scores, thresholds, denied), flagged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    args = parser.parse_args()
    classifier = load_classifier(args.model)
    found = attach(read_real_labels(), args.shared_data)
    print(f"model {classifier.model_version}; the queue uses share {POSSIBLE_SHARE}")
    for half in ("looked_at", "held"):
        examples = list(getattr(found, half))
        near, flagged = _read(classifier, [e.text for e in examples])
        reports = np.array([bool(e.labels) for e in examples])
        severe = np.array([bool(HIGH_SEVERITY.intersection(e.labels)) for e in examples])
        print(f"\n{half} half: {len(examples)} comments")
        print(
            "share  unflagged  in band  reports in band / below"
            "  report rate in band / below (95% intervals)"
            "  high-severity in band / below"
        )
        for share in SHARES:
            b = band(near, flagged, reports, share)
            high = band(near, flagged, severe, share)
            print(
                f"{share:5.2f}  {b.unflagged:9d}  {b.in_band:7d}"
                f"  {b.reports_in_band:15d} / {b.reports_below:5d}"
                f"  {b.rates_with_intervals()}"
                f"  {high.reports_in_band:21d} / {high.reports_below:5d}"
            )
    positive = [text for _, _, texts in positive_comments(args.shared_data) for text in texts]
    near, flagged = _read(classifier, positive)
    nothing = np.zeros(len(positive), dtype=bool)
    print(f"\nreal comments marked positive: {len(positive)}")
    for share in SHARES:
        b = band(near, flagged, nothing, share)
        print(f"{share:5.2f}  in band {b.in_band} ({b.in_band / len(positive):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
