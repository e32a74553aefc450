"""The "get help now" text and numbers, read from a TOML file a trust can edit.

Help is configuration, not code: numbers differ between nations and trusts,
and a trust may add a local crisis line. Each text carries its own
translations in the file, because a trust that adds a local line cannot be
expected to edit our gettext catalogues.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import msgspec

from feedback.web.language import SOURCE_LANGUAGE

Translated = Annotated[dict[str, str], msgspec.Meta(min_length=1)]


class Contact(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One place to get help: a name, when to use it, and a number (maybe none)."""

    name: Translated
    when: Translated
    number: str = ""


class _HelpFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    quick_exit_url: str
    line: Translated
    contacts: list[Contact]


class ContactText(msgspec.Struct, frozen=True):
    """A contact in one language, ready for a template."""

    name: str
    when: str
    number: str

    @property
    def tel(self) -> str:
        """The number as a ``tel:`` link target (digits and a leading plus only)."""
        return re.sub(r"[^0-9+]", "", self.number)


class HelpText(msgspec.Struct, frozen=True):
    """Everything about help in one language."""

    line: str
    contacts: tuple[ContactText, ...]
    quick_exit_url: str


class HelpInfo:
    """The loaded help file; :meth:`in_language` picks one language's texts."""

    def __init__(self, parsed: _HelpFile) -> None:
        if not parsed.quick_exit_url.startswith("https://"):
            raise ValueError("quick_exit_url must be an https:// address")
        for text in [parsed.line, *(c.name for c in parsed.contacts)]:
            if SOURCE_LANGUAGE not in text:
                raise ValueError(f"every text needs an {SOURCE_LANGUAGE!r} version: {text}")
        self._parsed = parsed

    @classmethod
    def from_file(cls, path: Path) -> HelpInfo:
        """Load and check a help file; errors name the file and the problem."""
        try:
            parsed = msgspec.toml.decode(path.read_bytes(), type=_HelpFile)
            return cls(parsed)
        except (OSError, msgspec.DecodeError, ValueError) as exc:
            raise ValueError(f"cannot read help file {path}: {exc}") from None

    @property
    def quick_exit_url(self) -> str:
        """Where the "leave this page quickly" control goes."""
        return self._parsed.quick_exit_url

    def in_language(self, code: str) -> HelpText:
        """The help texts in ``code``, falling back to English text by text."""

        def pick(text: dict[str, str]) -> str:
            return text.get(code) or text.get(SOURCE_LANGUAGE, "")

        return HelpText(
            line=pick(self._parsed.line),
            contacts=tuple(
                ContactText(name=pick(c.name), when=pick(c.when), number=c.number)
                for c in self._parsed.contacts
            ),
            quick_exit_url=self._parsed.quick_exit_url,
        )
