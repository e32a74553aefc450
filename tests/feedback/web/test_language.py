"""Language choice per request, and catalogues that cover every string the pages use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from feedback.web import language
from feedback.web.language import LANGUAGES, Catalogues, po_path, preferred_languages

WEB = Path(language.__file__).parent
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def extracted_messages() -> set[str]:
    """Every string the pages mark for translation: ``_()`` in templates, ``mark()`` in code."""
    found = extract_from_dir(
        str(WEB),
        method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
        keywords={"_": None, "mark": None},
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("pl-PL,pl;q=0.9,en;q=0.5", ["pl", "en"]),
        ("en-GB;q=0.3, pl;q=0.8", ["pl", "en"]),
        ("fr;q=0, pl;q=bad, de", ["de"]),
        ("*", []),
        ("", []),
    ],
)
def test_accept_language_is_read_by_weight(header: str, expected: list[str]) -> None:
    assert preferred_languages(header) == expected


def test_explicit_choice_beats_the_browser_and_the_default() -> None:
    catalogues = Catalogues("pl")
    assert catalogues.choose("en", "pl") == "en"
    assert catalogues.choose(None, "de, pl;q=0.5") == "pl"
    assert catalogues.choose("xx", "de") == "pl"
    assert Catalogues("klingon").choose(None, None) == "en"


def test_polish_translates_and_fills_in_values() -> None:
    _ = Catalogues("en").gettext("pl")
    assert _("Send") == "Wyślij"
    assert _("Our reference for it: %(reference)s", reference="K7M-2QX") == (
        "Nasz numer sprawy: K7M-2QX"
    )
    assert Catalogues("en").gettext("en")("Send") == "Send"


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_every_string_is_translated_and_nothing_is_left_over(code: str) -> None:
    with po_path(code).open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    translated = {message.id: message for message in catalogue if message.id}
    used = extracted_messages()
    assert sorted(used - set(translated)) == [], "run the extraction and translate these"
    assert sorted(set(translated) - used) == [], "these are no longer used"
    for msgid, message in translated.items():
        assert isinstance(message.string, str)
        assert message.string.strip(), f"not translated: {msgid!r}"
        assert "fuzzy" not in message.flags, f"fuzzy: {msgid!r}"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(
            PLACEHOLDER.findall(str(msgid))
        ), msgid
