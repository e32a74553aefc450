"""``python -m classifiers``: train, evaluate and predict from the command line."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import BinaryIO

import msgspec
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from classifiers import agreement, corpus, persistence, rationales, real_comments
from classifiers.evaluation import (
    HIGH_RECALL,
    MIN_REPORTS_RANKED,
    AgreementReport,
    EvaluationReport,
    EvidenceReport,
    LabelFigures,
    RankingReport,
    RealCommentsReport,
    TestReport,
    evaluate_agreement,
    evaluate_evidence,
    evaluate_files,
    evaluate_real,
    evaluate_shared,
)
from classifiers.intervals import Interval
from classifiers.model import TrainingParams
from classifiers.prediction import DEFAULT_MODEL_PATH, RightsClassifier, load_classifier
from classifiers.shared_data import DEFAULT_SHARED_DATA
from classifiers.targets import TargetCheck, issue_targets
from classifiers.training import TrainingError, model_version, train
from classifiers.workers import DEFAULT_WORKERS_AT_MOST, default_workers

# `predict` read every line but some were not {"text": ...} JSON (each has its error line).
EXIT_BAD_LINES = 1
# Exit status for bad input (corpus, --extra file, --test file, missing model).
EXIT_INPUT = 2
# A worker process of `train --workers` died (killed, or out of memory).
EXIT_WORKER_LOST = 3
# Columns for the evaluation report when it goes to a file or a pipe.
_REPORT_WIDTH = 110


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m classifiers", description="Speak Safely rights-concern classifier."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    train_cmd = commands.add_parser("train", help="train on classifiers/data/train/*.jsonl")
    train_cmd.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="JSON lines of examples a safeguarding lead confirmed (may repeat)",
    )
    train_cmd.add_argument("--output", type=Path, default=DEFAULT_MODEL_PATH)
    train_cmd.add_argument(
        "--train-dir", type=Path, default=corpus.TRAIN_DIR, help=argparse.SUPPRESS
    )
    train_cmd.add_argument(
        "--precision-floor",
        type=_share,
        default=TrainingParams().high_precision_floor,
        metavar="SHARE",
        help=(
            "lowest out-of-fold precision a high-severity label may fall to while its "
            "threshold reaches for 97%% recall (default %(default)s); lower it to miss "
            "fewer reports at the cost of more false flags"
        ),
    )
    train_cmd.add_argument(
        "--urgent-recall-target",
        type=_target,
        default=TrainingParams().urgent_recall_target,
        metavar="SHARE",
        help=(
            "share of the training split's urgent texts the urgent threshold must reach out "
            "of fold (default %(default)s); lower it for fewer false urgent alarms at the "
            "risk of a missed one"
        ),
    )
    train_cmd.add_argument(
        "--tolerance",
        type=_tolerance,
        default=TrainingParams().tolerance,
        metavar="TOL",
        help=(
            "when the solver fitting the final model stops (default %(default)s; the folds' "
            "heads, which only place the thresholds, stop at "
            f"{TrainingParams().fold_tolerance}); 0.6 trains about a tenth faster for a "
            "small measured loss of accuracy (classifiers/README.md)"
        ),
    )
    train_cmd.add_argument(
        "--workers",
        type=_count,
        default=default_workers(),
        metavar="N",
        help=(
            "processes reading the texts and fitting the model side by side (default: "
            f"the cores this process may use, at most {DEFAULT_WORKERS_AT_MOST}: "
            "%(default)s here); the model is the same whatever the number"
        ),
    )
    train_cmd.add_argument(
        "--if-stale",
        action="store_true",
        help="do nothing if the model file already has the version this data would give",
    )

    evaluate_cmd = commands.add_parser("evaluate", help="measure the model on the test split")
    evaluate_cmd.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    evaluate_cmd.add_argument(
        "--test",
        type=Path,
        default=corpus.TEST_DIR,
        help="a file of test examples, or a folder of them (default: the test split)",
    )
    evaluate_cmd.add_argument(
        "--shared-data",
        type=Path,
        default=DEFAULT_SHARED_DATA,
        help="folder of real NHS comments (default: shared/data beside the repository)",
    )
    evaluate_cmd.add_argument("--no-shared", action="store_true", help="skip the shared data")
    evaluate_cmd.add_argument(
        "--agreement",
        type=Path,
        default=agreement.AGREEMENT_PATH,
        help="a second labeller's labels for a sample (skipped when the file is absent)",
    )
    evaluate_cmd.add_argument(
        "--rationales",
        type=Path,
        default=rationales.RATIONALES_PATH,
        help="a reader's marks of the words showing each label, to score the evidence "
        "(skipped when the file is absent)",
    )
    evaluate_cmd.add_argument(
        "--real-labels",
        type=Path,
        default=real_comments.REAL_LABELS_PATH,
        help="readers' agreed labels for real comments in the shared data "
        "(skipped when the file or the shared data is absent)",
    )
    evaluate_cmd.add_argument(
        "--real-readings",
        type=Path,
        default=real_comments.READINGS_DIR,
        help="a folder of each reader's own labels for the same comments (NAME.jsonl), "
        "each scored against the agreed labels (skipped when absent)",
    )
    evaluate_cmd.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate_cmd.add_argument(
        "--plot",
        type=Path,
        metavar="FILE",
        help="also draw precision against recall for every label into FILE "
        "(.svg, .png or .pdf), the test split and the labelled real comments side by side",
    )

    predict_cmd = commands.add_parser(
        "predict", help='read {"text": ...} JSON lines on stdin, write predictions'
    )
    predict_cmd.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    return parser


def _number(value: str) -> float:
    """Parse a number for argparse, or say plainly that it is not one."""
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None


def _share(value: str) -> float:
    """Parse a share strictly between 0 and 1, for argparse."""
    share = _number(value)
    if not 0.0 < share < 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1, e.g. 0.5")
    return share


def _up_to(highest: float, example: str) -> Callable[[str], float]:
    """Return an argparse type for a number more than 0 and at most ``highest``."""

    def parse(value: str) -> float:
        number = _number(value)
        if not 0.0 < number <= highest:
            raise argparse.ArgumentTypeError(
                f"{value} is not more than 0 and at most {highest:g}, e.g. {example}"
            )
        return number

    return parse


# A recall target, and the solver's tolerance.
_target = _up_to(1.0, "0.98")
_tolerance = _up_to(10.0, "0.6")


def _count(value: str) -> int:
    """Parse a whole number of at least 1, for argparse."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    # soft_wrap: messages name files and line numbers; never break them across lines.
    console = Console(stderr=True, soft_wrap=True)
    try:
        if args.command == "train":
            return _train(args, console)
        if args.command == "evaluate":
            return _evaluate(args, console)
        return _predict(args.model, sys.stdin.buffer, sys.stdout.buffer, console)
    except persistence.ModelNotFoundError as error:
        console.print(f"[red]error:[/red] {error}")
        return EXIT_INPUT
    except persistence.ModelFormatError as error:
        console.print(f"[red]error:[/red] {error}")
        return EXIT_INPUT


# What reading corpus files can raise that is the file's fault, not the program's.
_UNREADABLE = (corpus.CorpusError, UnicodeDecodeError, OSError)


def _why_unreadable(error: Exception, source: str) -> str:
    """One line for a person on why ``source`` (a file or folder) could not be read."""
    if isinstance(error, UnicodeDecodeError):
        return f"cannot read {source}: not UTF-8 text ({error.reason})"
    if isinstance(error, OSError):
        return f"cannot read {error.filename or source}: {error.strerror}"
    return str(error)


def _read_training(args: argparse.Namespace, console: Console) -> list[corpus.Example] | None:
    try:
        examples = corpus.read_train(args.train_dir)
        extra: list[corpus.Example] = []
        for path in args.extra:
            if not path.is_file():
                console.print(f"[red]error:[/red] --extra file not found: {path}")
                return None
            extra.extend(corpus.read_examples(path))
    except _UNREADABLE as error:
        console.print(f"[red]error:[/red] {_why_unreadable(error, 'a training file')}")
        return None
    args.extra_count = len(extra)
    return examples + extra


def _train(args: argparse.Namespace, console: Console) -> int:
    examples = _read_training(args, console)
    if examples is None:
        return EXIT_INPUT
    params = TrainingParams(
        high_precision_floor=args.precision_floor,
        urgent_recall_target=args.urgent_recall_target,
        tolerance=args.tolerance,
    )
    version = model_version(examples, params)
    if args.if_stale and persistence.stored_version(args.output) == version:
        console.print(f"model {version} at {args.output} is up to date; not retraining")
        return 0
    started = time.perf_counter()
    with Progress(
        TextColumn("[bold]training[/bold] {task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("reading", total=len(examples))

        def report(stage: str, done: int, total: int) -> None:
            """Move the progress bar to ``stage``."""
            progress.update(task, description=stage, completed=done, total=total)

        try:
            state = train(
                examples,
                params,
                extra_examples=args.extra_count,
                progress=report,
                workers=args.workers,
            )
        except TrainingError as error:
            console.print(f"[red]error:[/red] {error}")
            return EXIT_INPUT
        except BrokenProcessPool:
            console.print(
                "[red]error:[/red] a training worker process stopped before it finished "
                "(the machine may be short of memory); nothing was saved. "
                f"Try fewer workers: --workers {max(1, args.workers // 2)}"
            )
            return EXIT_WORKER_LOST
    persistence.save(state, args.output)
    table = Table(title=f"out-of-fold figures, model {state.version}")
    for column in ("output", "positives", "threshold", "precision", "recall"):
        table.add_column(column, justify="left" if column == "output" else "right")
    for summary in state.summary.outputs:
        table.add_row(
            summary.output,
            str(summary.positives),
            f"{summary.threshold:.3f}",
            f"{summary.precision:.2f}",
            f"{summary.recall:.2f}",
        )
    console.print(table)
    console.print(
        f"trained {state.version} on {state.summary.examples} examples "
        f"({args.extra_count} from --extra) in {time.perf_counter() - started:.1f} s; "
        f"saved to {args.output}"
    )
    return 0


def _with_interval(value: float, interval: Interval) -> str:
    """A figure and, in brackets, the 95% interval other texts like these could give."""
    return f"{value:.3f} ({interval[0]:.2f}-{interval[1]:.2f})"


def _interval(interval: Interval, *, percent: bool = False) -> str:
    low, high = interval
    if percent:
        return f"95% interval {low:.1%} to {high:.1%}"
    return f"95% interval {low:.3f} to {high:.3f}"


def _figures_row(table: Table, figures: LabelFigures) -> None:
    table.add_row(
        figures.label,
        figures.severity,
        str(figures.support),
        _with_interval(figures.precision, figures.precision_interval),
        _with_interval(figures.recall, figures.recall_interval),
        f"{figures.f1:.3f}",
    )


def _evaluate(args: argparse.Namespace, console: Console) -> int:
    if args.plot is not None:
        # Imported only here: matplotlib takes a while to load, and only plots need it.
        from classifiers import plots

        try:
            plots.check_plot_path(args.plot)
        except plots.PlotPathError as error:
            console.print(f"[red]error:[/red] {error}")
            return EXIT_INPUT
    files = _read_test_files(args.test, console)
    if files is None:
        return EXIT_INPUT
    classifier = load_classifier(args.model)
    examples = [example for part in files.values() for example in part]
    shared = () if args.no_shared else tuple(evaluate_shared(classifier, args.shared_data))
    agreed: tuple[AgreementReport, ...] = ()
    evidence: EvidenceReport | None = None
    real: RealCommentsReport | None = None
    real_examples: list[corpus.Example] = []
    try:
        # The second labeller and the reader's marks are for the test split,
        # whatever --test names.
        split = examples if args.test == corpus.TEST_DIR else corpus.read_test()
        if args.agreement.is_file():
            second = agreement.read_second_labels(args.agreement)
            splits = {"test": split, "train": corpus.read_train()}
            agreed = tuple(evaluate_agreement(classifier, second, splits))
        if args.rationales.is_file():
            marks = rationales.read_rationales(args.rationales)
            evidence = evaluate_evidence(classifier, marks, split)
        if not args.no_shared and args.real_labels.is_file():
            labels = real_comments.read_real_labels(args.real_labels)
            readings = real_comments.read_readings(args.real_readings)
            real = evaluate_real(
                classifier, classifier.model_version, labels, args.shared_data, readings
            )
            if real is not None and args.plot is not None:
                found = real_comments.attach(labels, args.shared_data)
                real_examples = [*found.looked_at, *found.held]
    except (
        corpus.CorpusError,
        agreement.AgreementError,
        rationales.RationaleError,
        real_comments.RealLabelError,
    ) as error:
        console.print(f"[red]error:[/red] {error}")
        return EXIT_INPUT
    whole, parts, ranking = evaluate_files(classifier, files)
    report = EvaluationReport(
        test=whole,
        test_ranking=ranking,
        shared=shared,
        agreement=agreed,
        test_files=parts,
        evidence=evidence,
        real=real,
        targets=issue_targets(whole, shared),
    )
    if args.plot is not None:
        drawn = [("test split", examples, whole)]
        if real is not None:
            drawn.append(("real comments", real_examples, real.whole))
        if not _plot(args.plot, classifier, drawn, console):
            return EXIT_INPUT
    if args.json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(report).decode()) + "\n")
        return 0
    # A file or a pipe has no width; rich would assume 80 and squeeze the intervals.
    _print_report(report, Console() if sys.stdout.isatty() else Console(width=_REPORT_WIDTH))
    return 0


def _read_test_files(test: Path, console: Console) -> dict[str, list[corpus.Example]] | None:
    """Every ``--test`` file's examples by file name; None (after saying why) if unusable.

    A file with no examples is refused by name: scored, it would report perfect
    precision and recall on nothing.
    """
    if not test.exists():
        console.print(f"[red]error:[/red] --test {test}: no such file or folder")
        return None
    try:
        files = {path.name: corpus.read_examples(path) for path in corpus.held_out_files(test)}
    except _UNREADABLE as error:
        console.print(f"[red]error:[/red] {_why_unreadable(error, str(test))}")
        return None
    if not files:
        console.print(f"[red]error:[/red] no test files (*.jsonl) in {test}")
        return None
    empty = [name for name, examples in files.items() if not examples]
    if empty:
        where = test if test.is_file() else ", ".join(str(test / name) for name in empty)
        console.print(f"[red]error:[/red] no examples in {where}", highlight=False)
        return None
    return files


def _plot(
    path: Path,
    classifier: RightsClassifier,
    drawn: Sequence[tuple[str, Sequence[corpus.Example], TestReport]],
    console: Console,
) -> bool:
    """Draw each (name, examples, report) set's precision and recall into ``path``."""
    from classifiers import plots

    sets = [plots.score_set(name, classifier, part, report) for name, part, report in drawn]
    try:
        plots.write_precision_recall(path, sets, classifier.model_version)
    except OSError as error:
        console.print(f"[red]error:[/red] cannot write the plot {path}: {error.strerror}")
        return False
    console.print(f"precision and recall drawn in {path}")
    return True


def _print_report(report: EvaluationReport, out: Console) -> None:
    test = report.test
    table = Table(title=f"test split: {test.examples} examples, model {test.model_version}")
    for column in ("label", "severity", "support", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column in ("label", "severity") else "right")
    for figures in test.labels:
        _figures_row(table, figures)
    table.add_section()
    _figures_row(table, test.urgent)
    out.print(table)
    out.print(
        "(in brackets, and below: 95% intervals, how far each figure could move on other "
        'texts written the same way; see classifiers/README.md, "How sure are these figures?")'
    )
    out.print(f"macro-F1 {test.macro_f1:.3f} ({_interval(test.macro_f1_interval)})")
    out.print(
        f"urgent recall {test.urgent.recall:.3f} ({_interval(test.urgent.recall_interval)}), "
        f"precision {test.urgent.precision:.3f} ({_interval(test.urgent.precision_interval)})"
    )
    out.print(
        f"false flags on ordinary test examples: {test.ordinary_false_flags}/"
        f"{test.ordinary_examples} = {test.ordinary_false_flag_rate:.1%} "
        f"({_interval(test.ordinary_false_flag_interval, percent=True)})"
    )
    out.print(f"high-severity labels missed: {test.missed_high_severity}")
    if test.wrong_flags:
        out.print(f"most frequent wrong flags: {_wrong_flags_summary(test)}")
    if report.test_ranking is not None:
        out.print(f"ranking: {_ranking_summary(report.test_ranking)}")
        out.print(_high_recall_summary(report.test_ranking))
    for name, part in report.test_files.items():
        out.print(
            f"  {name}: {part.examples} examples, macro-F1 "
            f"{_with_interval(part.macro_f1, part.macro_f1_interval)}, "
            f"false flags on ordinary {part.ordinary_false_flags}/{part.ordinary_examples}"
            f" = {part.ordinary_false_flag_rate:.1%}, high-severity missed "
            f"{part.missed_high_severity}, urgent recall {part.urgent.recall:.3f}"
        )
    for agreed in report.agreement:
        second = agreed.second_labeller
        line = (
            f"\nsecond labeller, reading blind, on {agreed.items} {agreed.split} items: "
            f"macro-F1 {second.macro_f1:.3f} against the corpus labels, "
            f"false flags on ordinary {second.ordinary_false_flag_rate:.1%}, "
            f"urgent recall {second.urgent.recall:.3f}"
        )
        if agreed.model is not None:
            line += (
                f"; the model on the same items: macro-F1 "
                f"{_with_interval(agreed.model.macro_f1, agreed.model.macro_f1_interval)}, "
                f"false flags {agreed.model.ordinary_false_flag_rate:.1%}, "
                f"urgent recall {agreed.model.urgent.recall:.3f}"
            )
        out.print(line)
    if report.evidence is not None:
        _print_evidence(report.evidence, out)
    for shared in report.shared:
        out.print(
            f"\n{shared.file} ({shared.selection}): {shared.flagged}/{shared.comments} flagged "
            f"= {shared.false_flag_rate:.1%} "
            f"({_interval(shared.false_flag_interval, percent=True)}), urgent {shared.urgent}; "
            f"by label {shared.by_label}"
        )
        for example in shared.examples:
            out.print(f"  - {list(example.labels)} {example.text[:160]!r}", highlight=False)
    if report.real is not None:
        _print_real(report.real, out)
    if report.targets:
        _print_targets(report.targets, out)


def _print_targets(checks: Sequence[TargetCheck], out: Console) -> None:
    """The issue's targets: met or missed beyond doubt, or not settled by these texts."""
    table = Table(title="the issue's accuracy targets, judged on each figure's 95% interval")
    for column in ("target", "goal", "measured", "95% interval", "verdict"):
        table.add_column(column, justify="left" if column in ("target", "verdict") else "right")
    colours = {"met": "green", "missed": "red", "unsettled": "yellow"}
    for target in checks:
        sign = {"at least": ">=", "at most": "<=", "every": "="}[target.direction]
        table.add_row(
            target.name,
            f"{sign} {target.goal:g}",
            f"{target.value:.3f}",
            f"{target.interval[0]:.3f} to {target.interval[1]:.3f}",
            f"[{colours[target.verdict]}]{target.verdict}[/]",
        )
    out.print(table)
    counts = {verdict: sum(t.verdict == verdict for t in checks) for verdict in colours}
    out.print(
        f"{counts['met']} met, {counts['missed']} missed, {counts['unsettled']} not settled by "
        "these texts (the interval holds the goal); speed targets: bench/classifier_bench.py"
    )


def _summary(report: TestReport) -> str:
    """One line for a report whose labels are too few for a per-label macro-F1 to mean much."""
    flagged = sum(f.flagged for f in report.labels)
    correct = sum(f.true_positives for f in report.labels)
    support = sum(f.support for f in report.labels)
    high = [f for f in report.labels if f.severity == "high"]
    high_support = sum(f.support for f in high)
    precision = correct / flagged if flagged else 0.0
    recall = correct / support if support else 0.0
    ff_low, ff_high = report.ordinary_false_flag_interval
    return (
        f"{report.examples} comments; all labels together: precision "
        f"{_with_interval(precision, report.pooled_precision_interval)}, recall "
        f"{_with_interval(recall, report.pooled_recall_interval)} ({support} reported); "
        f"high-severity missed {report.missed_high_severity}/{high_support}; false flags on "
        f"ordinary {report.ordinary_false_flags}/{report.ordinary_examples} = "
        f"{report.ordinary_false_flag_rate:.1%} ({ff_low:.1%}-{ff_high:.1%}); urgent flagged "
        f"{report.urgent.flagged} (reported {report.urgent.support})"
    )


def _print_real(real: RealCommentsReport, out: Console) -> None:
    whole = real.whole
    table = Table(
        title=f"real comments labelled by readers: {whole.examples} of {real.labelled} found"
        f" in the shared data, model {whole.model_version}"
    )
    for column in ("label", "severity", "support", "flagged", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column in ("label", "severity") else "right")
    for figures in (*whole.labels, whole.urgent):
        table.add_row(
            figures.label,
            figures.severity,
            str(figures.support),
            str(figures.flagged),
            _with_interval(figures.precision, figures.precision_interval),
            _with_interval(figures.recall, figures.recall_interval),
            f"{figures.f1:.3f}",
        )
    out.print(table)
    out.print(f"all: {_summary(whole)}")
    out.print(f"looked-at half: {_summary(real.looked_at)}")
    out.print(f"held half (only scored): {_summary(real.held)}")
    if real.looked_at.wrong_flags:
        # Only the looked-at half's errors are shown: the held half is only ever scored.
        out.print(
            f"looked-at half, most frequent wrong flags: {_wrong_flags_summary(real.looked_at)}"
        )
    for name, ranking in (
        ("all", real.ranking),
        ("looked-at half", real.looked_at_ranking),
        ("held half", real.held_ranking),
    ):
        if ranking is not None:
            out.print(f"ranking, {name}: {_ranking_summary(ranking)}")
    if real.ranking is not None:
        out.print(f"all: {_high_recall_summary(real.ranking)}")
    if real.missing:
        out.print(f"[yellow]{real.missing} labelled comments are no longer in the shared data")
    for reading in real.readings:
        out.print(
            f"reading {reading.name!r} against the agreed labels, on {reading.reader.examples} "
            f"comments: {_summary(reading.reader)}"
        )
        if reading.model.examples != whole.examples:
            out.print(f"  the model on the same comments: {_summary(reading.model)}")


def _ranking_summary(ranking: RankingReport) -> str:
    by_label = ", ".join(
        f"{label} {value:.3f}" for label, value in ranking.average_precision.items()
    )
    return (
        f"average precision, any concern {ranking.any_concern_average_precision:.3f}, "
        f"mean of {ranking.labels_ranked} labels with {MIN_REPORTS_RANKED}+ reports "
        f"{ranking.macro_average_precision:.3f} ({by_label})"
    )


def _wrong_flags_summary(report: TestReport, shown: int = 8) -> str:
    return ", ".join(
        f"{wrong.flagged} on {wrong.reported} {wrong.count}" for wrong in report.wrong_flags[:shown]
    )


def _high_recall_summary(ranking: RankingReport) -> str:
    by_label = ", ".join(
        f"{label} {value:.3f}" for label, value in ranking.precision_at_high_recall.items()
    )
    return f"best precision any threshold gives at recall {HIGH_RECALL:g} or more: {by_label}"


def _print_evidence(evidence: EvidenceReport, out: Console) -> None:
    by_label = ", ".join(
        f"{label} {share:.0%}" for label, share in evidence.first_phrase_on_target_by_label.items()
    )
    out.print(
        f"\nevidence, against a reader's marks on {evidence.texts} test texts "
        f"({evidence.flags} correct flags): the first phrase falls on the marked words "
        f"for {evidence.first_phrase_on_target:.1%} of flags and some phrase for "
        f"{evidence.some_phrase_on_target:.1%}; {evidence.highlight_on_target:.1%} of "
        f"highlighted characters are marked ones, and the highlights cover "
        f"{evidence.marks_highlighted:.1%} of the marks. First phrase by label: {by_label}"
    )


def _predict(model: Path, lines: Iterable[bytes], out: BinaryIO, console: Console) -> int:
    """Write one JSON line per non-blank input line: a prediction, or an error for that line.

    Input is read as bytes so that a line that is not UTF-8 gets its error line
    like any other bad line, and the rest are still predicted. The exit status
    is 0 when every line was read and :data:`EXIT_BAD_LINES` otherwise, with a
    count on standard error, so a script cannot mistake a partial run for a clean one.
    """
    classifier: RightsClassifier = load_classifier(model)
    encoder = msgspec.json.Encoder()
    read = bad = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        read += 1
        text = _text_of(raw)
        if isinstance(text, _BadLine):
            bad += 1
            out.write(_error_line(encoder, number, text.message))
        else:
            out.write(encoder.encode(classifier.predict(text)) + b"\n")
        out.flush()
    if bad:
        lines_word = "line" if read == 1 else "lines"
        console.print(
            f"{bad} of {read} {lines_word} could not be read; see the error lines",
            highlight=False,
        )
        return EXIT_BAD_LINES
    return 0


class _BadLine(msgspec.Struct, frozen=True):
    message: str


_ANY_JSON = msgspec.json.Decoder()


def _text_of(raw: bytes) -> str | _BadLine:
    """The ``text`` of one input line, or why it has none."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _BadLine(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start + 1})"
        )
    try:
        item = _ANY_JSON.decode(line)
    except msgspec.DecodeError as error:
        return _BadLine(f"not valid JSON ({error})")
    text = item.get("text") if isinstance(item, dict) else None
    if not isinstance(text, str):
        return _BadLine('expected an object with a string "text"')
    return text


def _error_line(encoder: msgspec.json.Encoder, number: int, message: str) -> bytes:
    return encoder.encode({"error": message, "line": number}) + b"\n"
