"""Words that carry grammar rather than meaning, which the urgent heads must not lean on.

Urgent reports are mostly written in the first person and the present: "I have
the tablets here", "he has been coming in at night". With urgent examples
weighted up to balance their rarity, the urgent head learnt the grammar along
with the danger: in the model of 2026-11-24 the bigram "i have" added 1.06 to
the urgent logit of a line of praise in the present perfect, and everyday
thanks in that form ("the nurses have been lovely") were flagged urgent on
real comments. The urgent heads are therefore fitted without the word n-grams made
only of these words; the danger has to be in what the words say.

Negations ("not", "no", "never", "nobody", "nothing") are not in the list:
"no one is coming" and "nothing left" are how danger is written. Nor are
words of time ("tonight", "now"), which the corpus teaches instead (see "The
words of urgency" in ``classifiers/README.md``).
"""

from __future__ import annotations

FUNCTION_WORDS = frozenset(
    """
    i me my myself we us our you your he him his she her it its they them their
    this that these those am is are was were be been being have has had having
    do does did doing a an the and or if as of at by for with about to from in
    on up out over then so than too very can will just would could should shall
    may might must i'm i've i'll i'd im ive ill id you're you've he's she's it's
    we're we've they're they've there here what which who whom get got
    """.split()
)


def is_function_term(term: str) -> bool:
    """Whether a word n-gram (words joined by spaces) is made only of function words.

    Scoped forms ("not:have", "maybe:will") say something the plain words do
    not, so they never count as function terms.
    """
    return all(word in FUNCTION_WORDS for word in term.split(" "))
