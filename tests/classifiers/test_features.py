"""Word terms and feature spaces: n-grams, scoped forms, and a fold's space cut from counts."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from classifiers.features import (
    FeatureConfig,
    FeatureSpace,
    analyse,
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


def test_term_columns_are_the_columns_of_the_row_with_their_token_spans() -> None:
    analyses = [analyse(text) for text in SCOPED]
    space = FeatureSpace.fit(FeatureConfig(min_df_char=1), analyses)
    for analysis in analyses:
        columns, firsts, lasts = space.term_columns(analysis)
        rules = space.rule_offset
        assert sorted(columns.tolist()) == sorted(c for c in space.columns(analysis) if c < rules)
        assert ((firsts >= 0) & (firsts <= lasts) & (lasts < max(len(analysis.tokens), 1))).all()
        for column, first, last in zip(columns.tolist(), firsts, lasts, strict=True):
            if column < space.char_offset:  # a word term spans as many tokens as it has words
                assert len(space.word_names[column].split()) == last - first + 1
