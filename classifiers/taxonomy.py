"""The rights-concern labels, their severity and their QualityRights themes.

This mirrors ``shared/taxonomy.md``; the order of :data:`LABELS` is the order
of the table there, and every tuple of labels this package returns uses it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

Severity = Literal["high", "medium"]


class Label(enum.StrEnum):
    """A rights concern that a feedback item can report."""

    RESTRAINT = "restraint"
    SECLUSION = "seclusion"
    COERCION = "coercion"
    ABUSE = "abuse"
    NEGLECT = "neglect"
    DISCRIMINATION = "discrimination"
    CONSENT_INFORMATION = "consent_information"
    PRIVACY_DIGNITY = "privacy_dignity"
    LIVING_CONDITIONS = "living_conditions"
    COMMUNITY_INCLUSION = "community_inclusion"


LABELS: tuple[str, ...] = tuple(label.value for label in Label)

SEVERITY: Mapping[str, Severity] = MappingProxyType(
    {
        Label.RESTRAINT: "high",
        Label.SECLUSION: "high",
        Label.COERCION: "high",
        Label.ABUSE: "high",
        Label.NEGLECT: "high",
        Label.DISCRIMINATION: "medium",
        Label.CONSENT_INFORMATION: "medium",
        Label.PRIVACY_DIGNITY: "medium",
        Label.LIVING_CONDITIONS: "medium",
        Label.COMMUNITY_INCLUSION: "medium",
    }
)

HIGH_SEVERITY: frozenset[str] = frozenset(
    label for label, severity in SEVERITY.items() if severity == "high"
)

NAMES: Mapping[str, str] = MappingProxyType(
    {
        Label.RESTRAINT: "Restraint",
        Label.SECLUSION: "Seclusion",
        Label.COERCION: "Coercion",
        Label.ABUSE: "Abuse",
        Label.NEGLECT: "Neglect",
        Label.DISCRIMINATION: "Discrimination",
        Label.CONSENT_INFORMATION: "Consent and information",
        Label.PRIVACY_DIGNITY: "Privacy and dignity",
        Label.LIVING_CONDITIONS: "Living conditions",
        Label.COMMUNITY_INCLUSION: "Community inclusion",
    }
)
"""Each label as people read it (the staff pages keep a copy, checked by a test)."""

_FREEDOM_FROM_ABUSE = (
    "4 Freedom from torture or cruel, inhuman or degrading treatment or punishment "
    "and from exploitation, violence and abuse (CRPD 15, 16)"
)
_LIBERTY = (
    "3 Right to exercise legal capacity and the right to personal liberty "
    "and the security of person (CRPD 12, 14)"
)
_LIVING = "1 Right to an adequate standard of living (CRPD 28)"

THEMES: Mapping[str, str] = MappingProxyType(
    {
        Label.RESTRAINT: _FREEDOM_FROM_ABUSE,
        Label.SECLUSION: _FREEDOM_FROM_ABUSE,
        Label.COERCION: _LIBERTY,
        Label.ABUSE: _FREEDOM_FROM_ABUSE,
        Label.NEGLECT: "2 Right to enjoyment of the highest attainable standard of physical "
        "and mental health (CRPD 25)",
        Label.DISCRIMINATION: "Cross-cutting: equality and non-discrimination (CRPD 5)",
        Label.CONSENT_INFORMATION: _LIBERTY,
        Label.PRIVACY_DIGNITY: "1 Right to an adequate standard of living (CRPD 28) "
        "and respect for privacy (CRPD 22)",
        Label.LIVING_CONDITIONS: _LIVING,
        Label.COMMUNITY_INCLUSION: "5 Right to live independently and be included in the "
        "community (CRPD 19)",
    }
)


def in_taxonomy_order(labels: Iterable[str]) -> tuple[str, ...]:
    """Return the distinct ``labels`` sorted in taxonomy order.

    Raises ``ValueError`` for a label that is not in the taxonomy.
    """
    wanted = set(labels)
    unknown = wanted.difference(LABELS)
    if unknown:
        raise ValueError(f"not in the taxonomy: {', '.join(sorted(unknown))}")
    return tuple(label for label in LABELS if label in wanted)
