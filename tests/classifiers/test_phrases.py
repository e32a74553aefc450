from __future__ import annotations

from classifiers.phrases import (
    FEATURE_NAMES,
    denied_labels,
    find_phrases,
    patterns_fingerprint,
    phrase_features,
)
from classifiers.tokens import tokenize


def states(text: str, label: str) -> set[str]:
    return {
        m.state for m in find_phrases(tokenize(text)) if m.label == label and m.tier == "strong"
    }


def test_affirmed_negated_and_hypothetical_matches() -> None:
    assert states("They held me down on the floor", "restraint") == {"affirmed"}
    assert states("I was never restrained", "restraint") == {"negated"}
    assert states("I was scared they would restrain me", "restraint") == {"hypothetical"}


def test_matches_are_spans_of_the_text() -> None:
    text = "Locked me in the QUIET ROOM for hours"
    matches = [m for m in find_phrases(tokenize(text)) if m.label == "seclusion"]
    assert "QUIET ROOM" in {text[m.start : m.end] for m in matches}


def test_features_index_the_feature_names() -> None:
    columns = phrase_features(find_phrases(tokenize("they held me down, I was never secluded")))
    names = {FEATURE_NAMES[c] for c in columns}
    assert "phrase:restraint:strong:affirmed" in names
    assert "phrase:seclusion:strong:negated" in names


def test_fingerprint_is_stable() -> None:
    assert patterns_fingerprint() == patterns_fingerprint()
    assert len(patterns_fingerprint()) == 64


def test_denied_labels_are_only_mentioned_to_be_denied() -> None:
    assert "restraint" in denied_labels(find_phrases(tokenize("I was never restrained")))
    both = "I was never restrained on Elm but on Oak they held me down"
    assert "restraint" not in denied_labels(find_phrases(tokenize(both)))
