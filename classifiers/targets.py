"""The accuracy targets of the classifier's issue, and whether a report meets them.

A figure a hair under its target on 1,538 texts may be over it on the next
1,538, so each target is judged against the figure's 95% interval
(:mod:`classifiers.intervals`), not the figure alone:

* **met**: the whole interval is on the right side of the target;
* **missed**: the whole interval is on the wrong side;
* **unsettled**: the interval straddles the target, and these texts cannot say.

"Every urgent report found" is the exception: no number of texts can show a
recall of exactly 1.0, so it is met when every urgent report was found and
missed otherwise, with the interval shown for what it is worth (and not
settled when there was no urgent report to find).

The speed targets are measured by ``bench/classifier_bench.py``, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import msgspec

from classifiers import intervals
from classifiers.taxonomy import HIGH_SEVERITY

if TYPE_CHECKING:
    from classifiers.evaluation import SharedDataReport, TestReport

Verdict = Literal["met", "missed", "unsettled"]
Direction = Literal["at least", "at most", "every"]

HIGH_RECALL_TARGET = 0.95
HIGH_PRECISION_TARGET = 0.80
MACRO_F1_TARGET = 0.85
FALSE_FLAG_TARGET = 0.05


class TargetCheck(msgspec.Struct, frozen=True):
    """One target of the issue against one measured figure."""

    name: str
    direction: Direction
    goal: float
    value: float
    interval: intervals.Interval
    verdict: Verdict


def check(
    name: str, direction: Direction, goal: float, value: float, interval: intervals.Interval
) -> TargetCheck:
    """Judge ``value`` (and its 95% ``interval``) against ``goal``."""
    low, high = interval
    verdict: Verdict
    if direction == "every":
        # With nothing to find, "every one found" is true and says nothing.
        if interval == intervals.UNKNOWN:
            verdict = "unsettled"
        else:
            verdict = "met" if value >= goal else "missed"
    elif direction == "at least":
        verdict = "met" if low >= goal else "missed" if high < goal else "unsettled"
    else:
        verdict = "met" if high <= goal else "missed" if low > goal else "unsettled"
    return TargetCheck(name, direction, goal, value, interval, verdict)


def issue_targets(
    test: TestReport, shared: Sequence[SharedDataReport] = ()
) -> tuple[TargetCheck, ...]:
    """Check the test split (and the positive real comments, when scored) against the issue."""
    checks = []
    for figures in test.labels:
        if figures.label not in HIGH_SEVERITY:
            continue
        checks.append(
            check(
                f"{figures.label} recall",
                "at least",
                HIGH_RECALL_TARGET,
                figures.recall,
                figures.recall_interval,
            )
        )
        checks.append(
            check(
                f"{figures.label} precision",
                "at least",
                HIGH_PRECISION_TARGET,
                figures.precision,
                figures.precision_interval,
            )
        )
    checks.append(
        check("macro-F1", "at least", MACRO_F1_TARGET, test.macro_f1, test.macro_f1_interval)
    )
    checks.append(
        check("urgent recall", "every", 1.0, test.urgent.recall, test.urgent.recall_interval)
    )
    checks.append(
        check(
            "false flags on ordinary test items",
            "at most",
            FALSE_FLAG_TARGET,
            test.ordinary_false_flag_rate,
            test.ordinary_false_flag_interval,
        )
    )
    checks.extend(
        check(
            f"false flags, {report.file} positive comments",
            "at most",
            FALSE_FLAG_TARGET,
            report.false_flag_rate,
            report.false_flag_interval,
        )
        for report in shared
    )
    return tuple(checks)
