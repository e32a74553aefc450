"""Errors and statuses in the reader's language."""

from __future__ import annotations

import pytest

from feedback.actions.submission import NOT_FOUND_MESSAGE
from feedback.errors import (
    FeedbackError,
    InvalidInput,
    Overloaded,
    ReceiptMistyped,
    ReceiptNotFound,
    TooManyAttempts,
)
from feedback.models import Kind, PublicStatus
from feedback.receipts import ReceiptFormatError, new_receipt, parse_receipt
from feedback.web import wording
from feedback.web.language import Catalogues

CATALOGUES = Catalogues("en")


def test_not_found_is_the_actions_own_sentence() -> None:
    assert wording.NOT_FOUND == NOT_FOUND_MESSAGE


def test_the_receipt_checkers_fixed_sentences_are_the_ones_it_says() -> None:
    good = new_receipt().display.replace("-", "")
    while good[0] == good[1]:  # a swap must change something
        good = new_receipt().display.replace("-", "")
    swapped = good[1] + good[0] + good[2:]
    said = set()
    for typed in ("#" * 25, swapped):
        with pytest.raises(ReceiptFormatError) as caught:
            parse_receipt(typed)
        said.add(caught.value.message)
    assert said == set(wording.RECEIPT_CHECKER)


def test_every_kind_and_status_has_words() -> None:
    assert set(wording.KINDS) == set(Kind)
    assert set(wording.STATUSES) == set(PublicStatus)


@pytest.mark.parametrize(
    ("error", "english", "polish"),
    [
        (ReceiptNotFound(NOT_FOUND_MESSAGE), "could not find", "Nie znaleźliśmy"),
        (
            ReceiptMistyped(
                "This code looks mistyped: a code has 25 characters and this one has 24."
            ),
            "a code has 25",
            "błędnie wpisany",
        ),
        (ReceiptMistyped("Please type your receipt code."), "type your code", "Wpisz swój kod"),
        (TooManyAttempts("x", retry_after_seconds=130), "wait 3 min", "Poczekaj 3 min"),
        (Overloaded(retry_after_seconds=2), "very busy", "dużo pracy"),
        (InvalidInput("'text' is odd."), "'text' is odd.", "Coś poszło nie tak"),
    ],
)
def test_errors_in_each_language(error: FeedbackError, english: str, polish: str) -> None:
    assert english in wording.error_message(error, "en", CATALOGUES)
    assert polish in wording.error_message(error, "pl", CATALOGUES)
