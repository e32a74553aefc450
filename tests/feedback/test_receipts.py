"""Receipt codes: entropy, readability, and that every typo is caught."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from feedback.receipts import (
    ALPHABET,
    CODE_LENGTH,
    SECRET_BITS,
    ReceiptFormatError,
    new_receipt,
    parse_receipt,
)


def test_secret_part_alone_carries_at_least_80_bits() -> None:
    assert SECRET_BITS >= 80


def test_alphabet_has_no_ambiguous_characters() -> None:
    assert not set("01ILO") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_codes_are_grouped_in_fives() -> None:
    display = new_receipt().display
    groups = display.split("-")
    assert [len(g) for g in groups] == [5, 5, 5, 5, 5]
    assert len(display.replace("-", "")) == CODE_LENGTH


def test_codes_are_unique_and_characters_uniform() -> None:
    codes = [new_receipt() for _ in range(3000)]
    assert len({c.lookup_id + c.secret for c in codes}) == len(codes)
    counts = Counter("".join(c.secret for c in codes))
    expected = sum(counts.values()) / len(ALPHABET)
    chi_square = sum((counts[ch] - expected) ** 2 / expected for ch in ALPHABET)
    # 30 degrees of freedom: p = 0.0001 at about 66. A biased generator fails this.
    assert chi_square < 66
    assert set(counts) == set(ALPHABET)


@pytest.mark.parametrize(
    "transform",
    [
        str.lower,
        lambda s: s.replace("-", " "),
        lambda s: s.replace("-", ""),
        lambda s: "  " + s.replace("-", " - ").lower() + "\n",
    ],
)
def test_parsing_ignores_case_spaces_and_dashes(transform: object) -> None:
    code = new_receipt()
    assert callable(transform)
    assert parse_receipt(transform(code.display)) == code


def _full_width(text: str) -> str:
    # The full-width forms of ASCII letters and digits sit 0xFEE0 above them.
    return "".join(chr(ord(char) + 0xFEE0) for char in text)


@pytest.mark.parametrize(
    "separator",
    [
        "\N{EN DASH}",
        "\N{EM DASH}",
        "\N{MINUS SIGN}",
        "\N{HYPHEN}",
        "\N{NO-BREAK SPACE}",
        "\N{NARROW NO-BREAK SPACE}",
        "\N{IDEOGRAPHIC SPACE}",
        "\N{FULLWIDTH HYPHEN-MINUS}",
        "\N{ZERO WIDTH SPACE}",
        "\N{LINE SEPARATOR}",
        " \N{EN DASH} ",
    ],
)
def test_unicode_dashes_and_spaces_are_ignored(separator: str) -> None:
    # Phones and word processors change a typed "-" or space into these.
    code = new_receipt()
    assert parse_receipt(code.display.replace("-", separator)) == code


def test_the_reported_code_with_en_dashes_is_well_formed() -> None:
    typed = "9NZG9\N{EN DASH}S5FQR\N{EN DASH}VZM2G\N{EN DASH}5WF9G\N{EN DASH}3QZU9"
    assert parse_receipt(typed) == parse_receipt(typed.replace("\N{EN DASH}", "-"))


@pytest.mark.parametrize("case", [str.upper, str.lower])
def test_full_width_letters_and_digits_are_read_as_plain_ones(case: object) -> None:
    code = new_receipt()
    assert callable(case)
    typed = "\N{FULLWIDTH HYPHEN-MINUS}".join(_full_width(case(g)) for g in code.display.split("-"))
    assert parse_receipt(typed) == code


def test_every_single_character_substitution_is_caught() -> None:
    for _ in range(5):
        compact = new_receipt().display.replace("-", "")
        for position in range(CODE_LENGTH):
            for replacement in ALPHABET:
                if replacement == compact[position]:
                    continue
                typo = compact[:position] + replacement + compact[position + 1 :]
                with pytest.raises(ReceiptFormatError) as caught:
                    parse_receipt(typo)
                assert caught.value.mistyped


def test_every_swap_of_neighbours_is_caught() -> None:
    for _ in range(50):
        compact = new_receipt().display.replace("-", "")
        for position in range(CODE_LENGTH - 1):
            a, b = compact[position], compact[position + 1]
            if a == b:
                continue
            swapped = compact[:position] + b + a + compact[position + 2 :]
            with pytest.raises(ReceiptFormatError, match="mistyped"):
                parse_receipt(swapped)


def test_random_strings_almost_never_pass_the_check() -> None:
    # Two check characters mod 31: about 1 in 961 random strings passes.
    import secrets

    passed = 0
    trials = 20_000
    for _ in range(trials):
        guess = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        try:
            parse_receipt(guess)
            passed += 1
        except ReceiptFormatError:
            pass
    assert passed / trials < 3 / 961


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "Please type your receipt code"),
        ("O" * 25, "never contain O"),
        ("ABC1", "1 (one)"),
        ("ABCDE-FGHJK", "has 10"),
        ("ABCDE-FGHJK-MNPQR-STUVW-XYZ2#", "only use the letters"),
    ],
)
def test_mistakes_are_explained(typed: str, fragment: str) -> None:
    with pytest.raises(ReceiptFormatError) as caught:
        parse_receipt(typed)
    assert fragment in caught.value.message


def test_repr_never_shows_the_secret() -> None:
    code = new_receipt()
    assert code.secret not in repr(code)
    assert math.isclose(SECRET_BITS, 17 * math.log2(31))
