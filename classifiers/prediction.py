"""The classifier the service calls: text in, labels, urgency, scores and evidence out.

Load it once at start with :func:`load_classifier` and call
:meth:`RightsClassifier.predict` per feedback item (or
:meth:`RightsClassifier.predict_many` for a batch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import msgspec
import numpy as np
import numpy.typing as npt

from classifiers import evidence, phrases
from classifiers.features import Analysis, Occurrences, analyse
from classifiers.model import (
    LABEL_CONDITIONAL_COLUMNS,
    OUTPUTS,
    URGENT,
    URGENT_COLUMN,
    URGENT_CONDITIONAL_HEAD,
    ModelState,
)
from classifiers.persistence import ModelNotFoundError, load
from classifiers.taxonomy import LABELS
from classifiers.training import decide, scores_of, urgent_rule_hits, vetoes

__all__ = [
    "DEFAULT_MODEL_PATH",
    "ModelNotFoundError",
    "Prediction",
    "RightsClassifier",
    "load_classifier",
]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / "rights_classifier.skops"

# Texts scored at once in predict_many; bounds memory for very large batches.
_BATCH = 1024
# One row of the feature matrix: its columns, their values, and where its n-grams came from.
_Row = tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], evidence.TermOccurrences]


class Prediction(msgspec.Struct, frozen=True):
    """What the classifier says about one feedback text."""

    labels: tuple[str, ...]
    """Flagged labels, in taxonomy order."""
    urgent: bool
    """Whether the text tells of immediate danger."""
    scores: dict[str, float]
    """Every label's probability, 0 to 1."""
    evidence: dict[str, tuple[str, ...]]
    """For each flagged label (and ``urgent`` when urgent): exact substrings of the text."""
    model_version: str


class RightsClassifier:
    """A loaded rights-concern classifier."""

    def __init__(self, state: ModelState) -> None:
        self._state = state
        self.model_version: str = state.version

    @property
    def state(self) -> ModelState:
        """The trained model behind this classifier."""
        return self._state

    @property
    def thresholds(self) -> Mapping[str, float]:
        """Each output's decision threshold."""
        return dict(zip(OUTPUTS, self._state.thresholds.tolist(), strict=True))

    def predict(self, text: str) -> Prediction:
        """Classify one text."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """Classify several texts; faster per text than calling :meth:`predict` in a loop."""
        predictions: list[Prediction] = []
        for start in range(0, len(texts), _BATCH):
            predictions.extend(self._predict_batch(texts[start : start + _BATCH]))
        return predictions

    def score_many(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Return the raw probability of every output (labels, then urgent) per text."""
        analyses = [analyse(text) for text in texts]
        features = self._state.space.transform(analyses)
        return scores_of(features, self._state.weights, self._state.intercepts)

    def _predict_batch(self, texts: Sequence[str]) -> list[Prediction]:
        state = self._state
        analyses = [analyse(text) for text in texts]
        occurrences: list[Occurrences] = []
        features = state.space.transform(analyses, occurrences)
        scores = scores_of(features, state.weights, state.intercepts)
        flags = decide(
            scores, state.thresholds, urgent_rule_hits(analyses), vetoes(analyses), state.params
        )
        results = []
        label_scores = np.round(scores[:, : len(LABELS)], 4).tolist()
        for row, analysis in enumerate(analyses):
            urgent = bool(flags[row, URGENT_COLUMN])
            flagged = [i for i in range(len(LABELS)) if flags[row, i]]
            found: dict[str, tuple[str, ...]] = {}
            if flagged or urgent:
                span = slice(features.indptr[row], features.indptr[row + 1])
                row_features = (
                    features.indices[span],
                    features.data[span],
                    evidence.TermOccurrences(
                        len(analysis.tokens), occurrences[row], features.indices[span]
                    ),
                )
                for output in flagged:
                    found[LABELS[output]] = self._evidence(analysis, row_features, output)
                if urgent:
                    found[URGENT] = self._urgent_evidence(analysis, row_features)
            results.append(
                Prediction(
                    labels=tuple(LABELS[i] for i in flagged),
                    urgent=urgent,
                    scores=dict(zip(LABELS, label_scores[row], strict=True)),
                    evidence=found,
                    model_version=self.model_version,
                )
            )
        return results

    def _spans(self, analysis: Analysis, row_features: _Row, output: int) -> list[evidence.Span]:
        columns, values, occurrences = row_features
        every_head = self._state.weights
        weights = every_head[columns, output]
        # A conditional head speaks for its output too (see classifiers.model.HEADS).
        if output < len(LABELS):
            weights = weights + every_head[columns, LABEL_CONDITIONAL_COLUMNS.start + output]
        elif output == URGENT_COLUMN:
            weights = weights + every_head[columns, URGENT_CONDITIONAL_HEAD]
        contributions = values * weights
        scores = occurrences.token_scores(contributions)
        spans = evidence.phrase_spans(analysis, scores)
        # Affirmed phrase matches for the label add their own weight to their span.
        rule_offset = self._state.space.rule_offset
        by_column = dict(zip(columns.tolist(), contributions.tolist(), strict=True))
        if output < len(LABELS):
            for match in analysis.phrases:
                if match.label != LABELS[output] or match.state != "affirmed":
                    continue
                column = rule_offset + phrases.feature_column(match)
                weight = by_column.get(column, 0.0)
                if weight > 0:
                    spans.append(evidence.Span(match.start, match.end, weight))
        return spans

    def _evidence(self, analysis: Analysis, row_features: _Row, output: int) -> tuple[str, ...]:
        return evidence.select(self._spans(analysis, row_features, output), analysis.text)

    def _urgent_evidence(self, analysis: Analysis, row_features: _Row) -> tuple[str, ...]:
        spans = self._spans(analysis, row_features, URGENT_COLUMN)
        # Rule matches that decided urgency come first, whatever the model's weights.
        top = max((span.score for span in spans), default=1.0)
        for match in analysis.urgent:
            if match.decisive:
                spans.append(evidence.Span(match.start, match.end, top + 1.0))
        return evidence.select(spans, analysis.text)


def load_classifier(path: Path | None = None) -> RightsClassifier:
    """Load the trained classifier from ``path`` (default :data:`DEFAULT_MODEL_PATH`).

    Raises :class:`ModelNotFoundError` when there is no model file, and
    :class:`~classifiers.persistence.ModelFormatError` when the file is damaged,
    edited, unsafe or from an incompatible version of this code.
    """
    return RightsClassifier(load(path or DEFAULT_MODEL_PATH))
