"""The door between the service and the ``classifiers`` package.

The service asks one question of a classifier: given this text, which rights
concerns may it report, how urgent is it, and why. Keeping that behind a small
protocol lets tests and the ``FEEDBACK_CLASSIFIER=none`` setting use a
classifier that flags nothing, and keeps scikit-learn out of the web layer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Protocol

import msgspec

from feedback.models import PredictedLabel, Priority

HIGH_SEVERITY_LABELS = frozenset({"restraint", "seclusion", "coercion", "abuse", "neglect"})

# An unflagged label whose score reaches this share of its threshold is worth a
# look. 0.5 is the lowest share that keeps the band to under 3% of the real
# comments marked positive (2.7%; 0.4 takes 3.8%). On the labelled real
# comments, 20% (looked-at half) and 21% (held half) of the unflagged items in
# the band report a concern, against 8% of those below it (classifiers/README.md,
# "Worth a look"). A service can move it with ``FEEDBACK_POSSIBLE_SHARE``.
POSSIBLE_SHARE = 0.5


class Classification(msgspec.Struct, frozen=True):
    """What the classifier said about one text."""

    labels: tuple[str, ...]
    urgent: bool
    scores: dict[str, float]
    evidence: dict[str, tuple[str, ...]]
    """Phrases for each flagged label, each possible one, and ``urgent`` when urgent."""
    model_version: str
    possible: tuple[str, ...] = ()
    """Labels not flagged but scored close to their threshold (see ``POSSIBLE_SHARE``)."""

    @property
    def priority(self) -> Priority:
        """Where the item goes in the triage queue."""
        if self.urgent:
            return Priority.URGENT
        if HIGH_SEVERITY_LABELS.intersection(self.labels):
            return Priority.HIGH_SEVERITY
        if self.labels:
            return Priority.FLAGGED
        if self.possible:
            return Priority.POSSIBLE
        return Priority.ORDINARY

    def predicted_labels(self) -> tuple[PredictedLabel, ...]:
        """One row per scored label, flagged or not, with its evidence."""
        return tuple(
            PredictedLabel(
                label=label,
                score=round(float(score), 4),
                flagged=label in self.labels,
                evidence=tuple(self.evidence.get(label, ())),
                possible=label in self.possible,
            )
            for label, score in self.scores.items()
        )

    @property
    def urgent_evidence(self) -> tuple[str, ...]:
        """The phrases that made the text urgent."""
        return tuple(self.evidence.get("urgent", ()))


class TextClassifier(Protocol):
    """Anything that can classify feedback text."""

    @property
    def model_version(self) -> str:
        """Recorded with every item so a label can be traced to the model that made it."""

    def classify(self, text: str) -> Classification:
        """Classify one text."""


class NoLabels:
    """A classifier that flags nothing: for ``FEEDBACK_CLASSIFIER=none`` and tests."""

    model_version = "none"

    def classify(self, text: str) -> Classification:
        """Return no labels and no urgency."""
        return Classification(labels=(), urgent=False, scores={}, evidence={}, model_version="none")


class RightsModel:
    """The trained rights-concern model from ``classifiers``, loaded once."""

    def __init__(self, path: Path | None = None, *, possible_share: float = POSSIBLE_SHARE) -> None:
        from classifiers import load_classifier

        self._model = load_classifier(path)
        self._possible_share = possible_share

    @property
    def model_version(self) -> str:
        """The version of the loaded model file."""
        return str(self._model.model_version)

    def classify(self, text: str) -> Classification:
        """Classify with the trained model."""
        prediction = self._model.predict(text)
        possible = possible_labels(
            prediction.scores, prediction.labels, self._model.thresholds, self._possible_share
        )
        if possible:
            # "I was never restrained" scores restraint high and is vetoed: not worth a look.
            denied = self._model.denied(text)
            possible = tuple(label for label in possible if label not in denied)
        evidence = {key: tuple(value) for key, value in prediction.evidence.items()}
        # What made a label worth a look is marked on the item's page as well.
        evidence.update(self._model.explain(text, possible))
        return Classification(
            labels=tuple(prediction.labels),
            urgent=bool(prediction.urgent),
            scores=dict(prediction.scores),
            evidence=evidence,
            model_version=prediction.model_version,
            possible=possible,
        )


def possible_labels(
    scores: Mapping[str, float],
    flagged: Collection[str],
    thresholds: Mapping[str, float],
    share: float = POSSIBLE_SHARE,
) -> tuple[str, ...]:
    """The labels not flagged whose score reaches ``share`` of their threshold.

    The classifier misses about half the reports in real comments, and between
    a quarter and a third of those it leaves unflagged score at least half a
    threshold. These labels let the queue put such items before the rest of the
    unflagged feedback, and tell a lead what to look for. A label the text
    only denies is dropped afterwards (see ``RightsModel.classify``). A share
    of 0 turns the band off: every score would reach it.
    """
    if share <= 0:
        return ()
    return tuple(
        label
        for label, score in scores.items()
        if label not in flagged and score >= share * thresholds[label]
    )
