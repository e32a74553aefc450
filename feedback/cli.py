"""The ``feedback`` command: one subcommand group per module in ``feedback.commands``.

Each command module has ``register(subparsers)`` which adds its parser and sets
``handler`` to a function taking the parsed arguments and returning an exit
code. Errors a person can fix (a bad setting or argument, a missing or damaged
database) are printed as one plain sentence, exit code 2; a file the system
would not let us read or write is one sentence too, exit code 1. Never a
traceback: the person running a command on a ward's server is not a developer.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from feedback.commands import COMMAND_MODULES
from feedback.errors import FeedbackError
from feedback.settings import SettingsError
from feedback.storage.database import DatabaseUnusable
from feedback.storage.migrations import MigrationError

# Exit statuses besides a command's own 0 and 1.
EXIT_INPUT = 2
EXIT_SYSTEM = 1
EXIT_INTERRUPTED = 130


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
    except (SettingsError, FeedbackError, ValueError, DatabaseUnusable, MigrationError) as exc:
        message = exc.message if isinstance(exc, FeedbackError) else str(exc)
        _say(message)
        return EXIT_INPUT
    except BrokenPipeError:
        # The reader went away (`feedback export queue | head`): not an error to report.
        # Point stdout at nothing so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SYSTEM
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        _say(f"{exc.strerror or exc}{where}")
        return EXIT_SYSTEM
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return code


def _say(message: str) -> None:
    print(f"feedback: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
