"""Security and anonymity headers on every response, and no cookies outside /staff.

Applied as an app-wide ``before_send`` hook so that it also covers error
responses, unknown addresses and anything a future route forgets: anonymity by
construction, not by care.
"""

from __future__ import annotations

from litestar.types import Message, Scope

STAFF_PREFIX = "/staff"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# The OpenAPI viewers load from a CDN by default; /schema serves only the JSON/YAML
# document and the self-contained pages, so it gets the same strict policy.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"cache-control", b"no-store"),
    (b"pragma", b"no-cache"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
_REPLACED = {name for name, _ in SECURITY_HEADERS} | {b"server"}


def add_security_headers(message: Message, scope: Scope) -> None:
    """Litestar ``before_send`` hook: runs for every response, 404s and errors included.

    Replaces any security header a handler set, drops ``Server``, and drops
    ``Set-Cookie`` everywhere outside the staff pages.
    """
    if message["type"] != "http.response.start":
        return
    allow_cookies = scope["path"].startswith(STAFF_PREFIX)
    headers = [
        (name, value)
        for name, value in message.get("headers", [])
        if name.lower() not in _REPLACED and (allow_cookies or name.lower() != b"set-cookie")
    ]
    headers.extend(SECURITY_HEADERS)
    message["headers"] = headers
