"""The door to the classifier: the real model behind the service's small protocol."""

from __future__ import annotations

from classifiers import HIGH_SEVERITY
from feedback.ingest import HIGH_SEVERITY_LABELS, NoLabels, RightsModel
from feedback.models import Priority


def test_high_severity_labels_match_the_taxonomy() -> None:
    assert {str(label) for label in HIGH_SEVERITY} == HIGH_SEVERITY_LABELS


def test_trained_model_flags_restraint_with_evidence_and_priority() -> None:
    model = RightsModel()
    result = model.classify("Five staff held me down on the floor and injected me.")
    assert "restraint" in result.labels
    assert result.priority <= Priority.HIGH_SEVERITY
    assert result.model_version == model.model_version
    rows = {row.label: row for row in result.predicted_labels()}
    assert rows["restraint"].flagged
    assert rows["restraint"].evidence
    assert all(
        phrase in "Five staff held me down on the floor and injected me."
        for phrase in rows["restraint"].evidence
    )


def test_trained_model_leaves_ordinary_praise_unflagged() -> None:
    result = RightsModel().classify("The nurses on the ward were kind and the food was good.")
    assert result.labels == ()
    assert not result.urgent
    assert result.priority is Priority.ORDINARY


def test_no_labels_classifier_flags_nothing() -> None:
    result = NoLabels().classify("they restrained me")
    assert result.labels == ()
    assert result.priority is Priority.ORDINARY
