"""The flags page's figures: each classifier version's flags against the leads' decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from feedback.actions import triage
from feedback.casework import LabelDecision
from feedback.clock import fixed_clock
from feedback.errors import PermissionDenied
from feedback.flag_review import MIN_DECIDED, LabelReview, flag_review
from feedback.models import Role
from feedback.runtime import Runtime
from tests.conftest import KeywordClassifier
from tests.feedback.triage_helpers import all_roles, submit

START = datetime(2026, 10, 5, 9, tzinfo=UTC)


class NextKeywordClassifier(KeywordClassifier):
    """The same keywords under a new version, as after retraining."""

    model_version = "keyword-test-2"


def by_label(labels: tuple[LabelReview, ...]) -> dict[str, LabelReview]:
    return {review.label: review for review in labels}


async def test_flags_are_counted_against_the_leads_decisions_version_by_version(
    runtime: Runtime,
) -> None:
    staff = await all_roles(runtime)
    lead = staff[Role.SAFEGUARDING_LEAD]
    runtime.clock = fixed_clock(START)
    restrained = [await submit(runtime, f"they restrain me, day {n}") for n in range(6)]
    (locked, _) = await submit(runtime, "I was locked in my room")
    (chilly, _) = await submit(runtime, "the ward is chilly at night")
    (shouted, _) = await submit(runtime, "a nurse shouted and swore at me")
    for (item_id, _), decision in zip(
        restrained,
        [LabelDecision.CONFIRMED] * 4 + [LabelDecision.REJECTED],
        strict=False,  # the sixth flag is left undecided
    ):
        await triage.decide_label(runtime, lead, item_id, "restraint", decision)
    await triage.decide_label(runtime, lead, locked, "seclusion", LabelDecision.CONFIRMED)
    await triage.decide_label(runtime, lead, chilly, "living_conditions", LabelDecision.ADDED)
    await triage.decide_label(runtime, lead, shouted, "abuse", LabelDecision.ADDED)
    # Urgency: one alarm kept, one cleared, one left; one missed, marked by the lead.
    alarms = [await submit(runtime, f"the party is tonight ({n})") for n in range(3)]
    await triage.decide_urgency(runtime, lead, alarms[0][0], True)
    await triage.decide_urgency(runtime, lead, alarms[1][0], False, "a figure of speech")
    await triage.decide_urgency(runtime, lead, shouted, True)

    # Retrained: new feedback is labelled by the next version.
    runtime.classifier = NextKeywordClassifier()
    runtime.clock = fixed_clock(START + timedelta(days=3))
    await submit(runtime, "my room is cold")

    newer, older = await flag_review(runtime, lead)
    assert (newer.model_version, newer.items, newer.running) == ("keyword-test-2", 1, True)
    assert (older.model_version, older.items, older.running) == ("keyword-test", 12, False)
    assert older.first_received <= START <= older.last_received < newer.first_received
    assert [review.label for review in older.labels][:2] == ["restraint", "seclusion"]

    labels = by_label(older.labels)
    restraint = labels["restraint"]
    assert (restraint.flagged, restraint.confirmed, restraint.rejected) == (6, 4, 1)
    assert restraint.awaiting == 1
    assert restraint.kept_share == pytest.approx(4 / 5)
    # One decision is too few to give a share.
    assert labels["seclusion"].decided == 1 < MIN_DECIDED
    assert labels["seclusion"].kept_share is None
    # Living conditions was "worth a look" on the chilly item, and the lead added it.
    living = labels["living_conditions"]
    assert (living.flagged, living.worth_a_look, living.added, living.added_worth_a_look) == (
        0,
        1,
        1,
        1,
    )
    # Abuse: missed, with no hint from the classifier.
    abuse = labels["abuse"]
    assert (abuse.flagged, abuse.added, abuse.added_worth_a_look) == (0, 1, 0)
    urgent = labels["urgent"]
    assert [review.label for review in older.labels][-1] == "urgent"
    assert (urgent.flagged, urgent.confirmed, urgent.rejected, urgent.awaiting) == (3, 1, 1, 1)
    assert (urgent.added, urgent.worth_a_look) == (1, 0)
    assert (older.decided, older.added) == (8, 3)

    newest = by_label(newer.labels)["living_conditions"]
    assert (newest.flagged, newest.awaiting, newest.kept_share) == (1, 1, None)
    assert (newer.decided, newer.added) == (0, 0)


async def test_nothing_labelled_yet_gives_no_versions(runtime: Runtime) -> None:
    staff = await all_roles(runtime)
    assert await flag_review(runtime, staff[Role.REVIEWER]) == []


async def test_only_staff_who_see_items_see_the_flags(runtime: Runtime) -> None:
    staff = await all_roles(runtime)
    await submit(runtime, "they restrain me")
    for role in (Role.SAFEGUARDING_LEAD, Role.REVIEWER, Role.AUDITOR):
        assert len(await flag_review(runtime, staff[role])) == 1
    with pytest.raises(PermissionDenied):
        await flag_review(runtime, staff[Role.ADMIN])
