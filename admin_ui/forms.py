"""What the staff forms post, as msgspec Structs with limits and readable errors.

Litestar decodes each form into its Struct before the handler runs; a value
out of range is answered 400 with a sentence naming the field, and nothing is
written. Every form also carries ``_csrf_token``, which the CSRF middleware
checks and these Structs ignore.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from feedback.casework import Agency, LabelDecision, Outcome
from feedback.models import Role, Status

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Username = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class SignInForm(msgspec.Struct, frozen=True):
    """The sign-in form."""

    username: Username
    password: Password
    next: str = ""


class StatusForm(msgspec.Struct, frozen=True):
    """Move an item to another status."""

    status: Status


class LabelForm(msgspec.Struct, frozen=True):
    """Confirm, reject or add one label."""

    label: Label
    decision: LabelDecision


class UrgencyForm(msgspec.Struct, frozen=True):
    """Keep or clear the urgent flag, or mark an item urgent ("urgent" is "yes" or "no")."""

    urgent: Annotated[str, msgspec.Meta(pattern="^(yes|no)$")]
    reason: Annotated[str, msgspec.Meta(max_length=1_000)] = ""
    """Why the item is not urgent (required to clear the flag; kept as a note)."""


class SuggestionForm(msgspec.Struct, frozen=True):
    """A reviewer's suggestion ("present" is "yes" or "no")."""

    label: Label
    present: Annotated[str, msgspec.Meta(pattern="^(yes|no)$")] = "yes"


class TextForm(msgspec.Struct, frozen=True):
    """A note or a response."""

    text: Text


class EscalationForm(msgspec.Struct, frozen=True):
    """Who the item was referred to, their reference, and when."""

    agency: Agency
    reference: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    escalated_on: date


class AssigneeForm(msgspec.Struct, frozen=True):
    """An account id, or empty for nobody."""

    assignee: Annotated[str, msgspec.Meta(pattern="^[0-9]*$", max_length=12)] = ""


class OutcomeForm(msgspec.Struct, frozen=True):
    """The outcome of a complaint, or empty to clear it."""

    outcome: Outcome | None = None


class PasswordChangeForm(msgspec.Struct, frozen=True):
    """Change one's own password (the new one typed twice)."""

    current: Password
    new: Password
    repeat: Password


class NewAccountForm(msgspec.Struct, frozen=True):
    """An admin creates an account."""

    username: Username
    role: Role
    password: Password


class ResetPasswordForm(msgspec.Struct, frozen=True):
    """An admin sets someone's password."""

    password: Password


def empty_as_none(value: str | None) -> str | None:
    """Query parameters from a select: an empty choice means no filter."""
    return value or None


def parse_day(value: str) -> date | None:
    """A ``YYYY-MM-DD`` value, or ``None``."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
