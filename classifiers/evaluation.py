"""Measuring a classifier: per-label figures on the test split, false flags on real comments.

The shared folder of real NHS comments (``shared/data`` beside the repository)
is only read here, by path, to count how often comments their own data marks
as positive would raise a rights flag. Nothing from it is copied or trained on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import msgspec
import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, precision_recall_curve

from classifiers import agreement, intervals, rationales, real_comments, targets
from classifiers.corpus import Example
from classifiers.evidence import marked_spans
from classifiers.model import URGENT
from classifiers.prediction import Prediction, RightsClassifier
from classifiers.shared_data import positive_comments
from classifiers.targets import TargetCheck
from classifiers.taxonomy import HIGH_SEVERITY, LABELS
from classifiers.training import truth_matrix

# Examples of false flags kept per shared file, for a person to read.
_EXAMPLES_KEPT = 8
# A label's ranking is averaged into the macro figure only with this many
# reports: with two, one lucky score makes its average precision 1.0.
MIN_REPORTS_RANKED = 5
# What a wrong flag's text reports when it reports no concern at all.
ORDINARY = "ordinary"
# The recall the issue asks of every high-severity label.
HIGH_RECALL = targets.HIGH_RECALL_TARGET


class BatchPredictor(Protocol):
    """Anything that predicts many texts at once, as :class:`RightsClassifier` does."""

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """Return one prediction per text, in order."""
        ...


class LabelFigures(msgspec.Struct, frozen=True):
    """Precision, recall and F1 of one label (or of urgency)."""

    label: str
    severity: str
    support: int
    flagged: int
    true_positives: int
    precision: float
    recall: float
    f1: float
    precision_interval: intervals.Interval = intervals.UNKNOWN
    """95% Wilson interval: how far precision could move with other texts like these."""
    recall_interval: intervals.Interval = intervals.UNKNOWN


class WrongFlags(msgspec.Struct, frozen=True):
    """How often one label was flagged on texts that report another concern, or none."""

    flagged: str
    reported: str
    """The label the texts do report, or :data:`ORDINARY` for texts that report nothing."""
    count: int


class TestReport(msgspec.Struct, frozen=True):
    """How a model did on labelled examples."""

    model_version: str
    examples: int
    labels: tuple[LabelFigures, ...]
    macro_f1: float
    urgent: LabelFigures
    ordinary_examples: int
    ordinary_false_flags: int
    ordinary_false_flag_rate: float
    missed_high_severity: int
    wrong_flags: tuple[WrongFlags, ...] = ()
    """Every (flagged, reported) pair of a wrong flag, most frequent first: which
    concerns the model mistakes for which, where the next examples should be written."""
    macro_f1_interval: intervals.Interval = intervals.UNKNOWN
    """95% bootstrap interval over the texts (see :mod:`classifiers.intervals`)."""
    ordinary_false_flag_interval: intervals.Interval = intervals.UNKNOWN
    pooled_precision_interval: intervals.Interval = intervals.UNKNOWN
    """95% bootstrap interval for the precision of every label's flags taken together."""
    pooled_recall_interval: intervals.Interval = intervals.UNKNOWN


class FalseFlag(msgspec.Struct, frozen=True):
    """A real positive comment that raised a flag."""

    text: str
    labels: tuple[str, ...]
    urgent: bool
    evidence: dict[str, tuple[str, ...]]


class SharedDataReport(msgspec.Struct, frozen=True):
    """False flags on one file of real comments that the file itself marks positive."""

    file: str
    selection: str
    comments: int
    flagged: int
    urgent: int
    false_flag_rate: float
    by_label: dict[str, int]
    examples: tuple[FalseFlag, ...]
    false_flag_interval: intervals.Interval = intervals.UNKNOWN


class AgreementReport(msgspec.Struct, frozen=True):
    """A second labeller against the corpus labels, and the model on the same texts."""

    split: str
    items: int
    second_labeller: TestReport
    model: TestReport | None
    """Only on the test split: on training texts the model would be marking its own homework."""


class EvidenceReport(msgspec.Struct, frozen=True):
    """Whether the evidence of correct flags falls on the words a reader marked.

    Counted over flags the model got right on marked texts: a phrase is on
    target when it overlaps a span the reader marked for that label. Shares of
    characters count every occurrence of a phrase, as the staff pages mark them.
    """

    texts: int
    flags: int
    first_phrase_on_target: float
    some_phrase_on_target: float
    highlight_on_target: float
    """Share of highlighted characters that lie inside the reader's marks."""
    marks_highlighted: float
    """Share of the reader's marked characters that are highlighted."""
    first_phrase_on_target_by_label: dict[str, float]


class ReadingReport(msgspec.Struct, frozen=True):
    """One reading of the real comments, and the model, against the agreed labels."""

    name: str
    reader: TestReport
    model: TestReport
    """The model on the same comments, so the two can be compared."""


class RankingReport(msgspec.Struct, frozen=True):
    """How well the scores put reports first, whatever the thresholds.

    Recall and precision on a few hundred real comments move with the
    thresholds: a corpus change that shifts one label's threshold a little
    moves its recall by a tenth when many comments score near it. Average
    precision reads the whole ranking, so it says whether the model has
    learned to tell reports from other comments, apart from where it cuts.
    """

    examples: int
    average_precision: dict[str, float]
    """Per label with at least one report: the mean precision at each report's rank."""
    macro_average_precision: float
    """The mean over labels with at least :data:`MIN_REPORTS_RANKED` reports."""
    labels_ranked: int
    any_concern_average_precision: float
    """Comments ranked by their highest label score, against whether they report anything."""
    precision_at_high_recall: dict[str, float] = {}
    """Per label with at least one report: the best precision any threshold gives
    while recall is at least :data:`HIGH_RECALL`. Where it is under the target,
    no threshold meets both targets at once; only better scores would."""


class RealCommentsReport(msgspec.Struct, frozen=True):
    """The model against readers' labels on real comments (``real_comments``)."""

    labelled: int
    missing: int
    """Labelled comments the shared data no longer holds."""
    whole: TestReport
    looked_at: TestReport
    """The half whose errors may be read when deciding what to write next."""
    held: TestReport
    """The half that is only scored."""
    readings: tuple[ReadingReport, ...] = ()
    """Each reader's own reading against the agreed labels."""
    ranking: RankingReport | None = None
    looked_at_ranking: RankingReport | None = None
    held_ranking: RankingReport | None = None


class EvaluationReport(msgspec.Struct, frozen=True):
    """Everything ``python -m classifiers evaluate`` reports."""

    test: TestReport
    test_ranking: RankingReport | None = None
    """How the scores rank the test split's reports, whatever the thresholds."""
    shared: tuple[SharedDataReport, ...] = ()
    test_files: dict[str, TestReport] = {}
    """Each test file on its own, when the split has more than one."""
    agreement: tuple[AgreementReport, ...] = ()
    evidence: EvidenceReport | None = None
    """Only when a reader's rationale file is present."""
    real: RealCommentsReport | None = None
    """Only when the real-comment labels and the shared data are present."""
    targets: tuple[TargetCheck, ...] = ()
    """The issue's accuracy targets, each judged against its figure's 95% interval."""


def _figures(label: str, severity: str, flags: list[bool], truth: list[bool]) -> LabelFigures:
    true_positives = sum(f and t for f, t in zip(flags, truth, strict=True))
    flagged, support = sum(flags), sum(truth)
    precision = true_positives / flagged if flagged else (1.0 if not support else 0.0)
    recall = true_positives / support if support else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LabelFigures(
        label,
        severity,
        support,
        flagged,
        true_positives,
        precision,
        recall,
        f1,
        precision_interval=intervals.wilson(true_positives, flagged),
        recall_interval=intervals.wilson(true_positives, support),
    )


def score_examples(
    predictions: Sequence[Prediction], examples: Sequence[Example], model_version: str
) -> TestReport:
    """Compare ``predictions`` with the labels of ``examples``."""
    figures = []
    for label in LABELS:
        flags = [label in p.labels for p in predictions]
        truth = [label in e.labels for e in examples]
        severity = "high" if label in HIGH_SEVERITY else "medium"
        figures.append(_figures(label, severity, flags, truth))
    urgent = _figures(
        "urgent", "urgent", [p.urgent for p in predictions], [e.urgent for e in examples]
    )
    ordinary = [p for p, e in zip(predictions, examples, strict=True) if not e.labels]
    false_flags = sum(1 for p in ordinary if p.labels)
    missed = sum(
        1
        for p, e in zip(predictions, examples, strict=True)
        for label in e.labels
        if label in HIGH_SEVERITY and label not in p.labels
    )
    label_flags = np.array(
        [[label in p.labels for label in LABELS] for p in predictions], dtype=bool
    ).reshape(-1, len(LABELS))
    label_truth = truth_matrix(examples)[:, : len(LABELS)]
    pooled_precision, pooled_recall = intervals.bootstrap_pooled(label_flags, label_truth)
    return TestReport(
        model_version=model_version,
        examples=len(examples),
        labels=tuple(figures),
        macro_f1=sum(f.f1 for f in figures) / len(figures),
        macro_f1_interval=intervals.bootstrap_macro_f1(label_flags, label_truth),
        ordinary_false_flag_interval=intervals.wilson(false_flags, len(ordinary)),
        pooled_precision_interval=pooled_precision,
        pooled_recall_interval=pooled_recall,
        urgent=urgent,
        ordinary_examples=len(ordinary),
        ordinary_false_flags=false_flags,
        ordinary_false_flag_rate=false_flags / len(ordinary) if ordinary else 0.0,
        missed_high_severity=missed,
        wrong_flags=wrong_flags(predictions, examples),
    )


def wrong_flags(
    predictions: Sequence[Prediction], examples: Sequence[Example]
) -> tuple[WrongFlags, ...]:
    """Count each wrong flag against what its text reports (each label, when it reports two)."""
    counts: Counter[tuple[str, str]] = Counter()
    for prediction, example in zip(predictions, examples, strict=True):
        reported = example.labels or (ORDINARY,)
        for label in prediction.labels:
            if label not in example.labels:
                counts.update((label, other) for other in reported)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return tuple(WrongFlags(flagged, reported, count) for (flagged, reported), count in ranked)


def rank_examples(predictions: Sequence[Prediction], examples: Sequence[Example]) -> RankingReport:
    """Measure how well the scores of ``predictions`` rank the reports of ``examples``."""
    shape = (len(examples), len(LABELS))
    scores = np.array([[p.scores[label] for label in LABELS] for p in predictions]).reshape(shape)
    truth = np.array([[label in e.labels for label in LABELS] for e in examples]).reshape(shape)
    reports = truth.sum(axis=0)
    precision = {
        label: float(average_precision_score(truth[:, i], scores[:, i]))
        for i, label in enumerate(LABELS)
        if reports[i]
    }
    ranked = [
        precision[label] for i, label in enumerate(LABELS) if reports[i] >= MIN_REPORTS_RANKED
    ]
    at_high_recall = {
        label: best_precision_at(truth[:, i], scores[:, i], HIGH_RECALL)
        for i, label in enumerate(LABELS)
        if reports[i]
    }
    reporting = truth.any(axis=1)
    return RankingReport(
        examples=len(examples),
        average_precision=precision,
        macro_average_precision=float(np.mean(ranked)) if ranked else 0.0,
        labels_ranked=len(ranked),
        any_concern_average_precision=(
            float(average_precision_score(reporting, scores.max(axis=1)))
            if reporting.any()
            else 0.0
        ),
        precision_at_high_recall=at_high_recall,
    )


def best_precision_at(
    truth: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64], recall: float
) -> float:
    """The highest precision of any threshold on ``scores`` whose recall is at least ``recall``."""
    precisions, recalls, _ = precision_recall_curve(truth, scores)
    return float(precisions[recalls >= recall].max())


def evaluate_examples(classifier: RightsClassifier, examples: Sequence[Example]) -> TestReport:
    """Run ``classifier`` over ``examples`` and score it."""
    predictions = classifier.predict_many([e.text for e in examples])
    return score_examples(predictions, examples, classifier.model_version)


def evaluate_files(
    classifier: RightsClassifier, files: Mapping[str, Sequence[Example]]
) -> tuple[TestReport, dict[str, TestReport], RankingReport]:
    """Score ``classifier`` on every file's examples together, and on each file alone.

    Each text is predicted once. The per-file reports are empty for a single
    file, which the report for all of them already covers. The ranking is of
    all the files' examples together.
    """
    examples = [example for part in files.values() for example in part]
    predictions = classifier.predict_many([e.text for e in examples])
    version = classifier.model_version
    whole = score_examples(predictions, examples, version)
    ranking = rank_examples(predictions, examples)
    if len(files) < 2:
        return whole, {}, ranking
    parts, start = {}, 0
    for name, part in files.items():
        parts[name] = score_examples(predictions[start : start + len(part)], part, version)
        start += len(part)
    return whole, parts, ranking


def evaluate_agreement(
    classifier: RightsClassifier,
    second: Sequence[agreement.SecondLabel],
    splits: Mapping[str, Sequence[Example]],
) -> list[AgreementReport]:
    """Compare the second labeller, and on the test split the model, with the corpus labels."""
    reports = []
    for split, examples in splits.items():
        gold, again = agreement.paired(second, split, examples)
        if not gold:
            continue
        as_predictions = _as_predictions(again, "second")
        model = evaluate_examples(classifier, gold) if split == "test" else None
        reports.append(
            AgreementReport(
                split=split,
                items=len(gold),
                second_labeller=score_examples(as_predictions, gold, "second labeller"),
                model=model,
            )
        )
    return reports


def evaluate_evidence(
    classifier: BatchPredictor,
    marks: Sequence[rationales.Rationale],
    examples: Sequence[Example],
) -> EvidenceReport:
    """Score the evidence of ``classifier`` against a reader's ``marks`` on ``examples``."""
    paired = rationales.attach(marks, examples)
    texts = sorted({example.text for example, _, _ in paired})
    predictions = dict(zip(texts, classifier.predict_many(texts), strict=True))
    first_hits: dict[str, list[bool]] = {}
    some_hits = overlap = lit = marked_total = 0
    for example, label, spans in paired:
        prediction = predictions[example.text]
        if not (prediction.urgent if label == URGENT else label in prediction.labels):
            continue
        marked = rationales.characters(spans)
        phrases = prediction.evidence.get(label, ())
        lit_by_phrase = [
            rationales.characters(marked_spans(example.text, [phrase])) for phrase in phrases
        ]
        hits = [bool(characters & marked) for characters in lit_by_phrase]
        first_hits.setdefault(label, []).append(bool(hits) and hits[0])
        some_hits += any(hits)
        highlighted = set().union(*lit_by_phrase)
        overlap += len(highlighted & marked)
        lit += len(highlighted)
        marked_total += len(marked)
    flags = sum(len(hits) for hits in first_hits.values())
    return EvidenceReport(
        texts=len(texts),
        flags=flags,
        first_phrase_on_target=_share(sum(sum(h) for h in first_hits.values()), flags),
        some_phrase_on_target=_share(some_hits, flags),
        highlight_on_target=_share(overlap, lit),
        marks_highlighted=_share(overlap, marked_total),
        first_phrase_on_target_by_label={
            label: _share(sum(first_hits[label]), len(first_hits[label]))
            for label in (*LABELS, URGENT)
            if label in first_hits
        },
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def evaluate_shared(classifier: RightsClassifier, shared_dir: Path) -> list[SharedDataReport]:
    """Count flags on the real comments that the shared data marks positive."""
    reports = []
    for name, selection, texts in positive_comments(shared_dir):
        predictions = classifier.predict_many(texts)
        by_label = {label: sum(label in p.labels for p in predictions) for label in LABELS}
        flagged = [(t, p) for t, p in zip(texts, predictions, strict=True) if p.labels]
        reports.append(
            SharedDataReport(
                file=name,
                selection=selection,
                comments=len(texts),
                flagged=len(flagged),
                urgent=sum(p.urgent for p in predictions),
                false_flag_rate=len(flagged) / len(texts) if texts else 0.0,
                false_flag_interval=intervals.wilson(len(flagged), len(texts)),
                by_label={label: n for label, n in by_label.items() if n},
                examples=tuple(
                    FalseFlag(text=t, labels=p.labels, urgent=p.urgent, evidence=p.evidence)
                    for t, p in flagged[:_EXAMPLES_KEPT]
                ),
            )
        )
    return reports


def _as_predictions(examples: Sequence[Example], who: str) -> list[Prediction]:
    """A reader's labels dressed as predictions, so a reader is scored like a model."""
    return [
        Prediction(labels=e.labels, urgent=e.urgent, scores={}, evidence={}, model_version=who)
        for e in examples
    ]


def _against_agreed(
    name: str,
    by_digest: Mapping[str, tuple[Example, Prediction]],
    reading: Sequence[real_comments.RealLabel],
    model_version: str,
) -> ReadingReport | None:
    """One reading, and the model, each against the agreed labels on the comments it covers.

    ``by_digest`` pairs each agreed example with the model's prediction, by text digest.
    """
    pairs = [
        (by_digest[item.text_digest], item) for item in reading if item.text_digest in by_digest
    ]
    if not pairs:
        return None
    gold = [example for (example, _), _ in pairs]
    read = [
        Example(text=example.text, labels=item.labels, urgent=item.urgent)
        for (example, _), item in pairs
    ]
    return ReadingReport(
        name=name,
        reader=score_examples(_as_predictions(read, name), gold, f"reading {name}"),
        model=score_examples([prediction for (_, prediction), _ in pairs], gold, model_version),
    )


def evaluate_real(
    classifier: BatchPredictor,
    model_version: str,
    labels: Sequence[real_comments.RealLabel],
    shared_dir: Path,
    readings: Mapping[str, Sequence[real_comments.RealLabel]] | None = None,
) -> RealCommentsReport | None:
    """Score ``classifier`` on the labelled real comments; ``None`` without the shared data.

    ``labels`` are the agreed labels; each of ``readings`` (one reader's own
    labels, by name) is scored against them beside the model.
    """
    found = real_comments.attach(labels, shared_dir)
    examples = [*found.looked_at, *found.held]
    if not examples:
        return None
    predictions = classifier.predict_many([e.text for e in examples])
    split = len(found.looked_at)
    by_digest = {
        agreement.text_digest(e.text): (e, p) for e, p in zip(examples, predictions, strict=True)
    }
    compared = (
        _against_agreed(name, by_digest, reading, model_version)
        for name, reading in (readings or {}).items()
    )
    return RealCommentsReport(
        labelled=len(labels),
        missing=found.missing,
        whole=score_examples(predictions, examples, model_version),
        looked_at=score_examples(predictions[:split], found.looked_at, model_version),
        held=score_examples(predictions[split:], found.held, model_version),
        readings=tuple(report for report in compared if report is not None),
        ranking=rank_examples(predictions, examples),
        looked_at_ranking=rank_examples(predictions[:split], found.looked_at),
        held_ranking=rank_examples(predictions[split:], found.held),
    )
