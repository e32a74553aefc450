"""Shared fixtures: one trained model per test session.

Training takes some seconds, so it happens once: the default model is reused
when its version matches the current corpus and parameters (as after
``python -m classifiers train --if-stale``), otherwise a model is trained into
a temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers import corpus, persistence
from classifiers.model import TrainingParams
from classifiers.prediction import DEFAULT_MODEL_PATH, RightsClassifier, load_classifier
from classifiers.training import model_version, train


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a model trained on the current corpus."""
    examples = corpus.read_train()
    if persistence.stored_version(DEFAULT_MODEL_PATH) == model_version(examples, TrainingParams()):
        return DEFAULT_MODEL_PATH
    path = tmp_path_factory.mktemp("model") / "rights_classifier.skops"
    persistence.save(train(examples), path)
    return path


@pytest.fixture(scope="session")
def classifier(model_path: Path) -> RightsClassifier:
    """The classifier loaded from :func:`model_path`."""
    return load_classifier(model_path)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a tenth of the real training corpus, so training takes seconds."""
    folder = tmp_path_factory.mktemp("train")
    lines = [
        json.dumps({"text": e.text, "labels": list(e.labels), "urgent": e.urgent}) + "\n"
        for e in corpus.read_train()[::10]
    ]
    (folder / "sample.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder
