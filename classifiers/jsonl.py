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
    is not valid JSON or not a ``kind``.
    """
    decoder = msgspec.json.Decoder(kind)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, decoder.decode(line)
        except msgspec.DecodeError as problem:
            raise error(f"{path}:{number}: {problem}") from None
