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


def test_a_file_that_is_not_utf8_raises_the_given_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(b'{"x": 1}\n{"x": "caf\xe9"}\n')
    with pytest.raises(BadFile, match=r"p\.jsonl:2: not UTF-8 text"):
        list(decode_lines(path, Point, BadFile))


def test_a_file_that_cannot_be_read_raises_the_given_error(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match=r"p\.jsonl: cannot read it"):
        list(decode_lines(tmp_path / "p.jsonl", Point, BadFile))
    with pytest.raises(BadFile, match="cannot read it"):
        list(decode_lines(tmp_path, Point, BadFile))
