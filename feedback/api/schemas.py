"""Request and response bodies of the public JSON API (msgspec Structs).

Constraints live here so that Litestar rejects malformed requests before any
action runs; unknown fields are refused so that a typo such as ``wantsReply``
is reported rather than silently ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from feedback.models import Kind, PublicStatus

FeedbackText = Annotated[
    str, msgspec.Meta(min_length=1, max_length=10_000, description="What happened, in your words.")
]
ReceiptText = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=64,
        description="The receipt code given when the feedback was sent. Spaces and dashes "
        "are ignored; upper or lower case both work.",
    ),
]


class SubmissionRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new piece of feedback."""

    text: FeedbackText
    service: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    kind: Kind | None = None
    wants_reply: bool = False
    on_behalf: bool = False
    quote_consent: bool = False


class SubmissionResponse(msgspec.Struct, kw_only=True):
    """Shown once after sending. ``receipt`` is present only when a reply was asked for."""

    reference: str
    received: date
    receipt: str | None = msgspec.field(default=None)
    help_first: bool = False


class FollowUpRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Look up feedback by its receipt. The code travels in the body, never the URL."""

    receipt: ReceiptText


class MessageRequest(msgspec.Struct, forbid_unknown_fields=True):
    """A reply from the submitter."""

    receipt: ReceiptText
    text: FeedbackText


class ConversationEntryResponse(msgspec.Struct):
    """One message, dated to the day."""

    author: str
    text: str
    date: date


class FollowUpResponse(msgspec.Struct, kw_only=True):
    """Status and conversation for a receipt holder."""

    reference: str
    status: PublicStatus
    received: date
    feedback: str
    conversation: list[ConversationEntryResponse]


class ErrorResponse(msgspec.Struct):
    """Every error answer: a machine-readable code and a sentence for a person."""

    error: str
    message: str


class HealthResponse(msgspec.Struct):
    """Liveness and the version of what is running."""

    status: str
    version: str
    model_version: str
