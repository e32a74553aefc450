"""The staff pages: sign-in, the triage queue, items, audit log, accounts.

Server-rendered with Jinja and HTMX; every action also works without
JavaScript. These pages call ``feedback``'s actions and read queries and never
touch SQL. ``build_router`` is what the app factory mounts at ``/staff``, with
the staff session and CSRF middleware on this router only, so the public
pages never set or read a cookie.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, Router
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.exceptions import HTTPException, ValidationException
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router

from admin_ui import rendering
from admin_ui.controllers import (
    AccountsController,
    ItemController,
    QueueController,
    SignInController,
)
from admin_ui.forms import explain_invalid
from admin_ui.resubmission import SingleUseForms
from admin_ui.sessions import STAFF_PATH, SignInRequired, provide_actor, session_config, staff_guard
from feedback.deadlines import WorkingCalendar
from feedback.errors import FeedbackError, TooManyAttempts
from feedback.login_throttle import LoginThrottle
from feedback.settings import Settings

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
CSRF_COOKIE = "staff_csrf"


def configure_jinja(engine: JinjaTemplateEngine) -> None:
    """Add this package's filters and globals to the shared Jinja environment."""
    rendering.configure(engine)


def _sign_in_redirect(request: Request[Any, Any, Any], exc: SignInRequired) -> Response[Any]:
    query: dict[str, str] = {}
    if exc.reason:
        query["reason"] = "idle" if "activity" in exc.reason else "ended"
    if request.method == "GET" and request.url.path not in (STAFF_PATH, STAFF_PATH + "/"):
        # Come back to the page that was asked for (only our own paths are ever followed).
        query["next"] = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = "/staff/login" + (f"?{urlencode(query)}" if query else "")
    if rendering.is_htmx(request):
        # HTMX follows redirects invisibly; ask it to load the sign-in page instead.
        return Response(content="", status_code=401, headers={"HX-Redirect": target})
    return Redirect(path=target, status_code=303)


def _error_page(request: Request[Any, Any, Any], status_code: int, message: str) -> Response[Any]:
    actor = request.state.get("staff")
    page = Template(
        template_name="staff/error.html",
        status_code=status_code,
        context={"message": message, "status_code": status_code, "actor": actor, "can": {}},
    )
    if rendering.is_htmx(request):
        # Show the sentence where the page shows confirmations, leave the rest as it was.
        page.headers.update(
            {"HX-Retarget": "#flash", "HX-Reswap": "outerHTML", "HX-Reselect": "#flash"}
        )
    return page


def _feedback_error(request: Request[Any, Any, Any], exc: FeedbackError) -> Response[Any]:
    response = _error_page(request, exc.status_code, exc.message)
    if isinstance(exc, TooManyAttempts):
        response.headers["Retry-After"] = str(exc.retry_after_seconds)
    return response


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, ValidationException):
        return _error_page(request, 400, explain_invalid(exc.extra))
    if exc.status_code == 403:
        return _error_page(
            request,
            403,
            "This form had expired or came from elsewhere. Go back, reload the page and try again.",
        )
    return _error_page(request, exc.status_code, str(exc.detail))


def build_router(settings: Settings, secret_key: str) -> Router:
    """The staff pages, mounted at ``/staff`` with their own session and CSRF middleware."""
    throttle = LoginThrottle.from_settings(settings)
    calendar = WorkingCalendar.from_settings(settings)
    forms = SingleUseForms()
    csrf = CSRFConfig(
        secret=secret_key,
        cookie_name=CSRF_COOKIE,
        cookie_path=STAFF_PATH,
        cookie_secure=settings.https,
        cookie_httponly=True,  # the token travels in a hidden form field, not via JavaScript
        cookie_samesite="strict",
    )
    return Router(
        path=STAFF_PATH,
        route_handlers=[
            SignInController,
            QueueController,
            ItemController,
            AccountsController,
            create_static_files_router(
                path="/static",
                directories=[STATIC_DIR],
                name="staff-static",
                opt={"public": True},
                include_in_schema=False,
            ),
        ],
        middleware=[
            session_config(settings).middleware,
            DefineMiddleware(CSRFMiddleware, config=csrf),
        ],
        guards=[staff_guard],
        dependencies={
            "actor": Provide(provide_actor, sync_to_thread=False),
            "throttle": Provide(lambda: throttle, sync_to_thread=False),
            "calendar": Provide(lambda: calendar, sync_to_thread=False),
            "forms": Provide(lambda: forms, sync_to_thread=False),
        },
        exception_handlers={
            SignInRequired: _sign_in_redirect,
            FeedbackError: _feedback_error,
            HTTPException: _http_error,
        },
        include_in_schema=False,
    )
