"""Text as people type it, made safe to count and to store.

Three things about typed text that a plain ``strip()`` misses:

- Browsers send each line break of a text box as CRLF, while the box's own
  counter (and ``maxlength``) counts one character, so 10,000 characters in
  the box would arrive as more than 10,000 and be refused. Line breaks are
  made LF before anything is counted.
- SQLite's ``length()`` stops at a NUL, so a text starting with one failed
  the table's length check after it had passed ours. Control characters
  (other than line breaks and tabs) and lone surrogates carry nothing a
  reader can see, so they are dropped.
- Zero-width characters (Unicode format characters such as U+200B) make a
  text that looks empty but is not; :func:`looks_empty` treats them as white
  space, so no one is sent a blank message.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and line feed, DEL, C1 controls, and lone surrogates.
_INVISIBLE_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def normalise(text: str) -> str:
    """Return ``text`` with LF line breaks, no control characters, and no surrounding space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE_CONTROLS.sub("", text).strip()


def looks_empty(text: str) -> bool:
    """Whether ``text`` shows nothing: only white space and zero-width format characters."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)
