"""Subcommands of ``feedback``; each module registers one group."""

from __future__ import annotations

from types import ModuleType

from feedback.commands import audit, db, demo, export, serve, staff

COMMAND_MODULES: tuple[ModuleType, ...] = (serve, db, demo, staff, audit, export)
