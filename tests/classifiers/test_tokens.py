from __future__ import annotations

import pytest

from classifiers.tokens import tokenize


def negated(text: str) -> list[str]:
    return [token.norm for token in tokenize(text) if token.negated]


def hypothetical(text: str) -> list[str]:
    return [token.norm for token in tokenize(text) if token.hypothetical]


def test_spans_point_at_the_original_text() -> None:
    text = "I DIDN’T get my meds!!  Nobody came."
    for token in tokenize(text):
        assert text[token.start : token.end].casefold().replace("’", "'") == token.norm


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("I was never restrained.", "restrained"),
        ("I wasnt restrained at all", "restrained"),
        ("they calmed me down instead of restraining me", "restraining"),
        ("No one held me down", "held"),
        ("Not once did I see a patient restrained", "restrained"),
        ("Restraint was never used on me", "restraint"),
    ],
)
def test_negation_scopes(text: str, word: str) -> None:
    assert word in negated(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("please don't restrain people so quickly", "restrain"),
        ("Do not restrain kids", "restrain"),
        ("They didn't stop restraining me", "restraining"),
        ("not only restrained but secluded", "restrained"),
        ("I wasn't told why, but they restrained me", "restrained"),
        ("I don't know why they restrained me", "restrained"),
    ],
)
def test_pseudo_negations_and_clause_ends_leave_words_affirmed(text: str, word: str) -> None:
    assert word not in negated(text)


def test_fears_are_hypothetical() -> None:
    assert "restrain" in hypothetical("I was scared that they would restrain me")
    assert "restrained" not in hypothetical("They restrained me and I was scared")
