"""``bench/learning_curve.py``: its chart is well-formed and its shares are checked."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from types import ModuleType

import pytest

from tests.bench.scripts import load_script

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def learning_curve() -> ModuleType:
    return load_script("learning_curve")


def _points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [
        (float(x), float(y))
        for x, y in (pair.split(",") for pair in polyline.attrib["points"].split())
    ]


def test_chart_draws_each_measure_against_its_target(learning_curve: ModuleType) -> None:
    point = learning_curve.CurvePoint
    points = [
        point(1000, 0.6, 0.55, 0.62, 0.3, 0.5, 0.9),
        point(2000, 0.7, 0.7, 0.7, 0.2, 0.6, 1.0),
    ]
    root = ET.fromstring(learning_curve.svg_chart(points, width=600, height=400))
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 4  # two targets (dashed), then macro-F1 and false flags
    targets, measures = lines[:2], lines[2:]
    assert all("stroke-dasharray" in line.attrib for line in targets)
    macro_f1, false_flags = (_points(line) for line in measures)
    # Higher values are drawn higher up (smaller y); x grows with the examples.
    assert macro_f1[1][1] < macro_f1[0][1]
    assert false_flags[1][1] > false_flags[0][1]
    assert macro_f1[0][0] < macro_f1[1][0] <= 600
    # The macro-F1 target line sits above the measured line: 0.85 beats 0.7.
    assert _points(targets[0])[0][1] < macro_f1[1][1]
    spreads = [line for line in root.iter(f"{SVG}line") if line.get("class") == "spread"]
    assert len(spreads) == 2
    low, high = float(spreads[0].attrib["y1"]), float(spreads[0].attrib["y2"])
    assert high < macro_f1[0][1] < low  # the first point lies inside its worst-best bar
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert "1,000" in labels
    assert "2,000" in labels


def test_gain_per_doubling_is_the_slope_against_log2_examples(
    learning_curve: ModuleType,
) -> None:
    point = learning_curve.CurvePoint
    # 0.05 more macro-F1 each time the examples double.
    points = [
        point(n, f1, f1, f1, 0.1, 0.9, 1.0) for n, f1 in ((500, 0.6), (1000, 0.65), (4000, 0.75))
    ]
    assert learning_curve.gain_per_doubling(points) == pytest.approx(0.05)


@pytest.mark.parametrize("share", ["0", "1.5", "-0.2"])
def test_a_share_outside_zero_to_one_is_refused(
    learning_curve: ModuleType,
    share: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "argv", ["learning_curve.py", "--shares", share])
    with pytest.raises(SystemExit) as exit_info:
        learning_curve.main()
    assert exit_info.value.code == 2
    assert "each share must be more than 0 and at most 1" in capsys.readouterr().err
