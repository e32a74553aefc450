"""Reading JSON-lines files of typed records, one error naming the first bad line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import msgspec

Record = TypeVar("Record")


def decode_lines(
    path: Path, kind: type[Record], error: type[Exception]
) -> Iterator[tuple[int, Record]]:
    """Yield each non-blank line of ``path`` as a ``kind``, with its line number.

    Raises ``error`` with ``path:line:`` and msgspec's message for a line that
    is not valid JSON or not a ``kind``, and with ``path:`` and the reason for a
    file that cannot be read or is not UTF-8 text: each caller already turns
    ``error`` into one line for the person, so no other exception may escape.
    """
    decoder = msgspec.json.Decoder(kind)
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise error(f"{path}: cannot read it ({problem.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as problem:
        bad_line = data[: problem.start].count(b"\n") + 1
        raise error(f"{path}:{bad_line}: not UTF-8 text ({problem.reason})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, decoder.decode(line)
        except msgspec.DecodeError as problem:
            raise error(f"{path}:{number}: {problem}") from None
