"""Staff sessions and the guard every staff page passes through.

Sessions are Litestar server-side sessions: the browser holds only a random id
in an HttpOnly, SameSite=Strict cookie scoped to ``/staff`` (Secure over
HTTPS); what it stands for stays in the server's store. A session ends after
``FEEDBACK_SESSION_IDLE_MINUTES`` without a request, when its account is
disabled, and when the password changes. Signing in always issues a new id,
so an id planted before sign-in is worthless afterwards.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Message

from feedback.actions.staff import current_member
from feedback.casework import StaffMember
from feedback.errors import PermissionDenied
from feedback.permissions import Permission, allows
from feedback.runtime import Runtime
from feedback.settings import Settings

STAFF_PATH = "/staff"
SESSION_COOKIE = "staff_session"
SESSION_STORE = "staff_sessions"
_ROTATE = "staff_rotate_session_id"


class SignInRequired(Exception):
    """No valid session: the page answers with a redirect to the sign-in form."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


class _RotatingBackend(ServerSideSessionBackend):
    """Issues a fresh session id when a sign-in asks for one (no session fixation)."""

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        """A new id right after sign-in, else the id the browser holds."""
        scope = cast(dict[str, Any], connection.scope)
        if scope.get(_ROTATE):
            fresh = scope.get(_ROTATE + "_id")
            if not isinstance(fresh, str):
                fresh = self.generate_session_id()
                scope[_ROTATE + "_id"] = fresh
            return fresh
        return super().get_session_id(connection)

    async def store_in_message(
        self,
        scope_session: Any,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        """Store the session, except an empty one nobody holds: visitors get no cookie."""
        if scope_session == {} and not connection.cookies.get(self.config.key):
            return
        await super().store_in_message(scope_session, message, connection)


class StaffSessionConfig(ServerSideSessionConfig):
    """Server-side sessions whose id changes at sign-in."""

    _backend_class = _RotatingBackend


def session_config(settings: Settings) -> StaffSessionConfig:
    """The staff session cookie and store, from the settings."""
    return StaffSessionConfig(
        key=SESSION_COOKIE,
        path=STAFF_PATH,
        httponly=True,
        samesite="strict",
        secure=settings.https,
        max_age=settings.session_idle_minutes * 60,
        renew_on_access=True,
        store=SESSION_STORE,
    )


def start_session(
    connection: ASGIConnection[Any, Any, Any, Any], member: StaffMember, now: float
) -> None:
    """Sign ``member`` in on this connection, under a brand-new session id."""
    cast(dict[str, Any], connection.scope)[_ROTATE] = True
    connection.set_session({"staff_id": member.id, "signed_in_at": now, "seen": now})


def runtime_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Runtime:
    """The service runtime the app opened at start-up."""
    runtime: Runtime = connection.app.state.runtime
    return runtime


async def signed_in_member(connection: ASGIConnection[Any, Any, Any, Any]) -> StaffMember | None:
    """The member of staff behind this connection's session, refreshing its idle clock."""
    runtime = runtime_of(connection)
    session = connection.scope.get("session")
    if not isinstance(session, dict) or "staff_id" not in session:
        return None
    now = runtime.clock().timestamp()
    idle_limit = runtime.settings.session_idle_minutes * 60
    if now - float(session.get("seen", 0)) > idle_limit:
        connection.clear_session()
        raise SignInRequired("You were signed out after a period without activity.")
    member = await current_member(runtime, int(session["staff_id"]), float(session["signed_in_at"]))
    if member is None:
        connection.clear_session()
        raise SignInRequired("Your session has ended. Please sign in again.")
    connection.set_session({**session, "seen": now})
    return member


async def staff_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Every staff route: a valid session, and the route's permission if it names one.

    The actions check the role again; this makes sure that nothing, not even
    a page's outline, reaches someone who should not see it.
    """
    if handler.opt.get("public"):
        return
    member = await signed_in_member(connection)
    if member is None:
        raise SignInRequired()
    connection.state.staff = member
    permission = handler.opt.get("permission")
    if isinstance(permission, Permission) and not allows(member.role, permission):
        raise PermissionDenied("Your role does not give access to this page.")


def provide_actor(request: Request[Any, Any, Any]) -> StaffMember:
    """The signed-in member of staff (set by :func:`staff_guard`)."""
    member: StaffMember = request.state.staff
    return member
