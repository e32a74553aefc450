"""The staff pages in-process: sign-in, sessions, CSRF, forms, HTMX answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html import unescape

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from admin_ui.highlight import Piece, evidence_pieces
from classifiers.evidence import marked_spans
from feedback.actions import triage
from feedback.app import create_app
from feedback.casework import LabelDecision
from feedback.clock import fixed_clock
from feedback.models import PredictedLabel, Role
from feedback.runtime import Runtime
from tests.admin_ui.staff_client import csrf_token, flash_of, sign_in
from tests.feedback.triage_helpers import PASSWORD, make_staff, rows, submit


async def test_wrong_password_is_refused_without_saying_which_part(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    token = await csrf_token(client)
    answer = await client.post(
        "/staff/login", data={"username": "sam", "password": "nope nope nope", "_csrf_token": token}
    )
    assert answer.status_code == 401
    assert "username or password is not right" in answer.text
    assert "staff_session" not in answer.headers.get("set-cookie", "")


async def test_sign_in_is_throttled_per_username(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    token = await csrf_token(client)
    for _ in range(runtime.settings.login_failures_per_user):
        await client.post(
            "/staff/login",
            data={"username": "sam", "password": "wrong wrong!", "_csrf_token": token},
        )
    answer = await client.post(
        "/staff/login", data={"username": "sam", "password": PASSWORD, "_csrf_token": token}
    )
    assert answer.status_code == 429
    assert "Too many failed sign-ins for this account" in answer.text
    assert int(answer.headers["retry-after"]) > 0


async def test_session_cookie_is_scoped_httponly_strict(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    login_page = await client.get("/staff/login")
    assert "staff_session" not in login_page.headers.get("set-cookie", "")  # visitors: no session
    token = await csrf_token(client)
    answer = await client.post(
        "/staff/login",
        data={"username": "sam", "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "staff_session=" in cookie
    for part in ("httponly", "path=/staff", "samesite=strict", "max-age=1800"):
        assert part in cookie
    assert "secure" not in cookie


async def test_cookies_are_secure_over_https(runtime: Runtime) -> None:
    runtime.settings = msgspec.structs.replace(runtime.settings, https=True)
    await make_staff(runtime, Role.REVIEWER, "sam")
    async with AsyncTestClient(
        app=create_app(runtime=runtime), base_url="https://staff.example.local"
    ) as client:
        page = await client.get("/staff/login")
        assert "secure" in page.headers["set-cookie"].lower()  # the CSRF cookie
        token = await csrf_token(client)
        answer = await client.post(
            "/staff/login",
            data={"username": "sam", "password": PASSWORD, "_csrf_token": token},
            follow_redirects=False,
        )
        assert "secure" in answer.headers["set-cookie"].lower()


async def test_idle_sessions_end(runtime: Runtime, client: AsyncTestClient[Litestar]) -> None:
    start = datetime(2026, 5, 6, 9, 0, tzinfo=UTC)
    runtime.clock = fixed_clock(start)
    await make_staff(runtime, Role.REVIEWER, "sam")
    await sign_in(client, "sam")
    runtime.clock = fixed_clock(start + timedelta(minutes=29))
    assert (await client.get("/staff/queue", follow_redirects=False)).status_code == 200
    runtime.clock = fixed_clock(start + timedelta(minutes=29 + 31))
    answer = await client.get("/staff/queue", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/staff/login?reason=idle&next=%2Fstaff%2Fqueue"


async def test_sign_in_returns_to_the_page_asked_for(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    item_id, _ = await submit(runtime, "hello")
    answer = await client.get(f"/staff/items/{item_id}", follow_redirects=False)
    assert answer.headers["location"] == f"/staff/login?next=%2Fstaff%2Fitems%2F{item_id}"
    token = await csrf_token(client)
    for target, expected in (
        (f"/staff/items/{item_id}", f"/staff/items/{item_id}"),
        ("https://evil.example/staff/", "/staff/"),
        ("//evil.example/staff/", "/staff/"),
    ):
        answer = await client.post(
            "/staff/login",
            data={"username": "sam", "password": PASSWORD, "next": target, "_csrf_token": token},
            follow_redirects=False,
        )
        assert answer.headers["location"] == expected


async def test_disabling_an_account_ends_its_session(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    from feedback.actions.staff import set_disabled

    await make_staff(runtime, Role.REVIEWER, "sam")
    await sign_in(client, "sam")
    await set_disabled(runtime, actor=None, username="sam", disabled=True)
    answer = await client.get("/staff/queue", follow_redirects=False)
    assert answer.status_code == 303


async def test_logout_forgets_the_session(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    token = await sign_in(client, "sam")
    stolen = client.cookies.get("staff_session")
    answer = await client.post("/staff/logout", data={"_csrf_token": token}, follow_redirects=False)
    assert answer.headers["location"] == "/staff/login?reason=out"
    client.cookies.set("staff_session", stolen or "", path="/staff")
    assert (await client.get("/staff/queue", follow_redirects=False)).status_code == 303


async def test_posts_without_the_csrf_token_change_nothing(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "They restrain people")
    await sign_in(client, "lead")
    answer = await client.post(
        f"/staff/items/{item_id}/notes", data={"text": "x"}, headers={"accept": "text/html"}
    )
    assert answer.status_code == 403
    assert "expired or came from elsewhere" in answer.text
    assert rows(runtime, "SELECT count(*) FROM notes") == [(0,)]


async def test_plain_form_posts_redirect_and_htmx_errors_retarget(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, receipt = await submit(runtime, "They restrain people")
    token = await sign_in(client, "lead")
    answer = await client.post(
        f"/staff/items/{item_id}/responses",
        data={"text": "We are sorry. We are looking into it.", "_csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/staff/items/{item_id}"
    page = await client.get(f"/staff/items/{item_id}")
    assert flash_of(page.text) == "Response sent to the submitter."
    followup = await client.post("/api/v1/followup", json={"receipt": receipt})
    assert followup.json()["conversation"][0]["text"] == "We are sorry. We are looking into it."

    bad = await client.post(
        f"/staff/items/{item_id}/escalations",
        data={
            "agency": "the press",
            "reference": "x",
            "escalated_on": "2026-01-01",
            "_csrf_token": token,
        },
        headers={"hx-request": "true"},
    )
    assert bad.status_code == 400
    assert bad.headers["hx-retarget"] == "#flash"
    assert "agency" in flash_of(bad.text)
    conflict = await client.post(
        f"/staff/items/{item_id}/status",
        data={"status": "reopened", "_csrf_token": token},
        headers={"accept": "text/html"},
    )
    assert conflict.status_code == 409
    assert "cannot be moved to reopened" in conflict.text
    assert rows(runtime, "SELECT count(*) FROM escalations") == [(0,)]


async def test_item_page_marks_evidence_and_escapes_text(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    item_id, _ = await submit(runtime, "<b>they</b> restrain people")
    await sign_in(client, "sam")
    page = await client.get(f"/staff/items/{item_id}")
    assert "&lt;b&gt;they&lt;/b&gt;" in page.text
    assert '<mark class="evidence" title="Evidence for Restraint">restrain' in page.text
    assert "Confirm" not in page.text  # reviewers suggest; they do not decide


async def test_item_page_marks_what_made_the_item_urgent(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lee")
    item_id, _ = await submit(runtime, "I will not be here after tonight")
    stored = rows(runtime, f"SELECT urgent, urgent_evidence FROM items WHERE id = {item_id}")
    assert stored == [(1, '["tonight"]')]
    await sign_in(client, "lee")
    page = await client.get(f"/staff/items/{item_id}")
    assert '<mark class="evidence" title="Evidence for Urgent risk">tonight' in page.text


def test_urgent_evidence_is_marked_beside_the_labels_evidence() -> None:
    predictions = [PredictedLabel("restraint", 0.9, True, ("held me down",))]
    text = "They held me down and will do it again tonight."
    pieces = evidence_pieces(text, predictions, ("again tonight", "held me"))
    assert "".join(p.text for p in pieces) == text
    assert Piece("held me down", ("restraint", "urgent")) in pieces
    assert Piece("again tonight", ("urgent",)) in pieces


def test_evidence_pieces_cover_the_text_and_merge_overlaps() -> None:
    predictions = [
        PredictedLabel("restraint", 0.9, True, ("held me down", "held")),
        PredictedLabel("abuse", 0.8, True, ("me down hard",)),
        PredictedLabel("neglect", 0.1, False, ("water",)),
    ]
    text = "They held me down hard. No water. They held me."
    pieces = evidence_pieces(text, predictions)
    assert "".join(p.text for p in pieces) == text
    assert pieces[1] == Piece("held me down hard", ("abuse", "restraint"))
    assert Piece("held", ("restraint",)) in pieces
    assert all(not p.labels for p in pieces if "water" in p.text)


def test_evidence_for_a_label_worth_a_look_is_marked_apart_from_flags() -> None:
    predictions = [
        PredictedLabel("restraint", 0.9, True, ("held me down",)),
        PredictedLabel("neglect", 0.12, False, ("no water", "down"), possible=True),
        PredictedLabel("abuse", 0.05, False, ("held",)),  # neither flagged nor possible
    ]
    text = "They held me down. There was no water."
    pieces = evidence_pieces(text, predictions)
    assert "".join(p.text for p in pieces) == text
    assert Piece("held me down", ("restraint",), ("neglect",)) in pieces
    assert Piece("no water", (), ("neglect",)) in pieces
    assert [p.text for p in pieces if p.marked] == ["held me down", "no water"]


def test_the_page_marks_evidence_where_the_evidence_measurement_looks() -> None:
    # classifiers.evaluation scores evidence by marked_spans; the page must mark the same places.
    text = "held down, then held down again; again."
    phrases = ("held down", "again", "")
    pieces = evidence_pieces(text, [PredictedLabel("restraint", 0.9, True, phrases)])
    marked, cursor = [], 0
    for piece in pieces:
        if piece.labels:
            marked.append((cursor, cursor + len(piece.text)))
        cursor += len(piece.text)
    assert marked == marked_spans(text, phrases)


async def test_an_item_worth_a_look_says_so_in_the_queue_and_names_the_label(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lee")
    item_id, _ = await submit(runtime, "the ward is a bit chilly at night")
    await sign_in(client, "lee")
    queue = await client.get("/staff/queue")
    assert '<span class="badge priority-3">Worth a look</span>' in queue.text
    page = await client.get(f"/staff/items/{item_id}")
    assert "The classifier raised no flag on this item." in page.text
    assert (
        '<mark class="evidence possible" title="Worth a look for Living conditions">chilly'
        '<span class="visually-hidden"> (worth a look for Living conditions)</span></mark>'
    ) in page.text
    # The label to add, if the lead agrees, is the one already chosen.
    assert '<option value="living_conditions" selected>' in page.text
    assert (
        'scored this close to the line for <span class="tag">Living conditions</span> (0.30)'
        in page.text
    )


async def test_the_flags_page_counts_each_label_and_hides_shares_from_few_decisions(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    lead = await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lee")
    restrained = [await submit(runtime, f"they restrain me, day {n}") for n in range(5)]
    for (item_id, _), decision in zip(
        restrained, [LabelDecision.CONFIRMED] * 4 + [LabelDecision.REJECTED], strict=True
    ):
        await triage.decide_label(runtime, lead, item_id, "restraint", decision)
    locked, _ = await submit(runtime, "locked in my room")
    await triage.decide_label(runtime, lead, locked, "seclusion", LabelDecision.CONFIRMED)
    await sign_in(client, "lee")
    queue = await client.get("/staff/queue")
    assert '<a href="/staff/flags">Flags</a>' in queue.text
    page = await client.get("/staff/flags")
    assert page.status_code == 200
    html = " ".join(page.text.split())
    assert "Classifier keyword-test (labelling new feedback now)" in html
    assert "6 items, received" in html
    assert "6 flags decided, 0 labels added by a lead." in html
    cells = (5, 4, 1, 0, "80%", 0, 0)
    assert f'<th scope="row">Restraint</th> {"".join(f"<td>{c}</td> " for c in cells)}' in html
    cells_few = (1, 1, 0, 0, '<span class="muted">too few</span>', 0, 0)
    assert f'<th scope="row">Seclusion</th> {"".join(f"<td>{c}</td> " for c in cells_few)}' in html
    assert 'href="/staff/exports/labels.jsonl"' in html


async def test_a_lead_clears_a_false_urgent_alarm_from_the_item_page(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lee")
    item_id, _ = await submit(runtime, "see you all at the leaving party tonight")
    token = await sign_in(client, "lee")
    page = " ".join((await client.get(f"/staff/items/{item_id}")).text.split())
    assert "The classifier flagged this item as urgent; no lead has decided yet." in page
    assert '<button type="submit" name="urgent" value="yes">Confirm urgent</button>' in page
    assert '<input type="hidden" name="urgent" value="no">' in page
    assert 'name="reason" required' in page

    unexplained = await client.post(
        f"/staff/items/{item_id}/urgency",
        data={"urgent": "no", "_csrf_token": token},
        headers={"accept": "text/html"},
    )
    assert unexplained.status_code == 400
    assert "Say why this item is not urgent" in unexplained.text
    answer = await client.post(
        f"/staff/items/{item_id}/urgency",
        data={"urgent": "no", "reason": "a leaving party, not a plan", "_csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = " ".join((await client.get(f"/staff/items/{item_id}")).text.split())
    assert flash_of(page) == "Marked not urgent."
    assert "The classifier flagged this item as urgent; lee decided it is not urgent," in page
    assert '<strong class="urgent-text">Urgent risk</strong>' not in page
    assert "Not urgent: a leaving party, not a plan" in page  # the reason, as a note
    # Only the way back is offered now.
    assert '<button type="submit" name="urgent" value="yes">Mark urgent</button>' in page
    assert 'name="reason" required' not in page

    bad = await client.post(
        f"/staff/items/{item_id}/urgency",
        data={"urgent": "maybe", "_csrf_token": token},
        headers={"accept": "text/html"},
    )
    assert bad.status_code == 400
    assert "urgent" in bad.text
    assert rows(runtime, "SELECT urgent FROM urgency_decisions") == [(0,)]


async def test_a_lead_clears_an_outcome_by_choosing_not_decided(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "They restrain people")
    token = await sign_in(client, "lead")
    for outcome in ("upheld", ""):
        answer = await client.post(
            f"/staff/items/{item_id}/outcome",
            data={"outcome": outcome, "_csrf_token": token},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
    page = await client.get(f"/staff/items/{item_id}")
    assert flash_of(page.text) == "Outcome cleared."
    assert rows(runtime, "SELECT outcome FROM items") == [(None,)]
    details = rows(runtime, "SELECT detail FROM audit_log WHERE action = 'item.outcome'")
    assert [json.loads(str(detail)) for (detail,) in details] == [
        {"outcome": "upheld"},
        {"outcome": None},
    ]


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("role", "path", "status", "message"),
    [
        (Role.REVIEWER, "/staff/queue?assignee=%C2%B2", 400, "'assignee' should be"),
        (Role.REVIEWER, f"/staff/queue?assignee={HUGE}", 400, "'assignee' should be"),
        (Role.REVIEWER, f"/staff/queue?after=1.2.{HUGE}", 400, "page link is damaged"),
        (Role.REVIEWER, "/staff/queue?after=1.2.%C2%B2", 400, "page link is damaged"),
        (Role.REVIEWER, f"/staff/items/{HUGE}", 404, f"There is no item with id {HUGE}."),
        (Role.AUDITOR, f"/staff/audit?item={HUGE}", 400, "'item' should be an item's number"),
        (Role.AUDITOR, f"/staff/audit?before={HUGE}", 400, "'before' should be an audit entry"),
        (Role.AUDITOR, "/staff/audit?item=%C2%B2", 400, "'item' should be an item's number"),
    ],
)
async def test_numbers_no_id_can_have_are_refused_not_a_server_error(
    runtime: Runtime,
    client: AsyncTestClient[Litestar],
    role: Role,
    path: str,
    status: int,
    message: str,
) -> None:
    await make_staff(runtime, role, "someone")
    await sign_in(client, "someone")
    answer = await client.get(path, headers={"accept": "text/html"})
    assert answer.status_code == status, answer.text
    assert message in unescape(flash_of(answer.text))


async def test_posting_to_an_item_id_out_of_range_is_not_found(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    token = await sign_in(client, "lead")
    answer = await client.post(
        f"/staff/items/{HUGE}/notes",
        data={"text": "hello", "_csrf_token": token},
        headers={"accept": "text/html"},
    )
    assert answer.status_code == 404
    assert rows(runtime, "SELECT count(*) FROM notes") == [(0,)]


async def test_a_refused_queue_export_records_no_export(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.AUDITOR, "aud")
    await submit(runtime, "They restrain people")
    await sign_in(client, "aud")
    for query in (f"assignee={HUGE}", "service=nowhere", "overdue=maybe"):
        answer = await client.get(f"/staff/exports/queue.csv?{query}")
        assert answer.status_code == 400, query
    assert rows(runtime, "SELECT count(*) FROM audit_log WHERE action = 'export.queue'") == [(0,)]
    answer = await client.get("/staff/exports/queue.csv?assignee=none")
    assert answer.status_code == 200
    assert answer.text.count("\n") == 2  # the header and the one item
    assert rows(runtime, "SELECT count(*) FROM audit_log WHERE action = 'export.queue'") == [(1,)]


@pytest.mark.parametrize("off", ["0", "no", "false", ""])
async def test_only_a_true_overdue_value_filters_the_queue(
    runtime: Runtime, client: AsyncTestClient[Litestar], off: str
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    await submit(runtime, "They restrain people")  # new today, so not overdue
    await sign_in(client, "sam")
    unfiltered = await client.get(f"/staff/queue?overdue={off}")
    assert unfiltered.status_code == 200
    assert "1 item matches" in unfiltered.text
    assert 'value="1" checked' not in unfiltered.text
    filtered = await client.get("/staff/queue?overdue=1")
    assert "0 items match" in filtered.text
    assert 'value="1" checked' in filtered.text


async def test_an_unknown_service_is_refused_like_an_unknown_label(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    await sign_in(client, "sam")
    for query, message in (
        ("service=nonexistent", "'nonexistent' is not one of the services on the list."),
        ("label=nonexistent", "'nonexistent' is not a label of the rights taxonomy."),
    ):
        answer = await client.get(f"/staff/queue?{query}", headers={"accept": "text/html"})
        assert answer.status_code == 400
        assert unescape(flash_of(answer.text)) == message


async def test_escalation_dates_before_the_item_or_in_the_future_are_refused(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    runtime.clock = fixed_clock(datetime(2026, 5, 6, 9, 30, tzinfo=UTC))
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "They restrain people")
    token = await sign_in(client, "lead")
    for day, message in (
        ("2026-05-05", "The escalation date cannot be before the item arrived (2026-05-06)."),
        ("2026-05-07", "The escalation date cannot be in the future."),
    ):
        answer = await client.post(
            f"/staff/items/{item_id}/escalations",
            data={"agency": "police", "reference": "x", "escalated_on": day, "_csrf_token": token},
            headers={"accept": "text/html"},
        )
        assert answer.status_code == 400
        assert flash_of(answer.text) == message
    assert rows(runtime, "SELECT count(*) FROM escalations") == [(0,)]
