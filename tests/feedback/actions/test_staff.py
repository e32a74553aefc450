"""Staff accounts: creation, sign-in, throttling, password changes, disabling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from feedback import audit
from feedback.actions import staff
from feedback.clock import fixed_clock
from feedback.errors import Conflict, InvalidInput, NotFound, PermissionDenied, TooManyAttempts
from feedback.login_throttle import LoginThrottle
from feedback.models import Role
from feedback.runtime import Runtime
from tests.feedback.triage_helpers import PASSWORD, make_staff, rows


def throttle(limit: int = 3, global_limit: int = 100) -> LoginThrottle:
    return LoginThrottle(
        per_user_limit=limit, per_user_window=timedelta(minutes=15), global_per_minute=global_limit
    )


async def test_created_account_has_an_argon2id_hash_and_an_audit_entry(runtime: Runtime) -> None:
    member = await make_staff(runtime, Role.SAFEGUARDING_LEAD, "Lead.One")
    assert member.role is Role.SAFEGUARDING_LEAD
    [(stored,)] = rows(runtime, "SELECT password_hash FROM staff")
    assert isinstance(stored, str)
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    [(action, actor, detail)] = rows(runtime, "SELECT action, actor, detail FROM audit_log")
    assert action == "staff.created"
    assert actor == staff.COMMAND_LINE_ACTOR
    assert '"role": "safeguarding_lead"' in str(detail)


@pytest.mark.parametrize(
    ("username", "password", "error"),
    [
        ("ok-name", "short", "at least 12"),
        ("x", PASSWORD, "2 to 40"),
        ("has space", PASSWORD, "2 to 40"),
    ],
)
async def test_bad_usernames_and_passwords_are_explained(
    runtime: Runtime, username: str, password: str, error: str
) -> None:
    with pytest.raises(InvalidInput, match=error):
        await staff.create_staff(
            runtime, actor=None, username=username, password=password, role=Role.REVIEWER
        )
    assert rows(runtime, "SELECT count(*) FROM staff") == [(0,)]


async def test_usernames_are_unique_whatever_the_case(runtime: Runtime) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    with pytest.raises(Conflict, match="already"):
        await make_staff(runtime, Role.AUDITOR, "SAM")


async def test_sign_in_checks_the_password_and_records_success(runtime: Runtime) -> None:
    member = await make_staff(runtime, Role.REVIEWER, "sam")
    signed_in = await staff.sign_in(runtime, throttle(), "SAM", PASSWORD)
    assert signed_in.id == member.id
    with pytest.raises(staff.SignInFailed):
        await staff.sign_in(runtime, throttle(), "sam", "wrong password!!")
    with pytest.raises(staff.SignInFailed):
        await staff.sign_in(runtime, throttle(), "nobody", PASSWORD)
    actions = [r[0] for r in rows(runtime, "SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["staff.created", "staff.signed_in"]


async def test_failed_sign_ins_are_throttled_per_username(runtime: Runtime) -> None:
    await make_staff(runtime, Role.REVIEWER, "sam")
    await make_staff(runtime, Role.AUDITOR, "alex")
    limiter = throttle(limit=3)
    for _ in range(3):
        with pytest.raises(staff.SignInFailed):
            await staff.sign_in(runtime, limiter, "sam", "wrong password!!")
    with pytest.raises(TooManyAttempts, match="this account"):
        await staff.sign_in(runtime, limiter, "sam", PASSWORD)  # even the right one waits
    assert (await staff.sign_in(runtime, limiter, "alex", PASSWORD)).username == "alex"


async def test_failed_sign_ins_are_throttled_across_usernames(runtime: Runtime) -> None:
    limiter = throttle(limit=100, global_limit=4)
    for index in range(4):
        with pytest.raises(staff.SignInFailed):
            await staff.sign_in(runtime, limiter, f"guess{index}", "wrong password!!")
    with pytest.raises(TooManyAttempts, match="last minute"):
        await staff.sign_in(runtime, limiter, "another", "wrong password!!")


async def test_throttle_forgets_after_the_window() -> None:
    now = [datetime(2026, 1, 5, 9, 0, tzinfo=UTC)]
    limiter = LoginThrottle(
        per_user_limit=1,
        per_user_window=timedelta(minutes=15),
        global_per_minute=100,
        clock=lambda: now[0],
    )
    limiter.record_failure("sam")
    with pytest.raises(TooManyAttempts):
        limiter.check("Sam")
    now[0] += timedelta(minutes=16)
    limiter.check("sam")


async def test_disabled_accounts_cannot_sign_in_and_sessions_end(runtime: Runtime) -> None:
    member = await make_staff(runtime, Role.REVIEWER, "sam")
    started = runtime.clock().timestamp() + 1
    assert await staff.current_member(runtime, member.id, started) is not None
    await staff.set_disabled(runtime, actor=None, username="sam", disabled=True)
    assert await staff.current_member(runtime, member.id, started) is None
    with pytest.raises(staff.SignInFailed):
        await staff.sign_in(runtime, throttle(), "sam", PASSWORD)
    with pytest.raises(Conflict, match="already disabled"):
        await staff.set_disabled(runtime, actor=None, username="sam", disabled=True)
    await staff.set_disabled(runtime, actor=None, username="sam", disabled=False)
    assert (await staff.sign_in(runtime, throttle(), "sam", PASSWORD)).id == member.id


async def test_password_change_needs_the_current_one_and_ends_older_sessions(
    runtime: Runtime,
) -> None:
    runtime.clock = fixed_clock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    member = await make_staff(runtime, Role.REVIEWER, "sam")
    session_start = datetime(2026, 1, 5, 9, 30, tzinfo=UTC).timestamp()
    with pytest.raises(InvalidInput, match="current password"):
        await staff.change_password(runtime, member, current="not it at all", new="x" * 20)
    runtime.clock = fixed_clock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    await staff.change_password(runtime, member, current=PASSWORD, new="a new long password")
    assert await staff.current_member(runtime, member.id, session_start) is None
    assert (await staff.sign_in(runtime, throttle(), "sam", "a new long password")).id == member.id


async def test_only_admins_manage_accounts_from_the_pages(runtime: Runtime) -> None:
    admin = await make_staff(runtime, Role.ADMIN, "admin")
    lead = await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    with pytest.raises(PermissionDenied):
        await staff.create_staff(
            runtime, actor=lead, username="new", password=PASSWORD, role=Role.ADMIN
        )
    with pytest.raises(PermissionDenied):
        await staff.list_staff(runtime, actor=lead)
    await staff.reset_password(runtime, actor=admin, username="lead", password="brand new password")
    with pytest.raises(Conflict, match="your own"):
        await staff.set_disabled(runtime, actor=admin, username="admin", disabled=True)
    with pytest.raises(NotFound):
        await staff.reset_password(runtime, actor=admin, username="ghost", password=PASSWORD)
    [(actor_name, actor_id)] = rows(
        runtime, "SELECT actor, actor_id FROM audit_log WHERE action = 'staff.password_reset'"
    )
    assert (actor_name, actor_id) == ("admin", admin.id)
    assert await audit.verify(runtime.store) == []
