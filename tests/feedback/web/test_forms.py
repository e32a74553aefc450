"""Form posts become the action's input, or a list of fields to fix."""

from __future__ import annotations

from feedback.actions.submission import Submission
from feedback.catalogue import Service, ServiceCatalogue
from feedback.models import Kind
from feedback.web.forms import FeedbackForm, FieldError, check_text, ticked, to_submission

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
