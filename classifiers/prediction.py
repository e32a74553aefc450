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
import scipy.sparse as sp

from classifiers import evidence, phrases
from classifiers.features import Analysis, TextReading, analyse, urgent_rule_hits, vetoes
from classifiers.model import (
    LABEL_CONDITIONAL_COLUMNS,
    OUTPUTS,
    URGENT_COLUMN,
    URGENT_CONDITIONAL_HEAD,
    ModelState,
)
from classifiers.persistence import ModelNotFoundError, load
from classifiers.taxonomy import LABELS
from classifiers.training import decide, scores_of

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

    def explain(self, text: str, labels: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """The phrases of ``text`` that raised each of ``labels``' scores, flagged or not.

        :meth:`predict` gives evidence only for the labels it flags; this lets
        a caller show why a label it has not flagged still scored close to its
        threshold. Labels whose score nothing in the text raised are left out.
        """
        columns = [LABELS.index(label) for label in labels]
        if not columns:
            return {}
        analyses = [analyse(text)]
        features, readings = self._state.space.read(analyses)
        found = self._evidence(analyses, readings, features, [columns])[0]
        return {label: phrases for label, phrases in found.items() if phrases}

    def denied(self, text: str) -> frozenset[str]:
        """The labels that every phrase of ``text`` naming them denies ("I was never restrained").

        Such a label is flagged only if its score is clearly high (the negation
        veto), so a caller looking below the thresholds should pass over it too.
        """
        return phrases.denied_labels(analyse(text).phrases)

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
        features, readings = state.space.read(analyses)
        scores = scores_of(features, state.weights, state.intercepts)
        flags = decide(
            scores, state.thresholds, urgent_rule_hits(analyses), vetoes(analyses), state.params
        )
        outputs_of = [
            [i for i in range(len(LABELS)) if flags[row, i]]
            + ([URGENT_COLUMN] if flags[row, URGENT_COLUMN] else [])
            for row in range(len(analyses))
        ]
        found = self._evidence(analyses, readings, features, outputs_of)
        label_scores = np.round(scores[:, : len(LABELS)], 4).tolist()
        return [
            Prediction(
                labels=tuple(LABELS[i] for i in outputs if i < len(LABELS)),
                urgent=URGENT_COLUMN in outputs,
                scores=dict(zip(LABELS, label_scores[row], strict=True)),
                evidence=found[row],
                model_version=self.model_version,
            )
            for row, outputs in enumerate(outputs_of)
        ]

    def _evidence(
        self,
        analyses: Sequence[Analysis],
        readings: Sequence[TextReading],
        features: sp.csr_matrix,
        outputs_of: Sequence[Sequence[int]],
    ) -> list[dict[str, tuple[str, ...]]]:
        """Return, per text, the evidence for each of its outputs (flagged labels, perhaps urgent).

        Worked out only for flagged texts, and for all of a batch's flagged
        (text, output) pairs together.
        """
        found: list[dict[str, tuple[str, ...]]] = [{} for _ in analyses]
        rows = [row for row, outputs in enumerate(outputs_of) if outputs]
        if not rows:
            return found
        state = self._state
        flagged = [analyses[row] for row in rows]
        spreading = evidence.Spreading(
            features,
            rows,
            state.space.term_occurrences(flagged, [readings[row] for row in rows]),
            [len(analysis.tokens) for analysis in flagged],
        )
        pair_texts = [text for text, row in enumerate(rows) for _ in outputs_of[row]]
        pair_outputs = [output for row in rows for output in outputs_of[row]]
        items = spreading.pair_items(pair_texts)
        # A conditional head speaks for its output too (see classifiers.model.HEADS).
        own = np.asarray(pair_outputs, dtype=np.int64)
        partner = np.where(
            own == URGENT_COLUMN, URGENT_CONDITIONAL_HEAD, LABEL_CONDITIONAL_COLUMNS.start + own
        )
        columns = spreading.occurrences.columns[items.occurrence]
        weights = (
            state.weights[columns, own[items.pair]] + state.weights[columns, partner[items.pair]]
        )
        token_scores = spreading.token_scores(items, weights)
        for text, output, partner_head, scores in zip(
            pair_texts, pair_outputs, partner.tolist(), token_scores, strict=True
        ):
            analysis = flagged[text]
            spans = evidence.phrase_spans(analysis, scores)
            if output == URGENT_COLUMN:
                # Rule matches that decided urgency come first, whatever the model's weights.
                top = max((span.score for span in spans), default=1.0)
                spans.extend(
                    evidence.Span(match.start, match.end, top + 1.0)
                    for match in analysis.urgent
                    if match.decisive
                )
            else:
                spans.extend(self._rule_spans(analysis, features, rows[text], output, partner_head))
            found[rows[text]][OUTPUTS[output]] = evidence.select(spans, analysis.text)
        return found

    def _rule_spans(
        self,
        analysis: Analysis,
        features: sp.csr_matrix,
        row: int,
        output: int,
        partner: int,
    ) -> list[evidence.Span]:
        """Return the affirmed phrase matches for ``output``, each scored by its rule column."""
        spans: list[evidence.Span] = []
        label = LABELS[output]
        weights = self._state.weights
        row_columns = features.indices[features.indptr[row] : features.indptr[row + 1]]
        for match in analysis.phrases:
            if match.label != label or match.state != "affirmed":
                continue
            column = self._state.space.rule_offset + phrases.feature_column(match)
            position = int(np.searchsorted(row_columns, column))
            if position == len(row_columns) or row_columns[position] != column:
                continue
            value = float(features.data[features.indptr[row] + position])
            weight = value * (float(weights[column, output]) + float(weights[column, partner]))
            if weight > 0:
                spans.append(evidence.Span(match.start, match.end, weight))
        return spans


def load_classifier(path: Path | None = None) -> RightsClassifier:
    """Load the trained classifier from ``path`` (default :data:`DEFAULT_MODEL_PATH`).

    Raises :class:`ModelNotFoundError` when there is no model file, and
    :class:`~classifiers.persistence.ModelFormatError` when the file is damaged,
    edited, unsafe or from an incompatible version of this code.
    """
    return RightsClassifier(load(path or DEFAULT_MODEL_PATH))
