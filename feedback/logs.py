"""Logging that cannot give a service user away.

The access log is off (``feedback serve`` starts uvicorn without it), Litestar
does not log requests, and as a second line of defence every record passes a
filter that blanks anything shaped like a receipt code or an IP address.
"""

from __future__ import annotations

import logging
import re
import sys

from feedback.receipts import ALPHABET, CODE_LENGTH

_CODE_CHAR = f"[{ALPHABET}{ALPHABET.lower()}]"
# A receipt written with or without group separators.
RECEIPT_PATTERN = re.compile(
    rf"(?<![0-9A-Za-z]){_CODE_CHAR}(?:[\s-]?{_CODE_CHAR}){{{CODE_LENGTH - 1}}}(?![0-9A-Za-z])"
)
IPV4_PATTERN = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_H = "[0-9A-Fa-f]{1,4}"
# Full eight-group form, or any compressed form with "::"; not clock times like 21:40:19.
IPV6_PATTERN = re.compile(
    rf"(?<![0-9A-Za-z:])(?:(?:{_H}:){{7}}{_H}|(?:{_H}(?::{_H})*)?::(?:{_H}(?::{_H})*)?)"
    r"(?![0-9A-Za-z:])"
)


def redact(text: str) -> str:
    """Blank receipt-shaped and address-shaped substrings."""
    text = RECEIPT_PATTERN.sub("[receipt removed]", text)
    text = IPV4_PATTERN.sub("[address removed]", text)
    return IPV6_PATTERN.sub("[address removed]", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the message with its redacted form; never drops a record."""
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Send every log to standard error, redacted, at ``level``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
