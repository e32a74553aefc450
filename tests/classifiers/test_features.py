"""Word terms and feature spaces: n-grams, scoped forms, and a fold's space cut from counts."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from classifiers.features import (
    Analysis,
    FeatureConfig,
    FeatureSpace,
    analyse,
    char_terms,
    word_term_names,
    word_terms,
)
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


TEXTS = [
    "they held me down on the floor",
    "held down again, four of them",
    "locked in the seclusion room all night",
    "the food was lovely and the staff kind",
    "I was never restrained, they talked me down",
    "no one came when I rang the bell",
    "kind staff, lovely garden",
    "they said no leave unless I took it",
]


def test_a_subspace_is_the_space_fit_would_build_from_those_rows() -> None:
    # min_df 2 for words too, so the subspace has to drop terms that occur once in its rows.
    config = FeatureConfig(min_df_word=2, min_df_char=2)
    analyses = [analyse(text) for text in TEXTS]
    every_term, counts = FeatureSpace.with_every_term(config, analyses)
    rows = np.array([0, 1, 3, 4, 6])
    held = np.array([2, 5, 7])

    space, columns = every_term.subspace(config, counts, rows)
    fitted = FeatureSpace.fit(config, [analyses[i] for i in rows])

    assert space.word_names == fitted.word_names
    assert space.char_names == fitted.char_names
    assert "me down" in space.word_names  # in two of the rows
    assert "held down" not in space.word_names  # in one of them only
    assert "seclusion" not in space.word_names  # only in a held-out row
    np.testing.assert_allclose(space.word_idf, fitted.word_idf)
    np.testing.assert_allclose(space.char_idf, fitted.char_idf)
    for chosen in (rows, held):
        np.testing.assert_allclose(
            space.weigh(counts[chosen][:, columns]).toarray(),
            fitted.transform([analyses[i] for i in chosen]).toarray(),
        )


CONFIGS = [
    FeatureConfig(),
    FeatureConfig(word_ngrams=1),
    FeatureConfig(word_ngrams=3),
    FeatureConfig(scope_mode="replace"),
    FeatureConfig(negation_marking=False),
]
SCOPED = [
    *TEXTS,
    "I was scared they would hold me down, but they never did",
    "no",
    "",
]


@pytest.mark.parametrize("config", CONFIGS)
def test_word_term_names_are_word_terms_without_their_spans(config: FeatureConfig) -> None:
    for text in SCOPED:
        tokens = tokenize(text)
        spanned = word_terms(tokens, config)
        assert word_term_names(tokens, config) == [term for term, _, _ in spanned]


@pytest.mark.parametrize("config", CONFIGS)
def test_every_term_space_and_counts_are_fit_and_counts(config: FeatureConfig) -> None:
    analyses = [analyse(text) for text in SCOPED]
    space, counts = FeatureSpace.with_every_term(config, analyses)
    everything = FeatureSpace.fit(
        msgspec.structs.replace(config, min_df_word=1, min_df_char=1), analyses
    )
    assert space.word_names == everything.word_names
    assert space.char_names == everything.char_names
    np.testing.assert_array_equal(space.word_idf, everything.word_idf)
    np.testing.assert_array_equal(space.char_idf, everything.char_idf)
    assert counts.has_sorted_indices
    np.testing.assert_array_equal(counts.toarray(), everything.counts(analyses).toarray())


def _reference_occurrences(
    space: FeatureSpace, analyses: list[Analysis]
) -> list[tuple[int, int, int, int]]:
    """Each text's word n-grams in word_terms order, then its character n-grams: the definition."""
    found = []
    for text, analysis in enumerate(analyses):
        for term, first, last in word_terms(analysis.tokens, space.config):
            if term in space.word_vocabulary:
                found.append((text, space.word_vocabulary[term], first, last))
        for index, token in enumerate(analysis.tokens):
            for gram in char_terms(token.norm, space.config):
                if gram in space.char_vocabulary:
                    column = space.char_offset + space.char_vocabulary[gram]
                    found.append((text, column, index, index))
    return found


@pytest.mark.parametrize("config", [FeatureConfig(min_df_char=1), FeatureConfig(word_ngrams=3)])
def test_term_occurrences_are_every_n_gram_with_its_text_and_tokens(config: FeatureConfig) -> None:
    analyses = [analyse(text) for text in SCOPED]
    space = FeatureSpace.fit(config, analyses)
    expected = _reference_occurrences(space, analyses)
    together = space.term_occurrences(analyses)
    assert list(zip(*(array.tolist() for array in together), strict=True)) == expected
    # The readings kept from building the matrix give the same occurrences, for any subset.
    matrix, readings = space.read(analyses)
    np.testing.assert_array_equal(matrix.toarray(), space.transform(analyses).toarray())
    kept = space.term_occurrences(analyses[1::2], readings[1::2])
    shifted = [
        (text * 2 + 1, *rest) for text, *rest in zip(*(a.tolist() for a in kept), strict=True)
    ]
    assert shifted == [row for row in expected if row[0] % 2 == 1]
    for text, analysis in enumerate(analyses):  # one text at a time takes another path
        alone = space.term_occurrences([analysis])
        rows = [(text, *row[1:]) for row in zip(*(a.tolist() for a in alone), strict=True)]
        assert rows == [row for row in expected if row[0] == text]
