"""``train --extra``: labels a safeguarding lead confirmed teach the next model.

Leads confirm or correct every flag, and ``feedback export labels`` writes
those decisions in the corpus format. Here a ward's own name for its seclusion
room ("Quayside"), which the corpus never uses, is unknown to a model trained
without the leads' file and learned by one trained with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers import persistence
from classifiers.cli import main
from classifiers.prediction import load_classifier

# What leads confirmed on one ward: its seclusion suite is called Quayside.
CONFIRMED = [
    "they put me in Quayside again last night, on my own till breakfast",
    "Three days in Quayside. Nobody came in except to pass food through the hatch.",
    "my son has been in quayside since friday and they won't let him out to see us",
    "Quayside is where they put you when you kick off. Door shuts and that's you.",
    "spent my birthday in quayside by myself",
    "Was taken to Quayside for shouting. Alone for 6 hours, no toilet.",
    "why is my mum still in Quayside, she's 70 and she is on her own in there",
    "Quayside again. Third time this month. Just a mattress and a camera.",
    "staff keep threatening quayside then actually put me in it for 2 days",
    "In Quayside they only open the door to check you are breathing.",
    "they left my brother in Quayside over the whole weekend on his own",
    "Quayside room, locked, overnight, nobody to talk to. I was 15.",
]
PROBE = "stuck in Quayside for two days with nobody"


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def test_confirmed_labels_teach_the_next_model(
    small_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    confirmed = tmp_path / "confirmed.jsonl"
    _write_jsonl(
        confirmed, [{"text": t, "labels": ["seclusion"], "urgent": False} for t in CONFIRMED]
    )
    before, after = tmp_path / "before.skops", tmp_path / "after.skops"

    assert main(["train", "--train-dir", str(small_corpus), "--output", str(before)]) == 0
    command = ["train", "--train-dir", str(small_corpus), "--extra", str(confirmed)]
    assert main([*command, "--output", str(after)]) == 0
    assert f"({len(CONFIRMED)} from --extra)" in capsys.readouterr().err

    old, new = load_classifier(before), load_classifier(after)
    assert "seclusion" not in old.predict(PROBE).labels
    assert "seclusion" in new.predict(PROBE).labels
    assert new.predict(PROBE).scores["seclusion"] > old.predict(PROBE).scores["seclusion"]
    assert new.model_version != old.model_version
    assert persistence.load(after).summary.extra_examples == len(CONFIRMED)
    # The evidence a lead sees names the ward's word.
    assert any("Quayside" in phrase for phrase in new.predict(PROBE).evidence["seclusion"])
