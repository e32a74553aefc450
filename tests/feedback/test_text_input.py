"""Typed text made safe to count and store: line breaks, control characters, blank-looking text."""

from __future__ import annotations

import pytest

from feedback.text_input import looks_empty, normalise


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("one\r\ntwo", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("one\r\n\r\ntwo", "one\n\ntwo"),
        ("one\n\rtwo", "one\n\ntwo"),
        ("  spaced out \n", "spaced out"),
    ],
)
def test_line_breaks_become_lf_and_the_ends_are_trimmed(typed: str, kept: str) -> None:
    assert normalise(typed) == kept


def test_a_browser_line_break_counts_as_one_character() -> None:
    # A text box's counter counts CRLF as one; so must we.
    typed = "\r\n".join(["x" * 99] * 100)
    assert len(typed) == 100 * 99 + 99 * 2
    assert len(normalise(typed)) == 100 * 99 + 99


@pytest.mark.parametrize(
    "control",
    ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f"],
)
def test_control_characters_are_dropped(control: str) -> None:
    assert normalise(f"{control}a{control}b{control}") == "ab"


def test_tabs_and_line_feeds_are_kept_inside_the_text() -> None:
    assert normalise("a\tb\nc") == "a\tb\nc"


def test_a_nul_before_the_words_leaves_the_words() -> None:
    assert normalise("\x00 hi") == "hi"


def test_lone_surrogates_are_dropped_and_real_emoji_kept() -> None:
    assert normalise("a\ud800b\udfffc") == "abc"
    assert normalise("good \N{GRINNING FACE}") == "good \N{GRINNING FACE}"


def test_letters_of_every_script_are_untouched() -> None:
    text = "Zażółć gęślą jaźń, 病房很冷, غرفة باردة, \N{FACE WITH TEARS OF JOY}"
    assert normalise(text) == text


@pytest.mark.parametrize(
    "blank",
    [
        "",
        "   ",
        "\n\t\n",
        "\N{ZERO WIDTH SPACE}\N{ZERO WIDTH SPACE}",
        "\N{ZERO WIDTH JOINER}\N{ZERO WIDTH NON-JOINER}",
        "\N{WORD JOINER} \N{ZERO WIDTH NO-BREAK SPACE}",
        "\N{SOFT HYPHEN}",
        "\N{NO-BREAK SPACE}\N{IDEOGRAPHIC SPACE}",
        "\N{LEFT-TO-RIGHT MARK}\N{RIGHT-TO-LEFT MARK}",
    ],
)
def test_white_space_and_zero_width_characters_look_empty(blank: str) -> None:
    assert looks_empty(blank)
    assert looks_empty(normalise(blank))


@pytest.mark.parametrize(
    "shown", ["a", ".", "\N{ZERO WIDTH SPACE}a", "\N{GRINNING FACE}", "病", "\N{EN DASH}"]
)
def test_anything_visible_is_not_empty(shown: str) -> None:
    assert not looks_empty(shown)
