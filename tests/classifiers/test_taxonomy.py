from __future__ import annotations

import pytest

from classifiers import HIGH_SEVERITY, LABELS, SEVERITY, THEMES, Label
from classifiers.taxonomy import in_taxonomy_order


def test_labels_follow_the_taxonomy_table() -> None:
    assert LABELS == (
        "restraint",
        "seclusion",
        "coercion",
        "abuse",
        "neglect",
        "discrimination",
        "consent_information",
        "privacy_dignity",
        "living_conditions",
        "community_inclusion",
    )
    assert tuple(Label) == LABELS


def test_high_severity_labels() -> None:
    assert set(HIGH_SEVERITY) == {"restraint", "seclusion", "coercion", "abuse", "neglect"}
    assert {label for label, severity in SEVERITY.items() if severity == "medium"} == set(
        LABELS
    ).difference(HIGH_SEVERITY)


def test_every_label_has_a_theme() -> None:
    assert set(THEMES) == set(LABELS)
    assert all(theme.strip() for theme in THEMES.values())
    assert "CRPD 15, 16" in THEMES["restraint"]


def test_in_taxonomy_order_sorts_and_deduplicates() -> None:
    assert in_taxonomy_order(["neglect", "restraint", "neglect"]) == ("restraint", "neglect")


def test_in_taxonomy_order_rejects_unknown_labels() -> None:
    with pytest.raises(ValueError, match="violence"):
        in_taxonomy_order(["violence"])
