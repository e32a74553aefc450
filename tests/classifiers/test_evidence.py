from __future__ import annotations

import numpy as np

from classifiers.evidence import Span, Spreading, marked_spans, phrase_spans, select
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


def test_token_scores_spread_every_pair_of_a_batch_as_it_would_alone() -> None:
    texts = ["they held me down, held me down again", "locked in all night", "kind staff"]
    analyses = [analyse(text) for text in texts]
    space = FeatureSpace.fit(FeatureConfig(min_df_char=1), analyses)
    features = space.transform(analyses)
    rows = [0, 2]  # the texts flagged
    flagged = [analyses[row] for row in rows]
    tokens = [len(analysis.tokens) for analysis in flagged]

    def scores(pair_texts: list[int], seed: int) -> list[np.ndarray]:
        spreading = Spreading(features, rows, space.term_occurrences(flagged), tokens)
        items = spreading.pair_items(pair_texts)
        weights = np.random.default_rng(seed).normal(size=len(items.occurrence))
        return spreading.token_scores(items, weights)

    together = scores([0, 0, 1], seed=7)
    assert [len(s) for s in together] == [tokens[0], tokens[0], tokens[1]]
    # Each pair's items are drawn in order, so the same seed gives one pair alone its weights.
    np.testing.assert_array_equal(together[0], scores([0], seed=7)[0])


def test_token_scores_lose_no_n_gram_contribution() -> None:
    analysis = analyse("they held me down, held me down again")
    space = FeatureSpace.fit(FeatureConfig(min_df_char=1), [analysis])
    features = space.transform([analysis])
    occurrences = space.term_occurrences([analysis])
    spreading = Spreading(features, [0], occurrences, [len(analysis.tokens)])
    items = spreading.pair_items([0])
    weights = np.ones(len(items.occurrence))
    (scores,) = spreading.token_scores(items, weights)
    # Every n-gram's value lands on its tokens (rule columns have spans of their own).
    n_grams = features.indices < space.rule_offset
    assert not n_grams.all()  # "held me down" matched a phrase rule
    np.testing.assert_allclose(scores.sum(), features.data[n_grams].sum())
