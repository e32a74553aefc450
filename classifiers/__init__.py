"""Speak Safely's rights-concern classifier: text in, labels, urgency and evidence out.

It knows nothing of HTTP or SQL. The service loads it once with
:func:`load_classifier` and calls :meth:`RightsClassifier.predict` per item.
"""

from classifiers.persistence import ModelFormatError, ModelNotFoundError, UnsafeModelError
from classifiers.prediction import DEFAULT_MODEL_PATH, Prediction, RightsClassifier, load_classifier
from classifiers.taxonomy import HIGH_SEVERITY, LABELS, SEVERITY, THEMES, Label

__all__ = [
    "DEFAULT_MODEL_PATH",
    "HIGH_SEVERITY",
    "LABELS",
    "SEVERITY",
    "THEMES",
    "Label",
    "ModelFormatError",
    "ModelNotFoundError",
    "Prediction",
    "RightsClassifier",
    "UnsafeModelError",
    "load_classifier",
]
