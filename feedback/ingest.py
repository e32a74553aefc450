"""The door between the service and the ``classifiers`` package.

The service asks one question of a classifier: given this text, which rights
concerns may it report, how urgent is it, and why. Keeping that behind a small
protocol lets tests and the ``FEEDBACK_CLASSIFIER=none`` setting use a
classifier that flags nothing, and keeps scikit-learn out of the web layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import msgspec

from feedback.models import PredictedLabel, Priority

HIGH_SEVERITY_LABELS = frozenset({"restraint", "seclusion", "coercion", "abuse", "neglect"})


class Classification(msgspec.Struct, frozen=True):
    """What the classifier said about one text."""

    labels: tuple[str, ...]
    urgent: bool
    scores: dict[str, float]
    evidence: dict[str, tuple[str, ...]]
    model_version: str

    @property
    def priority(self) -> Priority:
        """Where the item goes in the triage queue."""
        if self.urgent:
            return Priority.URGENT
        if HIGH_SEVERITY_LABELS.intersection(self.labels):
            return Priority.HIGH_SEVERITY
        if self.labels:
            return Priority.FLAGGED
        return Priority.ORDINARY

    def predicted_labels(self) -> tuple[PredictedLabel, ...]:
        """One row per scored label, flagged or not, with its evidence."""
        return tuple(
            PredictedLabel(
                label=label,
                score=round(float(score), 4),
                flagged=label in self.labels,
                evidence=tuple(self.evidence.get(label, ())),
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

    def __init__(self, path: Path | None = None) -> None:
        from classifiers import load_classifier

        self._model = load_classifier(path)

    @property
    def model_version(self) -> str:
        """The version of the loaded model file."""
        return str(self._model.model_version)

    def classify(self, text: str) -> Classification:
        """Classify with the trained model."""
        prediction = self._model.predict(text)
        return Classification(
            labels=tuple(prediction.labels),
            urgent=bool(prediction.urgent),
            scores=dict(prediction.scores),
            evidence={key: tuple(value) for key, value in prediction.evidence.items()},
            model_version=prediction.model_version,
        )
