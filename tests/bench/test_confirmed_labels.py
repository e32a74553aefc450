"""``bench/confirmed_labels.py``: its draws are nested and its figures pool the labels."""

from __future__ import annotations

import pytest

from classifiers import evaluation
from classifiers.corpus import Example
from classifiers.evaluation import LabelFigures, RankingReport
from tests.bench.scripts import load_script

confirmed_labels = load_script("confirmed_labels")

POOL = [Example(text=f"comment {n}") for n in range(10)]


def test_each_draw_holds_the_smaller_ones_and_a_large_size_takes_the_pool() -> None:
    draws = confirmed_labels.nested_draws(POOL, [0, 3, 6, 50], seed=7)
    assert draws[0] == []
    assert draws[6][:3] == draws[3]
    assert len(set(draws[6])) == 6
    assert sorted(draws[50], key=lambda e: e.text) == sorted(POOL, key=lambda e: e.text)
    assert confirmed_labels.nested_draws(POOL, [3], seed=7) == {3: draws[3]}
    assert confirmed_labels.nested_draws(POOL, [6], seed=8)[6] != draws[6]


def _label(name: str, support: int, flagged: int, hits: int) -> LabelFigures:
    return LabelFigures(name, "high", support, flagged, hits, 0.0, 0.0, 0.0)


def test_held_figures_pool_every_label_and_keep_the_ranking() -> None:
    report = evaluation.TestReport(
        model_version="m",
        examples=20,
        labels=(_label("restraint", 4, 2, 2), _label("neglect", 6, 8, 3)),
        macro_f1=0.5,
        urgent=_label("urgent", 1, 3, 1),
        ordinary_examples=10,
        ordinary_false_flags=2,
        ordinary_false_flag_rate=0.2,
        missed_high_severity=5,
    )
    ranking = RankingReport(
        examples=20,
        average_precision={"restraint": 0.9, "neglect": 0.5},
        macro_average_precision=0.7,
        labels_ranked=2,
        any_concern_average_precision=0.65,
    )
    figures = confirmed_labels.held_figures(report, ranking)
    # 5 of 10 flags agreed with, 5 of 10 labels found.
    assert figures == confirmed_labels.HeldFigures(
        precision=0.5,
        recall=0.5,
        missed_high_severity=5,
        false_flag_rate=0.2,
        urgent_flagged=3,
        any_concern_average_precision=0.65,
        label_average_precision=0.7,
    )


def test_a_point_is_the_mean_of_its_draws_with_the_ranking_spread() -> None:
    first = confirmed_labels.HeldFigures(0.4, 0.5, 20, 0.1, 10, 0.60, 0.4)
    second = confirmed_labels.HeldFigures(0.5, 0.4, 25, 0.2, 12, 0.64, 0.5)
    point = confirmed_labels.mean_point(150, [first, second])
    assert point.confirmed == 150
    assert point.mean.precision == pytest.approx(0.45)
    assert point.mean.missed_high_severity == pytest.approx(22.5)
    assert (point.any_concern_low, point.any_concern_high) == (0.60, 0.64)
