"""JSON request bodies read strictly: a string or a number is never a yes or no.

Litestar turns a JSON body into the handler's Struct with msgspec's lax rules,
because the same code also reads query strings, where everything is text. Lax
rules take ``"wants_reply": "true"`` and ``"wants_reply": 1`` as true. For a
person asking for a reply that guess matters (a receipt is issued, or not), so
the API refuses any value of the wrong type and says which field is wrong.

Each API route runs :func:`strict_json` as its ``before_request`` hook. The hook
decodes the body with msgspec's strict rules first and raises the same
exceptions Litestar would, so ``feedback.api.errors`` explains them as it
explains every other error. Litestar's own decoding then runs on a body the
strict rules have already accepted, where both give the same answer.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ClientException, ValidationException
from litestar.types import BeforeRequestHookHandler

# msgspec ends a message with where in the body it went wrong: " - at `$.text`".
_WHERE = re.compile(r" - at `\$\.?([^`]*)`$")


def strict_json(struct_type: type[msgspec.Struct]) -> BeforeRequestHookHandler:
    """A ``before_request`` hook that refuses a body not exactly of ``struct_type``.

    Raises ``ValidationException`` (the message and field, as Litestar words
    them) for a value of the wrong type or shape, ``ClientException`` for text
    that is not JSON, and lets ``UnicodeDecodeError`` through for bytes that
    are not UTF-8 (``feedback.api.errors`` answers each with a 400).
    """

    async def check(request: Request[Any, Any, Any]) -> None:
        body = await request.body()
        try:
            msgspec.json.decode(body, type=struct_type, strict=True)
        except msgspec.ValidationError as exc:
            raise ValidationException(
                detail=f"Validation failed for {request.method} {request.url.path}",
                extra=[_complaint(str(exc))],
            ) from exc
        except msgspec.DecodeError as exc:
            raise ClientException(detail=str(exc)) from exc

    return check


def _complaint(message: str) -> dict[str, str]:
    # Litestar's shape for one complaint about the body: the message without
    # its "- at" suffix, and the field's name ("data" for the body as a whole).
    where = _WHERE.search(message)
    key = where[1] if where and where[1] else "data"
    text = message[: where.start()] if where else message
    return {"message": text, "key": key, "source": "body"}
