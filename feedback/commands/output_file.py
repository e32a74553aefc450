"""Where an export goes: standard output, or a file written whole or not at all.

The ``--output`` file is checked and a temporary file created beside it before
the export opens the database, so a mistyped path costs nothing: no database
opened, no audit entry for an export that never happened. The rows go to the
temporary file, which takes the file's name only when the export has finished;
an export that fails part way leaves any earlier file as it was and no half file.
The temporary file is created readable by its owner alone, as exports hold
what service users wrote, and keeps that mode.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

from feedback.errors import InvalidInput


class OutputFile:
    """An export's destination. Use :meth:`open`, write to ``stream``, then ``finish``."""

    def __init__(self, stream: BinaryIO, target: Path | None, temporary: Path | None) -> None:
        self.stream = stream
        self._target = target
        self._temporary = temporary

    @classmethod
    def open(cls, target: Path | None) -> OutputFile:
        """Standard output when ``target`` is ``None``; otherwise a file that can be written.

        Raises :class:`InvalidInput` with one sentence when the path is a
        folder, its folder does not exist, or it cannot be written.
        """
        if target is None:
            return cls(sys.stdout.buffer, None, None)
        if target.is_dir():
            raise InvalidInput(f"--output {target} is a folder; give a file name inside it.")
        folder = target.parent
        if not folder.is_dir():
            raise InvalidInput(f"--output {target}: there is no folder {folder}.")
        try:
            fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
        except OSError as exc:
            raise InvalidInput(f"--output {target}: cannot write there ({exc.strerror}).") from None
        return cls(os.fdopen(fd, "wb"), target, Path(name))

    def finish(self) -> None:
        """Give the finished file its name (standard output is only flushed)."""
        if self._target is None or self._temporary is None:
            self.stream.flush()
            return
        self.stream.close()
        os.replace(self._temporary, self._target)
        self._temporary = None

    def discard(self) -> None:
        """Remove the unfinished file; nothing to do for standard output or once finished."""
        if self._temporary is None:
            return
        self.stream.close()
        self._temporary.unlink(missing_ok=True)
        self._temporary = None
