"""The staff pages: sign-in, the triage queue, items, audit log.

Server-rendered with Jinja and HTMX; every action also works without
JavaScript. These pages call ``feedback``'s actions and never touch SQL.
``build_router`` is what the app factory mounts at ``/staff``.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.plugins.jinja import JinjaTemplateEngine

from feedback.settings import Settings

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def configure_jinja(engine: JinjaTemplateEngine) -> None:
    """Add this package's filters and globals to the shared Jinja environment."""


def build_router(settings: Settings, secret_key: str) -> Router:
    """The staff pages, mounted at ``/staff`` with their own session and CSRF middleware."""
    return Router(path="/staff", route_handlers=[])
