"""The service-user pages in real headless Chromium, with and without JavaScript.

Runs against the real service (``feedback serve``) with the trained classifier,
so the urgent path is decided by the model, as it would be on a ward.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser.conftest import DESKTOP, MODEL, PHONE, screenshot
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.browser

URGENT_TEXT = "I have the tablets here and I'm going to take them all tonight"
QUICK_EXIT = "https://www.bbc.co.uk/weather"
CODE_SHAPE = re.compile(r"[2-9A-Z]{5}(-[2-9A-Z]{5}){4}")


def neutral_site(route: Route) -> None:
    """Stand in for the quick-exit site: tests never leave the machine."""
    route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>Sunny")


def open_context(
    browser: Browser, *, javascript: bool = True, phone: bool = False
) -> BrowserContext:
    """A fresh context (no cookies, no history) that answers the quick-exit site locally."""
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,  # type: ignore[arg-type]
        java_script_enabled=javascript,
    )
    context.route(re.compile(r"^https://www\.bbc\.co\.uk/.*"), neutral_site)
    return context


def item_count(server: LiveServer) -> int:
    conn = sqlite3.connect(f"file:{server.database}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
    finally:
        conn.close()


def send_feedback(page: Page, server: LiveServer, text: str, *, wants_reply: bool = True) -> None:
    """Fill in the start page the way a person would, and send it."""
    page.goto(server.base_url + "/")
    page.get_by_label("What happened?").fill(text)
    page.get_by_label("Where was it?").select_option(index=1)
    page.get_by_label("Something that worries me (a concern)").check()
    if wants_reply:
        page.get_by_label("I would like a reply").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(re.compile(r"/thanks/"))


def read_receipt(page: Page) -> str:
    code = page.locator("[data-receipt]").inner_text().strip()
    assert CODE_SHAPE.fullmatch(code), code
    return code


def follow_up_and_reply(page: Page, code: str, reply: str) -> None:
    page.get_by_role("link", name="Check for a reply").first.click()
    page.get_by_label("Your code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Show my messages").click()
    expect(page.get_by_role("heading", name="Your messages")).to_be_visible()
    expect(page.locator(".summary")).to_contain_text("Received")
    page.get_by_label("Your reply").fill(reply)
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status")).to_contain_text("Your reply was sent")
    expect(page.locator(".conversation")).to_contain_text(reply)


def history_urls(page: Page) -> list[str]:
    """Walk Back through the tab's history, noting every entry's address."""
    urls = [page.url]
    for _ in range(page.evaluate("history.length")):
        if page.go_back() is None and page.url in {urls[-1], "about:blank"}:
            break
        urls.append(page.url)
    return urls


@pytest.fixture
def js_context(browser: Browser) -> Iterator[BrowserContext]:
    context = open_context(browser)
    yield context
    context.close()


def assert_code_nowhere(code: str, urls: list[str]) -> None:
    bare = code.replace("-", "")
    for url in urls:
        assert code.lower() not in url.lower(), url
        assert bare.lower() not in url.lower().replace("-", ""), url


def test_send_with_javascript_then_follow_up_and_reply(
    js_context: BrowserContext, live_server: LiveServer
) -> None:
    page = js_context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    headers_seen: list[dict[str, str]] = []
    page.on("response", lambda response: headers_seen.append(response.all_headers()))
    page.goto(live_server.base_url + "/")
    box = page.get_by_label("What happened?")
    box.fill("The night staff were kind to me")
    expect(page.locator("#text-count")).to_have_text("31 of 10000 characters")
    send_feedback(page, live_server, "The night staff were kind to me")
    code = read_receipt(page)
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    expect(page.get_by_text("Write this code down now")).to_be_visible()
    follow_up_and_reply(page, code, "Thank you for reading it.")
    assert_code_nowhere(code, requested + history_urls(page))
    assert all(url.startswith(live_server.base_url) for url in requested), requested
    assert js_context.cookies() == []
    for headers in headers_seen:
        assert headers["cache-control"] == "no-store"
        assert headers["referrer-policy"] == "no-referrer"
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "set-cookie" not in headers


def test_send_without_javascript_then_follow_up_and_reply(
    browser: Browser, live_server: LiveServer
) -> None:
    context = open_context(browser, javascript=False)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    send_feedback(page, live_server, "Nobody told me my rights when I arrived")
    code = read_receipt(page)
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    page.go_back()
    expect(page.locator("#text-count")).to_be_hidden()  # the count needs JavaScript
    page.go_forward()
    follow_up_and_reply(page, code, "I would like to talk about it.")
    assert_code_nowhere(code, requested)
    assert context.cookies() == []
    context.close()


def test_back_after_sending_neither_resends_nor_shows_the_receipt(
    js_context: BrowserContext, live_server: LiveServer
) -> None:
    page = js_context.new_page()
    before = item_count(live_server)
    send_feedback(page, live_server, "The garden was locked all week")
    code = read_receipt(page)
    page.go_back()
    assert page.url.split("?")[0] == live_server.base_url + "/"
    expect(page.get_by_label("What happened?")).to_have_value("")
    page.go_forward()
    expect(page.get_by_role("heading", name="This page has gone")).to_be_visible()
    assert code not in page.content()
    page.reload()
    assert code not in page.content()
    assert item_count(live_server) == before + 1


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_quick_exit_leaves_for_a_neutral_site(
    browser: Browser, live_server: LiveServer, javascript: bool
) -> None:
    context = open_context(browser, javascript=javascript)
    page = context.new_page()
    page.goto(live_server.base_url + "/")
    page.get_by_label("What happened?").fill("Something private")
    page.get_by_role("link", name="Leave this page quickly").click()
    page.wait_for_url(QUICK_EXIT)
    if javascript:
        # The page was replaced, so Back does not lead back to what was written.
        page.go_back()
        assert not page.url.startswith(live_server.base_url)
    context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_urgent_feedback_shows_help_before_the_receipt(
    browser: Browser, live_server: LiveServer, phone: bool
) -> None:
    assert MODEL.exists(), "the urgent path needs the trained model: python -m classifiers train"
    context = open_context(browser, phone=phone)
    page = context.new_page()
    send_feedback(page, live_server, URGENT_TEXT)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Please get help now")
    help_box = page.locator(".urgent").bounding_box()
    receipt_box = page.locator(".receipt").bounding_box()
    assert help_box is not None
    assert receipt_box is not None
    assert help_box["y"] + help_box["height"] <= receipt_box["y"]
    expect(page.locator(".urgent a[href='tel:999']")).to_be_visible()
    expect(page.locator(".urgent a[href='tel:116123']")).to_be_visible()
    read_receipt(page)
    screenshot(page, f"public-receipt-urgent-{'phone' if phone else 'desktop'}")
    context.close()


def test_ordinary_feedback_does_not_raise_the_alarm(
    js_context: BrowserContext, live_server: LiveServer
) -> None:
    page = js_context.new_page()
    send_feedback(page, live_server, "The food has got better this month")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. Your message was sent.")
    assert page.locator(".urgent").count() == 0


def test_kiosk_returns_to_a_blank_form_when_left_idle(
    js_context: BrowserContext, live_server: LiveServer
) -> None:
    page = js_context.new_page()
    page.clock.install()
    page.goto(live_server.base_url + "/kiosk")
    box = page.get_by_label("What happened?")
    box.fill("Half written")
    page.clock.run_for("02:00")
    box.type(" and more")  # typing counts as use: the timer starts again
    page.clock.run_for("02:30")
    expect(box).to_have_value("Half written and more")
    page.clock.run_for("01:00")
    page.wait_for_load_state()
    expect(page.get_by_label("What happened?")).to_have_value("")
    assert "/kiosk" in page.url


def test_focus_is_visible_and_the_skip_link_comes_first(
    js_context: BrowserContext, live_server: LiveServer
) -> None:
    page = js_context.new_page()
    page.goto(live_server.base_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Tab")
    quick_exit = page.get_by_role("link", name="Leave this page quickly")
    expect(quick_exit).to_be_focused()
    ring = quick_exit.evaluate("element => getComputedStyle(element).boxShadow")
    assert "rgb(255, 191, 71)" in ring  # the yellow focus ring
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # After skipping, the first stop is inside the main content, not the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200-percent-zoom"])
def test_no_sideways_scrolling_on_narrow_screens(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    # 200% zoom of a 1280 px window lays the page out like a 640 px one.
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in ("/", "/followup", "/help", "/?lang=pl"):
        page.goto(live_server.base_url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()
