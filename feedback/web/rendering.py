"""What every service-user page shares: language, help line, kiosk mode, safe links.

Controllers call :meth:`PublicPages.render` with a template and the page's own
values; the layout's values (the ``_`` function, the help text, the language
links, the kiosk timer) are added here so that no page can forget them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from litestar.response import Template

from feedback.actions.submission import FollowUp
from feedback.catalogue import Service, ServiceCatalogue
from feedback.settings import Settings
from feedback.web.handoff import OneTimeStore
from feedback.web.help import HelpInfo
from feedback.web.language import LANGUAGES, Catalogues
from feedback.web.wording import AUTHORS, KINDS, STATUSES

# Pages that show a receipt or what someone wrote: emptied by the script as they
# are left, in case a browser keeps them for Back and Forward despite no-store.
PRIVATE_PAGES = frozenset({"public/thanks.html", "public/conversation.html"})


@dataclass(frozen=True)
class ReceiptHandoff:
    """What the page after a submission shows, once."""

    reference: str
    receipt: str | None
    urgent: bool
    lang: str
    kiosk: bool


@dataclass(frozen=True)
class ReplyHandoff:
    """What the page after a reply shows, once: the conversation, never the code."""

    view: FollowUp
    lang: str
    kiosk: bool


@dataclass(frozen=True)
class Where:
    """Where a page is and how it was asked for, for links that keep language and kiosk."""

    lang: str
    kiosk: bool = False
    path: str = "/"

    def link(self, path: str, lang: str | None = None) -> str:
        """An internal link that keeps this page's language and kiosk mode."""
        query = {"lang": lang or self.lang}
        if self.kiosk:
            query["kiosk"] = "1"
        return f"{path}?{urlencode(query)}"


class PublicPages:
    """The long-lived parts the public pages need, built once by ``build_router``."""

    def __init__(
        self,
        settings: Settings,
        *,
        catalogues: Catalogues | None = None,
        help_info: HelpInfo | None = None,
    ) -> None:
        self.settings = settings
        self.catalogues = catalogues or Catalogues(settings.default_language)
        self.help = help_info or HelpInfo.from_file(settings.help_path)
        self.receipts: OneTimeStore[ReceiptHandoff] = OneTimeStore()
        self.replies: OneTimeStore[ReplyHandoff] = OneTimeStore()

    def language(self, explicit: str | None, accept_language: str | None) -> str:
        """The language for this request (see :meth:`Catalogues.choose`)."""
        return self.catalogues.choose(explicit, accept_language)

    def render(
        self,
        template: str,
        where: Where,
        *,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
        switch_language: bool = True,
        **values: Any,
    ) -> Template:
        """A page in ``where.lang`` with the shared layout values added."""
        lang = where.lang
        _ = self.catalogues.gettext(lang)

        def long_date(day: date) -> str:
            return format_date(day, format="long", locale=lang)

        context: dict[str, Any] = {
            "_": _,
            "lang": lang,
            "where": where,
            "help": self.help.in_language(lang),
            "other_languages": [
                (code, name, where.link(where.path, code))
                for code, name in LANGUAGES.items()
                if code != lang and switch_language
            ],
            "kiosk_seconds": self.settings.kiosk_idle_minutes * 60 if where.kiosk else 0,
            "kiosk_url": where.link("/kiosk") if where.kiosk else "",
            "long_date": long_date,
            "kinds": KINDS,
            "statuses": STATUSES,
            "authors": AUTHORS,
            "errors": {},
            "forget": template in PRIVATE_PAGES,
            **values,
        }
        return Template(
            template_name=template, context=context, status_code=status_code, headers=headers
        )

    def service_groups(self, catalogue: ServiceCatalogue) -> list[tuple[str, list[Service]]]:
        """Services grouped for the form's list, groups in the order the file gives."""
        groups: dict[str, list[Service]] = {}
        for service in catalogue.services:
            groups.setdefault(service.group, []).append(service)
        return list(groups.items())
