"""The help file: bundled defaults, per-language text with English fallback, checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback.settings import load_settings
from feedback.web.help import HelpInfo


def test_bundled_help_has_emergency_and_helpline_numbers() -> None:
    info = HelpInfo.from_file(load_settings({}).help_path)
    english = info.in_language("en")
    numbers = [contact.number for contact in english.contacts]
    assert "999" in numbers
    assert "116 123" in numbers
    assert "999" in english.line
    assert english.contacts[1].tel == "116123"
    assert info.in_language("pl").line.startswith("Potrzebujesz")
    assert info.quick_exit_url.startswith("https://")


def test_missing_language_falls_back_to_english(tmp_path: Path) -> None:
    path = tmp_path / "help.toml"
    path.write_text(
        'quick_exit_url = "https://example.org/"\n[line]\nen = "Call 112."\n'
        '[[contacts]]\nnumber = "112"\nname = {en = "Emergency"}\nwhen = {en = "Now."}\n',
        encoding="utf-8",
    )
    polish = HelpInfo.from_file(path).in_language("pl")
    assert polish.line == "Call 112."
    assert polish.contacts[0].name == "Emergency"


@pytest.mark.parametrize(
    "text",
    [
        'quick_exit_url = "http://example.org/"\n[line]\nen = "x"\ncontacts = []\n',
        'quick_exit_url = "https://example.org/"\n[line]\npl = "x"\ncontacts = []\n',
        'quick_exit_url = "https://example.org/"\ncontacts = []\n',
    ],
)
def test_bad_help_files_are_refused_with_the_file_named(tmp_path: Path, text: str) -> None:
    path = tmp_path / "help.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"help\.toml"):
        HelpInfo.from_file(path)
