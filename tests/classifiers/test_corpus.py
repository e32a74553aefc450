from __future__ import annotations

import re
from pathlib import Path

import pytest

from classifiers import LABELS, corpus
from classifiers.corpus import CorpusError, Example, parse_line, read_examples

# Very short texts ("Good", "Thank you") recur in real feedback and carry no template.
SHORT = 3


def test_parse_line_orders_labels() -> None:
    example = parse_line('{"text": "x", "labels": ["neglect", "abuse"], "urgent": true}')
    assert example == Example(text="x", labels=("abuse", "neglect"), urgent=True)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"labels": [], "urgent": false}', "text"),
        ('{"text": "x", "labels": ["violence"], "urgent": false}', "violence"),
        ('{"text": "x", "labels": ["abuse", "abuse"], "urgent": false}', "repeats"),
        ('{"text": "  ", "labels": [], "urgent": false}', "empty"),
        ('{"text": "x", "labels": [], "urgent": "yes"}', "urgent"),
        ('{"text": "x", "labels": "abuse", "urgent": false}', "labels"),
    ],
)
def test_parse_line_rejects_bad_lines(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_line(line)


def test_read_examples_reports_every_bad_line_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "fine", "labels": [], "urgent": false}\n'
        "\n"
        '{"text": "x", "labels": ["violence"], "urgent": false}\n'
        "{oops\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as raised:
        read_examples(path)
    assert [error.line for error in raised.value.errors] == [3, 4]
    assert f"{path}:3:" in str(raised.value)


def test_duplicates_and_near_duplicates_are_found() -> None:
    examples = [
        Example("They locked the garden every day."),
        Example("they locked the garden, every day!"),
        Example("They locked the kitchen every day."),
    ]
    assert corpus.find_duplicates(examples) == [(0, 1)]
    assert (0, 2) in corpus.find_near_duplicates(examples)


# The checks below read the real corpus, which the project writes by hand.


@pytest.fixture(scope="module")
def train() -> list[Example]:
    return corpus.read_train()


@pytest.fixture(scope="module")
def test_split() -> list[Example]:
    return corpus.read_test()


def test_corpus_files_are_valid(train: list[Example], test_split: list[Example]) -> None:
    # Reading raises CorpusError on any bad line; labels are checked against LABELS there.
    assert train
    assert test_split
    for example in [*train, *test_split]:
        assert set(example.labels) <= set(LABELS)


def test_no_duplicates_within_a_split(train: list[Example], test_split: list[Example]) -> None:
    for split in (train, test_split):
        pairs = corpus.find_duplicates(split)
        long_pairs = [
            split[b].text
            for a, b in pairs
            if len(corpus.normalise_text(split[a].text).split()) > SHORT
        ]
        assert long_pairs == []


def test_test_split_does_not_leak_into_training(
    train: list[Example], test_split: list[Example]
) -> None:
    overlap = [t for t in corpus.find_overlap(train, test_split) if len(t.split()) > SHORT]
    assert overlap == []


def test_split_sizes(train: list[Example], test_split: list[Example]) -> None:
    # Big enough to measure every label; its share shrinks as the training split grows.
    assert len(test_split) >= 900
    assert len(test_split) < len(train)
    for label in LABELS:
        assert sum(label in e.labels for e in train) >= 50, label
        assert sum(label in e.labels for e in test_split) >= 15, label
    assert sum(e.urgent for e in test_split) >= 10
    assert sum(not e.labels for e in test_split) >= 100


# A concern's own word, and the label that a report using it carries.
PLAIN_WORDS = {
    r"\bneglect": "neglect",
    r"\babus(e|ed|ive)\b": "abuse",
    r"\bbull(y|ied|ies|ying)\b": "abuse",
    r"\bracis[mt]": "discrimination",
    r"\b(forced|coerced)\b": "coercion",
    r"\b(dignity|humiliat)": "privacy_dignity",
    r"\brestrain": "restraint",
    r"\bseclu": "seclusion",
}


@pytest.mark.parametrize(("pattern", "label"), PLAIN_WORDS.items())
def test_plain_words_are_not_left_to_hard_negatives(
    train: list[Example], pattern: str, label: str
) -> None:
    # When a word appears almost only in denials and praise, the model learns
    # that it means nothing happened: with "neglect" in 64 texts and one report,
    # it passed over "I feel neglected by the staff" (see the writing guide).
    # A quarter is a floor, not a target: many uses are rightly ordinary
    # ("forced myself to go out", abuse by a partner that a service helped with).
    using = [e for e in train if re.search(pattern, e.text, re.IGNORECASE)]
    reports = sum(label in e.labels for e in using)
    assert reports >= len(using) / 4, f"{reports} of {len(using)} texts using it report {label}"
