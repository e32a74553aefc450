"""``feedback export``: the retraining file and the queue CSV from the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from feedback.actions import triage
from feedback.casework import LabelDecision
from feedback.models import Role
from feedback.runtime import Runtime
from tests.feedback.commands.cli_runner import feedback_cli
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
