"""Saving and loading a trained model with skops, safely.

The file holds nothing but strings, numbers, lists, dicts and numpy arrays of
numbers or strings: no scikit-learn objects and no code. Before anything is
built, the file's schema is read and every node checked against
:data:`ALLOWED_NODES`; skops's own defaults would also trust scikit-learn
estimators, which this file never needs. It is then loaded with an explicit,
empty list of extra trusted types, and a checksum over the contents refuses a
file that was edited after it was written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import numpy.typing as npt

from classifiers import phrases, urgency
from classifiers.features import RULE_FEATURE_NAMES, FeatureSpace
from classifiers.model import HEADS, ModelState, TrainingParams, TrainingSummary

FORMAT_NAME = "speak-safely-rights-classifier"
FORMAT_VERSION = 1
# Types skops must trust beyond its defaults (builtins and numpy arrays): none.
TRUSTED_TYPES: tuple[str, ...] = ()

# The only (module, class, skops loader) triples a model file may contain.
ALLOWED_NODES: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("builtins", "dict", "DictNode"),
        ("builtins", "list", "ListNode"),
        ("builtins", "tuple", "TupleNode"),
        ("builtins", "str", "JsonNode"),
        ("builtins", "int", "JsonNode"),
        ("builtins", "float", "JsonNode"),
        ("builtins", "bool", "JsonNode"),
        ("builtins", "NoneType", "JsonNode"),
        ("builtins", "str", "TypeNode"),
        ("numpy", "ndarray", "NdArrayNode"),
    }
)
# A model's schema is a few kilobytes; a huge one is not ours.
_MAX_SCHEMA_BYTES = 1_000_000

_ARRAYS = (
    "word_names",
    "word_idf",
    "char_names",
    "char_idf",
    "weights",
    "intercepts",
    "thresholds",
)
_STRINGS = ("format", "version", "params", "summary", "phrase_rules", "urgent_rules")


class ModelNotFoundError(FileNotFoundError):
    """There is no trained model file at the expected path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"no trained rights classifier at {path}; run `python -m classifiers train` first"
        )


class ModelFormatError(Exception):
    """The file is not a model this code can use (damaged, edited, or from other code)."""


class UnsafeModelError(ModelFormatError):
    """The file asks to build types that are not trusted; it was not loaded."""


def _checksum(payload: dict[str, Any]) -> str:
    digest = hashlib.sha256()
    for key in sorted(payload):
        if key == "checksum":
            continue
        value = payload[key]
        digest.update(key.encode())
        if isinstance(value, np.ndarray):
            digest.update(str(value.dtype).encode())
            digest.update(str(value.shape).encode())
            digest.update(np.ascontiguousarray(value).tobytes())
        else:
            digest.update(msgspec.json.encode(value))
    return digest.hexdigest()


def to_payload(state: ModelState) -> dict[str, Any]:
    """Return the plain-data form of ``state`` that is written to disk."""
    space = state.space
    payload: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "version": state.version,
        "params": msgspec.json.encode(state.params).decode(),
        "summary": msgspec.json.encode(state.summary).decode(),
        "outputs": list(HEADS),
        "rule_features": list(RULE_FEATURE_NAMES),
        "phrase_rules": phrases.patterns_fingerprint(),
        "urgent_rules": urgency.rules_fingerprint(),
        "word_names": np.array(space.word_names, dtype=np.str_),
        "word_idf": space.word_idf,
        "char_names": np.array(space.char_names, dtype=np.str_),
        "char_idf": space.char_idf,
        "weights": state.weights.astype(np.float64),
        "intercepts": state.intercepts,
        "thresholds": state.thresholds,
    }
    payload["checksum"] = _checksum(payload)
    return payload


def save(state: ModelState, path: Path) -> None:
    """Write ``state`` to ``path`` atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(handle)
    import skops.io as sio  # slow to import; only saving and loading need it

    try:
        sio.dump(to_payload(state), temporary, compression=zipfile.ZIP_DEFLATED)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def schema_nodes(path: Path) -> set[tuple[str, str, str]]:
    """Return the (module, class, loader) of every node in a skops file, building nothing."""
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("schema.json").file_size > _MAX_SCHEMA_BYTES:
                raise ModelFormatError(f"{path} has an oversized schema")
            schema = json.loads(archive.read("schema.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ModelFormatError(f"{path} is not a readable skops file: {error}") from error
    found: set[tuple[str, str, str]] = set()
    pending: list[object] = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "__class__" in node or "__module__" in node or "__loader__" in node:
                found.add(
                    (
                        str(node.get("__module__")),
                        str(node.get("__class__")),
                        str(node.get("__loader__")),
                    )
                )
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def read_payload(path: Path) -> dict[str, Any]:
    """Load the plain data of a model file, refusing untrusted or damaged files."""
    if not path.is_file():
        raise ModelNotFoundError(path)
    foreign = sorted(
        f"{module}.{name}" for module, name, _ in schema_nodes(path).difference(ALLOWED_NODES)
    )
    if foreign:
        raise UnsafeModelError(
            f"{path} would build types a model file never holds ({', '.join(foreign)}); "
            "refusing to load it"
        )
    import skops.io as sio  # slow to import; only saving and loading need it

    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as error:  # skops raises several types for a damaged archive
        raise ModelFormatError(f"{path} is not a readable skops file: {error}") from error
    unexpected = sorted(set(untrusted).difference(TRUSTED_TYPES))
    if unexpected:
        raise UnsafeModelError(
            f"{path} would build untrusted types ({', '.join(unexpected)}); refusing to load it"
        )
    try:
        payload = sio.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as error:
        raise ModelFormatError(f"{path} could not be loaded: {error}") from error
    _check_payload(payload, path)
    return payload  # type: ignore[no-any-return]


def _check_payload(payload: object, path: Path) -> None:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        raise ModelFormatError(f"{path} is not a rights classifier model")
    if payload.get("format_version") != FORMAT_VERSION:
        raise ModelFormatError(
            f"{path} has format {payload.get('format_version')}, this code reads "
            f"{FORMAT_VERSION}; retrain with `python -m classifiers train`"
        )
    for key in _STRINGS:
        if not isinstance(payload.get(key), str):
            raise ModelFormatError(f"{path}: `{key}` is missing or not text")
    for key in _ARRAYS:
        if not isinstance(payload.get(key), np.ndarray):
            raise ModelFormatError(f"{path}: `{key}` is missing or not an array")
    if payload.get("checksum") != _checksum(payload):
        raise ModelFormatError(f"{path} was changed after it was written (checksum mismatch)")
    if payload.get("outputs") != list(HEADS) or payload.get("rule_features") != list(
        RULE_FEATURE_NAMES
    ):
        raise ModelFormatError(
            f"{path} was trained for other labels or rules; retrain with "
            "`python -m classifiers train`"
        )
    if (
        payload["phrase_rules"] != phrases.patterns_fingerprint()
        or payload["urgent_rules"] != urgency.rules_fingerprint()
    ):
        raise ModelFormatError(
            f"{path} was trained with other phrase rules; retrain with "
            "`python -m classifiers train`"
        )


def from_payload(payload: dict[str, Any]) -> ModelState:
    """Rebuild a :class:`ModelState` from checked plain data."""
    params = msgspec.json.decode(payload["params"], type=TrainingParams)
    word_names: npt.NDArray[np.str_] = payload["word_names"]
    char_names: npt.NDArray[np.str_] = payload["char_names"]
    space = FeatureSpace(
        params.features,
        word_names.tolist(),
        np.asarray(payload["word_idf"], dtype=np.float64),
        char_names.tolist(),
        np.asarray(payload["char_idf"], dtype=np.float64),
    )
    weights = np.asarray(payload["weights"], dtype=np.float64)
    if weights.shape != (space.n_features, len(HEADS)):
        raise ModelFormatError(
            f"weights have shape {weights.shape}, expected {(space.n_features, len(HEADS))}"
        )
    return ModelState(
        version=payload["version"],
        params=params,
        space=space,
        weights=weights,
        intercepts=np.asarray(payload["intercepts"], dtype=np.float64),
        thresholds=np.asarray(payload["thresholds"], dtype=np.float64),
        summary=msgspec.json.decode(payload["summary"], type=TrainingSummary),
    )


def load(path: Path) -> ModelState:
    """Load a model file safely; see :func:`read_payload` for what is refused."""
    return from_payload(read_payload(path))


def stored_version(path: Path) -> str | None:
    """Return the version recorded in the model at ``path``, or None if there is none.

    This reads only the file's schema (no arrays, no skops import), so that
    ``train --if-stale`` is quick; :func:`load` still checks everything.
    """
    if not path.is_file():
        return None
    try:
        nodes = schema_nodes(path)
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
        node = schema["content"]["version"]
        version = json.loads(node["content"])
    except (ModelFormatError, KeyError, TypeError, ValueError, zipfile.BadZipFile):
        return None
    if not nodes <= ALLOWED_NODES or not isinstance(version, str):
        return None
    return version
