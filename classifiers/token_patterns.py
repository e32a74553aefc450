"""A small, readable pattern language over tokens, used by the phrase and urgent rules.

A pattern is a line of steps separated by spaces; each step matches one token:

* ``held|hold|pinned``: any of these words (an apostrophe is optional:
  ``didn't`` also matches ``didnt``);
* ``restrain*``: any word starting with ``restrain``;
* ``{obj}``: any word of a named class (see :data:`CLASSES`);
* a trailing ``?`` makes the step optional (``{obj}? down``);
* ``..3`` skips up to three words of the same clause.

Matching runs over tokens rather than characters: only the patterns whose
first step fits a word are tried there, which keeps the rules cheap enough to
run on every text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from classifiers.tokens import Token

CLASSES: Mapping[str, str] = {
    "obj": "me him her them us you",
    "poss": "my his her their your our",
    "subj": "he she they staff someone nurse nurses hca hcas",
    "kin": "son daughter mum mom mother dad father husband wife partner brother sister "
    "nan gran grandad grandma grandmother grandfather friend child kid kids children "
    "boy girl uncle aunt nephew niece relative",
}

# Cached per word: which patterns can start on it. Past this size the cache restarts.
_CACHE_LIMIT = 100_000


@dataclass(frozen=True)
class Step:
    """One step of a pattern."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    optional: bool = False
    gap: int = 0

    def accepts(self, word: str) -> bool:
        """Return whether ``word`` satisfies this step (gaps accept anything)."""
        return word in self.words or any(word.startswith(p) for p in self.prefixes)


@dataclass(frozen=True)
class TokenPattern:
    """A compiled pattern, tagged with the key (label or rule kind) it reports."""

    key: str
    source: str
    steps: tuple[Step, ...]
    # Word sets of the later steps that must match (not optional, no prefixes):
    # a text holding no word of one of them cannot match, so it is not tried.
    required: tuple[frozenset[str], ...] = ()


# A match: the pattern, and the first and last token it covers.
Found = tuple["TokenPattern", int, int]


class PatternError(ValueError):
    """A pattern line cannot be compiled."""


def _parse_step(text: str, source: str) -> Step:
    if text.startswith(".."):
        return Step(frozenset(), (), gap=int(text[2:]))
    optional = text.endswith("?")
    words: set[str] = set()
    prefixes: list[str] = []
    for option in text.rstrip("?").split("|"):
        if option.startswith("{") and option.endswith("}"):
            name = option[1:-1]
            if name not in CLASSES:
                raise PatternError(f"unknown class {option} in {source!r}")
            words.update(CLASSES[name].split())
        elif not option.replace("'", "").replace("*", "").isalnum():
            # Tokens never hold hyphens or other punctuation, so such a word never matches.
            raise PatternError(f"{option!r} can never match a token, in {source!r}")
        elif option.endswith("*"):
            if len(option) < 5:
                raise PatternError(f"prefix {option!r} too short in {source!r}")
            prefixes.append(option[:-1])
        elif option:
            words.add(option)
            words.add(option.replace("'", ""))
        else:
            raise PatternError(f"empty option in {source!r}")
    return Step(frozenset(words), tuple(prefixes), optional=optional)


def compile_pattern(key: str, source: str) -> TokenPattern:
    """Compile one pattern line."""
    steps = tuple(_parse_step(part, source) for part in source.split())
    if not steps or steps[0].gap or steps[0].optional:
        raise PatternError(f"pattern must start with a word step: {source!r}")
    if steps[-1].gap:
        raise PatternError(f"pattern must end with a word step: {source!r}")
    required = tuple(
        step.words for step in steps[1:] if not (step.gap or step.optional or step.prefixes)
    )
    return TokenPattern(key, source, steps, required)


class PatternSet:
    """Patterns grouped by key, indexed by the words their first step accepts."""

    def __init__(self, patterns: Mapping[str, Sequence[str]]) -> None:
        self.patterns = tuple(
            compile_pattern(key, source) for key, sources in patterns.items() for source in sources
        )
        self._by_word: dict[str, list[TokenPattern]] = {}
        self._by_prefix: list[tuple[str, TokenPattern]] = []
        for pattern in self.patterns:
            first = pattern.steps[0]
            for word in first.words:
                self._by_word.setdefault(word, []).append(pattern)
            self._by_prefix.extend((prefix, pattern) for prefix in first.prefixes)
        self._cache: dict[str, tuple[TokenPattern, ...]] = {}
        self._alone: PatternSets | None = None

    def _starting_on(self, word: str) -> tuple[TokenPattern, ...]:
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            candidates = list(self._by_word.get(word, ()))
            candidates.extend(p for prefix, p in self._by_prefix if word.startswith(prefix))
            found = tuple(dict.fromkeys(candidates))
            self._cache[word] = found
        return found

    def finditer(self, tokens: Sequence[Token]) -> Iterator[Found]:
        """Iterate over ``(pattern, first token, last token)`` for each match, once per start."""
        if self._alone is None:
            self._alone = PatternSets((self,))
        return iter(self._alone.find(tokens)[0])


class PatternSets:
    """Several pattern sets, matched in one pass over the tokens.

    Every text goes through the phrase rules' two tiers and the urgent rules;
    most of the cost of a pass is visiting the tokens, so one pass for all
    three is about a third cheaper than three.
    """

    def __init__(self, sets: Sequence[PatternSet]) -> None:
        self.sets = tuple(sets)
        self._cache: dict[str, tuple[tuple[int, TokenPattern], ...]] = {}

    def _starting_on(self, word: str) -> tuple[tuple[int, TokenPattern], ...]:
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = tuple(
                (number, pattern)
                for number, patterns in enumerate(self.sets)
                for pattern in patterns._starting_on(word)
            )
            self._cache[word] = found
        return found

    def find(self, tokens: Sequence[Token]) -> list[list[Found]]:
        """Return each set's matches, ``(pattern, first token, last token)``, once per start.

        Within a set, matches come in the order of their first token, then of
        the patterns.
        """
        found: list[list[Found]] = [[] for _ in self.sets]
        present = {token.norm for token in tokens}
        cached = self._cache.get  # looked up inline: most words start no pattern
        for index, token in enumerate(tokens):
            candidates = cached(token.norm)
            if candidates is None:
                candidates = self._starting_on(token.norm)
            for number, pattern in candidates:
                if any(words.isdisjoint(present) for words in pattern.required):
                    continue
                last = _match(pattern.steps, 1, tokens, index + 1, token.clause)
                if last is not None:
                    found[number].append((pattern, index, last))
        return found


def _match(
    steps: tuple[Step, ...], step: int, tokens: Sequence[Token], position: int, clause: int
) -> int | None:
    """Return the index of the last token matched by ``steps[step:]``, or None."""
    if step == len(steps):
        return position - 1
    current = steps[step]
    if current.gap:
        for skip in range(current.gap + 1):
            end = position + skip
            if end > len(tokens) or (skip and tokens[end - 1].clause != clause):
                break
            found = _match(steps, step + 1, tokens, end, clause)
            if found is not None:
                return found
        return None
    if position < len(tokens) and current.accepts(tokens[position].norm):
        found = _match(steps, step + 1, tokens, position + 1, tokens[position].clause)
        if found is not None:
            return found
    if current.optional:
        return _match(steps, step + 1, tokens, position, clause)
    return None
