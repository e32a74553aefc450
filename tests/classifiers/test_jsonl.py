from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from classifiers.jsonl import decode_lines


class Point(msgspec.Struct, forbid_unknown_fields=True):
    x: int


class BadFile(Exception):
    pass


def test_blank_lines_are_skipped_and_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"x": 1}\n\n   \n{"x": 2}\n', encoding="utf-8")
    assert list(decode_lines(path, Point, BadFile)) == [(1, Point(1)), (4, Point(2))]


@pytest.mark.parametrize("line", ['{"x": "one"}', '{"x": 1, "y": 2}', "{x: 1}"])
def test_a_bad_line_raises_the_given_error_with_its_place(tmp_path: Path, line: str) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"x": 1}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(BadFile, match=r"p\.jsonl:2: "):
        list(decode_lines(path, Point, BadFile))
