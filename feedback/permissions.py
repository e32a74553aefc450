"""Who may do what: one table from role to permissions, checked by every action.

The pages hide what a role cannot do, but the actions are what refuse it, so a
crafted request gets the same answer as a missing button.
"""

from __future__ import annotations

from enum import StrEnum

from feedback.errors import PermissionDenied
from feedback.models import Role


class Permission(StrEnum):
    """One thing a staff member may be allowed to do."""

    VIEW_ITEMS = "view_items"  # the queue, items, their predictions and conversation
    ADD_NOTE = "add_note"
    SUGGEST_LABEL = "suggest_label"
    DECIDE_LABELS = "decide_labels"  # confirm, reject, add
    TRIAGE = "triage"  # acknowledge, status, assign, outcome
    RESPOND = "respond"  # write to the submitter
    ESCALATE = "escalate"
    CLOSE = "close"
    VIEW_AUDIT = "view_audit"
    EXPORT = "export"  # confirmed labels and the queue as files
    MANAGE_STAFF = "manage_staff"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Admins run accounts, not cases: they do not read what service users wrote.
    Role.ADMIN: frozenset({Permission.MANAGE_STAFF}),
    Role.SAFEGUARDING_LEAD: frozenset(
        {
            Permission.VIEW_ITEMS,
            Permission.ADD_NOTE,
            Permission.SUGGEST_LABEL,
            Permission.DECIDE_LABELS,
            Permission.TRIAGE,
            Permission.RESPOND,
            Permission.ESCALATE,
            Permission.CLOSE,
            Permission.EXPORT,
        }
    ),
    Role.REVIEWER: frozenset(
        {Permission.VIEW_ITEMS, Permission.ADD_NOTE, Permission.SUGGEST_LABEL}
    ),
    Role.AUDITOR: frozenset({Permission.VIEW_ITEMS, Permission.VIEW_AUDIT, Permission.EXPORT}),
}

ROLE_DESCRIPTIONS: dict[Role, str] = {
    Role.ADMIN: "staff accounts and settings",
    Role.SAFEGUARDING_LEAD: "triage, labels, respond, escalate, close",
    Role.REVIEWER: "read, internal notes, label suggestions",
    Role.AUDITOR: "read-only, audit log, exports and reports",
}


def allows(role: Role, permission: Permission) -> bool:
    """True when ``role`` carries ``permission``."""
    return permission in ROLE_PERMISSIONS[role]


def require(role: Role, permission: Permission) -> None:
    """Raise :class:`PermissionDenied` unless ``role`` carries ``permission``."""
    if not allows(role, permission):
        raise PermissionDenied(
            f"Your role ({role.value.replace('_', ' ')}) does not allow this "
            f"({permission.value.replace('_', ' ')})."
        )
