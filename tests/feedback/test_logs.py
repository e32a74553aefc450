"""The log filter blanks receipts and addresses even if some code logs them."""

from __future__ import annotations

import logging

import pytest

from feedback.logs import RedactingFilter, redact
from feedback.receipts import new_receipt


def test_receipts_in_any_spelling_are_removed() -> None:
    code = new_receipt().display
    for form in (code, code.lower(), code.replace("-", ""), code.replace("-", " ")):
        assert "[receipt removed]" in redact(f"looked up {form} today")
        assert form not in redact(f"looked up {form} today")


@pytest.mark.parametrize("address", ["127.9.8.7", "203.0.113.5", "2001:db8::1", "fe80::1:2:3"])
def test_addresses_are_removed(address: str) -> None:
    assert address not in redact(f"client {address} connected")


def test_ordinary_text_is_untouched() -> None:
    text = "Application startup complete; 12 items, version 0.1.0"
    assert redact(text) == text


def test_filter_rewrites_formatted_records() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "from %s", ("10.1.2.3",), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "from [address removed]"
