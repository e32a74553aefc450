"""Shared pieces of every staff page: the template context, flash messages, HTMX.

Jinja filters that turn enums and times into words live here too and are
added to the shared environment by :func:`configure_jinja`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template

from admin_ui.resubmission import new_form_id
from feedback.casework import AGENCY_NAMES, QUEUE_COUNT_CAP, Agency, Outcome, StaffMember
from feedback.models import Priority, Role, Status
from feedback.permissions import ROLE_PERMISSIONS, Permission

PRIORITY_NAMES = {
    Priority.URGENT: "Urgent",
    Priority.HIGH_SEVERITY: "High severity",
    Priority.FLAGGED: "Flagged",
    Priority.POSSIBLE: "Worth a look",
    Priority.ORDINARY: "Ordinary",
}
OUTCOME_NAMES = {
    Outcome.UPHELD: "Upheld",
    Outcome.PARTLY_UPHELD: "Partly upheld",
    Outcome.NOT_UPHELD: "Not upheld",
    Outcome.RESOLVED: "Resolved",
    Outcome.WITHDRAWN: "Withdrawn",
}
LABEL_NAMES = {
    "restraint": "Restraint",
    "seclusion": "Seclusion",
    "coercion": "Coercion",
    "abuse": "Abuse",
    "neglect": "Neglect",
    "discrimination": "Discrimination",
    "consent_information": "Consent and information",
    "privacy_dignity": "Privacy and dignity",
    "living_conditions": "Living conditions",
    "community_inclusion": "Community inclusion",
    "urgent": "Urgent risk",
}
STATUS_ACTION_NAMES = {
    Status.ACKNOWLEDGED: "Acknowledge",
    Status.INVESTIGATING: "Start investigating",
    Status.CLOSED: "Close",
    Status.REOPENED: "Reopen",
}


def staff_time(moment: datetime | None) -> str:
    """Exact staff-side times, in UTC, to the minute."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC")


def day(moment: datetime | date | None) -> str:
    """A date in words, for times that are only known to the hour or day."""
    if moment is None:
        return ""
    return moment.strftime("%-d %b %Y")


def end_of_previous_day(moment: datetime) -> str:
    """A working-day deadline (midnight after its last day) as that last day."""
    return day(moment - timedelta(seconds=1))


def iso(moment: datetime | date) -> str:
    """Machine-readable time for ``<time datetime>``."""
    return moment.isoformat()


def label_name(label: str) -> str:
    """A taxonomy label in words."""
    return LABEL_NAMES.get(label, label.replace("_", " ").capitalize())


def enum_name(value: Any) -> str:
    """Any of our enums in words."""
    if isinstance(value, Priority):
        return PRIORITY_NAMES[value]
    if isinstance(value, Agency):
        return AGENCY_NAMES[value]
    if isinstance(value, Outcome):
        return OUTCOME_NAMES[value]
    if isinstance(value, Role):
        return value.value.replace("_", " ")
    if isinstance(value, Status):
        return value.value
    return str(value)


def capped_count(number: int) -> str:
    """A queue count as staff read it: "10,000+" once it reaches the storage cap."""
    if number > QUEUE_COUNT_CAP:
        return f"{QUEUE_COUNT_CAP:,}+"
    return f"{number:,}"


def configure(engine: JinjaTemplateEngine) -> None:
    """Register the staff filters on the shared Jinja environment."""
    engine.engine.filters.update(
        staff_time=staff_time,
        day=day,
        iso=iso,
        deadline_day=end_of_previous_day,
        label_name=label_name,
        enum_name=enum_name,
        count=capped_count,
    )
    # Each form a page renders gets its own id (see admin_ui.resubmission).
    engine.engine.globals["form_id"] = new_form_id


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    """True for requests HTMX made (they get fragments and HX headers)."""
    return request.headers.get("hx-request") == "true"


def flash(request: Request[Any, Any, Any], message: str) -> None:
    """Keep a one-line confirmation for the next page this person sees."""
    session = dict(request.session or {})
    session["flash"] = message
    request.set_session(session)


def take_flash(request: Request[Any, Any, Any]) -> str | None:
    """The pending confirmation, removed from the session."""
    session = request.scope.get("session")
    if not isinstance(session, dict) or "flash" not in session:
        return None
    remaining = {key: value for key, value in session.items() if key != "flash"}
    request.set_session(remaining)
    return str(session["flash"])


def render(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status_code: int = 200,
    actor: StaffMember | None = None,
    **context: Any,
) -> Template:
    """A staff page with the context every page needs (who is signed in, may do what)."""
    permissions = ROLE_PERMISSIONS[actor.role] if actor else frozenset()
    return Template(
        template_name=template,
        status_code=status_code,
        context={
            "actor": actor,
            "can": {p.value: p in permissions for p in Permission},
            "flash": take_flash(request) if actor else None,
            **context,
        },
    )


def back_to(path: str, message: str, request: Request[Any, Any, Any]) -> Redirect:
    """After a change: say what happened and show the page again (POST, redirect, GET)."""
    flash(request, message)
    return Redirect(path=path, status_code=303)
