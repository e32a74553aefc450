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
from classifiers.features import Analysis, analyse
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
        features = state.space.transform(analyses)
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
                found = self._evidence(
                    analysis,
                    features.indices[span],
                    features.data[span],
                    [*flagged, URGENT_COLUMN] if urgent else flagged,
                )
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

    def _evidence(
        self,
        analysis: Analysis,
        columns: npt.NDArray[np.int32],
        values: npt.NDArray[np.float64],
        outputs: Sequence[int],
    ) -> dict[str, tuple[str, ...]]:
        """Return the evidence for each of ``outputs`` (flagged labels, perhaps urgent).

        Every output of the text is worked out together: one gather of the
        weights, one spreading of contributions over tokens.
        """
        state = self._state
        # Where each n-gram came from is worked out only for a flagged text.
        occurrences = evidence.TermOccurrences(
            len(analysis.tokens), state.space.term_columns(analysis), columns
        )
        row_weights = state.weights[columns]
        # A conditional head speaks for its output too (see classifiers.model.HEADS).
        partners = [
            URGENT_CONDITIONAL_HEAD
            if output == URGENT_COLUMN
            else LABEL_CONDITIONAL_COLUMNS.start + output
            for output in outputs
        ]
        contributions = values[:, np.newaxis] * (
            row_weights[:, list(outputs)] + row_weights[:, partners]
        )
        token_scores = occurrences.token_scores(contributions)
        # Rule columns sort last in the row; each affirmed phrase match adds its column's weight.
        first_rule = int(np.searchsorted(columns, state.space.rule_offset))
        rule_positions = {
            column: position
            for position, column in enumerate(columns[first_rule:].tolist(), start=first_rule)
        }
        found: dict[str, tuple[str, ...]] = {}
        for slot, output in enumerate(outputs):
            spans = evidence.phrase_spans(analysis, token_scores[:, slot])
            if output == URGENT_COLUMN:
                # Rule matches that decided urgency come first, whatever the model's weights.
                top = max((span.score for span in spans), default=1.0)
                spans.extend(
                    evidence.Span(match.start, match.end, top + 1.0)
                    for match in analysis.urgent
                    if match.decisive
                )
                found[URGENT] = evidence.select(spans, analysis.text)
                continue
            for match in analysis.phrases:
                if match.label != LABELS[output] or match.state != "affirmed":
                    continue
                position = rule_positions.get(
                    state.space.rule_offset + phrases.feature_column(match)
                )
                weight = 0.0 if position is None else float(contributions[position, slot])
                if weight > 0:
                    spans.append(evidence.Span(match.start, match.end, weight))
            found[LABELS[output]] = evidence.select(spans, analysis.text)
        return found


def load_classifier(path: Path | None = None) -> RightsClassifier:
    """Load the trained classifier from ``path`` (default :data:`DEFAULT_MODEL_PATH`).

    Raises :class:`ModelNotFoundError` when there is no model file, and
    :class:`~classifiers.persistence.ModelFormatError` when the file is damaged,
    edited, unsafe or from an incompatible version of this code.
    """
    return RightsClassifier(load(path or DEFAULT_MODEL_PATH))
