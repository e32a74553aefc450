"""Exports: confirmed labels in the classifier's corpus format, the queue as CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from feedback.actions import triage
from feedback.casework import LabelDecision
from feedback.deadlines import WorkingCalendar
from feedback.errors import PermissionDenied
from feedback.exports import QUEUE_COLUMNS, confirmed_labels_jsonl, open_queue_csv, queue_csv
from feedback.models import Role
from feedback.queue import QueueRequest
from feedback.runtime import Runtime
from tests.feedback.triage_helpers import all_roles, rows, submit


async def test_confirmed_labels_are_exported_in_corpus_format(
    runtime: Runtime, tmp_path: Path
) -> None:
    staff = await all_roles(runtime)
    lead = staff[Role.SAFEGUARDING_LEAD]
    cold, _ = await submit(runtime, "the ward is cold and they restrain people")
    await submit(runtime, "undecided item about restraint, restrain")
    await triage.decide_label(runtime, lead, cold, "living_conditions", LabelDecision.CONFIRMED)
    await triage.decide_label(runtime, lead, cold, "restraint", LabelDecision.REJECTED)
    await triage.decide_label(runtime, lead, cold, "abuse", LabelDecision.ADDED)
    lines = [line async for line in confirmed_labels_jsonl(runtime, lead)]
    assert [json.loads(line) for line in lines] == [
        {
            "text": "the ward is cold and they restrain people",
            "labels": ["abuse", "living_conditions"],
            "urgent": False,
        }
    ]
    # The classifier's own reader accepts the file as extra training data.
    from classifiers.corpus import read_examples

    path = tmp_path / "extra.jsonl"
    path.write_bytes(b"".join(lines))
    [example] = read_examples(path)
    assert set(example.labels) == {"abuse", "living_conditions"}
    assert rows(runtime, "SELECT actor FROM audit_log WHERE action = 'export.labels'") == [
        ("safeguarding_lead",)
    ]
    with pytest.raises(PermissionDenied):
        [line async for line in confirmed_labels_jsonl(runtime, staff[Role.REVIEWER])]


async def test_exported_urgency_is_the_leads_not_the_classifiers(runtime: Runtime) -> None:
    lead = (await all_roles(runtime))[Role.SAFEGUARDING_LEAD]
    alarm, _ = await submit(runtime, "see you all at the leaving party tonight")
    missed, _ = await submit(runtime, "staff hit him and he is still in danger")
    kept, _ = await submit(runtime, "they restrain me tonight")
    await triage.decide_urgency(runtime, lead, alarm, False, "a figure of speech")
    await triage.decide_urgency(runtime, lead, missed, True)
    # Labels decided beside the classifier's urgency, which the lead left standing.
    await triage.decide_label(runtime, lead, kept, "restraint", LabelDecision.CONFIRMED)
    exported = [json.loads(line) async for line in confirmed_labels_jsonl(runtime, lead)]
    # Items with only an urgency decision are exported too: they are the ones to learn from.
    assert [(line["text"], line["labels"], line["urgent"]) for line in exported] == [
        ("see you all at the leaving party tonight", [], False),
        ("staff hit him and he is still in danger", [], True),
        ("they restrain me tonight", ["restraint"], True),
    ]


async def test_queue_csv_in_queue_order(runtime: Runtime) -> None:
    staff = await all_roles(runtime)
    await submit(runtime, "the food was fine")
    await submit(runtime, "they restrain people")
    calendar = WorkingCalendar.from_settings(runtime.settings)
    text = "".join(
        [line async for line in queue_csv(runtime, staff[Role.AUDITOR], calendar, QueueRequest())]
    )
    table = list(csv.reader(io.StringIO(text)))
    assert tuple(table[0]) == QUEUE_COLUMNS
    assert [row[5] for row in table[1:]] == ["restraint", ""]
    assert [row[3] for row in table[1:]] == ["high_severity", "ordinary"]
    assert all(row[10] == "acknowledge" for row in table[1:])


async def test_an_export_that_cannot_be_read_is_not_recorded(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = await all_roles(runtime)
    calendar = WorkingCalendar.from_settings(runtime.settings)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the queue could not be read")

    monkeypatch.setattr("feedback.exports.queue_page", broken)
    with pytest.raises(RuntimeError):
        await open_queue_csv(runtime, staff[Role.AUDITOR], calendar, QueueRequest())
    with pytest.raises(RuntimeError):
        [line async for line in queue_csv(runtime, staff[Role.AUDITOR], calendar, QueueRequest())]
    assert rows(runtime, "SELECT count(*) FROM audit_log WHERE action LIKE 'export.%'") == [(0,)]
