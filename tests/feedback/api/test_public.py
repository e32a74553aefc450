"""The public JSON API: happy path, every bad input, and the anonymity headers."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from feedback.runtime import Runtime

Client = AsyncTestClient[Litestar]


def counts(runtime: Runtime) -> tuple[int, int, int]:
    conn = sqlite3.connect(runtime.settings.database_file)
    try:
        items, messages, audit = (
            int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("items", "messages", "audit_log")
        )
        return items, messages, audit
    finally:
        conn.close()


async def submit(client: Client, **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/feedback", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_submit_follow_up_and_reply(client: Client) -> None:
    created = await submit(
        client,
        text="The ward is cold at night",
        service="willow-ward",
        kind="concern",
        wants_reply=True,
        on_behalf=False,
        quote_consent=True,
    )
    assert set(created) == {"reference", "receipt", "received", "help_first"}
    assert created["help_first"] is False
    receipt = created["receipt"]
    followed = await client.post("/api/v1/followup", json={"receipt": receipt.lower()})
    assert followed.status_code == 200
    assert followed.json()["status"] == "received"
    replied = await client.post(
        "/api/v1/followup/messages", json={"receipt": receipt, "text": "Still cold."}
    )
    assert replied.status_code == 201
    assert replied.json()["conversation"] == [
        {"author": "you", "text": "Still cold.", "date": created["received"]}
    ]


async def test_no_receipt_without_reply(client: Client) -> None:
    created = await submit(client, text="thanks to the night staff")
    assert created["receipt"] is None


async def test_urgent_submission_asks_for_help_first(client: Client) -> None:
    created = await submit(client, text="I am going to end it tonight")
    assert created["help_first"] is True


BAD_SUBMISSIONS: list[tuple[str, bytes, str]] = [
    ("malformed JSON", b'{"text": "unfinished', "not valid JSON"),
    ("not an object", b'["text"]', "should be a JSON object"),
    ("missing text", b"{}", "'text' is missing"),
    ("empty text", b'{"text": ""}', "'text' is empty"),
    ("blank text", b'{"text": "   "}', "'text' is empty"),
    ("text too long", b'{"text": "' + b"a" * 10_001 + b'"}', "at most allowed is 10000"),
    ("unknown field", b'{"text": "hi", "wantsReply": true}', "'wantsReply' is not a field"),
    ("unknown service", b'{"text": "hi", "service": "nowhere"}', "not one of this trust"),
    ("bad kind", b'{"text": "hi", "kind": "rant"}', "'kind'"),
    ("wrong type", b'{"text": "hi", "wants_reply": "yes"}', "true or false"),
]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [(body, fragment) for _, body, fragment in BAD_SUBMISSIONS],
    ids=[name for name, _, _ in BAD_SUBMISSIONS],
)
async def test_bad_submissions_are_explained_and_write_nothing(
    client: Client, runtime: Runtime, body: bytes, fragment: str
) -> None:
    response = await client.post(
        "/api/v1/feedback", content=body, headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    payload = response.json()
    assert fragment.replace("at most", "the most") in payload["message"]
    assert payload["error"]
    assert counts(runtime) == (0, 0, 0)


async def test_ten_thousand_escaped_emoji_fit(client: Client, runtime: Runtime) -> None:
    # json.dumps escapes each emoji as a surrogate pair: 12 bytes for one character.
    body = json.dumps({"text": "\U0001f600" * 10_000, "wants_reply": False}).encode()
    assert len(body) > 65_536
    response = await client.post(
        "/api/v1/feedback", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 201
    assert counts(runtime)[0] == 1


async def test_oversized_body_is_refused(client: Client, runtime: Runtime) -> None:
    body = b'{"text": "' + b"a" * 140_000 + b'"}'
    response = await client.post(
        "/api/v1/feedback", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "too large" in response.json()["message"]
    assert counts(runtime) == (0, 0, 0)


@pytest.mark.parametrize(
    ("receipt", "status", "fragment"),
    [
        ("", 400, "'receipt' is empty"),
        ("abc", 400, "looks mistyped"),
        ("x" * 65, 400, "too long"),
        ("00000-00000-00000-00000-00000", 400, "never contain 0 (zero)"),
    ],
)
async def test_receipts_of_the_wrong_shape(
    client: Client, receipt: str, status: int, fragment: str
) -> None:
    response = await client.post("/api/v1/followup", json={"receipt": receipt})
    assert response.status_code == status
    assert fragment in response.json()["message"]


async def test_unknown_receipt_gets_one_generic_answer(client: Client) -> None:
    from feedback.receipts import new_receipt

    response = await client.post("/api/v1/followup", json={"receipt": new_receipt().display})
    assert response.status_code == 404
    assert response.json()["error"] == "receipt_not_found"


async def test_guessing_is_throttled_with_retry_after(client: Client) -> None:
    from feedback.receipts import new_receipt

    code = new_receipt().display
    statuses = [
        (await client.post("/api/v1/followup", json={"receipt": code})).status_code
        for _ in range(6)
    ]
    assert statuses == [404] * 5 + [429]
    response = await client.post("/api/v1/followup", json={"receipt": code})
    assert int(response.headers["retry-after"]) > 0


async def test_reply_with_bad_input_writes_nothing(client: Client, runtime: Runtime) -> None:
    created = await submit(client, text="hello", wants_reply=True)
    before = counts(runtime)
    for body in (
        {"receipt": created["receipt"], "text": ""},
        {"receipt": created["receipt"], "text": "x" * 10_001},
        {"receipt": created["receipt"]},
        {"receipt": created["receipt"], "text": "hi", "extra": 1},
    ):
        response = await client.post("/api/v1/followup/messages", json=body)
        assert response.status_code == 400, body
    assert counts(runtime) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/feedback", {"text": "hello"}),
        ("POST", "/api/v1/followup", {"receipt": "abc"}),
        ("GET", "/healthz", None),
        ("GET", "/api/v1/nothing-here", None),
    ],
)
async def test_anonymity_headers_and_no_cookies(
    client: Client, method: str, path: str, body: dict[str, str] | None
) -> None:
    response = await client.request(method, path, json=body)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "set-cookie" not in response.headers
    assert "server" not in response.headers


async def test_wrong_method_is_explained(client: Client) -> None:
    response = await client.get("/api/v1/feedback")
    assert response.status_code == 405
    assert "does not accept" in response.json()["message"]


async def test_openapi_schema_and_health(client: Client) -> None:
    schema = await client.get("/schema")
    assert schema.status_code == 200
    assert "/api/v1/feedback" in schema.json()["paths"]
    health = await client.get("/healthz")
    assert health.json()["status"] == "ok"


def stored_texts(runtime: Runtime) -> tuple[list[str], list[str]]:
    """What the items and messages tables hold, exactly as stored."""
    conn = sqlite3.connect(runtime.settings.database_file)
    try:
        return (
            [row[0] for row in conn.execute("SELECT text FROM items")],
            [row[0] for row in conn.execute("SELECT text FROM messages")],
        )
    finally:
        conn.close()


async def test_a_control_character_is_dropped_not_a_500(client: Client, runtime: Runtime) -> None:
    response = await client.post(
        "/api/v1/feedback",
        content=b'{"text": "\\u0000 hi"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 201, response.text
    assert stored_texts(runtime) == (["hi"], [])


async def test_zero_width_only_text_is_empty_and_writes_nothing(
    client: Client, runtime: Runtime
) -> None:
    response = await client.post(
        "/api/v1/feedback",
        content=b'{"text": "\\u200b\\u200b"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert "'text' is empty" in response.json()["message"]
    assert counts(runtime) == (0, 0, 0)


async def test_a_zero_width_only_reply_is_refused(client: Client, runtime: Runtime) -> None:
    created = await submit(client, text="hello", wants_reply=True)
    before = counts(runtime)
    response = await client.post(
        "/api/v1/followup/messages",
        json={"receipt": created["receipt"], "text": "\u200b \u200b\u2060"},
    )
    assert response.status_code == 400
    assert "'text' is empty" in response.json()["message"]
    assert counts(runtime) == before


NOT_UTF8: list[tuple[str, str, bytes, str]] = [
    ("0xff in a string", "/api/v1/feedback", b'{"text": "a \xff"}', "application/json"),
    ("0xff outside strings", "/api/v1/feedback", b'{"text": "a"}\xff', "application/json"),
    (
        "latin-1 declared",
        "/api/v1/feedback",
        '{"text": "caf\xe9"}'.encode("latin-1"),
        "application/json; charset=latin-1",
    ),
    ("cut UTF-8", "/api/v1/feedback", b'{"text": "caf\xc3"}', "application/json"),
    ("receipt", "/api/v1/followup", b'{"receipt": "\xfe\xff"}', "application/json"),
    (
        "reply",
        "/api/v1/followup/messages",
        b'{"receipt": "K7M2Q", "text": "\xff"}',
        "application/json",
    ),
]


@pytest.mark.parametrize(
    ("path", "body", "content_type"),
    [(path, body, content_type) for _, path, body, content_type in NOT_UTF8],
    ids=[name for name, _, _, _ in NOT_UTF8],
)
async def test_bodies_that_are_not_utf8_get_a_400_and_write_nothing(
    client: Client, runtime: Runtime, path: str, body: bytes, content_type: str
) -> None:
    response = await client.post(path, content=body, headers={"content-type": content_type})
    assert response.status_code == 400, response.text
    payload = response.json()
    assert payload["error"] == "invalid_json"
    assert "UTF-8" in payload["message"] or "not valid JSON" in payload["message"]
    assert counts(runtime) == (0, 0, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("wants_reply", "true"),
        ("wants_reply", 1),
        ("wants_reply", "yes"),
        ("on_behalf", "false"),
        ("on_behalf", 0),
        ("quote_consent", 1.0),
        ("quote_consent", "1"),
    ],
)
async def test_yes_or_no_fields_take_only_true_or_false(
    client: Client, runtime: Runtime, field: str, value: object
) -> None:
    response = await client.post("/api/v1/feedback", json={"text": "hi", field: value})
    assert response.status_code == 400, response.text
    payload = response.json()
    assert payload["error"] == "invalid_input"
    assert payload["message"] == f"'{field}' should be true or false."
    assert counts(runtime) == (0, 0, 0)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"text": 5}, "'text' should be text."),
        ({"text": "hi", "service": 3}, "'service' should be text."),
        ({"text": "hi", "kind": 1}, "'kind'"),
    ],
)
async def test_numbers_are_not_taken_for_text(
    client: Client, runtime: Runtime, body: dict[str, object], fragment: str
) -> None:
    response = await client.post("/api/v1/feedback", json=body)
    assert response.status_code == 400, response.text
    assert fragment in response.json()["message"]
    assert counts(runtime) == (0, 0, 0)


async def test_follow_up_bodies_are_strict_too(client: Client) -> None:
    followed = await client.post("/api/v1/followup", json={"receipt": 12345})
    assert followed.status_code == 400
    assert followed.json()["message"] == "'receipt' should be text."
    replied = await client.post("/api/v1/followup/messages", json={"receipt": "x", "text": True})
    assert replied.status_code == 400
    assert replied.json()["message"] == "'text' should be text."


async def test_true_and_false_still_work(client: Client) -> None:
    created = await submit(client, text="hi", wants_reply=True, on_behalf=False)
    assert created["receipt"]


@pytest.mark.parametrize(
    "separator",
    ["\N{EN DASH}", "\N{EM DASH}", "\N{MINUS SIGN}", "\N{NO-BREAK SPACE}", " \N{EN DASH} "],
)
async def test_a_receipt_typed_with_unicode_dashes_or_spaces_is_found(
    client: Client, separator: str
) -> None:
    receipt = (await submit(client, text="hello", wants_reply=True))["receipt"]
    typed = receipt.replace("-", separator)
    followed = await client.post("/api/v1/followup", json={"receipt": typed})
    assert followed.status_code == 200, followed.text
    replied = await client.post(
        "/api/v1/followup/messages", json={"receipt": typed, "text": "Still here"}
    )
    assert replied.status_code == 201, replied.text


async def test_a_receipt_typed_in_full_width_characters_is_found(client: Client) -> None:
    receipt = (await submit(client, text="hello", wants_reply=True))["receipt"]
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in receipt.lower())
    followed = await client.post("/api/v1/followup", json={"receipt": full_width})
    assert followed.status_code == 200, followed.text
