"""Every error answer of the service, decided in one place.

Domain exceptions carry their own status and a sentence written for a person;
Litestar's validation errors are rewritten from msgspec's wording ("Object
missing required field `text`") into plain English. Pages get a small HTML
page, the API gets JSON; both carry the same sentence. Bytes that are not
UTF-8 are the sender's mistake, so they get a 400 rather than a 500.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from feedback.api.schemas import ErrorResponse
from feedback.errors import FeedbackError, Overloaded, TooManyAttempts

logger = logging.getLogger("feedback.errors")

_GENERIC_BY_STATUS = {
    400: "The request could not be understood.",
    401: "Please sign in first.",
    403: "You are not allowed to do that.",
    404: "There is nothing at this address.",
    405: "This address does not accept that kind of request.",
    413: "What you sent is too large. Please send less text at a time.",
    415: "Please send the request as JSON.",
    429: "Too many requests. Please wait a moment and try again.",
}
_CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def explain_validation(extra: Any) -> str:
    """Turn Litestar's list of msgspec complaints into one readable paragraph."""
    if not isinstance(extra, list) or not extra:
        return "The request could not be understood. Please check it is valid JSON."
    sentences = [_explain_one(entry) for entry in extra if isinstance(entry, dict)]
    return " ".join(sentences) or "The request could not be understood."


def _explain_one(entry: dict[str, Any]) -> str:
    message = str(entry.get("message", ""))
    key = str(entry.get("key", "")) or None
    if match := re.search(r"missing required field `([^`]+)`", message):
        return f"'{match[1]}' is missing. Please include it."
    if match := re.search(r"unknown field `([^`]+)`", message):
        return f"'{match[1]}' is not a field this service knows. Please check the spelling."
    if key == "data":  # the body as a whole has the wrong type
        return 'The request body should be a JSON object, like {"text": "..."}.'
    if match := re.search(r"length <= (\d+)", message):
        return f"'{key}' is too long: the most allowed is {match[1]} characters."
    if "length >= 1" in message:
        return f"'{key}' is empty. Please write something."
    if "Invalid enum value" in message:
        return f"'{key}' has a value that is not one of the allowed choices."
    if match := re.search(r"Expected `(\w+)", message):
        wanted = {"bool": "true or false", "str": "text", "int": "a whole number"}.get(
            match[1], match[1]
        )
        return f"'{key}' should be {wanted}." if key else f"The request should be {wanted}."
    if "JSON" in message or "malformed" in message.lower() or key is None:
        return "The request body is not valid JSON."
    return f"'{key}': {message}."


NOT_UTF8_JSON = "The request body is not valid JSON: please send it as UTF-8 text."
NOT_UTF8 = "What you sent could not be read. Please send it as UTF-8 text."


def wants_html(request: Request[Any, Any, Any]) -> bool:
    """Whether to answer an error with a page (a browser asked) rather than JSON."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _sent_json(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api/") or "json" in request.headers.get("content-type", "")


def error_response(
    request: Request[Any, Any, Any],
    *,
    status_code: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Build the answer for one error, as HTML for browsers and JSON otherwise."""
    if wants_html(request):
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{status_code}: Speak Safely</title></head><body><main>"
            f"<h1>Sorry</h1><p>{html.escape(message)}</p>"
            '<p><a href="/">Go to the start page</a></p></main></body></html>'
        )
        return Response(page, status_code=status_code, media_type=MediaType.HTML, headers=headers)
    return Response(
        msgspec.json.encode(ErrorResponse(error=code, message=message)),
        status_code=status_code,
        media_type=MediaType.JSON,
        headers=headers,
    )


def handle_feedback_error(request: Request[Any, Any, Any], exc: FeedbackError) -> Response[Any]:
    """Domain errors: their status, code and message as they are."""
    headers = None
    if isinstance(exc, TooManyAttempts | Overloaded):
        headers = {"Retry-After": str(exc.retry_after_seconds)}
    return error_response(
        request, status_code=exc.status_code, code=exc.code, message=exc.message, headers=headers
    )


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Litestar's own errors (validation, 404, 405, 413 ...) in our words."""
    status = exc.status_code
    if status >= HTTP_500_INTERNAL_SERVER_ERROR:
        return handle_unexpected(request, exc)
    if isinstance(exc, ValidationException):
        message = explain_validation(exc.extra)
        code = "invalid_input"
    elif status == HTTP_400_BAD_REQUEST and _sent_json(request):
        # msgspec's decode errors ("Input data was truncated", "JSON is malformed ...").
        message = f"The request body is not valid JSON ({exc.detail})."
        code = "invalid_json"
    else:
        message = _GENERIC_BY_STATUS.get(status, str(exc.detail))
        code = _CODES.get(status, "error")
    headers = dict(exc.headers or {})
    return error_response(request, status_code=status, code=code, message=message, headers=headers)


def handle_undecodable(request: Request[Any, Any, Any], exc: UnicodeDecodeError) -> Response[Any]:
    """Bytes that are not UTF-8 text: a 400 that says so, never a 500.

    msgspec (JSON) and Litestar's multipart parser raise ``UnicodeDecodeError``
    as they read a body. Nothing else decoded while serving comes from outside:
    templates and catalogues are the service's own UTF-8 files.
    """
    if _sent_json(request):
        code, message = "invalid_json", NOT_UTF8_JSON
    else:
        code, message = "bad_request", NOT_UTF8
    return error_response(request, status_code=HTTP_400_BAD_REQUEST, code=code, message=message)


def log_unexpected(request: Request[Any, Any, Any], exc: Exception) -> None:
    """Log an unexpected error's type and where it happened, never the request body."""
    logger.error(
        "unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc
    )


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Anything else: log the type and where (never the request body), answer 500."""
    log_unexpected(request, exc)
    return error_response(
        request,
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal_error",
        message="Something went wrong on our side and nothing was saved. Please try again.",
    )


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    FeedbackError: handle_feedback_error,
    HTTPException: handle_http_exception,
    UnicodeDecodeError: handle_undecodable,
    Exception: handle_unexpected,
}
