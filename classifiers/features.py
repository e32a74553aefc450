"""Turning feedback text into the sparse feature matrix the linear models read.

Four blocks of columns, each scaled on its own:

* words: unigrams and bigrams of tokens, plus ``not:<word>`` for each word in a
  negation scope, TF-IDF weighted and L2-normalised;
* characters: character 4-grams inside each word (``char_wb`` style), which
  tolerate typos and text-speak, TF-IDF weighted and L2-normalised;
* phrases: one column per label for an affirmed phrase match and one for a
  negated one (:mod:`classifiers.phrases`);
* urgent rules: one column per urgent-risk rule kind (:mod:`classifiers.urgency`).

The vocabulary is plain lists of strings and the weights plain arrays, so the
model file needs no code objects at all.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import msgspec
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from classifiers import phrases, urgency
from classifiers.function_words import is_function_term
from classifiers.taxonomy import LABELS
from classifiers.token_patterns import PatternSets
from classifiers.tokens import Token, tokenize

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Per-word character n-gram indices are cached; past this many words the cache restarts.
_CHAR_CACHE_LIMIT = 200_000
# The column :meth:`FeatureSpace.read` gives a word term outside the vocabulary.
_UNKNOWN = itertools.repeat(-1)


class FeatureConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How text becomes features; part of the model version."""

    word_ngrams: int = 2
    # 4-grams alone, not 3-5: the same out-of-fold scores (within 0.001) in
    # about half the training time; see classifiers/README.md.
    char_min: int = 4
    char_max: int = 4
    negation_marking: bool = True
    # "replace": a negated or hypothetical word counts only as ``not:word`` or
    # ``maybe:word`` (no plain unigram, bigram or character n-grams); "add": both.
    scope_mode: str = "add"
    phrase_features: bool = True
    urgent_rule_features: bool = True
    min_df_word: int = 1
    min_df_char: int = 2
    char_weight: float = 0.8
    rule_weight: float = 0.15
    urgent_rule_weight: float = 0.1
    # L2 norms below these floors are raised to them, so a text of one or two
    # words ("No", "Nothing at all") is not a unit vector of strong evidence.
    word_norm_floor: float = 20.0
    char_norm_floor: float = 35.0


class Occurrences(NamedTuple):
    """Every n-gram occurrence of several texts, grouped by text, as flat arrays."""

    texts: IntArray
    """Which text (index into the analyses given) each occurrence is in."""
    columns: IntArray
    firsts: IntArray
    """The first token it covers."""
    lasts: IntArray
    """The last token it covers."""


class TextReading(NamedTuple):
    """One text's n-grams looked up in a space's vocabulary, kept for its evidence.

    Building the matrix looks every n-gram up; a flagged text's evidence needs
    the same lookups with the tokens they came from, so they are kept rather
    than done twice.
    """

    word_columns: list[int]
    """Each term of :func:`word_term_names`, in its order: its column, or -1 if unknown."""
    char_columns: list[tuple[int, list[int]]]
    """Each token of :func:`char_tokens` with its character n-grams' (absolute) columns."""


class Analysis(NamedTuple):
    """Everything read off one text once: tokens, phrase matches, urgent-rule matches."""

    text: str
    tokens: list[Token]
    phrases: list[phrases.PhraseMatch]
    urgent: list[urgency.UrgentMatch]


# The phrase rules' tiers and the urgent rules, matched in one pass.
_RULES = PatternSets((*phrases.PATTERN_SETS, urgency.PATTERN_SET))


def analyse(text: str) -> Analysis:
    """Tokenise ``text`` and run the phrase and urgent-risk rules over it."""
    tokens = tokenize(text)
    *tiers, urgent = _RULES.find(tokens)
    return Analysis(
        text,
        tokens,
        phrases.phrase_matches(tokens, tiers),
        urgency.urgent_matches(text, tokens, urgent),
    )


def urgent_rule_hits(analyses: Sequence[Analysis]) -> BoolArray:
    """Return, for each analysis, whether an urgent-risk rule affirmed a match."""
    return np.array([any(m.decisive for m in a.urgent) for a in analyses], dtype=bool)


def vetoes(analyses: Sequence[Analysis]) -> BoolArray:
    """Return, per analysis and label, whether its phrase matches only deny the label."""
    denied = np.zeros((len(analyses), len(LABELS)), dtype=bool)
    for row, analysis in enumerate(analyses):
        for label in phrases.denied_labels(analysis.phrases):
            denied[row, LABELS.index(label)] = True
    return denied


def _scoped(token: Token, config: FeatureConfig) -> str | None:
    """Return the scoped form of a negated or hypothetical token, else None."""
    if not config.negation_marking:
        return None
    if token.negated:
        return "not:" + token.norm
    if token.hypothetical:
        return "maybe:" + token.norm
    return None


def word_terms(tokens: Sequence[Token], config: FeatureConfig) -> list[tuple[str, int, int]]:
    """Return each word term with the first and last token index it covers."""
    terms: list[tuple[str, int, int]] = []
    replace = config.scope_mode == "replace"
    scoped = [_scoped(t, config) for t in tokens]
    words = [form if form and replace else t.norm for t, form in zip(tokens, scoped, strict=True)]
    count, bigrams = len(tokens), config.word_ngrams >= 2
    for index in range(count):
        word = words[index]
        terms.append((word, index, index))
        form = scoped[index]
        if form is not None and not replace:
            terms.append((form, index, index))
        if bigrams and index + 1 < count:  # the common case, without a slice and join
            terms.append((f"{word} {words[index + 1]}", index, index + 1))
        for width in range(3, config.word_ngrams + 1):
            last = index + width - 1
            if last < count:
                terms.append((" ".join(words[index : last + 1]), index, last))
    return terms


def word_term_names(tokens: Sequence[Token], config: FeatureConfig) -> list[str]:
    """Return the terms of :func:`word_terms` in the same order, without their token spans.

    Building the matrix needs only the names, and a tuple per term was the
    larger part of the cost of reading a text; the spans are worked out again
    only for a flagged text's evidence. Configurations other than the shipped
    shape (bigrams, scoped forms added) take the general path.
    """
    if config.word_ngrams != 2 or config.scope_mode == "replace":
        return [term for term, _, _ in word_terms(tokens, config)]
    norms = [token.norm for token in tokens]
    names: list[str] = []
    last = len(norms) - 1
    marking = config.negation_marking
    for index, token in enumerate(tokens):
        norm = norms[index]
        names.append(norm)
        if marking and token.negated:
            names.append("not:" + norm)
        elif marking and token.hypothetical:
            names.append("maybe:" + norm)
        if index < last:
            names.append(f"{norm} {norms[index + 1]}")
    return names


def char_tokens(tokens: Sequence[Token], config: FeatureConfig) -> list[tuple[int, str]]:
    """Return the tokens (index, word) whose character n-grams count."""
    if config.scope_mode == "replace" and config.negation_marking:
        return [(i, t.norm) for i, t in enumerate(tokens) if not (t.negated or t.hypothetical)]
    return [(i, t.norm) for i, t in enumerate(tokens)]


def char_terms(word: str, config: FeatureConfig) -> tuple[str, ...]:
    """Return the character n-grams of one word, padded with a space each side."""
    return _char_grams(word, config.char_min, config.char_max)


@functools.lru_cache(maxsize=200_000)
def _char_grams(word: str, smallest: int, largest: int) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(
        padded[i : i + width]
        for width in range(smallest, largest + 1)
        for i in range(len(padded) - width + 1)
    )


def rule_columns(analysis: Analysis, config: FeatureConfig) -> list[int]:
    """Return the rule-block columns that ``analysis`` switches on."""
    columns: list[int] = []
    if config.phrase_features:
        columns.extend(phrases.phrase_features(analysis.phrases))
    if config.urgent_rule_features:
        offset = len(phrases.FEATURE_NAMES)
        columns.extend(offset + c for c in urgency.urgent_features(analysis.urgent))
    return columns


RULE_FEATURE_NAMES: tuple[str, ...] = phrases.FEATURE_NAMES + urgency.FEATURE_NAMES


def _count_matrix(
    columns: Sequence[int] | npt.NDArray[np.int64], row_ends: Sequence[int], width: int
) -> sp.csr_matrix:
    """Return the counts matrix whose row ``i`` holds ``columns[row_ends[i]:row_ends[i + 1]]``."""
    matrix = sp.csr_matrix(
        (
            np.ones(len(columns)),
            np.asarray(columns, dtype=np.int32),
            np.asarray(row_ends, dtype=np.int32),
        ),
        shape=(len(row_ends) - 1, width),
    )
    matrix.sum_duplicates()
    return matrix


def _sorted_columns(ids: dict[str, int]) -> tuple[list[str], npt.NDArray[np.int64]]:
    """Return the names of ``ids`` sorted, and each provisional id's column among them."""
    names = sorted(ids)
    columns = np.empty(len(names), dtype=np.int64)
    columns[[ids[name] for name in names]] = np.arange(len(names))
    return names, columns


def _idf(document_frequency: npt.NDArray[np.int64], documents: int) -> FloatArray:
    # Smoothed as scikit-learn does, so unseen-in-training terms cannot divide by zero.
    idf: FloatArray = np.log((1.0 + documents) / (1.0 + document_frequency)) + 1.0
    return idf


class FeatureSpace:
    """A fitted vocabulary with IDF weights; turns analyses into a CSR matrix."""

    def __init__(
        self,
        config: FeatureConfig,
        word_names: Sequence[str],
        word_idf: FloatArray,
        char_names: Sequence[str],
        char_idf: FloatArray,
    ) -> None:
        self.config = config
        self.word_names = list(word_names)
        self.char_names = list(char_names)
        self.word_vocabulary = {name: i for i, name in enumerate(self.word_names)}
        self.char_vocabulary = {name: i for i, name in enumerate(self.char_names)}
        self.word_idf = word_idf
        self.char_idf = char_idf
        self._idf = np.concatenate([word_idf, char_idf, np.ones(len(RULE_FEATURE_NAMES))])
        self._char_cache: dict[str, list[int]] = {}

    @property
    def word_offset(self) -> int:
        """Index of the first word column."""
        return 0

    @property
    def char_offset(self) -> int:
        """Index of the first character column."""
        return len(self.word_names)

    @property
    def rule_offset(self) -> int:
        """Index of the first rule column."""
        return len(self.word_names) + len(self.char_names)

    @property
    def n_features(self) -> int:
        """Total number of columns."""
        return self.rule_offset + len(RULE_FEATURE_NAMES)

    def function_word_columns(self) -> BoolArray:
        """Return a mask of the word columns made only of function words.

        The urgent heads are fitted without them: see :mod:`classifiers.function_words`.
        """
        hidden = np.zeros(self.n_features, dtype=bool)
        hidden[: self.char_offset] = [is_function_term(name) for name in self.word_names]
        return hidden

    def feature_name(self, column: int) -> str:
        """Return a readable name for ``column``, for explanations and debugging."""
        if column < self.char_offset:
            return f"word:{self.word_names[column]}"
        if column < self.rule_offset:
            return f"char:{self.char_names[column - self.char_offset]!r}"
        return RULE_FEATURE_NAMES[column - self.rule_offset]

    @classmethod
    def fit(cls, config: FeatureConfig, analyses: Sequence[Analysis]) -> FeatureSpace:
        """Build the vocabulary and IDF weights from ``analyses``."""
        word_df: Counter[str] = Counter()
        char_df: Counter[str] = Counter()
        for analysis in analyses:
            word_df.update(set(word_term_names(analysis.tokens, config)))
            grams: set[str] = set()
            for _, word in char_tokens(analysis.tokens, config):
                grams.update(char_terms(word, config))
            char_df.update(grams)
        word_names = sorted(t for t, n in word_df.items() if n >= config.min_df_word)
        char_names = sorted(t for t, n in char_df.items() if n >= config.min_df_char)
        documents = len(analyses)
        word_idf = _idf(np.array([word_df[t] for t in word_names], dtype=np.int64), documents)
        char_idf = _idf(np.array([char_df[t] for t in char_names], dtype=np.int64), documents)
        return cls(config, word_names, word_idf, char_names, char_idf)

    @classmethod
    def merge_every_term(
        cls, parts: Sequence[tuple[FeatureSpace, sp.csr_matrix]]
    ) -> tuple[FeatureSpace, sp.csr_matrix]:
        """Return what :meth:`with_every_term` gives for the texts of ``parts`` together.

        Each part is :meth:`with_every_term`'s answer for some of the texts,
        all with one configuration; the rows come out part after part. This is
        how texts read in several processes become one space and one matrix.
        """
        if not parts:
            raise ValueError("nothing to merge")
        config = parts[0][0].config
        word_names = sorted(set().union(*(space.word_names for space, _ in parts)))
        char_names = sorted(set().union(*(space.char_names for space, _ in parts)))
        word_index = {name: column for column, name in enumerate(word_names)}
        char_index = {name: column for column, name in enumerate(char_names)}
        rule_offset = len(word_names) + len(char_names)
        blocks = []
        for space, counts in parts:
            if space.config != config:
                raise ValueError("the parts were read with different configurations")
            # Each part's columns, in order: its words, its characters, the rules.
            moved = np.concatenate(
                [
                    np.array([word_index[name] for name in space.word_names], dtype=np.int64),
                    np.array(
                        [len(word_names) + char_index[name] for name in space.char_names],
                        dtype=np.int64,
                    ),
                    rule_offset + np.arange(len(RULE_FEATURE_NAMES), dtype=np.int64),
                ]
            )
            blocks.append(
                sp.csr_matrix(
                    (counts.data, moved[counts.indices].astype(np.int32), counts.indptr),
                    shape=(counts.shape[0], rule_offset + len(RULE_FEATURE_NAMES)),
                )
            )
        counts = sp.vstack(blocks, format="csr")
        counts.sort_indices()
        # Every (row, column) is stored once, so a column's entries are its document frequency.
        frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        documents = counts.shape[0]
        space = cls(
            config,
            word_names,
            _idf(frequency[: len(word_names)], documents),
            char_names,
            _idf(frequency[len(word_names) : rule_offset], documents),
        )
        return space, counts

    def _char_columns(self, word: str) -> list[int]:
        """Return the (absolute) columns of ``word``'s character n-grams, cached per word."""
        cached = self._char_cache.get(word)
        if cached is None:
            if len(self._char_cache) >= _CHAR_CACHE_LIMIT:
                self._char_cache.clear()
            vocabulary, offset = self.char_vocabulary, self.char_offset
            cached = [
                offset + vocabulary[gram]
                for gram in char_terms(word, self.config)
                if gram in vocabulary
            ]
            self._char_cache[word] = cached
        return cached

    def transform(self, analyses: Sequence[Analysis]) -> sp.csr_matrix:
        """Return the feature matrix, one row per analysis."""
        return self.read(analyses)[0]

    def read(self, analyses: Sequence[Analysis]) -> tuple[sp.csr_matrix, list[TextReading]]:
        """Return the feature matrix, one row per analysis, and each text's reading.

        Pass the readings of flagged texts to :meth:`term_occurrences`.
        """
        matrix, readings = self._read_counts(analyses)
        self._weigh(matrix)
        return matrix, readings

    def counts(self, analyses: Sequence[Analysis]) -> sp.csr_matrix:
        """Return raw n-gram counts and rule indicators, one row per analysis, unweighted."""
        return self._read_counts(analyses)[0]

    def _read_counts(self, analyses: Sequence[Analysis]) -> tuple[sp.csr_matrix, list[TextReading]]:
        """Return the counts matrix and each text's reading.

        Built in one pass of plain lists (not a stack of scipy blocks), because
        the service scores one text at a time and scipy's per-call overhead
        would otherwise cost more than the arithmetic. A column appears once per
        occurrence; :func:`_count_matrix` sums them.
        """
        rule_offset = self.rule_offset
        found: list[int] = []
        row_ends = [0]
        readings = [self._reading(analysis) for analysis in analyses]
        for analysis, reading in zip(analyses, readings, strict=True):
            found.extend([column for column in reading.word_columns if column >= 0])
            for _, columns in reading.char_columns:
                found.extend(columns)
            found.extend(rule_offset + c for c in rule_columns(analysis, self.config))
            row_ends.append(len(found))
        return _count_matrix(found, row_ends, self.n_features), readings

    def _reading(self, analysis: Analysis) -> TextReading:
        """Look up every n-gram of ``analysis`` in the vocabulary."""
        config = self.config
        # The cache is looked up inline: nearly every word is in it, and a
        # method call per word cost more than the lookup.
        cached = self._char_cache.get
        return TextReading(
            list(map(self.word_vocabulary.get, word_term_names(analysis.tokens, config), _UNKNOWN)),
            [
                (index, cached(word) or self._char_columns(word))
                for index, word in char_tokens(analysis.tokens, config)
            ],
        )

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Return the feature matrix for ``counts`` in this space's columns (a new matrix)."""
        matrix = sp.csr_matrix(counts, copy=True)
        self._weigh(matrix)
        return matrix

    @classmethod
    def with_every_term(
        cls, config: FeatureConfig, analyses: Sequence[Analysis]
    ) -> tuple[FeatureSpace, sp.csr_matrix]:
        """Return a space holding every term of ``analyses`` (no ``min_df``), and their counts.

        Cross-validation fits a space on each fold's rows. Reading every text
        again for each fold was a third of the training time; with these
        counts, :meth:`subspace` gives each fold the very space :meth:`fit`
        would have built, from arrays alone.
        """
        everything = msgspec.structs.replace(config, min_df_word=1, min_df_char=1)
        # One pass: each term gets a provisional id when first seen, and the
        # ids are mapped to sorted columns at the end (fit, then counts, read
        # every text twice).
        word_ids: dict[str, int] = {}
        char_ids: dict[str, int] = {}
        grams_of: dict[str, list[int]] = {}
        word_found: list[int] = []
        char_found: list[int] = []
        rule_found: list[int] = []
        word_ends, char_ends, rule_ends = [0], [0], [0]
        for analysis in analyses:
            word_found.extend(
                word_ids.setdefault(name, len(word_ids))
                for name in word_term_names(analysis.tokens, everything)
            )
            for _, word in char_tokens(analysis.tokens, everything):
                grams = grams_of.get(word)
                if grams is None:
                    grams = [
                        char_ids.setdefault(gram, len(char_ids))
                        for gram in char_terms(word, everything)
                    ]
                    grams_of[word] = grams
                char_found.extend(grams)
            rule_found.extend(rule_columns(analysis, everything))
            word_ends.append(len(word_found))
            char_ends.append(len(char_found))
            rule_ends.append(len(rule_found))
        word_names, word_columns = _sorted_columns(word_ids)
        char_names, char_columns = _sorted_columns(char_ids)
        blocks = [
            _count_matrix(word_columns[word_found], word_ends, len(word_names)),
            _count_matrix(char_columns[char_found], char_ends, len(char_names)),
            _count_matrix(rule_found, rule_ends, len(RULE_FEATURE_NAMES)),
        ]
        documents = len(analyses)
        space = cls(
            everything,
            word_names,
            _idf(np.bincount(blocks[0].indices, minlength=len(word_names)), documents),
            char_names,
            _idf(np.bincount(blocks[1].indices, minlength=len(char_names)), documents),
        )
        counts = sp.hstack(blocks, format="csr")
        counts.sort_indices()
        return space, counts

    def subspace(
        self, config: FeatureConfig, counts: sp.csr_matrix, rows: npt.NDArray[np.intp]
    ) -> tuple[FeatureSpace, npt.NDArray[np.intp]]:
        """Return ``fit(config, those analyses)`` for the analyses at ``rows``, and its columns.

        ``self`` and ``counts`` come from :meth:`with_every_term`; the columns
        select this space's counts into the subspace's (``counts[:, columns]``,
        then :meth:`weigh`). Same names, same IDF, same features as :meth:`fit`
        and :meth:`transform`, tested so.
        """
        # Counts are summed per (row, column), so each stored entry is one document.
        document_frequency = np.bincount(counts[rows].indices, minlength=self.n_features)
        char_offset, rule_offset = self.char_offset, self.rule_offset
        words = np.flatnonzero(document_frequency[:char_offset] >= config.min_df_word)
        chars = np.flatnonzero(document_frequency[char_offset:rule_offset] >= config.min_df_char)
        space = FeatureSpace(
            config,
            [self.word_names[i] for i in words],
            _idf(document_frequency[words], len(rows)),
            [self.char_names[i] for i in chars],
            _idf(document_frequency[char_offset + chars], len(rows)),
        )
        columns = np.concatenate(
            [words, char_offset + chars, np.arange(rule_offset, self.n_features)]
        )
        return space, columns

    def _weigh(self, matrix: sp.csr_matrix) -> None:
        """Turn counts into sublinear TF-IDF, L2-normalised per row within each block."""
        indices, data = matrix.indices, matrix.data
        block = (indices >= self.char_offset).astype(np.int64) + (indices >= self.rule_offset)
        text_terms = block < 2
        # A word said five times is not five times the evidence.
        data[text_terms] = (1.0 + np.log(data[text_terms])) * self._idf[indices[text_terms]]
        urgent_rules = indices >= self.rule_offset + len(phrases.FEATURE_NAMES)
        data[~text_terms] = self.config.rule_weight
        data[urgent_rules] = self.config.urgent_rule_weight
        row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        slot = row_of * 3 + block
        squares = np.bincount(
            slot, weights=np.where(text_terms, data * data, 0.0), minlength=matrix.shape[0] * 3
        )
        by_block = np.sqrt(squares).reshape(-1, 3)
        np.maximum(by_block[:, 0], self.config.word_norm_floor, out=by_block[:, 0])
        np.maximum(by_block[:, 1], self.config.char_norm_floor, out=by_block[:, 1])
        norms = by_block.ravel()
        norms[norms == 0.0] = 1.0
        # Rule columns are indicators and keep their weight; n-gram blocks are normalised.
        divisor = np.where(text_terms, norms[slot], 1.0)
        factor = np.where(block == 1, self.config.char_weight, 1.0)
        data *= factor / divisor

    def term_occurrences(
        self, analyses: Sequence[Analysis], readings: Sequence[TextReading] | None = None
    ) -> Occurrences:
        """Return the column and token span of every n-gram occurrence of ``analyses``.

        Rule columns are not included: their spans come from the rule matches.
        Within a text, word n-grams come first, in :func:`word_terms` order,
        then character n-grams in token order. Built for many texts at once,
        because for one text numpy's cost per call outweighs the arithmetic.
        ``readings`` (from :meth:`read`, of the same texts) save looking the
        n-grams up again.
        """
        if readings is None:
            readings = [self._reading(analysis) for analysis in analyses]
        word = self._word_occurrences(analyses, readings)
        char_columns: list[int] = []
        char_tokens_at: list[int] = []
        char_lengths: list[int] = []
        char_counts: list[int] = []
        for reading in readings:
            grams = [columns for _, columns in reading.char_columns]
            lengths = list(map(len, grams))
            char_columns.extend(itertools.chain.from_iterable(grams))
            char_tokens_at.extend(index for index, _ in reading.char_columns)
            char_lengths.extend(lengths)
            char_counts.append(sum(lengths))
        char_firsts = np.repeat(np.array(char_tokens_at, dtype=np.int64), char_lengths)
        char_texts = np.repeat(np.arange(len(analyses), dtype=np.int64), char_counts)
        occurrences = Occurrences(
            np.concatenate([word.texts, char_texts]),
            np.concatenate([word.columns, np.array(char_columns, dtype=np.int64)]),
            np.concatenate([word.firsts, char_firsts]),
            np.concatenate([word.lasts, char_firsts]),
        )
        if len(analyses) == 1:
            return occurrences
        # A stable sort by text keeps each text's words before its characters.
        order = np.argsort(occurrences.texts, kind="stable")
        return Occurrences(*(array[order] for array in occurrences))

    def _word_occurrences(
        self, analyses: Sequence[Analysis], readings: Sequence[TextReading]
    ) -> Occurrences:
        """Return the word n-gram occurrences of ``analyses``, text after text."""
        config = self.config
        get = self.word_vocabulary.get
        # One text is cheaper term by term than in a dozen small array operations.
        if len(analyses) == 1 or config.word_ngrams != 2 or config.scope_mode == "replace":
            found = [
                (text, column, first, last)
                for text, analysis in enumerate(analyses)
                for term, first, last in word_terms(analysis.tokens, config)
                if (column := get(term)) is not None
            ]
            array = np.array(found, dtype=np.int64).reshape(-1, 4)
            return Occurrences(array[:, 0], array[:, 1], array[:, 2], array[:, 3])
        # Many texts in the shipped shape: each token gives its word, perhaps its
        # scoped form, then (but the last) its bigram, as word_term_names lists them.
        columns: list[int] = []
        terms_per_token: list[int] = []
        token_counts: list[int] = []
        marking = config.negation_marking
        for analysis, reading in zip(analyses, readings, strict=True):
            columns.extend(reading.word_columns)
            terms_per_token.extend(
                3 if marking and (token.negated or token.hypothetical) else 2
                for token in analysis.tokens
            )
            token_counts.append(len(analysis.tokens))
        counts = np.array(terms_per_token, dtype=np.int64)
        sizes = np.array(token_counts, dtype=np.int64)
        token_starts = np.cumsum(sizes) - sizes
        text_ends = token_starts + sizes - 1
        has_tokens = sizes > 0
        counts[text_ends[has_tokens]] -= 1  # a text's last word starts no bigram
        token = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        lasts = token.copy()
        group_ends = np.cumsum(counts) - 1
        starts_bigram = np.ones(len(counts), dtype=bool)
        starts_bigram[text_ends[has_tokens]] = False
        lasts[group_ends[starts_bigram]] += 1
        text = np.repeat(np.arange(len(analyses), dtype=np.int64), sizes)[token]
        looked_up = np.array(columns, dtype=np.int64)
        kept = looked_up >= 0
        first_of_text = token_starts[text]
        return Occurrences(
            text[kept],
            looked_up[kept],
            (token - first_of_text)[kept],
            (lasts - first_of_text)[kept],
        )
