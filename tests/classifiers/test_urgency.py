from __future__ import annotations

import pytest

from classifiers.tokens import tokenize
from classifiers.urgency import FEATURE_NAMES, find_urgent, urgent_features


def decisive(text: str) -> bool:
    return any(match.decisive for match in find_urgent(text, tokenize(text)))


@pytest.mark.parametrize(
    "text",
    [
        "I am going to kill myself tonight",
        "ive been stockpiling my tablets",
        "The nurse who hit me is on shift again tomorrow",
        "there is a man being held down right now and he can't breathe",
        "Tonight is the night. I've written the note.",
        "i swallowed a load of tablets about an hour ago and i feel sick",
        "ive taken all my lithium",
    ],
)
def test_danger_now_is_decisive(text: str) -> None:
    assert decisive(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to kill myself, I just need a bed",
        "Last year I was going to kill myself but the team helped me",
        "Years ago I planned to end my life. I'm doing well now.",
        "Thank you for the care, the staff on shift tomorrow are lovely",
        "I was scared I would hurt myself again",
        "I took my meds at 8 like the nurse said",
        "When I was 15 I took a whole packet of paracetamol",
        "I have taken lots of different tablets over the years",
    ],
)
def test_negated_past_or_ordinary_is_not_decisive(text: str) -> None:
    assert not decisive(text)


def test_hint_pairs_become_features() -> None:
    text = "he hits her every night"
    names = {FEATURE_NAMES[c] for c in urgent_features(find_urgent(text, tokenize(text)))}
    assert "urgent:soon+harm" in names


def test_each_match_is_read_in_its_own_sentence_however_long_the_text() -> None:
    # Danger that is over ("years ago") and danger now, sentence after sentence:
    # each match must be judged by its own sentence, the first as much as the last.
    now = "I am going to kill myself tonight."
    over = "Years ago I was going to kill myself."
    text = " ".join([over, now] * 150)
    matches = find_urgent(text, tokenize(text))
    assert len(matches) >= 300
    for match in matches:
        sentence = text[text.rfind(".", 0, match.start) + 1 : text.find(".", match.end)]
        assert match.affirmed == ("tonight" in sentence), sentence
