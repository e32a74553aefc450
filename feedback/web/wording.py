"""The words the pages use for the domain's values and errors, marked for translation.

Actions speak English to the API; the pages speak the reader's language. Each
English string here is a message id in the catalogues (``mark`` only flags it
for extraction; templates translate it with ``_``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from feedback.errors import (
    FeedbackError,
    Overloaded,
    ReceiptMistyped,
    ReceiptNotFound,
    TooManyAttempts,
)
from feedback.models import Kind, PublicStatus
from feedback.web.language import Catalogues, mark

KINDS: Mapping[Kind, str] = {
    Kind.COMPLIMENT: mark("Something good (a compliment)"),
    Kind.CONCERN: mark("Something that worries me (a concern)"),
    Kind.COMPLAINT: mark("Something that went wrong (a complaint)"),
    Kind.SUGGESTION: mark("An idea to make things better (a suggestion)"),
}

STATUSES: Mapping[PublicStatus, tuple[str, str]] = {
    PublicStatus.RECEIVED: (mark("Received"), mark("We have it. Nobody has looked at it yet.")),
    PublicStatus.ACKNOWLEDGED: (mark("Seen"), mark("A member of staff has read it.")),
    PublicStatus.IN_PROGRESS: (mark("Being looked into"), mark("Staff are looking into it now.")),
    PublicStatus.RESPONDED: (mark("Answered"), mark("Staff have written back to you. See below.")),
    PublicStatus.CLOSED: (
        mark("Closed"),
        mark("Staff have finished with it. You can still write back, and it will open again."),
    ),
}

AUTHORS: Mapping[str, str] = {"you": mark("You"), "staff": mark("Staff")}

MISTYPED = mark("This code looks mistyped. Please check each letter and number against your note.")
# The same sentence as the action's, written out so that extraction can see it
# (tests/feedback/web/test_wording.py keeps the two equal).
NOT_FOUND = mark(
    "We could not find feedback with this code. Please check the code against your note "
    "and try again."
)
TOO_MANY = mark(
    "This code has been tried too many times. Please wait %(minutes)s min, then try again."
)
BUSY = mark("We are very busy just now. Please wait a moment, then try again.")
EMPTY_CODE = mark("Please type your code.")
SOMETHING_WRONG = mark("Something went wrong, and nothing was saved. Please try again.")
# The receipt checker's fixed sentences (``feedback.receipts``), so that they
# can be translated; its sentences with numbers in fall back to MISTYPED.
RECEIPT_CHECKER = (
    mark("This code looks mistyped: codes only use the letters A to Z and the numbers 2 to 9."),
    mark(
        "This code looks mistyped: one or more characters are wrong or swapped. "
        "Please check each character against your note."
    ),
)


def error_message(exc: FeedbackError, lang: str, catalogues: Catalogues) -> str:
    """A sentence about ``exc`` for a person, in ``lang``.

    The receipt checker explains exactly what looks wrong (a missing
    character, a letter codes never use); we show its own words when the
    catalogue has them, and a plainer general sentence when it does not.
    """
    _ = catalogues.gettext(lang)
    if isinstance(exc, TooManyAttempts):
        return _(TOO_MANY, minutes=max(1, math.ceil(exc.retry_after_seconds / 60)))
    if isinstance(exc, Overloaded):
        return _(BUSY)
    if isinstance(exc, ReceiptNotFound):
        return _(NOT_FOUND)
    if isinstance(exc, ReceiptMistyped):
        if exc.message == "Please type your receipt code.":
            return _(EMPTY_CODE)
        return _(exc.message) if catalogues.has_message(lang, exc.message) else _(MISTYPED)
    return _(exc.message) if catalogues.has_message(lang, exc.message) else _(SOMETHING_WRONG)
