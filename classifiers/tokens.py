"""Tokenising feedback text with character spans, clauses, negation and hypotheticals.

Every token keeps the span it came from in the original text, so that the
features built on it, and the evidence shown to a safeguarding lead, can be
mapped back to the exact words the person wrote.

Negation follows the NegEx idea: a cue ("never", "wasn't", "instead of")
opens a scope over the next few words of the same clause, and a few
post-cues ("never happened", "wasn't needed") reach back over the words
before them. Pseudo-negations ("not only", "didn't stop", "please don't")
open none, because they do not deny that the thing happened: "please don't
restrain people so quickly" reports restraint. Hypothetical cues ("I was
scared they would", "I thought they'd") mark what the writer feared or
expected rather than what happened.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A word (letters and digits, with inner apostrophes), or a run of clause-ending punctuation.
_PIECE = re.compile(r"(?P<word>[^\W_]+(?:['’][^\W_]+)*)|(?P<stop>[.!?;:,()\[\]\n]+|\s[-–—]+\s)")
_SENTENCE_END = frozenset(".!?\n")

NEGATION_CUES = frozenset(
    """
    not no never nobody none nothing neither nor without cannot nowhere
    isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't
    won't wouldn't can't couldn't shouldn't mustn't ain't
    isnt arent wasnt werent dont doesnt didnt havent hasnt hadnt
    wont wouldnt cant couldnt shouldnt aint nvr neva nt
    """.split()
)
# Two-word cues, keyed by their first word.
_TWO_WORD_CUES = {"instead": "of", "rather": "than", "no": "one", "free": "from", "not": "once"}
# A cue followed by one of these words denies nothing.
_PSEUDO_AFTER = frozenset(
    """
    only just doubt stop stopped stopping end ended matter wonder sure surprise surprised
    difference less more until till
    """.split()
)
# Cues that, opening a clause (perhaps after "please"), ask for something to stop.
_REQUEST_CUES = frozenset({"don't", "dont", "not", "stop"})
_POLITE = frozenset({"please", "pls", "plz", "so", "and", "just"})
# Words that end a scope as punctuation would.
SCOPE_TERMINATORS = frozenset(
    """
    but however although though yet except apart whereas while whilst until till
    because cos coz cause since when after before then so instead
    why what how where who which whether that if
    """.split()
)
# Post-negation: these pairs deny the words before them ("restraint ... never happened").
_POST_CUES = frozenset(
    {
        ("never", "happened"),
        ("didn't", "happen"),
        ("didnt", "happen"),
        ("not", "happen"),
        ("never", "needed"),
        ("not", "needed"),
        ("wasn't", "needed"),
        ("wasnt", "needed"),
        ("weren't", "needed"),
        ("werent", "needed"),
        ("never", "used"),
        ("not", "used"),
        ("wasn't", "used"),
        ("wasnt", "used"),
        ("never", "mentioned"),
        ("not", "necessary"),
    }
)
# "restraint free", "abuse free": the word before is denied.
_POST_SINGLE = frozenset({"free"})
HYPOTHETICAL_CUES = frozenset(
    """
    if worried worry worrying scared afraid frightened feared fear fearing terrified
    thought expected expecting assumed imagined imagine dreaded dreading
    might unless
    """.split()
)
SCOPE_LENGTH = 6
POST_SCOPE_LENGTH = 8


class Token(NamedTuple):
    """A word of the text: its normalised form, its span, clause and scopes."""

    norm: str
    start: int
    end: int
    clause: int
    sentence: int
    negated: bool
    hypothetical: bool


_Word = tuple[str, int, int, int, int]  # norm, start, end, clause, sentence


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens marked with their clause and scopes."""
    words: list[_Word] = []
    clause = sentence = 0
    cue_seen = False
    for piece in _PIECE.finditer(text):
        start, end = piece.span()
        if piece.lastgroup == "stop":
            clause += 1
            if _SENTENCE_END.intersection(text[start:end]):
                sentence += 1
            continue
        norm = text[start:end].casefold().replace("’", "'")
        if norm in SCOPE_TERMINATORS:
            clause += 1
        cue_seen = cue_seen or norm in _ANY_CUE
        words.append((norm, start, end, clause, sentence))
    # Built as plain tuples: the named tuple's own __new__ is a Python call per token.
    if not cue_seen:
        return [_new_token(Token, (*word, False, False)) for word in words]
    negated = _negation_scopes(words)
    hypothetical = _hypothetical_scopes(words)
    return [_new_token(Token, (*word, negated[i], hypothetical[i])) for i, word in enumerate(words)]


_new_token = tuple.__new__


_ANY_CUE = NEGATION_CUES | HYPOTHETICAL_CUES | frozenset(_TWO_WORD_CUES) | _POST_SINGLE


def _cue_width(words: list[_Word], index: int) -> int:
    """Return how many tokens the negation cue at ``index`` spans, or 0 if it is no cue."""
    norm, _, _, clause, _ = words[index]
    following = words[index + 1][0] if index + 1 < len(words) else ""
    same_clause = index + 1 < len(words) and words[index + 1][3] == clause
    if norm in _TWO_WORD_CUES and same_clause and following == _TWO_WORD_CUES[norm]:
        return 2
    if norm not in NEGATION_CUES:
        return 0
    if same_clause and following in _PSEUDO_AFTER:
        return 0
    if (norm, following) in _POST_CUES:
        return 0
    if norm in _REQUEST_CUES and _starts_request(words, index):
        return 0
    return 1


def _starts_request(words: list[_Word], index: int) -> bool:
    # "don't restrain" and "do not restrain" opening a clause (perhaps after
    # "please") ask for something to stop, so it happened.
    norm, _, _, clause, _ = words[index]
    first = index
    if norm == "not":
        if index == 0 or words[index - 1][0] != "do" or words[index - 1][3] != clause:
            return False
        first = index - 1
    previous = first - 1
    while previous >= 0 and words[previous][3] == clause and words[previous][0] in _POLITE:
        previous -= 1
    return previous < 0 or words[previous][3] != clause


# Words that can open a scope or reach back over one (every post-cue starts with a cue).
_SCOPE_OPENERS = NEGATION_CUES | frozenset(_TWO_WORD_CUES) | _POST_SINGLE


def _negation_scopes(words: list[_Word]) -> list[bool]:
    negated = [False] * len(words)
    # Only cue words are visited: no cue's second word (the "of" of "instead
    # of", the "happened" of "never happened") is itself a cue, so visiting
    # every word would find nothing more.
    for index in [i for i, word in enumerate(words) if word[0] in _SCOPE_OPENERS]:
        norm = words[index][0]
        following = words[index + 1][0] if index + 1 < len(words) else ""
        if (norm, following) in _POST_CUES:
            sentence = words[index][4]
            for inner in range(index - 1, max(-1, index - 1 - POST_SCOPE_LENGTH), -1):
                if words[inner][4] < sentence - 1:
                    break
                negated[inner] = True
            continue
        if norm in _POST_SINGLE and index > 0 and words[index - 1][3] == words[index][3]:
            negated[index - 1] = True
        width = _cue_width(words, index)
        if not width:
            continue
        clause = words[index][3]
        scope_start = index + width
        for inner in range(scope_start, min(len(words), scope_start + SCOPE_LENGTH)):
            if words[inner][3] != clause:
                break
            negated[inner] = True
    return negated


def _hypothetical_scopes(words: list[_Word]) -> list[bool]:
    hypothetical = [False] * len(words)
    for index, (norm, _, _, clause, _) in enumerate(words):
        if norm not in HYPOTHETICAL_CUES:
            continue
        current = clause
        for inner in range(index + 1, min(len(words), index + 1 + SCOPE_LENGTH + 2)):
            if words[inner][3] != current:
                # "scared that they would ...": "that" opens the clause the fear is about.
                if words[inner][0] not in {"that", "if"}:
                    break
                current = words[inner][3]
            hypothetical[inner] = True
    return hypothetical
