"""The layout's shared values: links that keep language and kiosk, kiosk timer, help."""

from __future__ import annotations

from feedback.settings import Settings
from feedback.web.rendering import PublicPages, Where


def test_links_keep_the_language_and_the_kiosk() -> None:
    assert Where(lang="pl").link("/followup") == "/followup?lang=pl"
    assert Where(lang="pl", kiosk=True).link("/help", "en") == "/help?lang=en&kiosk=1"


def test_every_page_gets_help_language_links_and_the_kiosk_timer(settings: Settings) -> None:
    pages = PublicPages(settings)
    kiosk = pages.render("public/help.html", Where(lang="pl", kiosk=True, path="/help"))
    context = kiosk.context
    assert context["kiosk_seconds"] == settings.kiosk_idle_minutes * 60
    assert context["kiosk_url"] == "/kiosk?lang=pl&kiosk=1"
    assert context["other_languages"] == [("en", "English", "/help?lang=en&kiosk=1")]
    assert context["help"].line.startswith("Potrzebujesz")
    assert context["_"]("Send") == "Wyślij"
    plain = pages.render("public/thanks.html", Where(lang="en"), switch_language=False).context
    assert plain["kiosk_seconds"] == 0
    assert plain["other_languages"] == []
    assert plain["forget"] is True
