"""Reading the training texts, in worker processes when there are several cores.

Before any head is fitted, training reads every text once (tokens, negation,
phrase and urgent rules) and counts its terms; on one core that is about a
quarter of training. Texts do not depend on each other, so worker processes
each read a share and count its terms, and the shares are merged
(:meth:`~classifiers.features.FeatureSpace.merge_every_term`) into the very
space and counts one process would give. Workers send back counts and flags,
not the read texts, because pickling a text's tokens costs about as much as
reading it again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from classifiers.features import FeatureConfig, FeatureSpace, analyse, urgent_rule_hits, vetoes
from classifiers.workers import check_workers, worker_pool

BoolArray = npt.NDArray[np.bool_]
# (texts read, texts in all)
ReadProgress = Callable[[int, int], None]

# Texts per share: small enough that the progress display moves and the
# shares balance between workers, large enough that merging stays cheap.
SHARE_SIZE = 4000


@dataclass(frozen=True)
class CorpusReading:
    """What training needs from reading its texts, one row per text, in their order."""

    space: FeatureSpace
    """Every term of the texts (no minimum document frequency), as
    :meth:`~classifiers.features.FeatureSpace.with_every_term` gives it."""
    counts: sp.csr_matrix
    rule_hits: BoolArray
    """Whether an urgent-risk rule affirmed a decisive match."""
    denied: BoolArray
    """Per label, whether its phrase matches only deny it (the negation veto)."""


def _read_here(
    texts: Sequence[str], config: FeatureConfig, progress: ReadProgress | None
) -> CorpusReading:
    """Read ``texts`` in this process, reporting every thousand texts."""
    analyses = []
    for number, text in enumerate(texts, start=1):
        analyses.append(analyse(text))
        if progress and (number % 1000 == 0 or number == len(texts)):
            progress(number, len(texts))
    space, counts = FeatureSpace.with_every_term(config, analyses)
    return CorpusReading(space, counts, urgent_rule_hits(analyses), vetoes(analyses))


def read_corpus(
    texts: Sequence[str],
    config: FeatureConfig,
    *,
    workers: int = 1,
    progress: ReadProgress | None = None,
    share_size: int = SHARE_SIZE,
) -> CorpusReading:
    """Read ``texts`` and count their terms, in ``workers`` processes.

    With several workers, each reads shares of ``share_size`` texts. The
    answer is the same, bit for bit, whatever the number of workers.
    """
    check_workers(workers)
    if progress:
        progress(0, len(texts))
    if workers == 1 or len(texts) <= share_size:
        return _read_here(texts, config, progress)
    shares = [texts[start : start + share_size] for start in range(0, len(texts), share_size)]
    parts: list[CorpusReading] = []
    with worker_pool(min(workers, len(shares))) as pool:
        read = 0
        # map keeps the shares' order; each arrives as soon as it and those before it are read.
        for part in pool.map(_read_here, shares, [config] * len(shares), [None] * len(shares)):
            parts.append(part)
            read += part.counts.shape[0]
            if progress:
                progress(read, len(texts))
    space, counts = FeatureSpace.merge_every_term([(part.space, part.counts) for part in parts])
    return CorpusReading(
        space,
        counts,
        np.concatenate([part.rule_hits for part in parts]),
        np.vstack([part.denied for part in parts]),
    )
