"""Every staff route refuses anonymous visitors and every role without the right.

The routes come from the app's own route table, so a new staff page that is
not listed here fails this test until someone decides who may use it.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from feedback.models import Role
from feedback.runtime import Runtime
from tests.admin_ui.staff_client import csrf_token, sign_in
from tests.feedback.triage_helpers import all_roles, submit

PUBLIC = "public"
SIGNED_IN = frozenset(Role)
READERS = frozenset({Role.SAFEGUARDING_LEAD, Role.REVIEWER, Role.AUDITOR})
LEAD = frozenset({Role.SAFEGUARDING_LEAD})
NOTE_TAKERS = frozenset({Role.SAFEGUARDING_LEAD, Role.REVIEWER})
EXPORTERS = frozenset({Role.SAFEGUARDING_LEAD, Role.AUDITOR})
AUDITOR = frozenset({Role.AUDITOR})
ADMIN = frozenset({Role.ADMIN})

ALLOWED: dict[tuple[str, str], frozenset[Role] | str] = {
    ("GET", "/staff/login"): PUBLIC,
    ("POST", "/staff/login"): PUBLIC,
    ("GET", "/staff/static/{file_path:path}"): PUBLIC,
    ("HEAD", "/staff/static/{file_path:path}"): PUBLIC,
    ("POST", "/staff/logout"): SIGNED_IN,
    ("GET", "/staff"): SIGNED_IN,
    ("GET", "/staff/password"): SIGNED_IN,
    ("POST", "/staff/password"): SIGNED_IN,
    ("GET", "/staff/queue"): READERS,
    ("GET", "/staff/flags"): READERS,
    ("GET", "/staff/items/{item_id:int}"): READERS,
    ("POST", "/staff/items/{item_id:int}/notes"): NOTE_TAKERS,
    ("POST", "/staff/items/{item_id:int}/suggestions"): NOTE_TAKERS,
    ("POST", "/staff/items/{item_id:int}/labels"): LEAD,
    ("POST", "/staff/items/{item_id:int}/urgency"): LEAD,
    ("POST", "/staff/items/{item_id:int}/status"): LEAD,
    ("POST", "/staff/items/{item_id:int}/assignee"): LEAD,
    ("POST", "/staff/items/{item_id:int}/outcome"): LEAD,
    ("POST", "/staff/items/{item_id:int}/responses"): LEAD,
    ("POST", "/staff/items/{item_id:int}/escalations"): LEAD,
    ("GET", "/staff/exports/queue.csv"): EXPORTERS,
    ("GET", "/staff/exports/labels.jsonl"): EXPORTERS,
    ("GET", "/staff/audit"): AUDITOR,
    ("GET", "/staff/accounts"): ADMIN,
    ("POST", "/staff/accounts"): ADMIN,
    ("POST", "/staff/accounts/{username:str}/disable"): ADMIN,
    ("POST", "/staff/accounts/{username:str}/enable"): ADMIN,
    ("POST", "/staff/accounts/{username:str}/password"): ADMIN,
}
SECRET_TEXT = "canary-text-they-restrain-people"


def staff_routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, path template) for every staff route in the app, OPTIONS aside."""
    found: list[tuple[str, str]] = []
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/staff"):
            found.extend((method, route.path) for method in route.methods if method != "OPTIONS")
    return sorted(found)


def concrete(path: str, item_id: int) -> str:
    return path.replace("{item_id:int}", str(item_id)).replace("{username:str}", "reviewer")


def test_every_staff_route_has_a_decision(app: Litestar) -> None:
    assert set(staff_routes(app)) == set(ALLOWED)


async def test_anonymous_visitors_are_sent_to_sign_in(
    runtime: Runtime, app: Litestar, client: AsyncTestClient[Litestar]
) -> None:
    item_id, _ = await submit(runtime, SECRET_TEXT)
    token = await csrf_token(client)  # a valid token: the refusal must come from the guard
    for method, path in staff_routes(app):
        if ALLOWED[(method, path)] == PUBLIC:
            continue
        answer = await client.request(
            method,
            concrete(path, item_id),
            data={"_csrf_token": token} if method == "POST" else None,
            follow_redirects=False,
        )
        assert answer.status_code == 303, (method, path, answer.status_code)
        assert answer.headers["location"].startswith("/staff/login"), (method, path)
        assert SECRET_TEXT not in answer.text
    # OPTIONS says which methods exist, nothing more.
    options = await client.options(f"/staff/items/{item_id}")
    assert SECRET_TEXT not in options.text


async def test_each_role_is_refused_what_it_may_not_do(runtime: Runtime, app: Litestar) -> None:
    staff = await all_roles(runtime)
    item_id, _ = await submit(runtime, SECRET_TEXT)
    for role in Role:
        async with AsyncTestClient(app=app) as client:
            token = await sign_in(client, staff[role].username)
            for method, path in staff_routes(app):
                allowed = ALLOWED[(method, path)]
                if allowed == PUBLIC or path == "/staff/logout":
                    continue
                answer = await client.request(
                    method,
                    concrete(path, item_id),
                    data={"_csrf_token": token} if method == "POST" else None,
                    headers={"accept": "text/html"},
                    follow_redirects=False,
                )
                assert isinstance(allowed, frozenset)
                if role in allowed:
                    assert answer.status_code not in (401, 403), (role, method, path, answer.text)
                else:
                    assert answer.status_code == 403, (role, method, path, answer.status_code)
                    assert SECRET_TEXT not in answer.text, (role, method, path)
