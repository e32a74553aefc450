from __future__ import annotations

import numpy as np

from classifiers.evidence import Span, TermOccurrences, marked_spans, phrase_spans, select
from classifiers.features import FeatureConfig, FeatureSpace, analyse


def test_select_merges_touching_spans_and_keeps_the_best() -> None:
    text = "held me down then locked the door"
    spans = [Span(0, 4, 1.0), Span(5, 12, 2.0), Span(18, 24, 0.5), Span(25, 33, -1.0)]
    assert select(spans, text) == ("held me down", "locked")


def test_select_limits_the_number_of_phrases() -> None:
    text = "a, b, c, d, e"
    spans = [Span(i, i + 1, float(i)) for i in range(0, 13, 3)]
    assert select(spans, text, limit=2) == ("e", "d")


def _spans_for(text: str, scores: list[float]) -> list[str]:
    analysis = analyse(text)
    assert len(analysis.tokens) == len(scores)
    return [text[span.start : span.end] for span in phrase_spans(analysis, scores)]


def test_a_phrase_bridges_two_weaker_words_of_its_sentence() -> None:
    text = "they are tying my gran into her chair with a sheet"
    #        they are tying my  gran into her  chair with a    sheet
    scores = [0.0, 0.0, 1.0, 0.0, 0.3, 0.0, 0.0, 0.6, 0.0, 0.0, 0.9]
    assert _spans_for(text, scores) == ["tying my gran into her chair with a sheet"]


def test_a_phrase_does_not_bridge_three_words_or_a_sentence_end() -> None:
    text = "tied to the big chair. Sheet was used"
    scores = [1.0, 0.0, 0.0, 0.0, 0.5, 0.9, 0.0, 0.0]
    assert _spans_for(text, scores) == ["tied", "chair", "Sheet"]


def test_marked_spans_are_every_occurrence_in_order() -> None:
    text = "held down, then held down again"
    assert marked_spans(text, ["again", "held down", ""]) == [(0, 9), (16, 25), (26, 31)]
    assert marked_spans(text, ["kicked"]) == []


def test_token_scores_spread_every_output_as_it_would_alone() -> None:
    analysis = analyse("they held me down, held me down again")
    space = FeatureSpace.fit(FeatureConfig(min_df_char=1), [analysis])
    row = space.transform([analysis])
    columns = row.indices
    occurrences = TermOccurrences(len(analysis.tokens), space.term_columns(analysis), columns)
    contributions = np.random.default_rng(7).normal(size=(len(columns), 3))
    together = occurrences.token_scores(contributions)
    assert together.shape == (len(analysis.tokens), 3)
    for output in range(3):
        alone = occurrences.token_scores(contributions[:, [output]])[:, 0]
        np.testing.assert_array_equal(together[:, output], alone)
    # Every n-gram's contribution lands on its tokens (rule columns have spans of their own).
    n_grams = columns < space.rule_offset
    assert not n_grams.all()  # "held me down" matched a phrase rule
    np.testing.assert_allclose(together.sum(axis=0), contributions[n_grams].sum(axis=0))
