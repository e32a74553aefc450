"""The service-user pages over HTTP: the form, the one-time receipt, the follow-up.

Runs the whole app in process with the keyword classifier from ``tests/conftest.py``
("tonight" is urgent). Browser behaviour (JavaScript, history, axe) is tested in
``tests/browser/test_public_pages.py``.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from html.parser import HTMLParser
from typing import Any

import pytest
import textstat
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient

from feedback.receipts import new_receipt
from feedback.runtime import Runtime
from feedback.web import STATIC_DIR

Client = AsyncTestClient[Litestar]
RECEIPT = re.compile(r"data-receipt>(.*?)</p>", re.S)
HTML = {"accept": "text/html"}
FORM = {"content-type": "application/x-www-form-urlencoded", **HTML}


def receipt_in(page: str) -> str:
    match = RECEIPT.search(page)
    assert match, "no receipt on the page"
    return re.sub(r"<[^>]+>", "", match[1])


async def send(client: Client, **fields: str) -> Response:
    body = {"lang": "en", **fields}
    return await client.post("/", data=body, follow_redirects=False)


async def send_and_read(client: Client, **fields: str) -> tuple[str, Response]:
    posted = await send(client, **fields)
    assert posted.status_code == 303, posted.text
    location = posted.headers["location"]
    return location, await client.get(location)


class VisibleText(HTMLParser):
    """The words a reader sees: no tags, scripts, styles or receipt codes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "title"} or ("data-receipt", None) in attrs:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag in {"script", "style", "title", "p"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def flesch(text: str) -> float:
    score: float = textstat.flesch_reading_ease(text)
    return round(score, 1)


def visible_text(page: str) -> str:
    parser = VisibleText()
    parser.feed(page)
    return "\n".join(parser.parts)


async def every_page(client: Client, lang: str = "en") -> dict[str, str]:
    """One of each page, in ``lang``: the copy a service user can meet."""
    pages: dict[str, str] = {}
    for path in ("/", "/kiosk", "/followup", "/help"):
        pages[path] = (await client.get(f"{path}?lang={lang}")).text
    _, plain = await send_and_read(client, text="The food is good", wants_reply="yes", lang=lang)
    pages["thanks"] = plain.text
    _, urgent = await send_and_read(client, text="I will do it tonight", lang=lang)
    pages["thanks urgent"] = urgent.text
    pages["gone"] = (await client.get(f"/thanks/nothing?lang={lang}")).text
    code = receipt_in(plain.text)
    pages["conversation"] = (await client.post("/followup", data={"code": code, "lang": lang})).text
    location = (
        await client.post(
            "/followup/reply",
            data={"code": code, "text": "Thanks", "lang": lang},
            follow_redirects=False,
        )
    ).headers["location"]
    pages["reply sent"] = (await client.get(location)).text
    pages["form errors"] = (await send(client, text="", lang=lang)).text
    pages["code mistyped"] = (
        await client.post("/followup", data={"code": "ABC", "lang": lang})
    ).text
    pages["code not found"] = (
        await client.post("/followup", data={"code": new_receipt().display, "lang": lang})
    ).text
    pages["form unreadable"] = (
        await client.post("/", content=f"text=a%FF&lang={lang}".encode(), headers=FORM)
    ).text
    pages["too large"] = (
        await client.post(f"/?lang={lang}", data={"text": "x" * 200_000}, headers=HTML)
    ).text
    pages["not a form"] = (
        await client.post(f"/?lang={lang}", files={"text": (None, b"hi")}, headers=HTML)
    ).text
    return pages


async def test_start_page_says_what_this_is_and_has_the_form(client: Client) -> None:
    page = (await client.get("/", headers=HTML)).text
    assert '<html lang="en">' in page
    assert "You do not have to give your name" in page
    for name in ("text", "service", "kind", "wants_reply", "quote_consent"):
        assert f'name="{name}"' in page
    quote_box = re.search(r'<input[^>]*id="quote_consent"[^>]*>', page)
    assert quote_box
    assert "checked" not in quote_box[0]  # off unless the person ticks it
    assert 'autocomplete="off"' in page
    assert '<option value="willow-ward">' in page
    assert "116 123" in page  # the help line is on every page
    assert 'href="https://www.bbc.co.uk/weather"' in page
    assert 'class="skip-link" href="#main"' in page


async def test_sending_redirects_to_a_one_time_receipt_page(
    client: Client, runtime: Runtime
) -> None:
    posted = await send(client, text="The night staff were kind", wants_reply="yes")
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert location.startswith("/thanks/")
    page = (await client.get(location)).text
    code = receipt_in(page)
    assert re.fullmatch(r"[2-9A-Z]{5}(-[2-9A-Z]{5}){4}", code)
    assert code not in location
    assert code.replace("-", "") not in location
    assert "Write this code down" in page
    assert "only this once" in page
    assert "data-print" in page
    again = await client.get(location)
    assert again.status_code == 410
    assert code not in again.text
    assert "This page has gone" in again.text


async def test_no_reply_wanted_means_no_code(client: Client) -> None:
    _, page = await send_and_read(client, text="All fine")
    assert "data-receipt" not in page.text
    assert "there is no code" in page.text


async def test_urgent_feedback_puts_help_before_the_receipt(client: Client) -> None:
    _, page = await send_and_read(client, text="I am going to do it tonight", wants_reply="yes")
    text = page.text
    assert text.index("Please get help now") < text.index("data-receipt")
    main = text[text.index("<main") :]
    assert main.index('href="tel:999"') < main.index("data-receipt")
    assert 'href="tel:116123"' in main
    _, calm = await send_and_read(client, text="Lunch was late", wants_reply="yes")
    assert "Please get help now" not in calm.text


async def test_form_errors_sit_by_their_fields_and_keep_the_text(client: Client) -> None:
    response = await send(client, text="   ", service="nowhere", quote_consent="yes")
    assert response.status_code == 400
    page = response.text
    assert 'id="text-error"' in page
    assert 'aria-describedby="text-hint text-count text-error" aria-invalid="true"' in page
    assert 'aria-describedby="service-error" aria-invalid="true"' in page
    assert 'href="#text"' in page  # the summary links to the field
    assert 'name="quote_consent" value="yes" aria-describedby="quote_consent-hint" checked' in page
    kept = await send(client, text="x" * 10_001)
    assert kept.status_code == 400
    assert "x" * 10_001 in kept.text
    assert "too long" in kept.text


async def test_follow_up_shows_status_and_conversation_then_takes_a_reply(
    client: Client,
) -> None:
    _, page = await send_and_read(client, text="The ward is cold", wants_reply="yes")
    code = receipt_in(page.text)
    view = await client.post("/followup", data={"code": code.lower(), "lang": "en"})
    assert view.status_code == 200
    assert "Received" in view.text
    assert "The ward is cold" in view.text
    assert "No messages yet" in view.text
    replied = await client.post(
        "/followup/reply",
        data={"code": code, "text": "Still cold <b>tonight</b>", "lang": "en"},
        follow_redirects=False,
    )
    assert replied.status_code == 303
    location = replied.headers["location"]
    assert code not in location
    sent = await client.get(location)
    assert "Your reply was sent" in sent.text
    assert "Still cold &lt;b&gt;tonight&lt;/b&gt;" in sent.text  # escaped, never markup
    assert code not in sent.text  # the code is not held for the page after a reply
    assert (await client.get(location)).status_code == 410


async def test_an_empty_reply_is_refused_next_to_the_box(client: Client) -> None:
    _, page = await send_and_read(client, text="Hello", wants_reply="yes")
    code = receipt_in(page.text)
    response = await client.post("/followup/reply", data={"code": code, "text": " "})
    assert response.status_code == 400
    assert 'id="text-error"' in response.text
    switch = re.search(r'href="([^"]+)" lang="pl"', response.text)
    assert switch
    assert switch[1] == "/followup?lang=pl"  # a page that answers GET, without the code
    assert (await client.get(switch[1])).status_code == 200


async def test_mistyped_and_not_found_codes_get_different_answers(client: Client) -> None:
    mistyped = await client.post("/followup", data={"code": "K7M2Q-9XTRB", "lang": "en"})
    assert mistyped.status_code == 400
    assert "looks mistyped" in mistyped.text
    assert 'data-error-kind="mistyped"' in mistyped.text
    assert 'value="K7M2Q-9XTRB"' in mistyped.text  # kept, to correct it
    missing = await client.post("/followup", data={"code": new_receipt().display, "lang": "en"})
    assert missing.status_code == 404
    assert "could not find" in missing.text
    assert 'data-error-kind="receipt_not_found"' in missing.text
    assert 'aria-invalid="true"' in missing.text


async def test_too_many_tries_answers_429_with_retry_after(client: Client) -> None:
    code = new_receipt().display
    statuses = [(await client.post("/followup", data={"code": code})).status_code for _ in range(6)]
    assert statuses[:5] == [404] * 5
    blocked = await client.post("/followup", data={"code": code, "lang": "pl"})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "Poczekaj" in blocked.text


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ({"params": {"lang": "pl"}}, "pl"),
        ({"headers": {"accept-language": "pl-PL,pl;q=0.9"}}, "pl"),
        ({"headers": {"accept-language": "de, en;q=0.5"}}, "en"),
        ({"params": {"lang": "en"}, "headers": {"accept-language": "pl"}}, "en"),
    ],
)
async def test_language_by_link_or_browser(
    client: Client, how: dict[str, Any], expected: str
) -> None:
    page = (await client.get("/", **how)).text
    assert f'<html lang="{expected}">' in page
    other = "en" if expected == "pl" else "pl"
    assert f'hreflang="{other}"' in page


async def test_language_is_carried_by_the_form(client: Client) -> None:
    location, page = await send_and_read(client, text="Dobrze", wants_reply="yes", lang="pl")
    assert "lang=pl" in location
    assert '<html lang="pl">' in page.text
    assert "Zapisz ten kod" in page.text
    assert 'hreflang="en"' not in page.text  # switching would ask for the page again
    errors = await send(client, text="", lang="pl")
    assert "Napisz coś, zanim wyślesz." in errors.text


async def test_kiosk_returns_to_a_blank_form_without_javascript(client: Client) -> None:
    page = (await client.get("/kiosk")).text
    assert '<noscript><meta http-equiv="refresh" content="180;url=/kiosk?lang=en&amp;kiosk=1">' in (
        page
    )
    assert 'data-kiosk-seconds="180"' in page
    assert '<input type="hidden" name="kiosk" value="1">' in page
    _, thanks = await send_and_read(client, text="Hi", wants_reply="yes", kiosk="1")
    assert 'http-equiv="refresh"' in thanks.text
    assert 'http-equiv="refresh"' not in (await client.get("/")).text


async def test_every_page_has_the_safety_headers_and_no_cookie(client: Client) -> None:
    posted = await send(client, text="Hi", wants_reply="yes")
    responses = [
        await client.get("/"),
        await client.get("/followup"),
        await client.get("/static/public.js"),
        posted,
        await client.get(posted.headers["location"]),
        await client.post("/followup", data={"code": "nope"}),
    ]
    for response in responses:
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "set-cookie" not in response.headers
    assert not client.cookies


async def test_no_third_party_resources_anywhere(client: Client) -> None:
    quick_exit = "https://www.bbc.co.uk/weather"
    texts = dict(await every_page(client))
    texts.update({path.name: path.read_text("utf-8") for path in STATIC_DIR.iterdir()})
    for name, text in texts.items():
        outside = [
            url for url in re.findall(r"(?:https?:)?//[^\s\"'<>)]+", text) if url != quick_exit
        ]
        assert outside == [], name
        assert "<style" not in text, name  # CSP: no inline styles
        assert "style=" not in text, name
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), name  # no inline scripts
        assert not re.search(r"\son[a-z]+=", text), name  # no inline handlers


@pytest.fixture
def pyphen_syllables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count syllables with pyphen's English hyphenation on every machine.

    textstat first looks words up in NLTK's CMU dictionary, which it tries to
    download at run time; with no download the score would depend on the
    machine. Pyphen ships with textstat, so the measure is the same everywhere.
    """
    counter = importlib.import_module("textstat.backend.counts._count_syllables")
    monkeypatch.setattr(counter, "get_cmudict", lambda lang: None)


@pytest.mark.usefixtures("pyphen_syllables")
async def test_the_english_copy_is_plain(client: Client) -> None:
    pages = await every_page(client)
    scores = {name: flesch(visible_text(page)) for name, page in pages.items()}
    everything = flesch("\n".join(visible_text(page) for page in pages.values()))
    print("Flesch reading ease:", {"all pages": everything, **scores})
    low = {name: score for name, score in scores.items() if score < 70}
    assert low == {}, scores
    assert everything >= 70


async def test_polish_pages_are_in_polish(client: Client) -> None:
    pages = await every_page(client, "pl")
    for name, page in pages.items():
        assert '<html lang="pl">' in page, name
        assert "Leave this page quickly" not in page, name
        assert "Szybko opuść stronę" in page, name


async def test_private_pages_ask_the_script_to_empty_them_when_left(client: Client) -> None:
    _, thanks = await send_and_read(client, text="Hello", wants_reply="yes")
    assert "<body data-forget>" in thanks.text
    view = await client.post("/followup", data={"code": receipt_in(thanks.text)})
    assert "<body data-forget>" in view.text
    assert "data-forget" not in (await client.get("/")).text


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


async def test_zero_width_only_text_is_refused_as_empty(client: Client, runtime: Runtime) -> None:
    response = await client.post("/", content=b"text=%E2%80%8B&lang=en", headers=FORM)
    assert response.status_code == 400
    assert "Please write something before you send it." in response.text
    assert stored_texts(runtime) == ([], [])


async def test_ten_thousand_characters_with_browser_line_breaks_fit(
    client: Client, runtime: Runtime
) -> None:
    # The box's counter counts each CRLF the browser sends as one character.
    text = ("x" * 99 + "\r\n") * 99 + "y" * 100
    assert len(text) == 10_099
    assert len(text.replace("\r\n", "\n")) == 10_000
    await send_and_read(client, text=text)
    items, _ = stored_texts(runtime)
    assert items == [text.replace("\r\n", "\n")]
    assert "\r" not in items[0]


async def test_one_character_over_with_line_breaks_is_too_long(
    client: Client, runtime: Runtime
) -> None:
    text = ("x" * 99 + "\r\n") * 99 + "y" * 101
    response = await send(client, text=text)
    assert response.status_code == 400
    assert "too long" in response.text
    assert stored_texts(runtime) == ([], [])


async def test_a_zero_width_only_reply_is_refused(client: Client, runtime: Runtime) -> None:
    _, page = await send_and_read(client, text="Hello", wants_reply="yes")
    code = receipt_in(page.text)
    response = await client.post(
        "/followup/reply", data={"code": code, "text": "\u200b\u200b", "lang": "en"}
    )
    assert response.status_code == 400
    assert 'id="text-error"' in response.text
    assert stored_texts(runtime)[1] == []


@pytest.mark.parametrize(
    "body",
    [b"text=a%FFb&lang=pl", b"text=a\xffb&lang=pl", b"text=caf%E9&lang=pl", b"te%FFxt=a&lang=pl"],
    ids=["escaped 0xff", "raw 0xff", "latin-1 e-acute", "in a name"],
)
async def test_a_form_that_is_not_utf8_is_shown_again_with_a_plain_error(
    client: Client, runtime: Runtime, body: bytes
) -> None:
    response = await client.post("/", content=body, headers=FORM)
    assert response.status_code == 400
    page = response.text
    assert '<html lang="pl">' in page
    assert 'name="text"' in page  # the form itself, to try again
    assert "Części tego, co wysłano, nie da się odczytać." in page
    assert 'id="text-error"' in page
    assert stored_texts(runtime) == ([], [])


async def test_a_declared_latin1_form_is_refused_not_misread(
    client: Client, runtime: Runtime
) -> None:
    headers = {**FORM, "content-type": "application/x-www-form-urlencoded; charset=latin-1"}
    response = await client.post("/", content=b"text=caf%E9&lang=en", headers=headers)
    assert response.status_code == 400
    assert "could not be read" in response.text
    assert stored_texts(runtime) == ([], [])


async def test_follow_up_forms_that_are_not_utf8_ask_for_the_code_again(
    client: Client, runtime: Runtime
) -> None:
    _, page = await send_and_read(client, text="Hello", wants_reply="yes")
    code = receipt_in(page.text)
    for path, body in (
        ("/followup", b"code=%FF&lang=en"),
        ("/followup/reply", f"code={code}&text=caf%E9&lang=en".encode()),
    ):
        response = await client.post(path, content=body, headers=FORM)
        assert response.status_code == 400, path
        assert "could not be read" in response.text
        assert 'name="code"' in response.text
        assert 'data-error-kind="unreadable"' in response.text
    assert stored_texts(runtime)[1] == []


@pytest.mark.parametrize(
    ("character", "count"),
    [
        ("\N{GRINNING FACE}", 6_000),
        ("\N{GRINNING FACE}", 10_000),
        ("\u75c5", 8_000),
        ("\u75c5", 10_000),
        ("ż", 10_000),
    ],
    ids=["6000 emoji", "10000 emoji", "8000 CJK", "10000 CJK", "10000 Polish"],
)
async def test_ten_thousand_characters_of_any_script_fit_in_the_form(
    client: Client, runtime: Runtime, character: str, count: int
) -> None:
    text = character * count
    await send_and_read(client, text=text, service="willow-ward", kind="concern", wants_reply="yes")
    assert stored_texts(runtime)[0] == [text]


async def test_a_reply_of_ten_thousand_emoji_fits(client: Client, runtime: Runtime) -> None:
    _, page = await send_and_read(client, text="Hello", wants_reply="yes")
    code = receipt_in(page.text)
    text = "\N{GRINNING FACE}" * 10_000
    replied = await client.post(
        "/followup/reply", data={"code": code, "text": text, "lang": "en"}, follow_redirects=False
    )
    assert replied.status_code == 303, replied.text[:500]
    assert stored_texts(runtime)[1] == [text]


async def test_forms_post_to_an_address_that_keeps_the_language(client: Client) -> None:
    start = (await client.get("/kiosk?lang=pl")).text
    assert 'action="/?lang=pl&amp;kiosk=1"' in start
    followup = (await client.get("/followup?lang=pl")).text
    assert 'action="/followup?lang=pl"' in followup
    _, page = await send_and_read(client, text="Hello", wants_reply="yes", lang="pl")
    view = await client.post("/followup", data={"code": receipt_in(page.text), "lang": "pl"})
    assert 'action="/followup/reply?lang=pl"' in view.text
