"""The staff-side vocabulary stays in step with the classifier's taxonomy."""

from __future__ import annotations

from classifiers.taxonomy import HIGH_SEVERITY, LABELS
from feedback.casework import TAXONOMY_LABELS
from feedback.ingest import HIGH_SEVERITY_LABELS


def test_labels_match_the_classifier_taxonomy() -> None:
    assert TAXONOMY_LABELS == LABELS
    assert HIGH_SEVERITY_LABELS == HIGH_SEVERITY
