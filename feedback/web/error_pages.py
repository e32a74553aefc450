"""Error pages for the service-user pages, in the reader's language.

Some errors happen before a page's handler runs: a form too large to read
(413), a body that is not a form or not UTF-8 (415, 400). Others escape it: a
fault (500). Either way Litestar calls the router's exception handlers, so the
page is chosen here. The language is the one the handler chose, if it got
that far, else ``?lang`` (every form's address carries it, because the body
of a refused post is never read), else the browser's ``Accept-Language``. The
page has the same layout, help line and kiosk timer as every other. A client
that did not ask for HTML (a script, ``curl``) gets the API's JSON instead.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_404_NOT_FOUND,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    HTTP_500_INTERNAL_SERVER_ERROR,
)
from litestar.types import ExceptionHandlersMap

from feedback.api import errors as api_errors
from feedback.errors import FeedbackError, Overloaded, TooManyAttempts
from feedback.web.controllers import WHERE_KEY, query_where
from feedback.web.language import mark
from feedback.web.rendering import PublicPages, Where
from feedback.web.wording import SOMETHING_WRONG, error_message

AnyRequest = Request[Any, Any, Any]

CANNOT_READ = mark("We could not read what you sent. Please try again.")
TOO_LONG = mark("What you sent is too long. Please send less, or send it in two parts.")
USE_THE_FORM = mark("Please send this from the form on our page.")
NOTHING_HERE = mark("There is nothing at this address.")
BY_STATUS = {
    HTTP_400_BAD_REQUEST: CANNOT_READ,
    HTTP_404_NOT_FOUND: NOTHING_HERE,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE: TOO_LONG,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE: USE_THE_FORM,
}


def exception_handlers(pages: PublicPages) -> ExceptionHandlersMap:
    """The public router's exception handlers; each renders through ``pages``."""

    def on_http(request: AnyRequest, exc: HTTPException) -> Response[Any]:
        if not api_errors.wants_html(request):
            return api_errors.handle_http_exception(request, exc)
        if exc.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
            return on_unexpected(request, exc)
        message = BY_STATUS.get(exc.status_code, CANNOT_READ)
        headers = dict(exc.headers or {})
        return error_page(pages, request, exc.status_code, message, headers=headers)

    def on_undecodable(request: AnyRequest, exc: UnicodeDecodeError) -> Response[Any]:
        if not api_errors.wants_html(request):
            return api_errors.handle_undecodable(request, exc)
        return error_page(pages, request, HTTP_400_BAD_REQUEST, CANNOT_READ)

    def on_feedback_error(request: AnyRequest, exc: FeedbackError) -> Response[Any]:
        if not api_errors.wants_html(request):
            return api_errors.handle_feedback_error(request, exc)
        where = _where(request, pages)
        headers = None
        if isinstance(exc, TooManyAttempts | Overloaded):
            headers = {"Retry-After": str(exc.retry_after_seconds)}
        # error_message has translated it already; translating again keeps it.
        message = error_message(exc, where.lang, pages.catalogues)
        return error_page(pages, request, exc.status_code, message, headers=headers)

    def on_unexpected(request: AnyRequest, exc: Exception) -> Response[Any]:
        if not api_errors.wants_html(request):
            return api_errors.handle_unexpected(request, exc)
        api_errors.log_unexpected(request, exc)
        return error_page(pages, request, HTTP_500_INTERNAL_SERVER_ERROR, SOMETHING_WRONG)

    return {
        HTTPException: on_http,
        UnicodeDecodeError: on_undecodable,
        FeedbackError: on_feedback_error,
        Exception: on_unexpected,
    }


def not_found_handler(pages: PublicPages) -> Any:
    """The app's 404 handler: a page in the reader's language at any address no route has.

    An address no route matches never reaches the public router's handlers,
    so without this a mistyped address (or a link cut short in a message)
    would answer in English only. Staff and API addresses keep their own
    answers.
    """

    def on_not_found(request: AnyRequest, exc: HTTPException) -> Response[Any]:
        path = request.url.path
        if path.startswith(("/staff", "/api")) or not api_errors.wants_html(request):
            return api_errors.handle_http_exception(request, exc)
        return error_page(pages, request, HTTP_404_NOT_FOUND, NOTHING_HERE)

    return on_not_found


def error_page(
    pages: PublicPages,
    request: AnyRequest,
    status_code: int,
    message: str,
    *,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    """A short page saying what went wrong, in the request's language, with a way back."""
    where = _where(request, pages)
    _ = pages.catalogues.gettext(where.lang)
    return pages.render(
        "public/error.html",
        where,
        status_code=status_code,
        headers=headers,
        message=_(message),
    )


def _where(request: AnyRequest, pages: PublicPages) -> Where:
    # A handler that got as far as reading the form has chosen the language;
    # before that, the address and the browser are all there is.
    chosen = request.state.get(WHERE_KEY)
    where = chosen if isinstance(chosen, Where) else query_where(request, pages)
    # Language links and "go back" lead to the page that starts what failed.
    back = "/followup" if request.url.path.startswith("/followup") else "/"
    return Where(lang=where.lang, kiosk=where.kiosk, path=back)
