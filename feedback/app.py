"""The application factory: one place that assembles the service.

``create_app`` wires the public API, the service-user pages and the staff
pages to a :class:`~feedback.runtime.Runtime` opened at start-up. Tests pass a
ready runtime (or settings) to get an app on a temporary database;
``feedback serve`` passes the classifier it loaded while checking the settings,
so the model is read once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.exceptions import NotFoundException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler

import admin_ui as staff_pages
from feedback import __version__
from feedback import web as public_pages
from feedback.api.errors import EXCEPTION_HANDLERS
from feedback.api.headers import add_security_headers
from feedback.api.public import PublicApiController, healthz
from feedback.ingest import TextClassifier
from feedback.runtime import Runtime, open_runtime
from feedback.settings import Settings, ensure_secret_key, load_settings


def _configure_jinja(engine: JinjaTemplateEngine) -> None:
    # Each set of pages adds its own filters and globals to the shared environment.
    public_pages.configure_jinja(engine)
    staff_pages.configure_jinja(engine)


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    classifier: TextClassifier | None = None,
    extra_route_handlers: Sequence[ControllerRouterHandler] = (),
) -> Litestar:
    """Build the ASGI app. Without ``runtime`` one is opened from ``settings`` at start-up.

    ``classifier``, when given, is used by that runtime instead of loading the model.
    """
    chosen = settings or (runtime.settings if runtime else load_settings())

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        owned = runtime is None
        app.state.runtime = runtime or await open_runtime(chosen, classifier=classifier)
        try:
            yield
        finally:
            if owned:
                await app.state.runtime.close()

    secret_key = runtime.secret_key if runtime else ensure_secret_key(chosen)
    pages = public_pages.PublicPages(chosen)
    route_handlers: list[Any] = [
        PublicApiController,
        healthz,
        public_pages.build_router(chosen, pages),
        staff_pages.build_router(chosen, secret_key),
        *extra_route_handlers,
    ]
    return Litestar(
        route_handlers=route_handlers,
        template_config=TemplateConfig(
            directory=[public_pages.TEMPLATE_DIR, staff_pages.TEMPLATE_DIR],
            engine=JinjaTemplateEngine,
            engine_callback=_configure_jinja,
        ),
        lifespan=[lifespan],
        before_send=[add_security_headers],
        # An address no route has is answered by the public pages, in the reader's language.
        exception_handlers={
            **EXCEPTION_HANDLERS,
            NotFoundException: public_pages.not_found_handler(pages),
        },
        request_max_body_size=chosen.max_body_bytes,
        logging_config=None,
        openapi_config=OpenAPIConfig(
            title="Speak Safely",
            version=__version__,
            description="Anonymous feedback and complaints for mental health services.",
            path="/schema",
            render_plugins=[JsonRenderPlugin(path=["/", "/openapi.json"])],
        ),
        debug=False,
    )
