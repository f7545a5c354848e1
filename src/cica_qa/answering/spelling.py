"""Misspelt words of a question, corrected from the passages retrieved for it (pure).

"Who coordinates natral disaster managment?" retrieves the right passages by meaning, but
its misspelt words would then count as words the documents never use, a misspelt month
("Novembr 2022") would be no date and a misspelt place ("Ruritnia") no name. A word the
corpus never uses (by its stem), that is rare in English and a letter or two off a word of
the passages found, is read as that word, written as the passages write it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from cica_qa.normalize import TYPO_LENGTH, TYPO_SIMILARITY, normalise

Known = Callable[[str], bool]  # the corpus uses this normalised word (or it is a stopword)
Frequency = Callable[[str], float]  # a word's Zipf frequency in everyday English
COMMON_ZIPF = 3.0  # an English word at least this common is meant as written ("slogan")
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")


def corrected(question: str, passages: Sequence[str], known: Known, frequency: Frequency) -> str:
    """The question with its misspelt words replaced by the passages' words they stand for
    (the question itself when none is). The passages are only read when a word may be."""
    if not any(_suspect(normalise(w), known, frequency) for w in _WORD.findall(question)):
        return question
    written: dict[str, str] = {}  # a normalised word -> its commonest spelling in the passages
    for word, _ in Counter(w for text in passages for w in _WORD.findall(text)).most_common():
        written.setdefault(normalise(word), word)
    choices = [w for w in written if len(w) >= TYPO_LENGTH]

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        plain = normalise(word)
        if plain in written or not _suspect(plain, known, frequency):
            return word
        from rapidfuzz import fuzz, process

        found = process.extractOne(plain, choices, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
        if found is None:
            return word
        # the question's own capitals: "wardn" is "warden", though the passages mostly
        # write "Chief Warden"; "Ruritnia" is "Ruritania"
        spelt = written[found[0]]
        return spelt.lower() if word.islower() else spelt[:1].upper() + spelt[1:]

    return _WORD.sub(fix, question)


def _suspect(plain: str, known: Known, frequency: Frequency) -> bool:
    """A normalised word that may be misspelt: long enough, one word, unknown to the corpus
    and rare in English."""
    return (
        len(plain) >= TYPO_LENGTH
        and " " not in plain
        and not known(plain)
        and frequency(plain) < COMMON_ZIPF
    )
