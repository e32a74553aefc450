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

import numpy as np
import numpy.typing as npt

from classifiers.features import Analysis, Occurrences

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


class TermOccurrences:
    """Where each n-gram of one text came from, computed once per text.

    ``positions`` index the text's row of the feature matrix (whose columns are
    sorted), so a label's contributions can be spread over tokens with a few
    array operations instead of a loop per label.
    """

    def __init__(
        self, tokens: int, occurrences: Occurrences, row_columns: npt.NDArray[np.int32]
    ) -> None:
        columns, firsts, lasts = occurrences
        self.tokens = tokens
        self.positions = np.searchsorted(row_columns, columns)
        self.first = firsts
        self.width = lasts - firsts + 1
        counts = np.bincount(self.positions, minlength=len(row_columns))
        self.divisor = counts[self.positions] * self.width

    def token_scores(self, contributions: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Spread each n-gram's contribution evenly over the tokens it covers.

        ``contributions`` has one row per column of the text's feature row and
        one column per output; the result one row per token, one column per output.
        """
        outputs = contributions.shape[1]
        scores = np.zeros((self.tokens, outputs))
        if not self.positions.size:
            return scores
        share = contributions[self.positions] / self.divisor[:, np.newaxis]
        within = np.arange(outputs)
        for offset in range(int(self.width.max())):
            covers = self.width > offset
            slots = (self.first[covers] + offset)[:, np.newaxis] * outputs + within
            scores += np.bincount(
                slots.ravel(), weights=share[covers].ravel(), minlength=self.tokens * outputs
            ).reshape(self.tokens, outputs)
        return scores


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
    values = np.asarray(scores, dtype=np.float64)
    best = float(values.max()) if values.size else 0.0
    if best <= 0.0:
        return []
    # Only the strong tokens are visited: most of a long text is below the floor.
    strong: list[int] = np.flatnonzero(values >= best * _TOKEN_SHARE).tolist()
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
    positive: list[float] = np.maximum(values, 0.0).tolist()
    spans: list[Span] = []
    for run in runs:
        while run and tokens[run[0]].norm in _FILLER:
            run.pop(0)
        while run and tokens[run[-1]].norm in _FILLER:
            run.pop()
        if run:
            score = sum(positive[i] for i in run)
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
