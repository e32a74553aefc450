"""The trained model's behaviour on cases that a keyword list gets wrong."""

from __future__ import annotations

import pytest

from classifiers import LABELS, Prediction, RightsClassifier


def test_prediction_shape(classifier: RightsClassifier) -> None:
    prediction = classifier.predict("They held me down and injected me.")
    assert isinstance(prediction, Prediction)
    assert set(prediction.scores) == set(LABELS)
    assert all(0.0 <= score <= 1.0 for score in prediction.scores.values())
    assert prediction.labels == tuple(label for label in LABELS if label in prediction.labels)
    assert set(prediction.evidence) == set(prediction.labels) | (
        {"urgent"} if prediction.urgent else set()
    )
    assert prediction.model_version == classifier.model_version


@pytest.mark.parametrize(
    "text",
    [
        "I was never restrained.",
        "Staff never restrained anyone while I was there.",
        "The staff calmed me down instead of restraining me.",
    ],
)
def test_negated_restraint_is_not_flagged(classifier: RightsClassifier, text: str) -> None:
    assert "restraint" not in classifier.predict(text).labels


@pytest.mark.parametrize(
    "text",
    [
        "Lovely staff, great food, thank you so much.",
        "The parking is terrible and the waiting room is too small.",
        "Thank you to everyone on Larch ward, you were brilliant with my dad.",
    ],
)
def test_ordinary_feedback_is_not_flagged(classifier: RightsClassifier, text: str) -> None:
    prediction = classifier.predict(text)
    assert prediction.labels == ()
    assert not prediction.urgent


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I feel so neglected here, nobody comes near me", "neglect"),
        ("my mother is being neglected on Ash ward", "neglect"),
        ("the night staff are verbally abusive to us", "abuse"),
        ("This is abuse and nobody cares", "abuse"),
        ("mistreated by staff", "abuse"),
        ("a nurse made racist comments about me", "discrimination"),
        ("they stripped me of my dignity", "privacy_dignity"),
        ("I was forced to have the injection", "coercion"),
    ],
)
def test_a_concern_named_in_plain_words_is_flagged(
    classifier: RightsClassifier, text: str, label: str
) -> None:
    # Before the eighth corpus round these words were almost only in hard
    # negatives, and the model before it missed the label on all but the last.
    assert label in classifier.predict(text).labels


def test_the_named_word_is_the_evidence(classifier: RightsClassifier) -> None:
    evidence = classifier.predict("my mother is being neglected on Ash ward").evidence
    assert any("neglected" in phrase for phrase in evidence["neglect"])


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I was never neglected, the staff checked on me every hour", "neglect"),
        ("no abuse here, the staff are kind", "abuse"),
        ("my worry was that they'd be racist but they were lovely", "discrimination"),
    ],
)
def test_the_same_words_in_a_denial_are_not_flagged(
    classifier: RightsClassifier, text: str, label: str
) -> None:
    assert label not in classifier.predict(text).labels


BURIED_IN_THANKS = (
    "The art group is great and my named nurse is kind, my sister visits on Sundays "
    "and the garden is nice. They did keep me in the seclusion room all night on "
    "Tuesday because I wouldn't give them my belt. The chips on Friday are the best thing."
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("PRN'd again. I wasn't even angry, just crying", "restraint"),
        ("my hands went numb from the straps on the trolley", "restraint"),
        ("They sent me to the blue room for swearing at the telly", "seclusion"),
        ("Pt states staff put her medication in her squash without telling her.", "coercion"),
        ("Five star service, left in wet pads till lunchtime", "neglect"),
        ("Is it allowed for them to hold me down for bloods when I've said no?", "restraint"),
        (BURIED_IN_THANKS, "seclusion"),
    ],
)
def test_reports_in_the_forms_people_write_are_flagged(
    classifier: RightsClassifier, text: str, label: str
) -> None:
    # Ward slang, the marks left on the body, a note typed by someone else,
    # sarcasm, a question, one sentence inside thanks: the ninth corpus round.
    # The model before it missed the first ("PRN'd" as a word for sedation).
    assert label in classifier.predict(text).labels


@pytest.mark.parametrize(
    "text",
    [
        "The nurse offered me a PRN when I couldn't settle and I said yes, glad I did.",
        "Nobody restrained me, nobody locked me in, I was treated like a person.",
    ],
)
def test_the_same_slang_without_a_report_is_not_flagged(
    classifier: RightsClassifier, text: str
) -> None:
    assert not {"restraint", "seclusion"} & set(classifier.predict(text).labels)


def test_requests_to_stop_report_the_practice(classifier: RightsClassifier) -> None:
    assert "restraint" in classifier.predict("please don't restrain people so quickly").labels


def test_several_concerns_in_one_text(classifier: RightsClassifier) -> None:
    prediction = classifier.predict(
        "They held me down, injected me and then locked me in the seclusion room "
        "for two days with no water."
    )
    assert {"restraint", "seclusion"} <= set(prediction.labels)


def test_urgent_now_but_not_in_the_past(classifier: RightsClassifier) -> None:
    assert classifier.predict("I am going to kill myself tonight, I have the pills ready.").urgent
    assert classifier.predict("The nurse who hit me is on shift again tomorrow night.").urgent
    assert not classifier.predict("I felt suicidal last year and the team helped").urgent


@pytest.mark.parametrize(
    "text",
    [
        "Going home tomorrow! Thank you all so much.",
        "I'm still doing well, the group keeps me going.",
        "Back on the right track now thanks to the team.",
        "My appointment got moved to tomorrow, that's fine.",
    ],
)
def test_the_words_of_time_alone_are_not_urgent(classifier: RightsClassifier, text: str) -> None:
    # Before the corpus round on the words of urgency (classifiers/README.md),
    # the first three were flagged urgent: the corpus had put danger in "tomorrow".
    prediction = classifier.predict(text)
    assert not prediction.urgent
    assert prediction.labels == ()


@pytest.mark.parametrize(
    "text",
    [
        "I have the tablets here and I've written to my kids. Sorry.",
        "the belt is round the door already",
    ],
)
def test_danger_told_without_the_words_of_time_is_urgent(
    classifier: RightsClassifier, text: str
) -> None:
    assert classifier.predict(text).urgent


def test_evidence_is_made_of_substrings_of_the_text(classifier: RightsClassifier) -> None:
    text = "Four staff held me FACE DOWN on the floor and jabbed me. Tonight I will end it all."
    prediction = classifier.predict(text)
    assert "restraint" in prediction.labels
    assert prediction.urgent
    for phrases in prediction.evidence.values():
        assert phrases
        for phrase in phrases:
            assert phrase in text


def test_predict_many_matches_predict(classifier: RightsClassifier) -> None:
    texts = ["", "I was never restrained.", "they locked me in the quiet room all night"]
    assert classifier.predict_many(texts) == [classifier.predict(t) for t in texts]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "The dinners are stone cold by the time they reach us, every single day.",
            "living_conditions",
        ),
        (
            "Call back when you say you will. "
            "I was left waiting all weekend when I was struggling.",
            "neglect",
        ),
        ("Nobody got back to me after I said I was in crisis.", "neglect"),
    ],
)
def test_short_survey_answers_that_report_a_concern_are_flagged(
    classifier: RightsClassifier, text: str, label: str
) -> None:
    # Most real feedback answers "what could we do better?" in a line; the
    # survey-form round taught the first two, which the model before it missed.
    assert label in classifier.predict(text).labels


@pytest.mark.parametrize(
    "text",
    [
        "I was looked after brilliantly by the night staff.",
        "A nurse called Jo helped me sort my benefits out, thank you.",
        "More staff on the weekends would be good.",
        "I'd like more choice of puddings.",
        "The crisis team rang me back within the hour.",
    ],
)
def test_survey_answers_on_the_same_ground_with_nothing_wrong_are_not_flagged(
    classifier: RightsClassifier, text: str
) -> None:
    prediction = classifier.predict(text)
    assert prediction.labels == ()
    assert not prediction.urgent


def test_explain_gives_evidence_for_a_label_that_was_not_flagged(
    classifier: RightsClassifier,
) -> None:
    text = "The day room is shut most evenings"
    prediction = classifier.predict(text)
    assert "living_conditions" not in prediction.labels
    assert prediction.evidence == {}
    found = classifier.explain(text, ["living_conditions"])
    assert list(found) == ["living_conditions"]
    assert found["living_conditions"]
    assert all(phrase in text for phrase in found["living_conditions"])
    assert "day room" in " ".join(found["living_conditions"])
    assert classifier.explain(text, []) == {}


def test_explain_agrees_with_predict_on_flagged_labels(classifier: RightsClassifier) -> None:
    text = "Four of them pinned me to the floor and nobody told me why."
    prediction = classifier.predict(text)
    assert prediction.labels
    assert classifier.explain(text, prediction.labels) == {
        label: prediction.evidence[label] for label in prediction.labels
    }


def test_denied_names_labels_only_denied(classifier: RightsClassifier) -> None:
    assert "restraint" in classifier.denied("I was never restrained.")
    assert "restraint" not in classifier.denied("They restrained me, I was never told why.")
    assert classifier.denied("The food was lovely.") == frozenset()
