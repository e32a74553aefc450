"""Domain exceptions. ``feedback.api.errors`` maps each one to an HTTP answer.

Every message is written for the person who will read it: a distressed service
user on a phone, or a member of staff. None may contain a receipt code.
"""

from __future__ import annotations


class FeedbackError(Exception):
    """Base of every error the service reports to a person."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(FeedbackError):
    """The request or command had a value the service cannot accept."""

    status_code = 400
    code = "invalid_input"


class UnknownService(InvalidInput):
    """The submission named a service that is not on the configured list."""

    code = "unknown_service"


class ReceiptMistyped(InvalidInput):
    """The receipt code has the wrong shape or fails its check characters."""

    code = "receipt_mistyped"


class ReceiptNotFound(FeedbackError):
    """No record matches this receipt (or the secret part is wrong: we never say which)."""

    status_code = 404
    code = "receipt_not_found"


class NotFound(FeedbackError):
    """A staff-side object (item, account) does not exist."""

    status_code = 404
    code = "not_found"


class PermissionDenied(FeedbackError):
    """The signed-in person's role does not allow this action."""

    status_code = 403
    code = "permission_denied"


class Conflict(FeedbackError):
    """The action does not fit the current state (for example closing a closed item)."""

    status_code = 409
    code = "conflict"


class TooManyAttempts(FeedbackError):
    """Too many failed attempts; try again after ``retry_after_seconds``."""

    status_code = 429
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class Overloaded(FeedbackError):
    """The service is too busy to take this request now; the caller should retry."""

    status_code = 503
    code = "overloaded"

    def __init__(self, *, retry_after_seconds: int) -> None:
        super().__init__("The service is very busy. Please try again in a moment.")
        self.retry_after_seconds = retry_after_seconds
