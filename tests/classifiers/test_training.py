from __future__ import annotations

import pytest

from classifiers.corpus import Example
from classifiers.model import TrainingParams
from classifiers.training import TrainingError, model_version, train

EXAMPLES = [
    Example("they held me down on the floor", ("restraint",)),
    Example("the food was lovely"),
    Example("locked in the seclusion room for a day", ("seclusion",)),
]


def test_version_depends_on_the_data() -> None:
    changed = [*EXAMPLES[:2], Example("locked in the quiet room for a day", ("seclusion",))]
    relabelled = [*EXAMPLES[:2], Example(EXAMPLES[2].text, ("seclusion", "neglect"))]
    versions = {model_version(e, TrainingParams()) for e in (EXAMPLES, changed, relabelled)}
    assert len(versions) == 3
    assert all(v.startswith("rc-") and len(v) == 15 for v in versions)


def test_version_ignores_order_but_not_parameters() -> None:
    params = TrainingParams()
    assert model_version(EXAMPLES, params) == model_version(EXAMPLES[::-1], params)
    assert model_version(EXAMPLES, params) != model_version(
        EXAMPLES, TrainingParams(regularisation=1.0)
    )


def test_too_few_examples_is_an_error() -> None:
    with pytest.raises(TrainingError, match="at least"):
        train(EXAMPLES)
