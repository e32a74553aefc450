"""The staff pages name each label as the classifier's plots do."""

from __future__ import annotations

from admin_ui.rendering import LABEL_NAMES
from classifiers.taxonomy import NAMES


def test_label_names_match_the_classifier_taxonomy() -> None:
    # admin_ui keeps its own copy so that rendering a page never loads the classifier.
    assert {label: LABEL_NAMES[label] for label in NAMES} == dict(NAMES)
    assert set(LABEL_NAMES) == {*NAMES, "urgent"}
