from __future__ import annotations

from collections.abc import Mapping

import pytest

from classifiers.token_patterns import PatternError, PatternSet, compile_pattern
from classifiers.tokens import tokenize


def spans(patterns: Mapping[str, tuple[str, ...]], text: str) -> list[tuple[str, str]]:
    tokens = tokenize(text)
    return [
        (pattern.key, text[tokens[first].start : tokens[last].end])
        for pattern, first, last in PatternSet(patterns).finditer(tokens)
    ]


def test_words_prefixes_classes_gaps_and_optional_steps() -> None:
    patterns = {"held": ("held|pinned ..2 down", "restrain*", "sat on {obj}", "face down?")}
    assert spans(patterns, "They held my son down and restrained him") == [
        ("held", "held my son down"),
        ("held", "restrained"),
    ]
    assert spans(patterns, "a nurse sat on her, face first") == [
        ("held", "sat on her"),
        ("held", "face"),
    ]


def test_apostrophes_are_optional() -> None:
    assert spans({"k": ("didn't get",)}, "i didnt get my tea") == [("k", "didnt get")]


def test_gaps_stay_within_a_clause() -> None:
    assert spans({"k": ("held ..3 down",)}, "held the bag, then sat down") == []


@pytest.mark.parametrize("source", ["..2 down", "held ..2", "res*", "{nobody} down", "a||b"])
def test_bad_patterns_are_refused(source: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern("key", source)
