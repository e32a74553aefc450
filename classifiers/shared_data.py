"""Reading the real NHS comments in ``shared/data`` beside the repository.

The two files are read by path and only to measure: nothing from them is
copied into the repository or trained on. Each file marks its comments in its
own way (a criticality score in one, a sentiment score in the other), so each
has its own column for the comment and its own rule for "positive".
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SHARED_DATA = REPO_DIR.parent / "shared" / "data"
PHASE1 = "nhs_feedback_phase1.csv"
V6 = "nhs_feedback_v6.csv"
# The column that holds the comment, per file.
COMMENT_COLUMNS = {PHASE1: "feedback", V6: "FFT answer"}


def rows(path: Path) -> Iterator[dict[str, str]]:
    """Yield the rows of a shared CSV file (bytes that are not UTF-8 replaced, not fatal)."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle)


def number(value: str | None) -> float | None:
    """Read a score column; blanks and stray text (the files hold some) are ``None``."""
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def comment(row: dict[str, str], file_name: str) -> str:
    """The row's comment, stripped; empty when the row has none."""
    return (row.get(COMMENT_COLUMNS[file_name]) or "").strip()


def positive_comments(shared_dir: Path) -> Iterator[tuple[str, str, list[str]]]:
    """Yield ``(file name, selection rule, comments)`` for each shared file present."""
    phase1 = shared_dir / PHASE1
    if phase1.is_file():
        texts = [
            comment(row, PHASE1)
            for row in rows(phase1)
            if (number(row.get("criticality")) or 0) > 0 and comment(row, PHASE1)
        ]
        yield PHASE1, "criticality > 0", texts
    v6 = shared_dir / V6
    if v6.is_file():
        texts = [
            comment(row, V6)
            for row in rows(v6)
            if number(row.get("Comment sentiment")) in (1.0, 2.0) and comment(row, V6)
        ]
        yield V6, "Comment sentiment in {1, 2}", texts


def all_comments(shared_dir: Path) -> dict[str, list[str]]:
    """Every non-empty comment of each shared file present, by file name."""
    found = {}
    for name in COMMENT_COLUMNS:
        path = shared_dir / name
        if path.is_file():
            found[name] = [text for row in rows(path) if (text := comment(row, name))]
    return found
