from __future__ import annotations

import numpy as np
import pytest

from classifiers import corpus
from classifiers.corpus_reading import CorpusReading, read_corpus
from classifiers.features import (
    FeatureConfig,
    FeatureSpace,
    analyse,
    urgent_rule_hits,
    vetoes,
)

CONFIG = FeatureConfig()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """About three hundred texts of the training split, with urgent, denied and plain ones."""
    return [example.text for example in corpus.read_train()[::100]]


def _same(first: CorpusReading, second: CorpusReading) -> None:
    assert first.space.word_names == second.space.word_names
    assert first.space.char_names == second.space.char_names
    np.testing.assert_array_equal(first.space.word_idf, second.space.word_idf)
    np.testing.assert_array_equal(first.space.char_idf, second.space.char_idf)
    assert first.counts.shape == second.counts.shape
    assert (first.counts != second.counts).nnz == 0
    np.testing.assert_array_equal(first.rule_hits, second.rule_hits)
    np.testing.assert_array_equal(first.denied, second.denied)


def test_reading_in_one_process_is_every_term_of_the_texts_and_their_flags(
    texts: list[str],
) -> None:
    analyses = [analyse(text) for text in texts]
    space, counts = FeatureSpace.with_every_term(CONFIG, analyses)
    expected = CorpusReading(space, counts, urgent_rule_hits(analyses), vetoes(analyses))
    reports: list[tuple[int, int]] = []
    here = read_corpus(texts, CONFIG, progress=lambda done, total: reports.append((done, total)))
    _same(here, expected)
    # Both kinds of flag occur, so the comparison above could have failed.
    assert here.rule_hits.any()
    assert here.denied.any()
    assert reports[0] == (0, len(texts))
    assert reports[-1] == (len(texts), len(texts))


def test_two_workers_read_shares_that_merge_into_the_same_answer(texts: list[str]) -> None:
    reports: list[int] = []
    together = read_corpus(
        texts,
        CONFIG,
        workers=2,
        share_size=70,
        progress=lambda done, total: reports.append(done),
    )
    _same(together, read_corpus(texts, CONFIG))
    # Shares of 70 (the last smaller), reported in order as each arrives.
    assert len(texts) > 4 * 70
    assert reports == [*range(0, len(texts), 70), len(texts)]


def test_merging_puts_rows_part_after_part_with_every_term_once() -> None:
    first = [analyse("held down by four staff"), analyse("lovely food")]
    second = [analyse("four staff were lovely")]
    space, counts = FeatureSpace.merge_every_term(
        [FeatureSpace.with_every_term(CONFIG, first), FeatureSpace.with_every_term(CONFIG, second)]
    )
    whole_space, whole_counts = FeatureSpace.with_every_term(CONFIG, [*first, *second])
    assert space.word_names == whole_space.word_names
    assert "four staff" in space.word_names
    np.testing.assert_array_equal(counts.toarray(), whole_counts.toarray())
    # "staff" is in two of the three texts: its idf says so.
    staff = space.word_names.index("staff")
    np.testing.assert_allclose(space.word_idf[staff], np.log(4 / 3) + 1)


def test_merging_parts_read_with_different_configurations_is_refused() -> None:
    texts = [analyse("held down")]
    parts = [
        FeatureSpace.with_every_term(CONFIG, texts),
        FeatureSpace.with_every_term(FeatureConfig(char_max=5), texts),
    ]
    with pytest.raises(ValueError, match="different configurations"):
        FeatureSpace.merge_every_term(parts)


def test_fewer_than_one_worker_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        read_corpus(["a text"], CONFIG, workers=0)
