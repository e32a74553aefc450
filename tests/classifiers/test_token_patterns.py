from __future__ import annotations

from collections.abc import Mapping

import pytest

from classifiers.token_patterns import PatternError, PatternSet, PatternSets, compile_pattern
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


def test_only_steps_that_must_match_a_listed_word_are_required() -> None:
    pattern = compile_pattern("k", "held ..2 down|floor {obj}? restrain* tight")
    assert pattern.required == (frozenset({"down", "floor"}), frozenset({"tight"}))


def test_a_text_missing_a_required_word_is_not_matched() -> None:
    patterns = PatternSet({"k": ("held ..2 down",)})
    assert [m[1:] for m in patterns.finditer(tokenize("they held me down"))] == [(1, 3)]
    assert list(patterns.finditer(tokenize("they held me"))) == []
    # The word elsewhere in the text (another clause) passes the pre-check, not the match.
    assert list(patterns.finditer(tokenize("they held me. I sat down"))) == []


def test_several_sets_in_one_pass_find_what_each_finds_alone_in_its_order() -> None:
    sets = [
        PatternSet({"held": ("held ..2 down", "restrain*"), "locked": ("locked in",)}),
        PatternSet({"held": ("held",)}),
        PatternSet({"alone": ("left alone",), "locked": ("locked",)}),
    ]
    together = PatternSets(sets)
    for text in [
        "they held me down and restrained me, then locked me in",
        "left alone, locked in, held",
        "nothing here at all",
    ]:
        tokens = tokenize(text)
        found = together.find(tokens)
        assert found == [list(patterns.finditer(tokens)) for patterns in sets]
    # "held" starts patterns in two sets and "locked" in two: each set gets its own.
    tokens = tokenize("held, locked in")
    assert [[(p.key, first, last) for p, first, last in f] for f in together.find(tokens)] == [
        [("locked", 1, 2)],
        [("held", 0, 0)],
        [("locked", 1, 1)],
    ]
