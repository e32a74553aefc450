from __future__ import annotations

from classifiers.evidence import Span, select


def test_select_merges_touching_spans_and_keeps_the_best() -> None:
    text = "held me down then locked the door"
    spans = [Span(0, 4, 1.0), Span(5, 12, 2.0), Span(18, 24, 0.5), Span(25, 33, -1.0)]
    assert select(spans, text) == ("held me down", "locked")


def test_select_limits_the_number_of_phrases() -> None:
    text = "a, b, c, d, e"
    spans = [Span(i, i + 1, float(i)) for i in range(0, 13, 3)]
    assert select(spans, text, limit=2) == ("e", "d")
