"""Evidence: the phrases of a text that pushed a label's score up the most.

A linear model's score is a sum over features, so each feature's share is
its value times its weight. Word and character n-grams are spread back over
the tokens they came from; runs of tokens that together pushed the score up
become candidate phrases, as do the spans of affirmed rule matches. The best
few are returned as exact substrings of the original text, so a screen can
highlight them where they stand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from classifiers.features import Analysis, IntArray, Occurrences

MAX_PHRASES = 3
# Tokens scoring under this share of the best token do not start or end a phrase.
_TOKEN_SHARE = 0.2
# A phrase may bridge this many weaker words of its sentence, so a lead sees
# "into her chair with a sheet" highlighted rather than "into her chair" and "sheet".
# Against a reader's marks on 400 test texts (classifiers/README.md), bridging
# two words took the first phrase on target from 91.9% to 94.4% of flags on the
# half used to choose it and 89.0% to 89.8% on the other half, and the words per
# phrase from 1.8 to 3.7.
_BRIDGED_WORDS = 2


class Span:
    """A scored character span of the text."""

    __slots__ = ("end", "score", "start")

    def __init__(self, start: int, end: int, score: float) -> None:
        self.start = start
        self.end = end
        self.score = score


class PairItems(NamedTuple):
    """The items of some (text, output) pairs: one per n-gram occurrence of the pair's text."""

    texts: IntArray
    """Each pair's text."""
    occurrence: IntArray
    """Each item's occurrence (index into :attr:`Spreading.occurrences`)."""
    pair: IntArray
    """Each item's pair."""


class Spreading:
    """Spreads n-gram contributions over the tokens of several texts at once.

    Evidence is worked out for every flagged (text, output) pair of a batch
    together: a few array operations for the whole batch instead of a dozen
    per text, which for one short text cost more than the arithmetic.
    """

    def __init__(
        self,
        features: sp.csr_matrix,
        rows: Sequence[int],
        occurrences: Occurrences,
        token_counts: Sequence[int],
    ) -> None:
        """``occurrences`` and ``token_counts`` are of the texts at ``rows`` of ``features``."""
        width = features.shape[1]
        # Each stored entry's key orders the matrix by row, then column, as CSR stores it.
        entry_rows = np.repeat(
            np.arange(features.shape[0], dtype=np.int64), np.diff(features.indptr)
        )
        keys = entry_rows * width + features.indices
        occurrence_rows = np.asarray(rows, dtype=np.int64)[occurrences.texts]
        positions = np.searchsorted(keys, occurrence_rows * width + occurrences.columns)
        self.occurrences = occurrences
        self.values = features.data[positions]
        self.covered = occurrences.lasts - occurrences.firsts + 1
        # An n-gram said twice shares its contribution between both places.
        repeats = np.bincount(positions, minlength=features.nnz)[positions]
        self.divisor = repeats * self.covered
        self.text_starts = np.searchsorted(occurrences.texts, np.arange(len(rows) + 1))
        self.token_counts = np.asarray(token_counts, dtype=np.int64)

    def pair_items(self, texts: Sequence[int]) -> PairItems:
        """Return, for pairs on ``texts``, each item's occurrence and pair, pair after pair."""
        chosen = np.asarray(texts, dtype=np.int64)
        starts = self.text_starts[chosen]
        sizes = self.text_starts[chosen + 1] - starts
        pair = np.repeat(np.arange(len(chosen), dtype=np.int64), sizes)
        offsets = np.arange(int(sizes.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(sizes) - sizes, sizes
        )
        return PairItems(chosen, np.repeat(starts, sizes) + offsets, pair)

    def token_scores(
        self, items: PairItems, weights: npt.NDArray[np.float64]
    ) -> list[npt.NDArray[np.float64]]:
        """Return each pair's score per token of its text.

        ``weights`` holds each of ``items``' weight for its pair's output. An
        n-gram's share is its value times that weight, spread evenly over the
        tokens it covers.
        """
        texts, occurrence, pair = items
        sizes = self.token_counts[texts]
        token_starts = np.concatenate([[0], np.cumsum(sizes)])
        share = self.values[occurrence] * weights / self.divisor[occurrence]
        slots = token_starts[pair] + self.occurrences.firsts[occurrence]
        covered = self.covered[occurrence]
        scores = np.zeros(int(token_starts[-1]))
        for offset in range(int(covered.max(initial=0))):
            reaches = covered > offset
            scores += np.bincount(
                slots[reaches] + offset, weights=share[reaches], minlength=len(scores)
            )
        return np.split(scores, token_starts[1:-1])


# Words that may sit inside a highlighted phrase but never start or end one alone.
_FILLER = frozenset(
    """
    a an the and or but so then i i'm im me my we us our you your he him his she her they
    them their it its is are was were be been am do did does to of in on at for with by
    from this that these those there here as if when what who which just
    """.split()
)


def phrase_spans(
    analysis: Analysis, scores: Sequence[float] | npt.NDArray[np.float64]
) -> list[Span]:
    """Group strong tokens of one sentence, and the few weaker words between them, into spans.

    Filler words ("the", "I", "then") are trimmed from the ends of a phrase, so
    evidence reads "held me down" rather than "then". A span scores the sum of
    its tokens' positive scores.
    """
    # Plain floats: a text has a few dozen tokens, too few for numpy's cost per call.
    values: list[float] = scores.tolist() if isinstance(scores, np.ndarray) else list(scores)
    best = max(values, default=0.0)
    if best <= 0.0:
        return []
    floor = best * _TOKEN_SHARE
    strong = [index for index, value in enumerate(values) if value >= floor]
    tokens = analysis.tokens
    runs: list[list[int]] = []
    for index in strong:
        if runs:
            last = runs[-1][-1]
            bridged = index - last - 1
            if bridged <= _BRIDGED_WORDS and tokens[last].sentence == tokens[index].sentence:
                runs[-1].extend(range(last + 1, index + 1))
                continue
        runs.append([index])
    spans: list[Span] = []
    for run in runs:
        while run and tokens[run[0]].norm in _FILLER:
            run.pop(0)
        while run and tokens[run[-1]].norm in _FILLER:
            run.pop()
        if run:
            score = sum(values[i] for i in run if values[i] > 0.0)
            spans.append(Span(tokens[run[0]].start, tokens[run[-1]].end, score))
    return spans


def marked_spans(text: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Return where a screen marks ``phrases`` in ``text``: every occurrence of each.

    Evidence is stored as phrases, not offsets, so a phrase that occurs twice is
    marked twice, as the staff pages (``admin_ui/highlight.py``) mark it.
    """
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        if not phrase:
            continue
        start = text.find(phrase)
        while start != -1:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    return sorted(spans)


def select(spans: Sequence[Span], text: str, limit: int = MAX_PHRASES) -> tuple[str, ...]:
    """Merge overlapping or touching spans; return the best ``limit`` as substrings of ``text``.

    Spans with only spaces between them merge, so "held" and "me down" become
    "held me down".
    """
    ordered = sorted((s for s in spans if s.score > 0), key=lambda span: span.start)
    merged: list[Span] = []
    for span in ordered:
        if merged and (
            span.start <= merged[-1].end or not text[merged[-1].end : span.start].strip()
        ):
            last = merged[-1]
            last.end = max(last.end, span.end)
            last.score += span.score
        else:
            merged.append(Span(span.start, span.end, span.score))
    chosen = sorted(merged, key=lambda s: -s.score)[:limit]
    return tuple(text[span.start : span.end] for span in chosen)
