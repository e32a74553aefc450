from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from sklearn.metrics import precision_recall_curve

from classifiers import LABELS, Prediction
from classifiers.corpus import Example
from classifiers.evaluation import score_examples
from classifiers.plots import (
    HIGH_SEVERITY_PRECISION,
    HIGH_SEVERITY_RECALL,
    PANELS,
    TARGET_F1,
    PlotPathError,
    ScoredSet,
    check_plot_path,
    precision_recall_figure,
    write_precision_recall,
)
from classifiers.taxonomy import HIGH_SEVERITY


def scored_set(name: str, seed: int, texts: int = 200) -> ScoredSet:
    """Random truth, scores that lean towards it, and the report of flagging at 0.5."""
    generator = np.random.default_rng(seed)
    truth = generator.random((texts, len(PANELS))) < 0.2
    scores = np.clip(0.35 * truth + 0.65 * generator.random(truth.shape), 0.0, 1.0)
    # No text reports community inclusion in this set.
    truth[:, PANELS.index("community_inclusion")] = False
    examples = [
        Example(
            str(row),
            tuple(label for i, label in enumerate(LABELS) if truth[row, i]),
            urgent=bool(truth[row, -1]),
        )
        for row in range(texts)
    ]
    predictions = [
        Prediction(
            labels=tuple(label for i, label in enumerate(LABELS) if scores[row, i] >= 0.5),
            urgent=bool(scores[row, -1] >= 0.5),
            scores=dict(zip(LABELS, scores[row, : len(LABELS)].tolist(), strict=True)),
            evidence={},
            model_version="rc-x",
        )
        for row in range(texts)
    ]
    return ScoredSet(name, scores, truth, score_examples(predictions, examples, "rc-x"))


def curves(axes: Axes) -> list[Line2D]:
    return [line for line in axes.get_lines() if line.get_drawstyle() == "steps-post"]


def dots(axes: Axes) -> list[Line2D]:
    return [line for line in axes.get_lines() if line.get_marker() == "o"]


def test_each_panel_draws_the_scores_curve_and_the_reports_dot_for_every_set() -> None:
    sets = [scored_set("test split", 1), scored_set("real comments", 2, texts=120)]
    figure = precision_recall_figure(sets, "rc-x")
    axes = figure.axes
    for column, panel in enumerate(PANELS):
        reported = [scored for scored in sets if scored.truth[:, column].any()]
        assert len(curves(axes[column])) == len(dots(axes[column])) == len(reported)
        for line, dot, scored in zip(
            curves(axes[column]), dots(axes[column]), reported, strict=True
        ):
            precision, recall, _ = precision_recall_curve(
                scored.truth[:, column], scored.scores[:, column]
            )
            assert np.array_equal(line.get_xdata(), recall)
            assert np.array_equal(line.get_ydata(), precision)
            figures = scored.figures(panel)
            at = (np.asarray(dot.get_xdata()), np.asarray(dot.get_ydata()))
            assert (at[0][0], at[1][0]) == (figures.recall, figures.precision)
            assert line.get_color() == dot.get_color()
        supports = " / ".join(str(int(scored.truth[:, column].sum())) for scored in sets)
        assert axes[column].get_title().endswith(f"reports: {supports}")
    # The panel after the last holds the legend, naming each set.
    legend = axes[len(PANELS)].get_legend()
    assert legend is not None
    names = [text.get_text() for text in legend.get_texts()]
    assert names[:2] == ["test split (200 texts)", "real comments (120 texts)"]


def test_a_label_nobody_reported_gets_neither_curve_nor_dot() -> None:
    figure = precision_recall_figure([scored_set("test split", 1)], "rc-x")
    panel = figure.axes[PANELS.index("community_inclusion")]
    assert curves(panel) == []
    assert dots(panel) == []
    assert panel.get_title() == "Community inclusion\nreports: 0"


def test_each_panel_shows_its_own_target() -> None:
    figure = precision_recall_figure([scored_set("test split", 3)], "rc-x")
    for column, panel in enumerate(PANELS):
        axes = figure.axes[column]
        targets = [
            artist for artist in (*axes.patches, *axes.lines) if artist.get_gid() == "target"
        ]
        assert len(targets) == 1
        (target,) = targets
        if panel in HIGH_SEVERITY:
            assert isinstance(target, Rectangle)
            assert target.get_xy() == (HIGH_SEVERITY_RECALL, HIGH_SEVERITY_PRECISION)
            assert "(high severity)" in axes.get_title()
        elif panel == "urgent":
            assert isinstance(target, Line2D)
            assert set(np.asarray(target.get_xdata(), dtype=float)) == {1.0}
        else:
            assert isinstance(target, Line2D)
            recall = np.asarray(target.get_xdata(), dtype=float)
            precision = np.asarray(target.get_ydata(), dtype=float)
            f1 = 2 * precision * recall / (precision + recall)
            assert np.allclose(f1, TARGET_F1)
            assert precision.max() <= 1.0
            assert recall.max() == 1.0


def test_the_svg_loads_nothing_from_elsewhere_and_is_the_same_each_time(tmp_path: Path) -> None:
    sets = [scored_set("test split", 4)]
    first = write_precision_recall(tmp_path / "plots" / "curves.svg", sets, "rc-x")
    second = write_precision_recall(tmp_path / "again.svg", sets, "rc-x")
    assert first.read_bytes() == second.read_bytes()
    root = ET.parse(first).getroot()
    links = [
        value
        for element in root.iter()
        for key, value in element.attrib.items()
        if key.endswith("href")
    ]
    assert links
    assert all(link.startswith("#") for link in links)
    assert not [element for element in root.iter() if element.tag.endswith("image")]
    text = first.read_text(encoding="utf-8")
    assert "@font-face" not in text
    assert "font-family" not in text
    assert re.findall(r"url\(([^)]*)\)", text)
    assert not re.findall(r"url\((?!#)", text)


@pytest.mark.parametrize("name", ["curves.txt", "curves", "curves.svg.gz2"])
def test_a_format_matplotlib_cannot_write_is_refused_with_the_ones_it_can(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(PlotPathError, match=r"\.svg") as refused:
        write_precision_recall(tmp_path / name, [scored_set("test split", 5)], "rc-x")
    assert repr(name) in str(refused.value)
    assert list(tmp_path.iterdir()) == []
    check_plot_path(tmp_path / "curves.PNG")
