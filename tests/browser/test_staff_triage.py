"""A lead triages a new item in real Chromium; the submitter reads the answer; an auditor checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, axe_violations, screenshot
from tests.browser.staff_accounts import PASSWORD, add_account
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.browser

TEXT = (
    "Last night two staff held me face down on the floor and restrained me for twenty "
    "minutes because I asked for my phone. Then they locked me in the seclusion room."
)
RESPONSE = "Thank you for telling us. The ward manager and I are looking into this today."


def sign_in(page: Page, server: LiveServer, username: str, *, open_form: bool = True) -> None:
    if open_form:
        page.goto(server.base_url + "/staff/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A page whose context lets axe-core's injected script run despite our strict CSP.

    Only axe needs this; the CSP itself is exercised by the other tests here.
    """
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


def test_lead_confirms_responds_and_auditor_sees_it(
    axe_page: Page, live_server: LiveServer
) -> None:
    page = axe_page
    add_account(live_server, "lead", "safeguarding_lead")
    add_account(live_server, "auditor", "auditor")
    submitted = httpx.post(
        live_server.base_url + "/api/v1/feedback", json={"text": TEXT, "wants_reply": True}
    ).json()
    reference = submitted["reference"]

    # Anonymous visitors are sent to sign in; the sign-in page is accessible.
    page.goto(live_server.base_url + "/staff/queue")
    expect(page).to_have_url(re.compile(r"/staff/login\?next=%2Fstaff%2Fqueue$"))
    assert axe_violations(page) == []
    screenshot(page, "staff-login")
    sign_in(page, live_server, "lead", open_form=False)  # and back to the queue
    expect(page).to_have_url(live_server.base_url + "/staff/queue")

    # The new item is at the top of the queue.
    first_row = page.locator("table.queue tbody tr").first
    expect(first_row.locator("a.item-link")).to_have_text(reference)
    assert axe_violations(page) == []
    screenshot(page, "staff-queue")

    first_row.locator("a.item-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Item {reference}")
    assert axe_violations(page) == []
    screenshot(page, "staff-item")

    # Confirm the classifier's first flag (or, if it raised none, add the right label).
    confirm = page.get_by_role("button", name=re.compile(r"^Confirm "))
    if confirm.count():
        expect(page.locator("mark.evidence").first).to_be_visible()
        confirm.first.click()
        expect(page.locator("#flash")).to_contain_text("confirmed")
        decided = "label.confirmed"
    else:
        page.get_by_label("Add a label the classifier missed").select_option("restraint")
        page.get_by_role("button", name="Add label").click()
        expect(page.locator("#flash")).to_contain_text("added")
        decided = "label.added"
    expect(page.locator("table.flags")).to_contain_text("by lead")

    # Urgency: marked urgent (unless the classifier already did), then cleared with a reason.
    mark = page.get_by_role("button", name="Mark urgent")
    if mark.count():
        mark.click()
        expect(page.locator("#flash")).to_have_text("Marked urgent.")
    expect(page.locator(".facts")).to_contain_text("Urgent risk")
    page.get_by_label("Why it is not urgent (kept as a note)").fill("A past event; safe now.")
    page.get_by_role("button", name="Not urgent").click()
    expect(page.locator("#flash")).to_have_text("Marked not urgent.")
    expect(page.locator("#urgency")).to_contain_text("lead decided it is not urgent")
    expect(page.locator(".facts")).not_to_contain_text("Urgent risk")
    assert axe_violations(page) == []

    page.get_by_label("Response to the submitter").fill(RESPONSE)
    page.get_by_role("button", name="Send response").click()
    expect(page.locator("#flash")).to_have_text("Response sent to the submitter.")
    expect(page.locator("#item-status")).to_have_text("responded")
    screenshot(page, "staff-item-responded")

    # The flags page counts the lead's decision against the model that labelled the item.
    page.get_by_role("link", name="Flags", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the flags are doing")
    running = page.locator("section.flag-version").first
    expect(running.get_by_role("heading", level=2)).to_contain_text("labelling new feedback now")
    summary = (
        "1 flag decided, 0 labels" if decided == "label.confirmed" else "0 flags decided, 1 label"
    )
    expect(running).to_contain_text(summary)
    assert axe_violations(page) == []
    screenshot(page, "staff-flags")

    # The submitter reads the response with their receipt, dated to the day.
    followup = httpx.post(
        live_server.base_url + "/api/v1/followup", json={"receipt": submitted["receipt"]}
    ).json()
    assert followup["status"] == "responded"
    assert followup["conversation"][-1] == {
        "author": "staff",
        "text": RESPONSE,
        "date": datetime.now(UTC).date().isoformat(),
    }

    # An auditor sees who did what in the audit log.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/staff/login\?reason=out$"))
    sign_in(page, live_server, "auditor")
    page.goto(live_server.base_url + "/staff/audit")
    log = page.locator("table.audit tbody")
    for action in (decided, "item.responded", "item.submitted", "staff.signed_in"):
        expect(log).to_contain_text(action)
    responded_row = log.locator("tr", has_text="item.responded")
    expect(responded_row).to_contain_text("lead")
    assert axe_violations(page) == []
    screenshot(page, "staff-audit")


def test_core_actions_work_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    add_account(live_server, "lead2", "safeguarding_lead")
    submitted = httpx.post(
        live_server.base_url + "/api/v1/feedback",
        json={"text": "The ward was freezing all week and nobody fixed the heating."},
    ).json()
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        sign_in(page, live_server, "lead2")
        page.get_by_role("link", name=submitted["reference"]).click()
        page.get_by_role("button", name="Acknowledge").click()
        expect(page.locator("#flash")).to_have_text("Status is now acknowledged.")
        page.get_by_label("New note").fill("Estates called about the heating.")
        page.get_by_role("button", name="Add note").click()
        expect(page.locator("#flash")).to_have_text("Note added.")
        expect(page.locator("ol.notes")).to_contain_text("Estates called about the heating.")
    finally:
        context.close()


def test_keyboard_reaches_the_queue_with_visible_focus(page: Page, live_server: LiveServer) -> None:
    add_account(live_server, "lead3", "safeguarding_lead")
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live_server.base_url + "/staff/login")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    # Whatever is focused shows an outline (the CSS focus style), never nothing.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.get_by_label("Username").focus()
    page.keyboard.type("lead3")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.base_url + "/staff/queue")
    # HTMX binds the filter form on DOMContentLoaded; a change made before that
    # is lost (seen under load in CI), so wait for the page to finish loading.
    page.wait_for_load_state("load")
    # HTMX runs under the strict CSP: the filter updates the list in place.
    page.get_by_label("Status").select_option("closed")
    expect(page.locator("#queue-results")).to_contain_text("No items match")
    expect(page).to_have_url(re.compile(r"status=closed"))
    assert not [text for text in console if "Content Security Policy" in text], console


def test_an_item_worth_a_look_is_marked_and_readable(
    axe_page: Page, live_server: LiveServer
) -> None:
    page = axe_page
    add_account(live_server, "lead4", "safeguarding_lead")
    reference = httpx.post(
        live_server.base_url + "/api/v1/feedback",
        json={"text": "The day room is shut most evenings", "wants_reply": False},
    ).json()["reference"]
    sign_in(page, live_server, "lead4")
    row = page.locator("table.queue tbody tr", has_text=reference)
    expect(row.locator(".badge")).to_have_text("Worth a look")
    row.locator("a.item-link").click()
    expect(page.locator("p.possible")).to_contain_text("Living conditions")
    mark = page.locator("mark.evidence.possible").first
    expect(mark).to_be_visible()
    expect(mark).to_have_attribute("title", "Worth a look for Living conditions")
    # Dashed, not the solid underline of a flag, so the two are told apart at a glance.
    assert mark.evaluate("m => getComputedStyle(m).borderBottomStyle") == "dashed"
    assert axe_violations(page) == []
    screenshot(page, "staff-item-worth-a-look")


def test_long_words_wrap_instead_of_widening_the_pages(page: Page, live_server: LiveServer) -> None:
    add_account(live_server, "lead5", "safeguarding_lead")
    url = "https://example.org/" + "x" * 400
    long_word = "a" * 3000
    reference = httpx.post(
        live_server.base_url + "/api/v1/feedback",
        json={"text": f"{long_word} {url}", "wants_reply": True},
    ).json()["reference"]
    sign_in(page, live_server, "lead5")
    expect(page).to_have_url(live_server.base_url + "/staff/queue")

    def width() -> int:
        page.wait_for_load_state("load")  # measured with the stylesheet applied
        return int(page.evaluate("() => document.documentElement.scrollWidth"))

    assert width() <= DESKTOP["width"], "the queue is wider than the window"
    page.get_by_role("link", name=reference).click()
    page.get_by_label("New note").fill(url)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#flash")).to_have_text("Note added.")
    page.get_by_label("Response to the submitter").fill(long_word)
    page.get_by_role("button", name="Send response").click()
    expect(page.locator("#flash")).to_have_text("Response sent to the submitter.")
    assert width() <= DESKTOP["width"], "the item page is wider than the window"
    screenshot(page, "staff-item-long-words")
