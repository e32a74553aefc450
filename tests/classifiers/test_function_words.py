from __future__ import annotations

import numpy as np
import pytest

from classifiers.features import FeatureConfig, FeatureSpace, analyse
from classifiers.function_words import is_function_term
from classifiers.model import HEADS, URGENT_COLUMN, URGENT_CONDITIONAL_HEAD
from classifiers.prediction import RightsClassifier
from classifiers.taxonomy import LABELS


@pytest.mark.parametrize("term", ["i have", "has been", "is", "it's", "they will"])
def test_grammar_alone_is_a_function_term(term: str) -> None:
    assert is_function_term(term)


@pytest.mark.parametrize(
    "term",
    # Content, negation, time, and a scoped form all say something.
    ["tablets", "i have tablets", "no one", "never", "nothing", "tonight", "not:have"],
)
def test_words_that_say_something_are_not_function_terms(term: str) -> None:
    assert not is_function_term(term)


def test_a_space_marks_only_its_function_word_columns() -> None:
    space = FeatureSpace.fit(FeatureConfig(), [analyse("I have been given the tablets")])
    hidden = space.function_word_columns()
    assert hidden.shape == (space.n_features,)
    marked = {space.word_names[i] for i in np.flatnonzero(hidden)}
    assert marked == {"i", "have", "been", "the", "i have", "have been"}
    # Character and rule columns are never hidden.
    assert not hidden[space.char_offset :].any()


def test_the_trained_urgent_heads_ignore_grammar_and_the_label_heads_do_not(
    classifier: RightsClassifier,
) -> None:
    state = classifier.state
    assert state.params.urgent_without_function_words
    hidden = state.space.function_word_columns()
    assert hidden.sum() > 1000
    for head in (URGENT_COLUMN, URGENT_CONDITIONAL_HEAD):
        assert not state.weights[hidden, head].any(), HEADS[head]
        assert state.weights[~hidden, head].any(), HEADS[head]
    # The label heads still read "has been" and the rest: only urgency is kept from them.
    for label in range(len(LABELS)):
        assert state.weights[hidden, label].any(), LABELS[label]
