"""axe-core on every service-user page and state, in English and Polish, with screenshots.

Each page is visited the way a person reaches it (typing, clicking, sending),
checked with axe-core's WCAG 2.2 A/AA and best-practice rules, and saved as a
full-page screenshot at phone and desktop width in test-artifacts/screenshots.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import DESKTOP, MODEL, PHONE, axe_violations, screenshot
from tests.browser.test_public_pages import URGENT_TEXT, neutral_site
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.browser

# The words each language's buttons and labels use, to drive the pages by their text.
WORDS = {
    "en": {
        "text": "What happened?",
        "reply": "I would like a reply",
        "send": "Send",
        "code": "Your code",
        "show": "Show my messages",
        "answer": "Your reply",
        "send_reply": "Send reply",
    },
    "pl": {
        "text": "Co się stało?",
        "reply": "Chcę dostać odpowiedź",
        "send": "Wyślij",
        "code": "Twój kod",
        "show": "Pokaż moje wiadomości",
        "answer": "Twoja odpowiedź",
        "send_reply": "Wyślij odpowiedź",
    },
}


class Visit:
    """Drives one browser page through the public pages in one language."""

    def __init__(self, page: Page, server: LiveServer, lang: str) -> None:
        self.page = page
        self.server = server
        self.lang = lang
        self.words = WORDS[lang]
        self.code = ""

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.server.base_url}{path}?lang={self.lang}")

    def start(self) -> None:
        self.goto("/")

    def kiosk(self) -> None:
        self.goto("/kiosk")

    def help(self) -> None:
        self.goto("/help")

    def form_errors(self) -> None:
        self.start()
        self.page.get_by_role("button", name=self.words["send"], exact=True).click()
        expect(self.page.locator("#text-error")).to_be_visible()

    def send(self, text: str) -> None:
        self.start()
        self.page.get_by_label(self.words["text"]).fill(text)
        self.page.get_by_label(self.words["reply"]).check()
        self.page.get_by_role("button", name=self.words["send"], exact=True).click()
        self.page.wait_for_url(re.compile(r"/thanks/"))
        self.code = self.page.locator("[data-receipt]").inner_text().strip()

    def receipt(self) -> None:
        self.send("The food has got better this month")
        expect(self.page.locator(".urgent")).to_have_count(0)

    def urgent_receipt(self) -> None:
        self.send(URGENT_TEXT)
        expect(self.page.locator(".urgent")).to_be_visible()

    def gone(self) -> None:
        self.receipt()
        self.page.reload()

    def followup(self) -> None:
        self.goto("/followup")

    def _enter_code(self, code: str) -> None:
        self.followup()
        self.page.get_by_label(self.words["code"]).fill(code)
        self.page.get_by_role("button", name=self.words["show"]).click()

    def code_mistyped(self) -> None:
        self._enter_code("K7M2Q-9XTRB-WH4PC")
        expect(self.page.locator("#code-error")).to_be_visible()

    def code_not_found(self) -> None:
        self._enter_code("22222-22222-22222-22222-22222")
        expect(self.page.locator("#code-error")).to_be_visible()

    def conversation(self) -> None:
        self.receipt()
        self._enter_code(self.code)
        expect(self.page.locator(".summary")).to_be_visible()

    def reply_error(self) -> None:
        self.conversation()
        self.page.get_by_role("button", name=self.words["send_reply"]).click()
        expect(self.page.locator("#text-error")).to_be_visible()

    def not_found(self) -> None:
        self.goto("/no-such-page")
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()

    def reply_sent(self) -> None:
        self.conversation()
        self.page.get_by_label(self.words["answer"]).fill("Thank you for reading it")
        self.page.get_by_role("button", name=self.words["send_reply"]).click()
        expect(self.page.get_by_role("status")).to_be_visible()


STATES: list[str] = [
    "start",
    "form_errors",
    "kiosk",
    "help",
    "receipt",
    "urgent_receipt",
    "gone",
    "followup",
    "code_mistyped",
    "code_not_found",
    "conversation",
    "reply_error",
    "reply_sent",
    "not_found",
]


def context_for(browser: Browser, viewport: dict[str, int]) -> BrowserContext:
    # axe-core is injected as an inline script, which our CSP rightly blocks; the
    # test browser is told to let it through. Headers are tested elsewhere.
    context = browser.new_context(viewport=viewport, bypass_csp=True)  # type: ignore[arg-type]
    context.route(re.compile(r"^https://www\.bbc\.co\.uk/.*"), neutral_site)
    return context


@pytest.fixture(scope="module")
def contexts(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    opened = {"phone": context_for(browser, PHONE), "desktop": context_for(browser, DESKTOP)}
    yield opened
    for context in opened.values():
        context.close()


@pytest.mark.parametrize("lang", ["en", "pl"])
@pytest.mark.parametrize("state", STATES)
def test_no_axe_violations_and_screenshots(
    contexts: dict[str, BrowserContext], live_server: LiveServer, state: str, lang: str
) -> None:
    if state == "urgent_receipt":
        assert MODEL.exists(), "the urgent path needs the trained model"
    for size, context in contexts.items():
        page = context.new_page()
        visit = Visit(page, live_server, lang)
        action: Callable[[], None] = getattr(visit, state)
        action()
        assert page.get_attribute("html", "lang") == lang
        page.wait_for_load_state("load")
        page.evaluate("window.scrollTo(0, 0)")  # the whole page, from the top
        screenshot(page, f"public-{state.replace('_', '-')}-{lang}-{size}")
        if size == "desktop":
            assert axe_violations(page) == [], state
        page.close()
