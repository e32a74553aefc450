from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pytest

from classifiers import LABELS, persistence
from classifiers.agreement import text_digest
from classifiers.cli import EXIT_BAD_LINES, EXIT_INPUT, EXIT_WORKER_LOST, main
from classifiers.model import OUTPUTS, ModelState
from classifiers.taxonomy import HIGH_SEVERITY


def run_predict(
    model_path: Path,
    stdin: str | bytes,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    status: int = 0,
) -> list[dict[str, object]]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    # predict reads standard input's bytes, so a line that is not UTF-8 is its own error.
    written = io.BytesIO()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(written, encoding="utf-8"))
    assert main(["predict", "--model", str(model_path)]) == status
    return [json.loads(line) for line in written.getvalue().decode("utf-8").splitlines()]


def test_predict_reads_json_lines_and_survives_bad_ones(
    model_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = (
        '{"text": "they held me down on the floor", "id": 7}\n'
        "not json\n"
        "\n"
        '{"words": "no text key"}\n'
        '["a list"]\n'
        '{"text": "thank you all"}\n'
    )
    out = run_predict(model_path, stdin, monkeypatch, capsys, status=EXIT_BAD_LINES)
    assert len(out) == 5
    first, bad_json, no_text, a_list, last = out
    assert set(first) == {"labels", "urgent", "scores", "evidence", "model_version"}
    assert "restraint" in first["labels"]  # type: ignore[operator]
    assert set(first["scores"]) == set(LABELS)  # type: ignore[call-overload]
    assert bad_json["line"] == 2
    assert "JSON" in str(bad_json["error"])
    assert no_text["line"] == 4
    assert a_list["line"] == 5
    assert last["labels"] == []
    assert capsys.readouterr().err.strip() == (
        "3 of 5 lines could not be read; see the error lines"
    )


def test_predict_gives_a_line_that_is_not_utf8_its_own_error_and_goes_on(
    model_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = b'\xff\n{"text": "caf\xc3\xa9 staff held me down"}\n'
    out = run_predict(model_path, stdin, monkeypatch, capsys, status=EXIT_BAD_LINES)
    assert out[0] == {"error": "not UTF-8 text (byte 0xff at position 1)", "line": 1}
    assert "restraint" in out[1]["labels"]  # type: ignore[operator]
    assert "1 of 2 lines could not be read" in capsys.readouterr().err


def test_predict_exits_0_when_every_line_was_read(
    model_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run_predict(model_path, '{"text": "kind nurses"}\n\n', monkeypatch, capsys)
    assert len(out) == 1
    assert capsys.readouterr().err == ""


def test_train_extra_reports_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "confirmed.jsonl"
    extra.write_text(
        '{"text": "held down", "labels": ["restraint"], "urgent": false}\n'
        '{"text": "x", "labels": ["restrained"], "urgent": false}\n',
        encoding="utf-8",
    )
    status = main(["train", "--extra", str(extra), "--output", str(tmp_path / "m.skops")])
    assert status == EXIT_INPUT
    assert f"{extra}:2:" in capsys.readouterr().err
    assert not (tmp_path / "m.skops").exists()


def test_train_extra_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["train", "--extra", str(tmp_path / "none.jsonl"), "--output", str(tmp_path / "m")]
    )
    assert status == EXIT_INPUT
    assert "not found" in capsys.readouterr().err


def test_train_if_stale_skips_a_current_model(
    model_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--if-stale", "--output", str(model_path)]) == 0
    assert "up to date" in capsys.readouterr().err


def _trained_with_and_without(
    small_corpus: Path, tmp_path: Path, option: str, value: str
) -> tuple[ModelState, ModelState]:
    """Train on the small corpus with the defaults, then with ``option`` set to ``value``."""
    standard, changed = tmp_path / "standard.skops", tmp_path / "changed.skops"
    command = ["train", "--train-dir", str(small_corpus)]
    assert main([*command, "--output", str(standard)]) == 0
    assert main([*command, option, value, "--output", str(changed)]) == 0
    return persistence.load(standard), persistence.load(changed)


def test_a_lower_precision_floor_trades_precision_for_recall(
    small_corpus: Path, tmp_path: Path
) -> None:
    before, after = _trained_with_and_without(small_corpus, tmp_path, "--precision-floor", "0.3")
    assert after.params.high_precision_floor == 0.3
    assert after.version != before.version
    high = sorted(OUTPUTS.index(label) for label in HIGH_SEVERITY)
    # The floor decides no fit, only thresholds on the same out-of-fold scores,
    # so every high-severity threshold can only fall, and the floor binds for some.
    assert all(after.thresholds[i] <= before.thresholds[i] for i in high)
    assert any(after.thresholds[i] < before.thresholds[i] for i in high)
    recalls = [(before.summary.outputs[i].recall, after.summary.outputs[i].recall) for i in high]
    assert all(new >= old for old, new in recalls)
    assert sum(new for _, new in recalls) > sum(old for old, _ in recalls)
    # The other labels' thresholds are untouched.
    others = [i for i in range(len(OUTPUTS)) if i not in high]
    assert list(after.thresholds[others]) == list(before.thresholds[others])


def test_a_lower_urgent_target_raises_only_the_urgent_threshold(
    small_corpus: Path, tmp_path: Path
) -> None:
    before, after = _trained_with_and_without(
        small_corpus, tmp_path, "--urgent-recall-target", "0.8"
    )
    assert after.params.urgent_recall_target == 0.8
    assert after.version != before.version
    urgent = OUTPUTS.index("urgent")
    # Same out-of-fold scores, a lower target: the threshold can only rise.
    assert after.thresholds[urgent] > before.thresholds[urgent]
    assert after.summary.outputs[urgent].recall <= before.summary.outputs[urgent].recall
    assert after.summary.outputs[urgent].precision >= before.summary.outputs[urgent].precision
    others = [i for i in range(len(OUTPUTS)) if i != urgent]
    assert list(after.thresholds[others]) == list(before.thresholds[others])


def test_a_looser_tolerance_stops_the_solver_sooner(small_corpus: Path, tmp_path: Path) -> None:
    before, after = _trained_with_and_without(small_corpus, tmp_path, "--tolerance", "1.0")
    assert after.params.tolerance == 1.0
    assert after.version != before.version
    # The same problem, stopped at another point: other weights, but not far from them.
    assert not np.array_equal(after.weights, before.weights)
    correlation = np.corrcoef(after.weights.ravel(), before.weights.ravel())[0, 1]
    assert correlation > 0.9


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--precision-floor", "1.5", "between 0 and 1"),
        ("--urgent-recall-target", "1.01", "at most 1"),
        ("--urgent-recall-target", "0", "more than 0"),
        ("--urgent-recall-target", "all", "not a number"),
        ("--precision-floor", "0", "between 0 and 1"),
        ("--precision-floor", "half", "not a number"),
        ("--tolerance", "0", "more than 0"),
        ("--tolerance", "20", "at most 10"),
        ("--tolerance", "loose", "not a number"),
        ("--workers", "0", "less than 1"),
        ("--workers", "-2", "less than 1"),
        ("--workers", "two", "not a whole number"),
    ],
)
def test_a_train_option_out_of_range_is_refused_before_training(
    option: str, value: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "m.skops"
    with pytest.raises(SystemExit) as exited:
        main(["train", option, value, "--output", str(output)])
    assert exited.value.code == EXIT_INPUT
    error = capsys.readouterr().err
    assert option in error
    assert reason in error
    assert not output.exists()


def test_a_lost_training_worker_is_a_clear_error_and_saves_nothing(
    small_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def lose_a_worker(*args: object, **kwargs: object) -> None:
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    monkeypatch.setattr("classifiers.cli.train", lose_a_worker)
    output = tmp_path / "m.skops"
    command = ["train", "--train-dir", str(small_corpus), "--workers", "4", "--output", str(output)]
    assert main(command) == EXIT_WORKER_LOST
    error = " ".join(capsys.readouterr().err.split())
    assert "worker process stopped" in error
    assert "--workers 2" in error
    assert not output.exists()


def test_evaluate_json(model_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--model", str(model_path), "--no-shared", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [figures["label"] for figures in report["test"]["labels"]] == list(LABELS)
    assert 0.0 <= report["test"]["macro_f1"] <= 1.0
    assert report["shared"] == []
    # Each ordinary text with a flag has at least one wrong flag "on ordinary".
    wrong = report["test"]["wrong_flags"]
    on_ordinary = sum(w["count"] for w in wrong if w["reported"] == "ordinary")
    assert on_ordinary >= report["test"]["ordinary_false_flags"] > 0
    assert [w["count"] for w in wrong] == sorted((w["count"] for w in wrong), reverse=True)
    ranking = report["test_ranking"]
    assert ranking["examples"] == report["test"]["examples"]
    assert list(ranking["precision_at_high_recall"]) == list(LABELS)
    assert all(0.0 < value <= 1.0 for value in ranking["precision_at_high_recall"].values())
    # Every figure comes with the interval other texts like these could give.
    low, high = report["test"]["macro_f1_interval"]
    assert low < report["test"]["macro_f1"] < high
    for figures in report["test"]["labels"]:
        assert figures["precision_interval"][0] <= figures["precision"]
        assert figures["precision"] <= figures["precision_interval"][1]
    # And the targets, each judged on its interval; no shared data, no real-comment rows.
    targets = {t["name"]: t for t in report["targets"]}
    assert len(targets) == 2 * len(HIGH_SEVERITY) + 3
    assert targets["macro-F1"]["value"] == report["test"]["macro_f1"]
    assert {t["verdict"] for t in targets.values()} <= {"met", "missed", "unsettled"}


def test_evaluate_prints_each_figure_with_its_interval(
    model_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--model", str(model_path), "--no-shared"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"macro-F1 0\.\d{3} \(95% interval 0\.\d{3} to 0\.\d{3}\)", out)
    assert re.search(r"restraint +│ high +│ +\d+ │ 0\.\d{3} \(0\.\d\d-[01]\.\d\d\)", out)
    assert "How sure are these figures?" in out
    assert "the issue's accuracy targets" in out
    assert re.search(
        r"macro-F1 +│ >= 0\.85 │ +0\.\d{3} │ 0\.\d{3} to 0\.\d{3} │ (met|missed|unsettled)", out
    )


def test_missing_model_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--model", str(tmp_path / "none.skops")]) == EXIT_INPUT
    assert "python -m classifiers train" in capsys.readouterr().err


def test_evaluate_reports_the_second_labeller(
    model_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--model", str(model_path), "--no-shared", "--json"]) == 0
    agreement = json.loads(capsys.readouterr().out)["agreement"]
    assert [(a["split"], a["items"]) for a in agreement] == [("test", 300), ("train", 300)]
    assert agreement[0]["model"]["examples"] == 300
    assert agreement[1]["model"] is None


def test_evaluate_scores_the_evidence_against_the_readers_marks(
    model_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--model", str(model_path), "--no-shared", "--json"]) == 0
    evidence = json.loads(capsys.readouterr().out)["evidence"]
    assert evidence["texts"] == 400
    assert 0 < evidence["flags"] <= 574
    assert 0.0 < evidence["first_phrase_on_target"] <= evidence["some_phrase_on_target"] <= 1.0
    assert set(evidence["first_phrase_on_target_by_label"]) <= {*LABELS, "urgent"}


@pytest.mark.parametrize(
    ("option", "line"),
    [
        (
            "--agreement",
            '{"split": "test", "text_digest": "0000000000000000", "labels": [], "urgent": false}',
        ),
        (
            "--rationales",
            '{"text_digest": "0000000000000000", "label": "abuse", "spans": [[0, 3]]}',
        ),
    ],
)
def test_evaluate_with_a_stale_file_about_the_test_split_is_a_clear_error(
    option: str, line: str, model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A digest that names no test text: the text was edited after it was labelled or marked.
    stale = tmp_path / "stale.jsonl"
    stale.write_text(line + "\n", encoding="utf-8")
    command = ["evaluate", "--model", str(model_path), "--no-shared", option, str(stale)]
    assert main(command) == EXIT_INPUT
    assert "matches no" in capsys.readouterr().err


def test_evaluate_reports_each_test_file_and_all_of_them(
    model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.jsonl").write_text(
        '{"text": "four of them held me face down on the floor", "labels": ["restraint"],'
        ' "urgent": false}\n'
        '{"text": "the food was lovely and hot", "labels": [], "urgent": false}\n',
        encoding="utf-8",
    )
    (tmp_path / "b.jsonl").write_text(
        '{"text": "they locked me in the side room on my own for two days",'
        ' "labels": ["seclusion"], "urgent": false}\n',
        encoding="utf-8",
    )
    command = ["evaluate", "--model", str(model_path), "--no-shared", "--json"]
    assert main([*command, "--test", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    # The second labeller and the reader's marks still speak of the real test split.
    assert [a["items"] for a in report["agreement"]] == [300, 300]
    assert report["evidence"]["texts"] == 400
    assert report["test"]["examples"] == 3
    parts = report["test_files"]
    assert {name: part["examples"] for name, part in parts.items()} == {"a.jsonl": 2, "b.jsonl": 1}
    assert parts["b.jsonl"]["ordinary_examples"] == 0
    assert parts["a.jsonl"]["ordinary_examples"] == 1

    assert main([*command, "--test", str(tmp_path / "a.jsonl")]) == 0
    single = json.loads(capsys.readouterr().out)
    assert single["test"]["examples"] == 2
    assert single["test_files"] == {}


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda folder: folder / "missing.jsonl", "--test {path}: no such file or folder"),
        (lambda folder: _written(folder / "empty.jsonl", b"\n"), "no examples in {path}"),
        (lambda folder: _written(folder / "latin1.jsonl", b"caf\xe9\n"), "not UTF-8 text"),
    ],
    ids=["missing", "empty", "not utf-8"],
)
def test_evaluate_refuses_a_test_file_it_cannot_score(
    model_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], Path],
    says: str,
) -> None:
    path = make(tmp_path)
    command = ["evaluate", "--model", str(model_path), "--no-shared", "--test", str(path)]
    assert main(command) == EXIT_INPUT
    captured = capsys.readouterr()
    assert says.format(path=path) in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_evaluate_refuses_a_folder_holding_an_empty_test_file(
    model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = b'{"text": "held down", "labels": ["restraint"], "urgent": false}\n'
    _written(tmp_path / "a.jsonl", line)
    _written(tmp_path / "b.jsonl", b"")
    command = ["evaluate", "--model", str(model_path), "--no-shared", "--test", str(tmp_path)]
    assert main(command) == EXIT_INPUT
    assert f"no examples in {tmp_path / 'b.jsonl'}" in capsys.readouterr().err


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_evaluate_on_a_folder_without_test_files_is_a_clear_error(
    model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["evaluate", "--model", str(model_path), "--no-shared", "--test", str(tmp_path)]
    assert main(command) == EXIT_INPUT
    assert "no test files" in capsys.readouterr().err


def labelled_real_comments(folder: Path) -> Path:
    """Write two real comments into ``folder`` as shared data, and their agreed labels file."""
    comments = {
        "They held me face down on the floor and jabbed me.": ["restraint"],
        "Lovely staff, thank you.": [],
    }
    (folder / "nhs_feedback_v6.csv").write_text(
        "FFT answer\n" + "\n".join(f'"{text}"' for text in comments) + "\n", encoding="utf-8"
    )
    labels = folder / "labels.jsonl"
    labels.write_text(
        "".join(
            json.dumps(
                {
                    "file": "nhs_feedback_v6.csv",
                    "text_digest": text_digest(text),
                    "labels": found,
                    "urgent": False,
                }
            )
            + "\n"
            for text, found in comments.items()
        ),
        encoding="utf-8",
    )
    return labels


def test_evaluate_scores_the_labelled_real_comments(
    model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = labelled_real_comments(tmp_path)
    command = ["evaluate", "--model", str(model_path), "--shared-data", str(tmp_path)]
    options = ["--real-labels", str(labels), "--real-readings", str(tmp_path / "none")]
    assert main([*command, *options, "--json"]) == 0
    real = json.loads(capsys.readouterr().out)["real"]
    assert (real["labelled"], real["missing"], real["whole"]["examples"]) == (2, 0, 2)
    assert real["readings"] == []
    assert main([*command, *options]) == 0
    assert "real comments labelled by readers: 2 of 2" in capsys.readouterr().out

    readings = tmp_path / "readings"
    readings.mkdir()
    (readings / "first.jsonl").write_text(labels.read_text(encoding="utf-8"), encoding="utf-8")
    options = ["--real-labels", str(labels), "--real-readings", str(readings)]
    assert main([*command, *options, "--json"]) == 0
    (first,) = json.loads(capsys.readouterr().out)["real"]["readings"]
    assert (first["name"], first["reader"]["examples"], first["model"]["examples"]) == (
        "first",
        2,
        2,
    )
    assert first["reader"]["missed_high_severity"] == 0
    assert main([*command, *options]) == 0
    assert "reading 'first' against the agreed labels, on 2 comments" in capsys.readouterr().out

    labels.write_text('{"file": "elsewhere.csv"}\n', encoding="utf-8")
    assert main([*command, *options]) == EXIT_INPUT
    assert "labels.jsonl:1" in capsys.readouterr().err


def test_evaluate_draws_the_test_split_and_the_real_comments_when_asked(
    model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = labelled_real_comments(tmp_path)
    plot = tmp_path / "plots" / "precision_recall.svg"
    command = ["evaluate", "--model", str(model_path), "--shared-data", str(tmp_path)]
    options = ["--real-labels", str(labels), "--plot", str(plot), "--json"]
    assert main([*command, *options]) == 0
    captured = capsys.readouterr()
    assert f"drawn in {plot}" in captured.err
    report = json.loads(captured.out)
    restraint = report["test"]["labels"][0]
    assert restraint["label"] == "restraint"
    # SVG text is drawn as paths; matplotlib keeps each text in a comment beside them.
    drawn = plot.read_text(encoding="utf-8")
    assert f"<!-- reports: {restraint['support']} / 1 -->" in drawn
    assert f"model {report['test']['model_version']}" in drawn
    assert f"test split ({report['test']['examples']:,} texts)" in drawn
    assert "real comments (2 texts)" in drawn


def test_evaluate_refuses_a_plot_it_cannot_draw_and_draws_nothing(
    model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["evaluate", "--model", str(model_path), "--no-shared", "--plot"]
    assert main([*command, str(tmp_path / "curves.txt")]) == EXIT_INPUT
    assert "name it with one of" in capsys.readouterr().err
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    assert main([*command, str(blocker / "curves.svg")]) == EXIT_INPUT
    assert "cannot write the plot" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a file"]
