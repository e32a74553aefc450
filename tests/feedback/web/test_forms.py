"""Form posts become the action's input, or a list of fields to fix."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from feedback.actions.submission import MAX_TEXT_LENGTH, Submission
from feedback.catalogue import Service, ServiceCatalogue
from feedback.models import Kind
from feedback.web.forms import (
    FORM_MAX_BODY_BYTES,
    FeedbackForm,
    FieldError,
    check_text,
    readable,
    ticked,
    to_submission,
)

CATALOGUE = ServiceCatalogue([Service(id="willow-ward", name="Willow Ward")])


def test_a_full_form_becomes_a_submission() -> None:
    result = to_submission(
        FeedbackForm(
            text=" The ward is cold ",
            service="willow-ward",
            kind="concern",
            wants_reply="yes",
            quote_consent="on",
        ),
        CATALOGUE,
    )
    assert result == Submission(
        text=" The ward is cold ",
        service="willow-ward",
        kind=Kind.CONCERN,
        wants_reply=True,
        on_behalf=False,
        quote_consent=True,
    )


def test_unticked_boxes_and_skipped_choices_mean_no() -> None:
    result = to_submission(FeedbackForm(text="Fine"), CATALOGUE)
    assert isinstance(result, Submission)
    assert (result.service, result.kind, result.wants_reply, result.quote_consent) == (
        None,
        None,
        False,
        False,
    )
    assert not ticked("")
    assert ticked("ON")


def test_every_problem_is_reported_against_its_field() -> None:
    result = to_submission(FeedbackForm(text="  ", service="nowhere", kind="rant"), CATALOGUE)
    assert isinstance(result, list)
    assert [error.field for error in result] == ["text", "service", "kind"]


def test_text_that_is_too_long_is_refused() -> None:
    assert check_text("x" * 10_001) == [
        FieldError("text", "This is too long. Please make it shorter, or send it in two parts.")
    ]
    assert check_text("x" * 10_000) == []


def test_zero_width_only_text_is_empty_and_line_breaks_count_once() -> None:
    assert check_text("\u200b\u200b") == [
        FieldError("text", "Please write something before you send it.")
    ]
    assert check_text(("x" * 99 + "\r\n") * 99 + "y" * 100) == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"text=hello+there&lang=en",
        urlencode({"text": "Zażółć \N{GRINNING FACE} \u75c5"}).encode(),
        b"text=caf%C3%A9",
    ],
)
def test_utf8_forms_are_readable(body: bytes) -> None:
    assert readable(body)


@pytest.mark.parametrize(
    "body",
    [b"text=%FF", b"text=\xff", b"text=caf%E9", b"te%FExt=a", b"text=%E2%80", b"a=%C3&b=%A9"],
)
def test_forms_that_are_not_utf8_are_not_readable(body: bytes) -> None:
    assert not readable(body)


def test_the_form_body_limit_fits_the_longest_text_in_any_script() -> None:
    worst = {
        "text": "\N{GRINNING FACE}" * MAX_TEXT_LENGTH,
        "service": "s" * 64,
        "kind": "suggestion",
        "wants_reply": "yes",
        "quote_consent": "yes",
        "on_behalf": "yes",
        "lang": "pl",
        "kiosk": "1",
    }
    assert len(urlencode(worst).encode()) <= FORM_MAX_BODY_BYTES
