"""Which language a page is shown in, and the translation catalogues behind it.

English is the source language: the English text is the message id, so English
needs no catalogue. Every other language has a gettext ``.po`` file under
``translations/<code>/LC_MESSAGES/messages.po``, compiled in memory when the
service starts (no ``.mo`` file to drift out of step with its ``.po``).

The choice is made per request and never stored: an explicit ``lang`` (a link
on GET pages, a hidden field in forms) wins, then the browser's
``Accept-Language``, then the configured default. No cookie is involved, so a
shared device remembers nothing.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Mapping
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"
# Each language named in itself, as a person looking for it would recognise it.
LANGUAGES: Mapping[str, str] = {"en": "English", "pl": "Polski"}
TRANSLATIONS_DIR = Path(__file__).parent / "translations"
CATALOGUE_PATH = "{code}/LC_MESSAGES/messages.po"

Gettext = Callable[..., str]


def po_path(code: str) -> Path:
    """Where the ``.po`` catalogue for a language lives."""
    return TRANSLATIONS_DIR / CATALOGUE_PATH.format(code=code)


def load_translations(code: str) -> gettext.NullTranslations:
    """Compile one language's ``.po`` file in memory; English gets the identity."""
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with po_path(code).open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Catalogues:
    """Every language's translations, loaded once at start-up."""

    def __init__(self, default_language: str) -> None:
        self.default = default_language if default_language in LANGUAGES else SOURCE_LANGUAGE
        self._translations = {code: load_translations(code) for code in LANGUAGES}

    def choose(self, explicit: str | None, accept_language: str | None) -> str:
        """The language for this request: explicit choice, then browser, then default."""
        if explicit is not None and explicit in LANGUAGES:
            return explicit
        for wanted in preferred_languages(accept_language or ""):
            if wanted in LANGUAGES:
                return wanted
        return self.default

    def gettext(self, code: str) -> Gettext:
        """A ``_`` for templates and code: translates, then fills ``%(name)s`` fields."""
        translations = self._translations[code]

        def translate(message: str, /, **values: object) -> str:
            text = translations.gettext(message)
            return text % values if values else text

        return translate

    def has_message(self, code: str, message: str) -> bool:
        """Whether a language's catalogue translates this exact English sentence."""
        if code == SOURCE_LANGUAGE:
            return True
        return self._translations[code].gettext(message) != message


def preferred_languages(header: str) -> list[str]:
    """Primary language subtags from ``Accept-Language``, most wanted first.

    ``"pl-PL,pl;q=0.9,en;q=0.5"`` gives ``["pl", "en"]``. Entries with ``q=0``
    mean "not this one" and are dropped; malformed weights count as 0.
    """
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        if not primary or primary == "*":
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, primary))
    seen: list[str] = []
    for _, _, primary in sorted(weighted):
        if primary not in seen:
            seen.append(primary)
    return seen


def mark(message: str) -> str:
    """Mark a module-level English string for extraction without translating it yet."""
    return message
