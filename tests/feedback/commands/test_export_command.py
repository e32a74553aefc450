"""``feedback export``: the retraining file and the queue CSV from the command line."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from feedback.actions import triage
from feedback.casework import LabelDecision
from feedback.models import Role
from feedback.runtime import Runtime
from tests.feedback.commands.cli_runner import feedback_cli, one_error_line, upgraded
from tests.feedback.triage_helpers import make_staff, submit


async def test_export_labels_and_queue(runtime: Runtime, tmp_path: Path) -> None:
    lead = await make_staff(runtime, Role.SAFEGUARDING_LEAD, "lead")
    item_id, _ = await submit(runtime, "they restrain people")
    await submit(runtime, "lovely staff")
    await triage.decide_label(runtime, lead, item_id, "restraint", LabelDecision.CONFIRMED)
    data_dir = runtime.settings.data_dir

    out = tmp_path / "extra.jsonl"
    labels = feedback_cli(data_dir, "export", "labels", "--output", str(out))
    assert labels.returncode == 0, labels.stderr
    assert "Exported 1 labelled item" in labels.stderr
    assert [json.loads(line) for line in out.read_text().splitlines()] == [
        {"text": "they restrain people", "labels": ["restraint"], "urgent": False}
    ]

    queue = feedback_cli(data_dir, "export", "queue")
    assert queue.returncode == 0, queue.stderr
    table = list(csv.reader(io.StringIO(queue.stdout)))
    assert [row[5] for row in table[1:]] == ["restraint", ""]


def _export_audit_entries(data_dir: Path) -> int:
    conn = sqlite3.connect(data_dir / "feedback.db")
    try:
        sql = "SELECT count(*) FROM audit_log WHERE action LIKE 'export.%'"
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("what", ["queue", "labels"])
@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("no-such-folder/out.txt", "there is no folder"),
        (".", "is a folder; give a file name inside it"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_anything_happens(
    tmp_path: Path, what: str, output: str, says: str
) -> None:
    data = upgraded(tmp_path / "data")
    target = tmp_path / output
    before = sorted(tmp_path.rglob("*"))
    # A short timeout: the command used to print a traceback and never exit.
    result = feedback_cli(data, "export", what, "--output", str(target), timeout=60)
    assert result.returncode == 2
    assert says in one_error_line(result)
    assert str(target) in result.stderr
    assert sorted(tmp_path.rglob("*")) == before
    assert _export_audit_entries(data) == 0
