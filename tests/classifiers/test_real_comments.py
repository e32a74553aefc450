from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers.agreement import text_digest
from classifiers.real_comments import (
    RealLabelError,
    attach,
    is_held,
    read_readings,
    read_real_labels,
)


def line(file: str, text: str, labels: list[str], urgent: bool = False) -> str:
    item = {"file": file, "text_digest": text_digest(text), "labels": labels, "urgent": urgent}
    return json.dumps(item)


def write_shared(folder: Path) -> None:
    (folder / "nhs_feedback_phase1.csv").write_text(
        "feedback,criticality\n  no heating on the ward for a week  ,-3\nlovely staff,4\n",
        encoding="utf-8",
    )
    (folder / "nhs_feedback_v6.csv").write_text(
        "FFT answer,Comment sentiment\nno meds for three weeks,5\nthanks,1\n", encoding="utf-8"
    )


def test_halves_follow_the_last_hex_digit() -> None:
    assert [is_held(f"00{digit}") for digit in "0123456789abcdef"] == [
        bool(n % 2) for n in range(16)
    ]


def test_attach_finds_each_comment_in_its_own_file_and_splits_the_halves(
    tmp_path: Path,
) -> None:
    write_shared(tmp_path)
    labels_file = tmp_path / "labels.jsonl"
    labels_file.write_text(
        "\n".join(
            [
                line(
                    "nhs_feedback_phase1.csv",
                    "no heating on the ward for a week",
                    ["living_conditions"],
                ),
                line("nhs_feedback_v6.csv", "no meds for three weeks", ["neglect"]),
                line("nhs_feedback_v6.csv", "thanks", []),
                # In the shared data, but in the other file: not this comment.
                line("nhs_feedback_v6.csv", "lovely staff", []),
                line("nhs_feedback_v6.csv", "a comment that was removed", ["abuse"]),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    found = attach(read_real_labels(labels_file), tmp_path)
    assert found.missing == 2
    texts = {e.text: e.labels for e in (*found.looked_at, *found.held)}
    assert texts == {
        "no heating on the ward for a week": ("living_conditions",),
        "no meds for three weeks": ("neglect",),
        "thanks": (),
    }
    assert all(is_held(text_digest(e.text)) for e in found.held)
    assert not any(is_held(text_digest(e.text)) for e in found.looked_at)


def test_without_the_shared_data_every_comment_is_missing(tmp_path: Path) -> None:
    labels_file = tmp_path / "labels.jsonl"
    labels_file.write_text(line("nhs_feedback_v6.csv", "thanks", []) + "\n", encoding="utf-8")
    found = attach(read_real_labels(labels_file), tmp_path / "nowhere")
    assert (found.looked_at, found.held, found.missing) == ((), (), 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (line("nhs_feedback_v6.csv", "x", ["shouting"]), "unknown labels ['shouting']"),
        (line("other.csv", "x", []), "file 'other.csv'"),
        (
            line("nhs_feedback_v6.csv", "x", []) + "\n" + line("nhs_feedback_v6.csv", "x", []),
            "labelled twice",
        ),
        ('{"file": "nhs_feedback_v6.csv"}', "labels.jsonl:1"),
        ("not json", "labels.jsonl:1"),
    ],
)
def test_a_bad_label_file_names_its_line(tmp_path: Path, content: str, message: str) -> None:
    labels_file = tmp_path / "labels.jsonl"
    labels_file.write_text(content + "\n", encoding="utf-8")
    with pytest.raises(RealLabelError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_real_labels(labels_file)


def test_the_stored_labels_are_valid_and_name_each_comment_once() -> None:
    labels = read_real_labels()
    assert len(labels) >= 1000
    readings = read_readings()
    assert sorted(readings) == ["first", "second"]
    agreed = {item.text_digest: item for item in labels}
    for reading in readings.values():
        assert {item.text_digest for item in reading} == set(agreed)
    # Where the two readings agree, the agreed labels are theirs; a third reader
    # decided only where they differ.
    first, second = ({item.text_digest: item for item in r} for r in readings.values())
    same = [
        d
        for d in agreed
        if (first[d].labels, first[d].urgent) == (second[d].labels, second[d].urgent)
    ]
    assert len(same) > len(agreed) * 0.8
    for digest in same:
        assert (agreed[digest].labels, agreed[digest].urgent) == (
            first[digest].labels,
            first[digest].urgent,
        )


def test_readings_are_read_by_name_and_none_without_the_folder(tmp_path: Path) -> None:
    assert read_readings(tmp_path / "absent") == {}
    (tmp_path / "second.jsonl").write_text(
        line("nhs_feedback_v6.csv", "a", ["abuse"]) + "\n", encoding="utf-8"
    )
    (tmp_path / "first.jsonl").write_text(
        line("nhs_feedback_v6.csv", "a", []) + "\n", encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("not a reading", encoding="utf-8")
    readings = read_readings(tmp_path)
    assert list(readings) == ["first", "second"]
    assert readings["second"][0].labels == ("abuse",)
    (tmp_path / "third.jsonl").write_text(
        line("nhs_feedback_v6.csv", "a", ["hitting"]) + "\n", encoding="utf-8"
    )
    with pytest.raises(RealLabelError, match=r"third\.jsonl:1"):
        read_readings(tmp_path)
