"""Staff forms and URLs refuse a wrong value with a sentence saying what was expected."""

from __future__ import annotations

from html import unescape

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from admin_ui.forms import OutcomeForm, OverdueQuery, explain_invalid, is_true_choice
from feedback.casework import Outcome
from feedback.models import Role
from feedback.runtime import Runtime
from tests.admin_ui.staff_client import flash_of, sign_in
from tests.feedback.triage_helpers import make_staff, rows, submit

HTML = {"accept": "text/html"}


def test_an_empty_outcome_means_not_decided() -> None:
    assert OutcomeForm(outcome="").chosen is None
    assert OutcomeForm(outcome="upheld").chosen is Outcome.UPHELD


@pytest.mark.parametrize(
    ("value", "overdue"),
    [("1", True), ("yes", True), ("true", True), ("0", False), ("no", False), ("", False)],
)
def test_only_a_true_value_turns_the_overdue_filter_on(value: OverdueQuery, overdue: bool) -> None:
    assert is_true_choice(value) is overdue


def test_wrong_shapes_are_explained_in_words() -> None:
    explained = explain_invalid(
        [{"key": "urgent", "message": "Expected `str` matching regex '^(yes|no)$'"}]
    )
    assert explained == "'urgent' should be yes or no."
    dated = explain_invalid([{"key": "on", "message": "Invalid RFC3339 encoded date"}])
    assert dated == "'on' should be a date like 2026-11-24."
    missing = explain_invalid([{"key": "text", "message": "Object missing required field `text`"}])
    assert missing == "'text' is missing. Please include it."
    assert "Please check it" in explain_invalid(None)


async def test_form_and_url_mistakes_say_what_was_expected(
    runtime: Runtime, client: AsyncTestClient[Litestar]
) -> None:
    await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "They restrain people")
    token = await sign_in(client, "lead")
    posts = {
        "urgency": ({"urgent": "maybe"}, "'urgent' should be yes or no."),
        "assignee": ({"assignee": "x1"}, "'assignee' should be a member of staff from the list."),
        "escalations": (
            {"agency": "police", "reference": "x", "escalated_on": "24/11/2026"},
            "'escalated_on' should be a date like 2026-11-24.",
        ),
        "outcome": (
            {"outcome": "sorted"},
            "'outcome' should be one of the outcomes in the list, or Not decided.",
        ),
    }
    for path, (fields, expected) in posts.items():
        answer = await client.post(
            f"/staff/items/{item_id}/{path}", data={**fields, "_csrf_token": token}, headers=HTML
        )
        assert answer.status_code == 400, path
        assert unescape(flash_of(answer.text)) == expected
    answer = await client.get("/staff/queue?assignee=someone", headers=HTML)
    assert answer.status_code == 400
    assert (
        unescape(flash_of(answer.text)) == "'assignee' should be a member of staff from the list."
    )
    assert rows(runtime, "SELECT count(*) FROM escalations") == [(0,)]
