from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from classifiers import (
    ModelFormatError,
    ModelNotFoundError,
    RightsClassifier,
    UnsafeModelError,
    load_classifier,
    persistence,
)


def test_round_trip_keeps_predictions(classifier: RightsClassifier, tmp_path: Path) -> None:
    path = tmp_path / "copy.skops"
    persistence.save(classifier.state, path)
    copy = load_classifier(path)
    texts = ["they held me down", "thank you", "I'm going to end it tonight"]
    assert copy.model_version == classifier.model_version
    assert copy.predict_many(texts) == classifier.predict_many(texts)


def test_missing_model_says_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="python -m classifiers train"):
        load_classifier(tmp_path / "nothing.skops")


def test_edited_file_is_refused(model_path: Path, tmp_path: Path) -> None:
    payload = persistence.read_payload(model_path)
    payload["thresholds"] = np.zeros_like(payload["thresholds"])
    edited = tmp_path / "edited.skops"
    sio.dump(payload, edited)
    with pytest.raises(ModelFormatError, match="checksum"):
        load_classifier(edited)


def test_damaged_file_is_refused(model_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.skops"
    data = bytearray(model_path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = os.urandom(64)
    damaged.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError):
        load_classifier(damaged)
    (tmp_path / "text.skops").write_text("not a zip", encoding="utf-8")
    with pytest.raises(ModelFormatError):
        load_classifier(tmp_path / "text.skops")


def test_file_with_untrusted_types_is_refused_before_loading(tmp_path: Path) -> None:
    unsafe = tmp_path / "unsafe.skops"
    sio.dump({"format": persistence.FORMAT_NAME, "model": LogisticRegression()}, unsafe)
    with pytest.raises(UnsafeModelError, match="LogisticRegression"):
        load_classifier(unsafe)
    with zipfile.ZipFile(unsafe) as archive:
        assert "schema.json" in archive.namelist()


def test_model_from_other_rules_is_refused(model_path: Path, tmp_path: Path) -> None:
    payload = persistence.read_payload(model_path)
    payload["phrase_rules"] = "0" * 64
    payload["checksum"] = persistence._checksum(payload)
    other = tmp_path / "other.skops"
    sio.dump(payload, other)
    with pytest.raises(ModelFormatError, match="retrain"):
        load_classifier(other)


def test_stored_version(model_path: Path, classifier: RightsClassifier, tmp_path: Path) -> None:
    assert persistence.stored_version(model_path) == classifier.model_version
    assert persistence.stored_version(tmp_path / "none.skops") is None
