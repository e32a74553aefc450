"""Precision-recall curves, one panel per label, for ``evaluate --plot``.

A table of precision and recall at the shipped thresholds says where the
model stands; it does not say how far the target is, or what moving a
threshold would buy. Each panel here draws the whole trade-off the scores
allow (the curve), the point the model actually flags at (the dot: thresholds,
concern gate and rules together, so it may sit off the curve), and the target
the issue sets: for the high-severity labels recall 0.95 with precision 0.80,
for urgency recall 1, and for the other labels the F1 of 0.85 the macro
target asks for on average. A label whose curve never reaches its target
cannot get there by a threshold; only a better model moves the curve.

Drawn with matplotlib's object interface (no pyplot, so no window system and
no global state), into any format matplotlib writes; SVG text is drawn as
paths, so a file names no font and loads nothing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from sklearn.metrics import precision_recall_curve

from classifiers import targets
from classifiers.corpus import Example
from classifiers.evaluation import LabelFigures, TestReport
from classifiers.model import URGENT
from classifiers.prediction import RightsClassifier
from classifiers.taxonomy import HIGH_SEVERITY, LABELS, NAMES

PANELS: tuple[str, ...] = (*LABELS, URGENT)
"""One panel per label, then urgency, in the order the reports print them."""
HIGH_SEVERITY_RECALL = targets.HIGH_RECALL_TARGET
HIGH_SEVERITY_PRECISION = targets.HIGH_PRECISION_TARGET
TARGET_F1 = targets.MACRO_F1_TARGET
# Okabe-Ito colours: told apart with any common colour blindness.
_SET_COLOURS = ("#0072B2", "#E69F00", "#CC79A7", "#56B4E9")
_TARGET_COLOUR = "#009E73"
_COLUMNS = 4


class PlotPathError(ValueError):
    """The plot file's name asks for a format matplotlib cannot write."""


@dataclass(frozen=True)
class ScoredSet:
    """Texts with their true labels, the model's scores, and its figures at its thresholds.

    ``scores`` and ``truth`` have one column per entry of :data:`PANELS`.
    """

    name: str
    scores: npt.NDArray[np.float64]
    truth: npt.NDArray[np.bool_]
    report: TestReport

    def figures(self, panel: str) -> LabelFigures:
        """The report's figures for one panel's label (or urgency)."""
        if panel == URGENT:
            return self.report.urgent
        return next(f for f in self.report.labels if f.label == panel)


def score_set(
    name: str, classifier: RightsClassifier, examples: Sequence[Example], report: TestReport
) -> ScoredSet:
    """Score ``examples`` with ``classifier``, to plot beside ``report`` (its figures on them)."""
    raw = classifier.score_many([e.text for e in examples])
    truth = np.array(
        [[label in e.labels for label in LABELS] + [e.urgent] for e in examples], dtype=np.bool_
    ).reshape(len(examples), len(PANELS))
    return ScoredSet(name, raw[:, : len(PANELS)], truth, report)


def check_plot_path(path: Path) -> None:
    """Raise :class:`PlotPathError` unless matplotlib can write ``path``'s format."""
    supported = Figure().canvas.get_supported_filetypes()
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in supported:
        formats = ", ".join(f".{name}" for name in sorted(supported))
        raise PlotPathError(f"cannot draw a plot as {path.name!r}: name it with one of {formats}")


def precision_recall_figure(sets: Sequence[ScoredSet], model_version: str) -> Figure:
    """Draw one panel per label and one for urgency, each with every set's curve and dot."""
    rows = -(-(len(PANELS) + 1) // _COLUMNS)
    figure = Figure(figsize=(3.4 * _COLUMNS, 3.1 * rows), layout="constrained")
    axes = figure.subplots(rows, _COLUMNS, squeeze=False).ravel()
    for index, panel in enumerate(PANELS):
        _draw_panel(axes[index], panel, index, sets)
    legend_axes = axes[len(PANELS)]
    legend_axes.set_axis_off()
    legend_axes.legend(handles=_legend_handles(sets), loc="center", fontsize=8, frameon=False)
    for spare in axes[len(PANELS) + 1 :]:
        spare.set_axis_off()
    figure.suptitle(
        f"Precision against recall, model {model_version}: curves by score, dots where it flags"
        f"\nreports under each label: {' / '.join(scored.name for scored in sets)}",
        fontsize=11,
    )
    return figure


def write_precision_recall(path: Path, sets: Sequence[ScoredSet], model_version: str) -> Path:
    """Draw :func:`precision_recall_figure` into ``path`` (format from its suffix)."""
    check_plot_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure = precision_recall_figure(sets, model_version)
    # No creation date and fixed SVG ids: the same model and texts give the same file.
    metadata = {"Date": None} if path.suffix.lower() in (".svg", ".pdf") else None
    with rc_context({"svg.hashsalt": "speak-safely"}):
        figure.savefig(path, metadata=metadata)
    return path


def _draw_panel(axes: Axes, panel: str, column: int, sets: Sequence[ScoredSet]) -> None:
    _draw_target(axes, panel)
    supports = []
    for colour, scored in zip(_SET_COLOURS, sets, strict=False):
        truth = scored.truth[:, column]
        supports.append(str(int(truth.sum())))
        if truth.any():
            precision, recall, _ = precision_recall_curve(truth, scored.scores[:, column])
            axes.plot(recall, precision, color=colour, drawstyle="steps-post", linewidth=1.4)
        figures = scored.figures(panel)
        if figures.support:
            axes.plot(
                [figures.recall],
                [figures.precision],
                marker="o",
                markersize=6,
                color=colour,
                markeredgecolor="black",
                linestyle="none",
            )
    name = NAMES.get(panel, "Urgent risk")
    severity = " (high severity)" if panel in HIGH_SEVERITY else ""
    axes.set_title(f"{name}{severity}\nreports: {' / '.join(supports)}", fontsize=9)
    axes.set_xlim(0.0, 1.02)
    axes.set_ylim(0.0, 1.02)
    axes.set_xlabel("recall", fontsize=8)
    axes.set_ylabel("precision", fontsize=8)
    axes.tick_params(labelsize=7)
    axes.grid(True, linewidth=0.3, alpha=0.5)


def _draw_target(axes: Axes, panel: str) -> None:
    """Shade the high-severity target, mark urgency's, or draw the F1 the macro target asks for."""
    if panel in HIGH_SEVERITY:
        axes.add_patch(
            Rectangle(
                (HIGH_SEVERITY_RECALL, HIGH_SEVERITY_PRECISION),
                1.02 - HIGH_SEVERITY_RECALL,
                1.02 - HIGH_SEVERITY_PRECISION,
                color=_TARGET_COLOUR,
                alpha=0.25,
                linewidth=0,
                gid="target",
            )
        )
    elif panel == URGENT:
        axes.axvline(1.0, color=_TARGET_COLOUR, linewidth=2.5, alpha=0.6, gid="target")
    else:
        recall = np.linspace(TARGET_F1 / 2 + 0.01, 1.0, 100)
        precision = TARGET_F1 * recall / (2 * recall - TARGET_F1)
        inside = precision <= 1.0
        axes.plot(
            recall[inside],
            precision[inside],
            color=_TARGET_COLOUR,
            linestyle=":",
            linewidth=1.4,
            gid="target",
        )


def _legend_handles(sets: Sequence[ScoredSet]) -> list[Line2D | Patch]:
    handles: list[Line2D | Patch] = [
        Line2D(
            [],
            [],
            color=colour,
            marker="o",
            markeredgecolor="black",
            label=f"{scored.name} ({len(scored.truth):,} texts)",
        )
        for colour, scored in zip(_SET_COLOURS, sets, strict=False)
    ]
    handles += [
        Patch(
            color=_TARGET_COLOUR,
            alpha=0.25,
            label=f"target, high severity:\nrecall {HIGH_SEVERITY_RECALL:g}, "
            f"precision {HIGH_SEVERITY_PRECISION:g}",
        ),
        Line2D(
            [], [], color=_TARGET_COLOUR, alpha=0.6, linewidth=2.5, label="target, urgent: recall 1"
        ),
        Line2D(
            [], [], color=_TARGET_COLOUR, linestyle=":", label=f"F1 {TARGET_F1:g} (macro target)"
        ),
        Line2D([], [], color="grey", label="curve: every threshold"),
        Line2D(
            [],
            [],
            color="grey",
            marker="o",
            markeredgecolor="black",
            linestyle="none",
            label="dot: the model's flags",
        ),
    ]
    return handles
