"""What the staff forms post, as msgspec Structs with limits and readable errors.

Litestar decodes each form into its Struct before the handler runs; a value
out of range is answered 400 with a sentence naming the field, and nothing is
written. Every form also carries ``_csrf_token``, which the CSRF middleware
checks and these Structs ignore.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

import msgspec
from litestar.params import Parameter

from feedback.api.errors import explain_validation
from feedback.casework import MAX_ID, Agency, LabelDecision, Outcome
from feedback.models import Role, Status

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Username = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
YesNo = Literal["yes", "no"]

# Query parameters take their limits from Litestar's Parameter: a msgspec.Meta
# inside a query parameter's type is not applied.
IdQuery = Annotated[int | None, Parameter(ge=1, le=MAX_ID)]
"""An id in a URL's query: ASCII digits (never "²"), within the store's range."""

AssigneeQuery = Annotated[str | None, Parameter(pattern=r"^(none|[0-9]{1,18})?$")]
"""The queue's assignee filter: an account id, "none" for unassigned, or empty for anyone.

At most 18 ASCII digits, so the number always fits the store's ids.
"""

OverdueQuery = Literal["", "0", "1", "no", "yes", "false", "true", "off", "on"] | None
"""The queue's overdue filter. Only a true value turns it on: "0" or "no" means off."""

TRUE_CHOICES = frozenset({"1", "yes", "true", "on"})

FormId = Annotated[str, msgspec.Meta(pattern="^[A-Za-z0-9_-]*$", max_length=64)]
"""The random id each rendered form carries, so a resubmitted form is acted on once.

Optional: a page rendered before the id existed still works, without the protection.
"""

OutcomeChoice = Annotated[
    str, msgspec.Meta(pattern="^(" + "|".join(o.value for o in Outcome) + ")?$")
]
"""An outcome's value, or empty for "not decided" (msgspec will not turn "" into ``None``)."""


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

    urgent: YesNo
    reason: Annotated[str, msgspec.Meta(max_length=1_000)] = ""
    """Why the item is not urgent (required to clear the flag; kept as a note)."""


class SuggestionForm(msgspec.Struct, frozen=True):
    """A reviewer's suggestion ("present" is "yes" or "no")."""

    label: Label
    present: YesNo = "yes"
    form_id: FormId = ""


class TextForm(msgspec.Struct, frozen=True):
    """A note or a response."""

    text: Text
    form_id: FormId = ""


class EscalationForm(msgspec.Struct, frozen=True):
    """Who the item was referred to, their reference, and when."""

    agency: Agency
    reference: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    escalated_on: date
    form_id: FormId = ""


class AssigneeForm(msgspec.Struct, frozen=True):
    """An account id, or empty for nobody."""

    assignee: Annotated[str, msgspec.Meta(pattern="^[0-9]*$", max_length=12)] = ""


class OutcomeForm(msgspec.Struct, frozen=True):
    """The outcome of a complaint, or empty ("Not decided") to clear it."""

    outcome: OutcomeChoice = ""

    @property
    def chosen(self) -> Outcome | None:
        """The outcome chosen, or ``None`` to clear it."""
        return Outcome(self.outcome) if self.outcome else None


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


# What each field should hold, in words: said when a value has the wrong shape,
# where msgspec would say "should be text" of a pattern, or name RFC 3339.
EXPECTED = {
    "urgent": "yes or no",
    "present": "yes or no",
    "overdue": "yes or no",
    "assignee": "a member of staff from the list",
    "outcome": "one of the outcomes in the list, or Not decided",
    "escalated_on": "a date like 2026-11-24",
    "item": "an item's number, like 42",
    "before": "an audit entry's number, like 1200",
    "form_id": "the id the page gave the form; reload the page and try again",
}
_WRONG_SHAPE = re.compile(r"^Expected `|matching regex|Invalid enum value|Invalid RFC3339")


def explain_invalid(extra: object) -> str:
    """Litestar's complaints about a staff form or URL, as sentences saying what was expected."""
    sentences = []
    for entry in extra if isinstance(extra, list) else []:
        if not isinstance(entry, dict):
            continue
        key = str(entry.get("key", ""))
        message = str(entry.get("message", ""))
        if key in EXPECTED and _WRONG_SHAPE.search(message):
            sentences.append(f"'{key}' should be {EXPECTED[key]}.")
        elif "RFC3339 encoded date" in message:
            sentences.append(f"'{key}' should be a date like 2026-11-24.")
        else:
            sentences.append(explain_validation([entry]))
    return " ".join(sentences) or (
        "The form was missing a value or had one we cannot use. Please check it."
    )


def is_true_choice(value: OverdueQuery) -> bool:
    """Whether a yes/no query value (see :data:`OverdueQuery`) says yes."""
    return value in TRUE_CHOICES


def empty_as_none(value: str | None) -> str | None:
    """Query parameters from a select: an empty choice means no filter."""
    return value or None


def parse_day(value: str) -> date | None:
    """A ``YYYY-MM-DD`` value, or ``None``."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
