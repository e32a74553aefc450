"""A form sent twice is acted on once: no second reply, escalation, note or decision."""

from __future__ import annotations

import asyncio
import re
from html import unescape

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from admin_ui.resubmission import SingleUseForms
from feedback.models import Role
from feedback.runtime import Runtime
from tests.admin_ui.staff_client import flash_of, sign_in
from tests.feedback.triage_helpers import make_staff, rows, submit

ALREADY_SENT = "This form was already sent, so nothing was added again."


async def test_an_action_runs_once_per_form_id() -> None:
    forms = SingleUseForms()
    runs: list[str] = []

    async def act() -> None:
        runs.append("ran")

    assert await forms.run_once("form-1", act) is True
    assert await forms.run_once("form-1", act) is False
    assert await forms.run_once("form-2", act) is True
    assert runs == ["ran", "ran"]


async def test_a_refused_form_can_be_corrected_and_sent_again() -> None:
    forms = SingleUseForms()

    async def refuse() -> None:
        raise ValueError("bad date")

    async def accept() -> None:
        return None

    with pytest.raises(ValueError, match="bad date"):
        await forms.run_once("form-1", refuse)
    assert await forms.run_once("form-1", accept) is True


async def test_a_repeat_sent_while_the_first_is_saving_waits_and_is_not_run() -> None:
    forms = SingleUseForms()
    release = asyncio.Event()
    runs = 0

    async def slow() -> None:
        nonlocal runs
        runs += 1
        await release.wait()

    first = asyncio.create_task(forms.run_once("form-1", slow))
    second = asyncio.create_task(forms.run_once("form-1", slow))
    await asyncio.sleep(0)
    release.set()
    assert list(await asyncio.gather(first, second)) == [True, False]
    assert runs == 1


async def test_forms_without_an_id_always_run_and_memory_is_bounded() -> None:
    forms = SingleUseForms(max_remembered=2)
    runs = 0

    async def act() -> None:
        nonlocal runs
        runs += 1

    assert await forms.run_once("", act)
    assert await forms.run_once("", act)
    for form_id in ("a", "b", "c"):
        await forms.run_once(form_id, act)
    assert await forms.run_once("a", act) is True  # forgotten, oldest first
    assert await forms.run_once("c", act) is False
    assert runs == 6


FORM_ID = re.compile(r'<form method="post" action="([^"]+)".*?name="form_id" value="([^"]+)"', re.S)


async def form_ids(client: AsyncTestClient[Litestar], item_id: int) -> dict[str, str]:
    """Each form on the item page: its action and the one-time id the page gave it."""
    page = await client.get(f"/staff/items/{item_id}")
    return {action.rsplit("/", 1)[-1]: form_id for action, form_id in FORM_ID.findall(page.text)}


@pytest.mark.parametrize("htmx", [False, True])
async def test_sending_a_reply_escalation_or_note_twice_records_it_once(
    runtime: Runtime, client: AsyncTestClient[Litestar], htmx: bool
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "They restrain people")
    token = await sign_in(client, "lead")
    ids = await form_ids(client, item_id)
    assert len(set(ids.values())) == len(ids)  # every form has its own id
    headers = {"hx-request": "true"} if htmx else {}
    today = str(rows(runtime, "SELECT substr(received_at, 1, 10) FROM items")[0][0])
    sent: dict[str, dict[str, str]] = {
        "responses": {"text": "We are looking into it."},
        "escalations": {"agency": "police", "reference": "PC-1", "escalated_on": today},
        "notes": {"text": "Ward manager told."},
    }
    for path, fields in sent.items():
        form = {**fields, "form_id": ids[path], "_csrf_token": token}
        for attempt in range(2):
            answer = await client.post(
                f"/staff/items/{item_id}/{path}", data=form, headers=headers, follow_redirects=False
            )
            assert answer.status_code == 303, (path, answer.text)
            assert answer.headers["location"] == f"/staff/items/{item_id}"
            page = await client.get(f"/staff/items/{item_id}")
            if attempt:
                assert flash_of(page.text) == ALREADY_SENT
    for table in ("messages WHERE author = 'staff'", "escalations", "notes"):
        assert rows(runtime, f"SELECT count(*) FROM {table}") == [(1,)], table
    actions = [r[0] for r in rows(runtime, "SELECT action FROM audit_log")]
    for action in ("item.responded", "item.escalated", "note.added"):
        assert actions.count(action) == 1, action


async def test_a_form_refused_for_a_mistake_can_be_corrected_and_sent(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "They restrain people")
    token = await sign_in(client, "lead")
    form = {"agency": "police", "reference": "PC-1", "_csrf_token": token}
    form["form_id"] = (await form_ids(client, item_id))["escalations"]
    refused = await client.post(
        f"/staff/items/{item_id}/escalations",
        data={**form, "escalated_on": "2001-01-01"},
        headers={"accept": "text/html"},
    )
    assert refused.status_code == 400
    today = str(rows(runtime, "SELECT substr(received_at, 1, 10) FROM items")[0][0])
    corrected = await client.post(
        f"/staff/items/{item_id}/escalations",
        data={**form, "escalated_on": today},
        follow_redirects=False,
    )
    assert corrected.status_code == 303
    assert rows(runtime, "SELECT count(*) FROM escalations") == [(1,)]


async def test_adding_a_label_twice_is_refused_and_audited_once(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "They restrain people")
    token = await sign_in(client, "lead")
    form = {"label": "abuse", "decision": "added", "_csrf_token": token}
    first = await client.post(f"/staff/items/{item_id}/labels", data=form, follow_redirects=False)
    assert first.status_code == 303
    again = await client.post(
        f"/staff/items/{item_id}/labels", data=form, headers={"accept": "text/html"}
    )
    assert again.status_code == 409
    assert unescape(flash_of(again.text)) == (
        "lead already added 'abuse' on this item; nothing was changed."
    )
    assert rows(runtime, "SELECT action FROM audit_log WHERE action LIKE 'label.%'") == [
        ("label.added",)
    ]
