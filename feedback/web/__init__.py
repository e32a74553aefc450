"""The service-user pages: the anonymous form, the receipt, the follow-up.

Served at ``/`` without JavaScript being required, without cookies, in plain
language, in English and Polish. ``build_router`` is what the app factory
mounts; the pages' static files (one stylesheet, one script: the
Content-Security-Policy allows nothing inline) are served under ``/static``.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.di import Provide
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router

from feedback.settings import Settings
from feedback.web.controllers import PublicPagesController
from feedback.web.error_pages import exception_handlers, not_found_handler
from feedback.web.rendering import PublicPages

__all__ = [
    "STATIC_PATH",
    "TEMPLATE_DIR",
    "PublicPages",
    "build_router",
    "configure_jinja",
    "not_found_handler",
]

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
STATIC_PATH = "/static"


def configure_jinja(engine: JinjaTemplateEngine) -> None:
    """Add this package's filters, globals and extensions to the shared Jinja environment.

    Nothing is added: the language differs per request, so ``_`` and friends
    travel in each page's context rather than as shared globals.
    """


def build_router(settings: Settings, pages: PublicPages | None = None) -> Router:
    """The public pages, mounted at ``/``, with their one-time stores and catalogues.

    Errors on these routes get a page in the reader's language (``error_pages``)
    rather than the app's plain English one. Pass ``pages`` to share them with
    the app's own 404 handler (:func:`~feedback.web.error_pages.not_found_handler`).
    """
    pages = pages or PublicPages(settings)

    def provide_pages() -> PublicPages:
        return pages

    return Router(
        path="/",
        route_handlers=[
            PublicPagesController,
            create_static_files_router(
                path=STATIC_PATH, directories=[STATIC_DIR], name="public-static"
            ),
        ],
        dependencies={"pages": Provide(provide_pages, sync_to_thread=False)},
        exception_handlers=exception_handlers(pages),
    )
