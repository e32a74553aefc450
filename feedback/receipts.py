"""Receipt codes: what a service user writes down to come back later.

A code is 25 characters shown in five groups of five, for example
``K7M2Q-9XTRB-WH4PC-3NDFA-ZE8GY``. It has three parts:

* a 6-character **lookup id** that the database keeps in the clear, to find the
  record without scanning every hash;
* a 17-character **secret** (84 bits) that the database keeps only as an
  argon2id hash, so a stolen copy of the database cannot test guesses faster than
  one argon2id computation per guess per record;
* 2 **check characters** that catch typing mistakes before any lookup, so a
  person is told "this code looks mistyped" rather than "not found".

The alphabet has 31 symbols: the digits 2-9 and the letters without I, L, O
(easily confused with 1 and 0). 31 is prime, which makes the weighted check
sums catch every single wrong character and every swap of two neighbours.
Input is case-insensitive and ignores spaces and dashes of every kind: phones
and word processors turn a typed ``-`` into an en dash or a minus sign, a space
into a non-breaking one, and some keyboards type full-width letters, and a
person cannot see the difference.
"""

from __future__ import annotations

import math
import secrets
import unicodedata
from dataclasses import dataclass

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, prime
LOOKUP_LENGTH = 6
SECRET_LENGTH = 17
CHECK_LENGTH = 2
CODE_LENGTH = LOOKUP_LENGTH + SECRET_LENGTH + CHECK_LENGTH
GROUP = 5
SECRET_BITS = SECRET_LENGTH * math.log2(BASE)
LOOKUP_BITS = LOOKUP_LENGTH * math.log2(BASE)

_VALUE = {char: index for index, char in enumerate(ALPHABET)}
_IGNORED = {" ", "-", "\t", "\n", "\r", "_", ".", "\N{MINUS SIGN}"}
# Separators (Zs, Zl, Zp), dashes (Pd) and invisible format characters such as
# a zero-width space or a soft hyphen (Cf), wherever they come from.
_IGNORED_CATEGORIES = {"Zs", "Zl", "Zp", "Pd", "Cf"}
_NEVER_IN_CODES = {"0": "0 (zero)", "1": "1 (one)", "I": "I", "L": "L", "O": "O"}


class ReceiptFormatError(ValueError):
    """The text cannot be a receipt code; ``message`` says why in plain words."""

    def __init__(self, message: str, *, mistyped: bool) -> None:
        super().__init__(message)
        self.message = message
        self.mistyped = mistyped


@dataclass(frozen=True, slots=True)
class ReceiptCode:
    """A parsed, well-formed receipt code. ``repr`` hides the secret."""

    lookup_id: str
    secret: str

    def __repr__(self) -> str:
        return f"ReceiptCode(lookup_id={self.lookup_id!r}, secret=<hidden>)"

    @property
    def display(self) -> str:
        """The code as a person should see it: grouped, upper case, with check characters."""
        body = self.lookup_id + self.secret
        full = body + _check_characters(body)
        return "-".join(full[i : i + GROUP] for i in range(0, len(full), GROUP))


def new_receipt() -> ReceiptCode:
    """Draw a fresh code from the operating system's cryptographic random source."""
    lookup = "".join(secrets.choice(ALPHABET) for _ in range(LOOKUP_LENGTH))
    secret = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    return ReceiptCode(lookup_id=lookup, secret=secret)


def parse_receipt(text: str) -> ReceiptCode:
    """Turn what a person typed into a code, or raise :class:`ReceiptFormatError`.

    The error distinguishes a code that was clearly mistyped (wrong characters,
    wrong length, failed check) from input that is not a code at all, and its
    message is written for the person who typed it.
    """
    cleaned = "".join(char for char in _folded(text) if not _is_ignored(char))
    if not cleaned:
        raise ReceiptFormatError("Please type your receipt code.", mistyped=False)
    never = sorted({_NEVER_IN_CODES[c] for c in cleaned if c in _NEVER_IN_CODES})
    if never:
        raise ReceiptFormatError(
            "This code looks mistyped: codes never contain " + _list(never) + ". "
            "Please check each character against your note.",
            mistyped=True,
        )
    unknown = sorted({c for c in cleaned if c not in _VALUE})
    if unknown:
        raise ReceiptFormatError(
            "This code looks mistyped: codes only use the letters A to Z and the numbers 2 to 9.",
            mistyped=True,
        )
    if len(cleaned) != CODE_LENGTH:
        raise ReceiptFormatError(
            f"This code looks mistyped: a code has {CODE_LENGTH} characters and this one "
            f"has {len(cleaned)}. Please check for a missing or extra character.",
            mistyped=True,
        )
    body, check = cleaned[:-CHECK_LENGTH], cleaned[-CHECK_LENGTH:]
    if _check_characters(body) != check:
        raise ReceiptFormatError(
            "This code looks mistyped: one or more characters are wrong or swapped. "
            "Please check each character against your note.",
            mistyped=True,
        )
    return ReceiptCode(lookup_id=body[:LOOKUP_LENGTH], secret=body[LOOKUP_LENGTH:])


def _folded(text: str) -> str:
    # NFKC turns full-width and other compatibility forms ("\uff2b\uff17") into
    # the plain letters and digits they look like ("K7").
    return unicodedata.normalize("NFKC", text).upper()


def _is_ignored(char: str) -> bool:
    return char in _IGNORED or unicodedata.category(char) in _IGNORED_CATEGORIES


def _check_characters(body: str) -> str:
    # Two independent weighted sums modulo the prime 31. Weights are distinct
    # and non-zero modulo 31, so one wrong character always changes both sums,
    # and swapping neighbours changes the first (consecutive weights differ by 1).
    values = [_VALUE[c] for c in body]
    first = sum((index + 1) * value for index, value in enumerate(values)) % BASE
    second = sum(pow(3, index, BASE) * value for index, value in enumerate(values)) % BASE
    return ALPHABET[(-first) % BASE] + ALPHABET[(-second) % BASE]


def _list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]
