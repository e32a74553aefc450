"""The service-user pages: the anonymous form, the receipt, the follow-up.

Served at ``/`` without JavaScript being required, without cookies, in plain
language. ``build_router`` is what the app factory mounts.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.plugins.jinja import JinjaTemplateEngine

from feedback.settings import Settings

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def configure_jinja(engine: JinjaTemplateEngine) -> None:
    """Add this package's filters, globals and extensions to the shared Jinja environment."""


def build_router(settings: Settings) -> Router:
    """The public pages, mounted at ``/``."""
    return Router(path="/", route_handlers=[])
