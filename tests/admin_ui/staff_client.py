"""Signing in through the real pages from an in-process test client."""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.feedback.triage_helpers import PASSWORD

_TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def csrf_token(client: AsyncTestClient[Litestar], path: str = "/staff/login") -> str:
    """Open a staff page and read the CSRF token from its forms."""
    page = await client.get(path)
    match = _TOKEN.search(page.text)
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match[1]


async def sign_in(client: AsyncTestClient[Litestar], username: str) -> str:
    """Sign in as ``username`` (password :data:`PASSWORD`); return a CSRF token."""
    token = await csrf_token(client)
    answer = await client.post(
        "/staff/login",
        data={"username": username, "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return token


def flash_of(html: str) -> str:
    """The confirmation or error sentence at the top of a staff page."""
    match = re.search(r'id="flash"[^>]*>([^<]*)<', html)
    return match[1].strip() if match else ""
