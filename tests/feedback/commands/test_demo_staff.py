"""``feedback demo``'s staff part: one account per role, triage through the actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feedback import audit
from feedback.clock import fixed_clock
from feedback.commands.demo_staff import DEMO_USERNAMES, create_demo_staff, triage_demo_items
from feedback.models import Role
from feedback.runtime import Runtime
from tests.feedback.triage_helpers import rows, submit

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


async def test_demo_accounts_and_triage(runtime: Runtime) -> None:
    for days in range(20, 80, 3):
        runtime.clock = fixed_clock(NOW - timedelta(days=days))
        await submit(runtime, f"they restrain people and it is cold ({days})")
        await submit(runtime, f"the ward is chilly at night ({days})")
        await submit(runtime, f"see you at the party tonight ({days})")
    runtime.clock = fixed_clock(NOW - timedelta(days=1))
    recent, _ = await submit(runtime, "they restrain people, yesterday")
    runtime.clock = fixed_clock(NOW)

    created = await create_demo_staff(runtime)
    assert {member.role for member, _ in created} == set(Role)
    assert all(len(password) >= 12 for _, password in created)
    assert await create_demo_staff(runtime) == []  # run twice: nothing new

    worked = await triage_demo_items(runtime, seed=3, now=NOW)
    assert worked > 10
    # Every item the lead worked on had each flag and its urgency decided.
    undecided = rows(
        runtime,
        "SELECT i.id FROM items i WHERE i.status != 'new' AND ("
        " EXISTS (SELECT 1 FROM predicted_labels p WHERE p.item_id = i.id AND p.flagged = 1"
        " AND NOT EXISTS (SELECT 1 FROM label_decisions d"
        " WHERE d.item_id = i.id AND d.label = p.label))"
        " OR (i.urgent = 1 AND NOT EXISTS (SELECT 1 FROM urgency_decisions u"
        " WHERE u.item_id = i.id)))",
    )
    assert undecided == []
    [(decisions,)] = rows(runtime, "SELECT count(*) FROM label_decisions")
    assert isinstance(decisions, int)
    assert decisions > 10
    assert rows(runtime, "SELECT status FROM items WHERE id = ?", (recent,)) == [("new",)]
    # Some labels the classifier thought worth a look are added; none it had not.
    added = rows(
        runtime,
        "SELECT p.possible FROM label_decisions d JOIN predicted_labels p"
        " ON p.item_id = d.item_id AND p.label = d.label WHERE d.decision = 'added'",
    )
    assert added
    assert set(added) == {(1,)}
    # The lead decided every older urgent item's urgency, keeping some and clearing some.
    decided = rows(runtime, "SELECT urgent FROM urgency_decisions")
    assert {value for (value,) in decided} == {0, 1}
    lead_actions = rows(
        runtime,
        "SELECT DISTINCT action FROM audit_log WHERE actor = ?",
        (DEMO_USERNAMES[Role.SAFEGUARDING_LEAD],),
    )
    assert ("item.responded",) in lead_actions
    assert await audit.verify(runtime.store) == []
