"""``bench/real_comment_sample.py``: how the labelled real comments were drawn and collected."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from classifiers.agreement import text_digest
from classifiers.real_comments import RealLabel
from tests.bench.scripts import load_script


@pytest.fixture(scope="module")
def sample() -> ModuleType:
    return load_script("real_comment_sample")


def write_shared(folder: Path) -> None:
    v6_columns = [
        "FFT answer",
        "Service type 1",
        "Comment sentiment",
        *(
            "Mental Health Act",
            "Feeling safe",
            "Equality, Diversity & Inclusion",
            "Safeguarding concerns?",
            "Patient appearance & grooming",
        ),
    ]
    v6_rows = [
        ["no fresh air for a week", "Forensic", "5", "0", "0", "0", "0", "0"],
        ["lovely ward", "Forensic", "1", "0", "0", "0", "0", "0"],
        ["kept on section too long", "111", "4", "1", "0", "0", "0", "0"],
        ["no fresh air for a week", "Local partnerships- MH", "4", "0", "0", "0", "0", "0"],
        ["  ", "Forensic", "5", "0", "0", "0", "0", "0"],
    ]
    (folder / "nhs_feedback_v6.csv").write_text(
        "\n".join(",".join(f'"{cell}"' for cell in row) for row in [v6_columns, *v6_rows]) + "\n",
        encoding="utf-8",
    )
    (folder / "nhs_feedback_phase1.csv").write_text(
        "feedback,criticality,label\n"
        + "".join(f"critical comment {n},-3,Care received\n" for n in range(500))
        + "no privacy at all,-1,Dignity\nfine,2,Dignity\n",
        encoding="utf-8",
    )


def test_the_draw_takes_each_selection_once_and_is_seeded(
    sample: ModuleType, tmp_path: Path
) -> None:
    write_shared(tmp_path)
    drawn = sample.draw(tmp_path)
    texts = [d.text for d in drawn]
    assert texts[:2] == ["no fresh air for a week", "kept on section too long"]
    assert texts[-1] == "no privacy at all"
    assert len(texts) == len(set(texts)) == 2 + sample.PHASE1_SAMPLE + 1
    assert [d.text for d in sample.draw(tmp_path)] == texts


def test_collect_orders_by_the_draw_and_refuses_stray_ids(
    sample: ModuleType, tmp_path: Path
) -> None:
    write_shared(tmp_path)
    drawn = sample.draw(tmp_path)
    reader = tmp_path / "reader.jsonl"
    lines = [
        {"id": text_digest("no privacy at all"), "labels": ["privacy_dignity"], "urgent": False},
        {"id": text_digest("kept on section too long"), "labels": ["coercion"], "urgent": False},
    ]
    reader.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    labels = sample.collect(drawn, [reader])
    assert [(label.file, label.labels) for label in labels] == [
        ("nhs_feedback_v6.csv", ("coercion",)),
        ("nhs_feedback_phase1.csv", ("privacy_dignity",)),
    ]
    stray = tmp_path / "stray.jsonl"
    stray.write_text('{"id": "0000000000000000", "labels": [], "urgent": false}\n')
    with pytest.raises(SystemExit, match="stray id"):
        sample.collect(drawn, [stray])


def test_batches_are_never_written_inside_the_repository(sample: ModuleType) -> None:
    with pytest.raises(SystemExit, match="inside the repository"):
        sample._write_batches([], sample.REPO / "batches")


def reading(drawn: list[Any], labels: dict[str, tuple[str, ...]]) -> list[RealLabel]:
    return [RealLabel(d.file, d.id, labels.get(d.text, ()), False) for d in drawn]


@pytest.fixture
def drawn(sample: ModuleType, tmp_path: Path) -> list[Any]:
    """The sample drawn from a small stand-in for the shared data."""
    write_shared(tmp_path)
    return list(sample.draw(tmp_path))


def test_the_agreed_labels_take_the_readings_where_they_agree_and_the_decision_elsewhere(
    sample: ModuleType, drawn: list[Any], tmp_path: Path
) -> None:
    readings = {
        "first": reading(drawn, {"no fresh air for a week": ("living_conditions",)}),
        "second": reading(
            drawn,
            {
                "no fresh air for a week": ("living_conditions",),
                "kept on section too long": ("coercion",),
            },
        ),
    }
    (disputed,) = sample.disputed(drawn, readings)
    assert disputed.text == "kept on section too long"

    decided = tmp_path / "decided.jsonl"
    line = {"id": disputed.id, "labels": ["coercion", "consent_information"], "urgent": False}
    decided.write_text(json.dumps(line) + "\n", encoding="utf-8")
    agreed = {label.text_digest: label for label in sample.agree(drawn, readings, [decided])}
    assert len(agreed) == len(drawn)
    assert agreed[disputed.id].labels == ("coercion", "consent_information")
    assert agreed[text_digest("no fresh air for a week")].labels == ("living_conditions",)

    # A decision on a comment both readers agree on would overrule them unasked.
    line["id"] = text_digest("no fresh air for a week")
    overruling = tmp_path / "overruling.jsonl"
    overruling.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="agree on"):
        sample.agree(drawn, readings, [decided, overruling])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit, match="1 disputed comments have no decision"):
        sample.agree(drawn, readings, [empty])


def test_disputes_show_both_readings_and_stay_outside_the_repository(
    sample: ModuleType, drawn: list[Any], tmp_path: Path
) -> None:
    readings = {
        "first": reading(drawn, {"no privacy at all": ("privacy_dignity",)}),
        "second": reading(drawn, {}),
    }
    sample._write_disputes(drawn, readings, tmp_path / "out")
    written = (tmp_path / "out" / "disputes.jsonl").read_text(encoding="utf-8")
    (shown,) = [json.loads(line) for line in written.splitlines()]
    assert shown["text"] == "no privacy at all"
    assert sorted(map(tuple, [shown["reading_A"]["labels"], shown["reading_B"]["labels"]])) == [
        (),
        ("privacy_dignity",),
    ]
    with pytest.raises(SystemExit, match="inside the repository"):
        sample._write_disputes(drawn, readings, sample.REPO / "disputes")
