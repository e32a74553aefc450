"""``feedback staff``: add, list, disable, enable and reset staff accounts.

Passwords are read from a prompt (typed twice, not echoed) or, when standard
input is not a terminal, from its first line; never from an argument, which
would land in shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from feedback.actions import staff as staff_actions
from feedback.commands.with_runtime import existing_database_settings, with_runtime
from feedback.errors import InvalidInput
from feedback.models import Role
from feedback.permissions import ROLE_DESCRIPTIONS
from feedback.runtime import Runtime
from feedback.settings import Settings

T = TypeVar("T")


def register(subparsers: Any) -> None:
    """Add ``staff`` to the command line."""
    parser = subparsers.add_parser("staff", help="manage staff accounts")
    actions = parser.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    roles = ", ".join(f"{role.value} ({ROLE_DESCRIPTIONS[role]})" for role in Role)
    add = actions.add_parser("add", help="create an account (password from prompt or stdin)")
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role], help=roles)
    add.set_defaults(handler=add_account)
    listing = actions.add_parser("list", help="list accounts")
    listing.set_defaults(handler=list_accounts)
    for name, handler, text in (
        ("disable", disable_account, "stop an account signing in (ends its sessions)"),
        ("enable", enable_account, "let a disabled account sign in again"),
        ("reset-password", reset_account_password, "set a new password (ends its sessions)"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("--username", required=True)
        sub.set_defaults(handler=handler)


def read_password() -> str:
    """Prompt twice on a terminal; otherwise read the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise InvalidInput("The two passwords differ. Nothing was changed.")
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _with_runtime(work: Callable[[Runtime], Awaitable[T]], settings: Settings | None = None) -> T:
    return with_runtime(settings or existing_database_settings(), work)


def add_account(args: argparse.Namespace) -> int:
    """``feedback staff add``."""
    settings = existing_database_settings()
    password = read_password()
    member = _with_runtime(
        lambda rt: staff_actions.create_staff(
            rt, actor=None, username=args.username, password=password, role=Role(args.role)
        ),
        settings,
    )
    print(f"Created {member.role.value} account '{member.username}'.")
    return 0


def list_accounts(args: argparse.Namespace) -> int:
    """``feedback staff list``."""
    members = _with_runtime(lambda rt: staff_actions.list_staff(rt, actor=None))
    if not members:
        print("No staff accounts yet. Create one with:")
        print("  feedback staff add --username NAME --role admin")
        return 0
    width = max(len(m.username) for m in members)
    for member in members:
        state = "disabled" if member.disabled else "active"
        print(
            f"{member.username:<{width}}  {member.role.value:<17}  {state:<8}  "
            f"created {member.created_at:%Y-%m-%d}"
        )
    return 0


def _set_disabled(args: argparse.Namespace, disabled: bool) -> int:
    member = _with_runtime(
        lambda rt: staff_actions.set_disabled(
            rt, actor=None, username=args.username, disabled=disabled
        )
    )
    print(f"Account '{member.username}' is now {'disabled' if disabled else 'enabled'}.")
    return 0


def disable_account(args: argparse.Namespace) -> int:
    """``feedback staff disable``."""
    return _set_disabled(args, True)


def enable_account(args: argparse.Namespace) -> int:
    """``feedback staff enable``."""
    return _set_disabled(args, False)


def reset_account_password(args: argparse.Namespace) -> int:
    """``feedback staff reset-password``."""
    settings = existing_database_settings()
    password = read_password()
    member = _with_runtime(
        lambda rt: staff_actions.reset_password(
            rt, actor=None, username=args.username, password=password
        ),
        settings,
    )
    print(f"New password set for '{member.username}'; their open sessions have ended.")
    return 0
