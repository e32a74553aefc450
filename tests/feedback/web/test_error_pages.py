"""Errors on the service-user pages: a page in the reader's language, never a bare 500."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from feedback.runtime import Runtime
from feedback.web import controllers

Client = AsyncTestClient[Litestar]
HTML = {"accept": "text/html"}
TOO_LARGE = "x" * 200_000


def item_count(runtime: Runtime) -> int:
    conn = sqlite3.connect(runtime.settings.database_file)
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("/?lang=pl", HTML),
        ("/", {**HTML, "accept-language": "pl-PL,pl;q=0.9"}),
        ("/followup/reply?lang=pl", HTML),
    ],
    ids=["address", "browser", "reply"],
)
async def test_a_post_too_large_to_read_is_refused_in_the_readers_language(
    client: Client, runtime: Runtime, address: str, headers: dict[str, str]
) -> None:
    response = await client.post(address, data={"text": TOO_LARGE}, headers=headers)
    assert response.status_code == 413
    page = response.text
    assert '<html lang="pl">' in page
    assert "To, co wysłano, jest za długie." in page
    assert "Szybko opuść stronę" in page  # the usual layout, with the way out
    assert "too long" not in page
    assert item_count(runtime) == 0


async def test_the_error_page_keeps_kiosk_mode(client: Client) -> None:
    response = await client.post("/?lang=en&kiosk=1", data={"text": TOO_LARGE}, headers=HTML)
    assert response.status_code == 413
    assert "What you sent is too long." in response.text
    assert 'data-kiosk-seconds="180"' in response.text
    assert 'href="/kiosk?lang=en&amp;kiosk=1"' in response.text


async def test_scripts_still_get_json(client: Client) -> None:
    response = await client.post("/", data={"text": TOO_LARGE})
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


async def test_error_pages_carry_the_safety_headers(client: Client) -> None:
    response = await client.post("/?lang=pl", data={"text": TOO_LARGE}, headers=HTML)
    assert response.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "part",
    [b"hello", b"caf\xe9", b"\xff\xfe"],
    ids=["utf-8", "latin-1", "junk"],
)
async def test_multipart_posts_are_refused_with_a_page(
    client: Client, runtime: Runtime, part: bytes
) -> None:
    response = await client.post("/?lang=pl", files={"text": (None, part)}, headers=HTML)
    assert response.status_code == 415
    assert '<html lang="pl">' in response.text
    assert "Wyślij to przez formularz na naszej stronie." in response.text
    assert item_count(runtime) == 0


async def test_a_multipart_part_in_an_unknown_charset_is_not_a_500(client: Client) -> None:
    body = (
        b'--b\r\nContent-Disposition: form-data; name="code"\r\n'
        b"Content-Type: text/plain; charset=nonsense\r\n\r\nabc\r\n--b--\r\n"
    )
    headers = {**HTML, "content-type": "multipart/form-data; boundary=b"}
    response = await client.post("/followup?lang=en", content=body, headers=headers)
    assert response.status_code == 415
    assert 'href="/followup?lang=en"' in response.text


async def test_a_form_that_cannot_be_read_gets_a_page_not_json(client: Client) -> None:
    # Two values for one field: the form cannot be turned into its fields.
    headers = {**HTML, "content-type": "application/x-www-form-urlencoded"}
    response = await client.post("/?lang=pl", content=b"text=a&text=b", headers=headers)
    assert response.status_code == 400
    assert '<html lang="pl">' in response.text
    assert "Nie możemy odczytać tego, co wysłano." in response.text


async def test_a_fault_is_a_500_page_in_the_readers_language(
    client: Client,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("the disk fell off")

    monkeypatch.setattr(controllers, "submit_feedback", broken)
    with caplog.at_level(logging.ERROR, logger="feedback.errors"):
        response = await client.post("/", data={"text": "secret words", "lang": "pl"}, headers=HTML)
    assert response.status_code == 500
    assert '<html lang="pl">' in response.text  # from the form's hidden field
    assert "Coś poszło nie tak i nic nie zapisano." in response.text
    assert "RuntimeError" in caplog.text
    assert "secret words" not in caplog.text
    assert item_count(runtime) == 0


async def test_a_missing_file_under_static_gets_a_page(client: Client) -> None:
    response = await client.get("/static/nothing.css?lang=pl", headers=HTML)
    assert response.status_code == 404
    assert "Pod tym adresem nic nie ma." in response.text


async def test_an_address_no_route_has_gets_a_page_in_the_readers_language(
    client: Client,
) -> None:
    response = await client.get("/no-such-page?lang=pl", headers=HTML)
    assert response.status_code == 404
    assert '<html lang="pl">' in response.text
    assert "Pod tym adresem nic nie ma." in response.text
    by_browser = await client.get(
        "/no-such-page", headers={**HTML, "accept-language": "pl-PL,pl;q=0.9"}
    )
    assert "Pod tym adresem nic nie ma." in by_browser.text


async def test_staff_and_api_addresses_keep_their_own_not_found(client: Client) -> None:
    api = await client.get("/api/v1/nothing")
    assert api.status_code == 404
    assert api.json()["error"] == "not_found"
    staff = await client.get("/staff/nothing?lang=pl", headers=HTML)
    assert staff.status_code == 404
    assert "Pod tym adresem" not in staff.text
