"""Word terms: n-grams of the configured width, plus scoped forms of negated words."""

from __future__ import annotations

import pytest

from classifiers.features import FeatureConfig, word_terms
from classifiers.tokens import tokenize

TOKENS = tokenize("they never held me down")


@pytest.mark.parametrize(("width", "longest"), [(1, 1), (2, 2), (3, 3)])
def test_n_grams_go_up_to_the_configured_width(width: int, longest: int) -> None:
    terms = word_terms(TOKENS, FeatureConfig(word_ngrams=width))
    assert max(len(term.split()) for term, _, _ in terms) == longest
    assert all(last - first + 1 == len(term.split()) for term, first, last in terms)


def test_negated_words_add_a_scoped_form_or_replace_the_word() -> None:
    added = [term for term, _, _ in word_terms(TOKENS, FeatureConfig())]
    assert "held" in added
    assert "not:held" in added
    assert "never held" in added
    replaced = [term for term, _, _ in word_terms(TOKENS, FeatureConfig(scope_mode="replace"))]
    assert "held" not in replaced
    assert "not:held" in replaced
    assert "never not:held" in replaced
