from __future__ import annotations

import pytest

from classifiers import tokens
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


def test_no_second_word_of_a_two_word_cue_could_open_a_scope_itself() -> None:
    # The negation pass visits only the words that can open a scope; a cue's
    # second word that could would be visited where it used to be skipped.
    second_words = set(tokens._TWO_WORD_CUES.values()) | {second for _, second in tokens._POST_CUES}
    assert not second_words & tokens._SCOPE_OPENERS
    # "never happened" reaches back; "instead of" opens a scope forward.
    assert negated("restraint never happened") == ["restraint"]
    assert negated("they talked to me instead of holding me down") == ["holding", "me", "down"]
