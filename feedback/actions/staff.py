"""Staff accounts: create, sign in, change or reset a password, disable, list.

Passwords are hashed with argon2id on the hasher's worker threads, never on
the event loop. The command line acts as the trust's system administrator (no
account needed: whoever can run it can already read the database); the pages
act as a signed-in admin, checked against :mod:`feedback.permissions`.
"""

from __future__ import annotations

import re

from feedback import audit
from feedback.casework import StaffMember
from feedback.errors import Conflict, FeedbackError, InvalidInput, NotFound
from feedback.login_throttle import LoginThrottle
from feedback.models import Role
from feedback.permissions import Permission, require
from feedback.runtime import Runtime
from feedback.storage.interface import ReadTransaction

COMMAND_LINE_ACTOR = "command line"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")
SIGN_IN_FAILED_MESSAGE = "The username or password is not right, or the account is disabled."


class SignInFailed(FeedbackError):
    """Wrong username or password, or a disabled account: we never say which."""

    status_code = 401
    code = "sign_in_failed"


def check_username(username: str) -> str:
    """Return the username trimmed, or explain what a username may contain."""
    cleaned = username.strip()
    if not _USERNAME.match(cleaned):
        raise InvalidInput(
            "A username is 2 to 40 letters, digits, dots, dashes or underscores, "
            "starting with a letter or digit."
        )
    return cleaned


def check_password(password: str) -> str:
    """Refuse passwords that are too short or too long (length is what matters)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long; "
            "a few unrelated words make a good one."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"The password can be at most {MAX_PASSWORD_LENGTH} characters long.")
    return password


def _actor_fields(actor: StaffMember | None) -> tuple[str, int | None]:
    if actor is None:
        return COMMAND_LINE_ACTOR, None
    require(actor.role, Permission.MANAGE_STAFF)
    return actor.username, actor.id


async def _find(tx: ReadTransaction, username: str) -> StaffMember:
    found = await tx.staff_credentials(username.strip())
    if found is None:
        raise NotFound(f"There is no staff account called '{username.strip()}'.")
    return found.member


async def create_staff(
    runtime: Runtime, *, actor: StaffMember | None, username: str, password: str, role: Role
) -> StaffMember:
    """Create an account; ``actor`` ``None`` means the command line."""
    actor_name, actor_id = _actor_fields(actor)
    cleaned = check_username(username)
    password_hash = await runtime.hasher.hash(check_password(password))
    now = runtime.clock()
    async with runtime.store.write() as tx:
        if await tx.staff_credentials(cleaned) is not None:
            raise Conflict(f"There is already a staff account called '{cleaned}'.")
        staff_id = await tx.insert_staff(
            username=cleaned, password_hash=password_hash, role=role, at=now
        )
        await audit.record(
            tx,
            at=now,
            action="staff.created",
            actor=actor_name,
            actor_id=actor_id,
            detail={"staff_id": staff_id, "username": cleaned, "role": role.value},
        )
        member = await tx.staff_by_id(staff_id)
    assert member is not None
    return member


async def sign_in(
    runtime: Runtime, throttle: LoginThrottle, username: str, password: str
) -> StaffMember:
    """Check a username and password; return the account or raise :class:`SignInFailed`.

    An unknown username still costs one argon2 verification, so timing does
    not tell which usernames exist.
    """
    throttle.check(username)
    async with runtime.store.read() as tx:
        found = await tx.staff_credentials(username.strip())
    matched = await runtime.hasher.verify(found.password_hash if found else None, password)
    if not matched or found is None or found.member.disabled:
        throttle.record_failure(username)
        raise SignInFailed(SIGN_IN_FAILED_MESSAGE)
    throttle.record_success(username)
    now = runtime.clock()
    async with runtime.store.write() as tx:
        await audit.record(
            tx,
            at=now,
            action="staff.signed_in",
            actor=found.member.username,
            actor_id=found.member.id,
        )
    return found.member


async def sign_out(runtime: Runtime, actor: StaffMember) -> None:
    """Record that a member of staff signed out (the session itself is ended by the page)."""
    async with runtime.store.write() as tx:
        await audit.record(
            tx,
            at=runtime.clock(),
            action="staff.signed_out",
            actor=actor.username,
            actor_id=actor.id,
        )


async def current_member(
    runtime: Runtime, staff_id: int, signed_in_at: float
) -> StaffMember | None:
    """The account behind a session, or ``None`` when the session should end.

    A session ends when its account is disabled or its password changed after
    the session began (so a reset signs out every browser at once).
    """
    async with runtime.store.read() as tx:
        member = await tx.staff_by_id(staff_id)
    if member is None or member.disabled:
        return None
    if member.password_changed_at.timestamp() > signed_in_at:
        return None
    return member


async def change_password(
    runtime: Runtime, actor: StaffMember, *, current: str, new: str
) -> StaffMember:
    """A member of staff changes their own password, proving they know the current one."""
    check_password(new)
    async with runtime.store.read() as tx:
        found = await tx.staff_credentials(actor.username)
    if found is None or not await runtime.hasher.verify(found.password_hash, current):
        raise InvalidInput("The current password is not right.")
    if current == new:
        raise InvalidInput("The new password must be different from the current one.")
    password_hash = await runtime.hasher.hash(new)
    now = runtime.clock()
    async with runtime.store.write() as tx:
        await tx.set_staff_password(actor.id, password_hash, now)
        await audit.record(
            tx, at=now, action="staff.password_changed", actor=actor.username, actor_id=actor.id
        )
        member = await tx.staff_by_id(actor.id)
    assert member is not None
    return member


async def reset_password(
    runtime: Runtime, *, actor: StaffMember | None, username: str, password: str
) -> StaffMember:
    """Set someone's password (an admin or the command line); their sessions end."""
    actor_name, actor_id = _actor_fields(actor)
    password_hash = await runtime.hasher.hash(check_password(password))
    now = runtime.clock()
    async with runtime.store.write() as tx:
        member = await _find(tx, username)
        await tx.set_staff_password(member.id, password_hash, now)
        await audit.record(
            tx,
            at=now,
            action="staff.password_reset",
            actor=actor_name,
            actor_id=actor_id,
            detail={"staff_id": member.id, "username": member.username},
        )
    return member


async def set_disabled(
    runtime: Runtime, *, actor: StaffMember | None, username: str, disabled: bool
) -> StaffMember:
    """Disable an account (it can no longer sign in; its sessions end) or enable it again."""
    actor_name, actor_id = _actor_fields(actor)
    now = runtime.clock()
    async with runtime.store.write() as tx:
        member = await _find(tx, username)
        if actor is not None and member.id == actor.id and disabled:
            raise Conflict("You cannot disable your own account; ask another admin.")
        if member.disabled == disabled:
            state = "disabled" if disabled else "enabled"
            raise Conflict(f"The account '{member.username}' is already {state}.")
        await tx.set_staff_disabled(member.id, disabled)
        await audit.record(
            tx,
            at=now,
            action="staff.disabled" if disabled else "staff.enabled",
            actor=actor_name,
            actor_id=actor_id,
            detail={"staff_id": member.id, "username": member.username},
        )
        updated = await tx.staff_by_id(member.id)
    assert updated is not None
    return updated


async def list_staff(runtime: Runtime, *, actor: StaffMember | None) -> list[StaffMember]:
    """Every account (for the command line, or an admin)."""
    if actor is not None:
        require(actor.role, Permission.MANAGE_STAFF)
    async with runtime.store.read() as tx:
        return await tx.list_staff()
