"""An export's ``--output`` file: checked first, written whole or not at all, owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from feedback.commands.output_file import OutputFile
from feedback.errors import InvalidInput


def test_a_failed_export_leaves_no_half_file_and_the_old_one_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "queue.csv"
    target.write_text("last week's export\n", encoding="utf-8")
    output = OutputFile.open(target)
    output.stream.write(b"reference,received\n")
    output.discard()
    assert target.read_text(encoding="utf-8") == "last week's export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["queue.csv"]


def test_a_finished_export_replaces_the_file_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "queue.csv"
    target.write_text("old\n", encoding="utf-8")
    output = OutputFile.open(target)
    output.stream.write(b"new\n")
    assert target.read_text(encoding="utf-8") == "old\n"  # untouched until finished
    output.finish()
    output.discard()  # after finishing there is nothing to discard
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["queue.csv"]


@pytest.mark.parametrize(
    ("name", "says"),
    [("missing/out.csv", "there is no folder"), ("", "is a folder")],
)
def test_a_path_that_cannot_be_written_is_one_sentence(
    tmp_path: Path, name: str, says: str
) -> None:
    with pytest.raises(InvalidInput, match=says):
        OutputFile.open(tmp_path / name)
    assert list(tmp_path.iterdir()) == []
