"""The ``feedback`` command: one subcommand group per module in ``feedback.commands``.

Each command module has ``register(subparsers)`` which adds its parser and sets
``handler`` to a function taking the parsed arguments and returning an exit
code. Errors a person can fix are printed as one plain sentence, exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from feedback.commands import COMMAND_MODULES
from feedback.errors import FeedbackError
from feedback.settings import SettingsError


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, also used by the docs test."""
    parser = argparse.ArgumentParser(
        prog="feedback",
        description="Speak Safely: anonymous feedback for mental health services.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``feedback`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except (SettingsError, FeedbackError, ValueError) as exc:
        message = exc.message if isinstance(exc, FeedbackError) else str(exc)
        print(f"feedback: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
