"""The role table: what each role may do, as the README promises."""

from __future__ import annotations

import pytest

from feedback.errors import PermissionDenied
from feedback.models import Role
from feedback.permissions import ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, Permission, allows, require


def test_every_role_is_described_and_has_permissions() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role) == set(ROLE_DESCRIPTIONS)


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (Role.ADMIN, Permission.MANAGE_STAFF, True),
        (Role.ADMIN, Permission.VIEW_ITEMS, False),
        (Role.SAFEGUARDING_LEAD, Permission.RESPOND, True),
        (Role.SAFEGUARDING_LEAD, Permission.VIEW_AUDIT, False),
        (Role.REVIEWER, Permission.ADD_NOTE, True),
        (Role.REVIEWER, Permission.DECIDE_LABELS, False),
        (Role.AUDITOR, Permission.VIEW_AUDIT, True),
        (Role.AUDITOR, Permission.ADD_NOTE, False),
    ],
)
def test_role_table(role: Role, permission: Permission, allowed: bool) -> None:
    assert allows(role, permission) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied, match=role.value.replace("_", " ")):
            require(role, permission)


def test_readme_lists_every_role(repo_root: object) -> None:
    from pathlib import Path

    assert isinstance(repo_root, Path)
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    for role in Role:
        assert f"`{role.value}`" in readme
