"""How the classifier's flags fare with the leads who review them, version by version.

The classifier's own figures are measured on text the project wrote and on a
sample of public comments; this is the same question asked of this service's
own feedback, answered by the safeguarding leads' decisions. A lead who sees
that most of one label's flags are removed knows to read those flags with
care; labels the leads keep adding where the classifier said nothing are what
retraining on their decisions (``feedback export labels``, then
``python -m classifiers train --extra``) would teach it.

Only decided flags count towards a share, and a share is given only once a
label has :data:`MIN_DECIDED` decisions: two kept flags out of two say little.
Added labels are a floor on what was missed, not a count of it: leads add a
label only on items they open, and unflagged items are opened less often.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from feedback.casework import TAXONOMY_LABELS, FlagCounts, StaffMember
from feedback.permissions import Permission, require
from feedback.runtime import Runtime

MIN_DECIDED = 5
URGENT = "urgent"
"""The urgent flag, reviewed beside the labels (never "worth a look")."""


class LabelReview(FlagCounts, frozen=True, kw_only=True):
    """One label's flags from one classifier version, and what leads made of them."""

    @property
    def awaiting(self) -> int:
        """Flags no lead has decided on yet."""
        return self.flagged - self.confirmed - self.rejected

    @property
    def decided(self) -> int:
        """Flags a lead has kept or removed."""
        return self.confirmed + self.rejected

    @property
    def kept_share(self) -> float | None:
        """Of the decided flags, the share leads kept; ``None`` with too few decisions."""
        return self.confirmed / self.decided if self.decided >= MIN_DECIDED else None


class VersionReview(msgspec.Struct, frozen=True, kw_only=True):
    """Everything one classifier version labelled, label by label."""

    model_version: str
    items: int
    first_received: datetime
    last_received: datetime
    running: bool
    """Whether the service labels new feedback with this version now."""
    labels: tuple[LabelReview, ...]

    @property
    def decided(self) -> int:
        """Flags a lead has kept or removed, over every label."""
        return sum(label.decided for label in self.labels)

    @property
    def added(self) -> int:
        """Labels leads added where this version flagged nothing, over every label."""
        return sum(label.added for label in self.labels)


async def flag_review(runtime: Runtime, actor: StaffMember) -> list[VersionReview]:
    """Each classifier version's flags and the leads' decisions, the newest version first."""
    require(actor.role, Permission.VIEW_ITEMS)
    async with runtime.store.read() as tx:
        versions = await tx.version_counts()
        found = [*await tx.flag_counts(), *await tx.urgency_counts()]
    counts = {(c.model_version, c.label): c for c in found}
    running = runtime.classifier.model_version
    return [
        VersionReview(
            model_version=version.model_version,
            items=version.items,
            first_received=version.first_received,
            last_received=version.last_received,
            running=version.model_version == running,
            labels=tuple(
                LabelReview(**msgspec.structs.asdict(known))
                if (known := counts.get((version.model_version, label)))
                else LabelReview(model_version=version.model_version, label=label)
                for label in (*TAXONOMY_LABELS, URGENT)
            ),
        )
        for version in versions
    ]
