"""Phrase rules for urgent risk: intent now, ongoing or imminent abuse, danger now.

These complement the urgent model: a rule match is a feature of the model and,
when affirmed, makes the item urgent by itself, because an urgent report that
waits in the ordinary queue is the failure that matters most. A match is not
affirmed when it is negated ("I'm not going to kill myself"), hypothetical,
or when its sentence places it in the past or says it is over ("last year I
wanted to die, the team helped me").
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

from classifiers.token_patterns import Found, PatternSet
from classifiers.tokens import Token

# Decisive rules make an item urgent by themselves; hints are only features of the
# urgent model, alone and in pairs ("tonight" with "pills", "now" with "hits").
DECISIVE: tuple[str, ...] = ("intent-now", "ongoing-abuse", "danger-now")
HINTS: tuple[str, ...] = (
    "soon",
    "now",
    "self-harm",
    "harm",
    "no-help",
    "plea",
    "fear",
    "present-self",
    "medical",
)
KINDS: tuple[str, ...] = DECISIVE + HINTS

_SELF = "myself|my ?self|me|my"
_METHOD = "kill|end|hang|hurt|harm|cut|stab|drown|overdose|od|shoot|poison|burn|jump|top"
_SOON = (
    "tonight|tomorrow|later|weekend|morning|evening|afternoon|monday|tuesday|wednesday"
    "|thursday|friday|saturday|sunday|next"
)

RULES: Mapping[str, tuple[str, ...]] = {
    "intent-now": (
        "going|gonna|gunna|planning|about|will|i'll|decided|ready|intend|intending ..2 to"
        f" ..1 {_METHOD} ..1 myself|my|me",
        f"{_METHOD} myself ..3 tonight|today|tomorrow|now|soon|weekend|when|after|before",
        "going|gonna|want|wanna|ready|wish ..1 to die ..2 tonight|today|now",
        "suicide note|pact",
        "written|wrote|writing|left ..2 note|notes|letters|letter ..3 tonight|goodbye|family",
        "goodbye everyone|world|all|everybody",
        "won't|wont ..1 be ..1 here|around|alive ..2 tomorrow|longer|morning|week",
        "not going to be ..1 here|around|alive",
        "stockpiled|stockpiling|hoarded|hoarding|saving|saved|collecting ..3 pills|tablets"
        "|paracetamol|meds|medication|lithium",
        "enough ..2 pills|tablets|paracetamol|meds",
        "can't|cant|cannot ..1 keep ..1 myself ..1 safe",
        "tonight ..1 is ..1 the ..1 night",
        "do ..1 it ..1 tonight",
        "taking ..1 them ..1 all|tonight",
        "take|swallow ..2 all ..1 of|them|my",
        "i've|ive|have|just ..1 taken|swallowed|took ..3 pills|tablets|paracetamol|codamol"
        "|overdose",
        # An overdose already taken: a quantity word keeps "I took my meds" out.
        "taken|swallowed|took|necked|downed ..2 all|load|loads|lot|lots|handful|box|boxes"
        "|packet|packets|bottle|whole|everything ..3 pills|tablets|paracetamol|codamol|meds"
        "|medication|lithium|insulin|sleeping|quetiapine|sertraline|painkillers",
        "standing|sitting on ..2 bridge|edge|roof|ledge|railway|tracks",
        "end it ..2 tonight|today|now|soon|all",
        "last|final message|words|note|post",
    ),
    "ongoing-abuse": (
        f"on|back ..2 shift|rota|nights|again ..2 {_SOON}",
        f"shift|rota ..2 {_SOON}",
        "he's|she's|they're|is|are ..1 back ..1 on",
        "will|gonna|going|he'll|she'll|they'll ..2 do ..1 it ..1 again",
        "finish ..1 the ..1 job",
        "happening ..2 right now|again|still|tonight",
        "still ..2 happening|going on",
    ),
    "danger-now": (
        "as i write|type|speak",
        "please someone|somebody ..3 come|help|check|ring|call|stop|tell|look",
        "can't|cant ..1 breathe",
        "lips|face ..2 blue|grey|gray",
        "gone|going|turned ..1 grey|blue",
        "collapsed|unconscious|unresponsive|choking",
    ),
    "soon": (
        "tonight|tomorrow|tmrw|tmw|later",
        "this ..1 morning|evening|afternoon|week|weekend",
        "every ..1 night|day|shift|morning|evening|week",
        "next ..1 shift|night|time|week",
        "monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    ),
    "now": ("now", "today", "again", "still", "currently", "keeps|keep|keeps"),
    "self-harm": (
        "kill|die|dying|dead|suicide|suicidal|overdose|jump|hang|rope|ligature|noose|blade|blades"
        "|razor|pills|tablets|paracetamol|bridge|cliffs|train|knife|cut|cutting|end|alive|gone",
    ),
    "harm": (
        "hits|hitting|hit|touches|touching|touched|beats|beating|hurting|hurt|takes|taking"
        "|threatens|threatening|threatened|choke|choking|strangle|smother|raped|rape|abuse"
        "|abusing|pushes|shoves|held|holding|locked|locking",
    ),
    "no-help": (
        "no one|body ..2 answering|answers|coming|checking|checked|noticed|listening|looking"
        "|cares|believes|help",
        "nobody|noone ..2 answering|answers|coming|checking|checked|noticed|listening|looking"
        "|cares|believes|help",
        "not|isn't|isnt|aren't|arent|won't|wont|didn't|didnt ..1 answering|answer|coming"
        "|listening|believe|noticed|checking|check",
    ),
    "plea": ("please|help|someone|somebody|urgent|urgently|asap",),
    "fear": ("scared|terrified|frightened|afraid|panicking|panic",),
    "present-self": ("i'm|im|i've|ive|i'll|ill|am", "i ..1 am|have|will"),
    "medical": (
        "breathe|breathing|blue|grey|collapsed|unconscious|unresponsive|bleeding|blood"
        "|drowsy|vomiting|seizure|fitting|floor|wake",
    ),
}

# Words in the same sentence that place a match in the past or say it is over.
RESOLVED = re.compile(
    r"\b(?:years? ago|months? ago|weeks? ago|last (?:year|month|summer|winter|spring|autumn)"
    r"|used to|back then|in the past|over the years|at the time|at that time"
    r"|no longer|not any ?more"
    r"|(?:i'?m|i am) (?:safe|ok|okay|fine|better|doing (?:well|better)) now"
    r"|(?:helped|saved) me|got me through|recovered|when i was|that time|in (?:19|20)\d\d"
    r"|as a (?:kid|child|teenager)|was suicidal|were suicidal|felt suicidal|wanted to die"
    r"|thank|thanks|grateful)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[.!?\n]+")


class UrgentMatch(NamedTuple):
    """A span of the text that an urgent-risk rule matched."""

    kind: str
    start: int
    end: int
    affirmed: bool

    @property
    def decisive(self) -> bool:
        """Whether this match makes the item urgent by itself."""
        return self.affirmed and self.kind in _DECISIVE


# Matched in one pass with the phrase rules (see :func:`classifiers.features.analyse`).
PATTERN_SET = PatternSet(RULES)

_PAIRS: tuple[tuple[str, str], ...] = tuple(combinations(HINTS, 2))
FEATURE_NAMES: tuple[str, ...] = (
    *(f"urgent:{kind}" for kind in KINDS),
    "urgent:not-now",
    *(f"urgent:{first}+{second}" for first, second in _PAIRS),
)
_COLUMN = {name: index for index, name in enumerate(FEATURE_NAMES)}


_DECISIVE = frozenset(DECISIVE)


def rules_fingerprint() -> str:
    """Return a digest of the urgent-risk rules, for the model version."""
    digest = hashlib.sha256()
    for kind in KINDS:
        for pattern in RULES[kind]:
            digest.update(f"{kind}\0{pattern}\0".encode())
    digest.update(RESOLVED.pattern.encode())
    return digest.hexdigest()


class _Sentences:
    """Where the sentences of a text begin and end, found once for all its matches.

    Looking the boundaries up afresh for each match cost time in proportion to
    the text for every match: a long letter with many matches took seconds.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        runs = [(run.start(), run.end()) for run in _SENTENCE.finditer(text)]
        self._starts = [start for start, _ in runs]
        self._ends = [end for _, end in runs]

    def around(self, start: int, end: int) -> str:
        """Return the sentence holding ``text[start:end]``, without its end marks."""
        # Boundaries are runs of marks and a match starts and ends on a word, so no
        # run straddles either end: the last run ending by ``start`` opens the
        # sentence and the first starting from ``end`` closes it.
        before = bisect.bisect_right(self._ends, start)
        after = bisect.bisect_left(self._starts, end)
        sentence_start = self._ends[before - 1] if before else 0
        sentence_end = self._starts[after] if after < len(self._starts) else len(self._text)
        return self._text[sentence_start:sentence_end]


def find_urgent(text: str, tokens: Sequence[Token]) -> list[UrgentMatch]:
    """Return every urgent-risk rule match, marked affirmed or not."""
    return urgent_matches(text, tokens, list(PATTERN_SET.finditer(tokens)))


def urgent_matches(text: str, tokens: Sequence[Token], found: Sequence[Found]) -> list[UrgentMatch]:
    """Return the urgent matches of ``found``, the matches of :data:`PATTERN_SET`."""
    matches: list[UrgentMatch] = []
    if not found:
        return matches
    sentences = _Sentences(text)
    for pattern, first, last in found:
        start, end = tokens[first].start, tokens[last].end
        token = tokens[first]
        past = RESOLVED.search(sentences.around(start, end)) is not None
        affirmed = not (token.negated or token.hypothetical or past)
        matches.append(UrgentMatch(pattern.key, start, end, affirmed))
    return matches


def urgent_features(matches: Sequence[UrgentMatch]) -> list[int]:
    """Return the column indices (into :data:`FEATURE_NAMES`) that ``matches`` switch on."""
    columns: set[int] = set()
    affirmed: set[str] = set()
    for match in matches:
        if match.affirmed:
            affirmed.add(match.kind)
            columns.add(_COLUMN[f"urgent:{match.kind}"])
        elif match.kind in _DECISIVE:
            columns.add(_COLUMN["urgent:not-now"])
    for first, second in _PAIRS:
        if first in affirmed and second in affirmed:
            columns.add(_COLUMN[f"urgent:{first}+{second}"])
    return sorted(columns)
