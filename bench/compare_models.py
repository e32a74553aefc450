"""Is one model really better than another, or did the texts happen to favour it?

Every round of examples has been judged by a change of a few thousandths in
macro-F1 on the test split. This script scores two model files on the same
texts (the test split, and when ``shared/data`` is there the labelled real
comments and the real comments their own data marks positive) and prints each
figure for both with a 95% paired-bootstrap interval for the change
(:mod:`classifiers.intervals`). A change whose interval holds 0 is one these
texts cannot tell from none.

Run as ``python bench/compare_models.py OLD.skops NEW.skops``; make the old
model with ``python -m classifiers train --train-dir DIR --output OLD.skops``
from an earlier commit's ``classifiers/data/train``. A model file loads only
under the phrase and urgent rules it was trained with, so to judge a change of
rules, save the old model's flags under the old code first and compare the
flags file with the new model under the new code::

    python bench/compare_models.py OLD.skops --save-flags old_flags.json   # old code
    python bench/compare_models.py old_flags.json NEW.skops                # new code
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import msgspec  # noqa: E402
import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from classifiers import corpus, intervals, real_comments, shared_data  # noqa: E402
from classifiers.agreement import text_digest  # noqa: E402
from classifiers.corpus import Example  # noqa: E402
from classifiers.model import URGENT_COLUMN  # noqa: E402
from classifiers.prediction import load_classifier  # noqa: E402
from classifiers.taxonomy import HIGH_SEVERITY, LABELS  # noqa: E402
from classifiers.training import truth_matrix  # noqa: E402

BoolArray = npt.NDArray[np.bool_]
HIGH_COLUMNS = [LABELS.index(label) for label in LABELS if label in HIGH_SEVERITY]


class Flags(NamedTuple):
    """One model's flags on a set of texts: a column per label, and urgency."""

    labels: BoolArray
    urgent: BoolArray

    def any_label(self) -> BoolArray:
        """Whether each text raised any label at all."""
        return np.asarray(self.labels.any(axis=1), dtype=bool)


class Change(NamedTuple):
    """A figure for both models and the 95% interval of after minus before."""

    name: str
    before: float
    after: float
    interval: intervals.Interval

    def line(self) -> str:
        low, high = self.interval
        verdict = "" if low <= 0.0 <= high else "  *"
        change = self.after - self.before
        return (
            f"{self.name:52} {self.before:>8.3f} {self.after:>8.3f} {change:>+8.3f}"
            f"   {low:+.3f} to {high:+.3f}{verdict}"
        )


def labelled_changes(
    before: Flags, after: Flags, examples: Sequence[Example], where: str
) -> list[Change]:
    """Compare two models' flags on labelled ``examples``: F1, false flags, misses, urgency."""
    every_output = truth_matrix(examples)
    truth, urgent = every_output[:, : len(LABELS)], every_output[:, URGENT_COLUMN]
    ordinary = np.asarray(~truth.any(axis=1), dtype=bool)
    calm = ordinary & ~urgent
    changes = [
        Change(
            f"{where}: macro-F1",
            intervals.macro_f1(before.labels, truth),
            intervals.macro_f1(after.labels, truth),
            intervals.paired_macro_f1_difference(before.labels, after.labels, truth),
        ),
        _rate(f"{where}: false flags on ordinary", before.any_label(), after.any_label(), ordinary),
        _rate(f"{where}: ordinary flagged urgent", before.urgent, after.urgent, calm),
    ]
    # High-severity reports missed, as a share of the high-severity reports.
    reported = truth[:, HIGH_COLUMNS]
    missed = [
        np.asarray((~flags.labels[:, HIGH_COLUMNS])[reported], dtype=bool)
        for flags in (before, after)
    ]
    changes.append(
        _rate(
            f"{where}: high-severity reports missed",
            missed[0],
            missed[1],
            np.ones(len(missed[0]), dtype=bool),
        )
    )
    if urgent.any():
        changes.append(
            _rate(f"{where}: urgent reports missed", ~before.urgent, ~after.urgent, urgent)
        )
    return changes


def _rate(name: str, before: BoolArray, after: BoolArray, among: BoolArray) -> Change:
    return Change(
        name,
        float(before[among].mean()) if among.any() else 0.0,
        float(after[among].mean()) if among.any() else 0.0,
        intervals.paired_rate_difference(before[among], after[among]),
    )


class TextSet(NamedTuple):
    """Texts both models are scored on; ``examples`` when the texts carry labels."""

    name: str
    texts: list[str]
    examples: list[Example] | None


class SavedSet(msgspec.Struct, frozen=True):
    """One text set's flags, saved in the order of its texts."""

    digests: list[str]
    labels: list[list[str]]
    urgent: list[bool]


class SavedFlags(msgspec.Struct, frozen=True):
    """A model's flags on every text set, for comparing across code that changed its rules."""

    model_version: str
    sets: dict[str, SavedSet]


class FlagsMismatchError(Exception):
    """A saved flags file was made on other texts than the ones here."""


def text_sets(shared_dir: Path) -> list[TextSet]:
    """Return the test split and, when the shared data is there, the real comments."""
    test = corpus.read_test()
    sets = [TextSet("test split", [e.text for e in test], test)]
    labels_path = real_comments.REAL_LABELS_PATH
    if shared_dir.is_dir() and labels_path.is_file():
        found = real_comments.attach(real_comments.read_real_labels(labels_path), shared_dir)
        for name, part in (
            ("real, looked-at half", found.looked_at),
            ("real, held half", found.held),
        ):
            sets.append(TextSet(name, [e.text for e in part], list(part)))
        for file_name, _, texts in shared_data.positive_comments(shared_dir):
            sets.append(TextSet(f"{file_name}, positive", texts, None))
    return sets


def saved_flags(model: Path, sets: Sequence[TextSet]) -> SavedFlags:
    """Score every set with the model file ``model``, as a flags file would keep it."""
    classifier = load_classifier(model)
    saved = {}
    for text_set in sets:
        predictions = classifier.predict_many(text_set.texts)
        saved[text_set.name] = SavedSet(
            digests=[text_digest(text) for text in text_set.texts],
            labels=[list(p.labels) for p in predictions],
            urgent=[p.urgent for p in predictions],
        )
    return SavedFlags(classifier.model_version, saved)


def read_side(path: Path, sets: Sequence[TextSet]) -> SavedFlags:
    """A model file is scored here; a flags file (``--save-flags``) is read and checked."""
    if path.suffix != ".json":
        return saved_flags(path, sets)
    flags = msgspec.json.decode(path.read_bytes(), type=SavedFlags)
    for text_set in sets:
        kept = flags.sets.get(text_set.name)
        if kept is None or kept.digests != [text_digest(t) for t in text_set.texts]:
            raise FlagsMismatchError(f"{path} was not made on these texts ({text_set.name})")
    return flags


def flags_of(saved: SavedSet) -> Flags:
    """Return a saved set's flags as arrays."""
    return Flags(
        labels=np.array(
            [[label in labels for label in LABELS] for labels in saved.labels], dtype=bool
        ).reshape(-1, len(LABELS)),
        urgent=np.array(saved.urgent, dtype=bool),
    )


def changes_between(before: SavedFlags, after: SavedFlags, sets: Sequence[TextSet]) -> list[Change]:
    """Every figure of every set, before and after, with the interval of the change."""
    changes: list[Change] = []
    for text_set in sets:
        old = flags_of(before.sets[text_set.name])
        new = flags_of(after.sets[text_set.name])
        if text_set.examples is not None:
            changes += labelled_changes(old, new, text_set.examples, text_set.name)
            continue
        every = np.ones(len(text_set.texts), dtype=bool)
        changes.append(_rate(f"{text_set.name}: flagged", old.any_label(), new.any_label(), every))
        changes.append(_rate(f"{text_set.name}: urgent", old.urgent, new.urgent, every))
    return changes


def main(argv: Sequence[str] | None = None) -> int:
    """Score both sides on the same texts and print each change with its interval."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="a model file, or a flags file (.json)")
    parser.add_argument("after", type=Path, nargs="?", help="a model file, or a flags file")
    parser.add_argument(
        "--save-flags", type=Path, help="score BEFORE alone and save its flags to this file"
    )
    parser.add_argument("--shared-data", type=Path, default=shared_data.DEFAULT_SHARED_DATA)
    args = parser.parse_args(argv)
    if (args.after is None) == (args.save_flags is None):
        parser.error("give either AFTER or --save-flags")
    sets = text_sets(args.shared_data)
    if args.save_flags is not None:
        flags = saved_flags(args.before, sets)
        args.save_flags.write_bytes(msgspec.json.encode(flags))
        print(f"flags of {flags.model_version} on {len(sets)} text sets saved to {args.save_flags}")
        return 0
    try:
        before, after = read_side(args.before, sets), read_side(args.after, sets)
    except FlagsMismatchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"before {before.model_version}, after {after.model_version}")
    print(f"\n{'figure':52} {'before':>8} {'after':>8} {'change':>8}   95% interval of the change")
    for change in changes_between(before, after, sets):
        print(change.line())
    print("\n* the interval leaves out 0: these texts tell the two apart on this figure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
