"""Pure text normalisation shared by retrieval and answering: case, accents, punctuation, stems."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

_WORD = re.compile(r"[^\W_]+")
TYPO_SIMILARITY = 80  # a word this close (0-100, edit-based) to a known one is it misspelt
TYPO_LENGTH = 4  # shorter words are too easily close to others to be read as misspellings
# Words that carry no topic: question words, auxiliaries, articles, prepositions.
NORMALISED = 4096  # texts whose normal form is kept (passages are a few KB: a few MB in all)
STOPWORDS = frozenset(
    "a an and are as at be been by did do does for from has have how i in is it its of on or "
    "the their there these this those to was were what when where which who whom whose why "
    "will with can could many much often tell me about please you your any all list give name "
    "show find know s".split()
)


# letters that are no base letter with a mark, so NFKD leaves them: "Çınar" is "cinar"
_UNMARKED = str.maketrans(
    {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "þ": "th", "æ": "ae", "œ": "oe"}
)


@functools.lru_cache(maxsize=NORMALISED)
def normalise(text: str) -> str:
    """Lower case without accents; punctuation becomes spaces ('Ürgüp's' -> 'urgup s').
    Answering normalises the same passages and sentences many times for one question: the
    last few thousand are remembered."""
    plain = text.casefold()
    if not plain.isascii():  # ASCII has no accents to drop
        plain = unicodedata.normalize("NFKD", plain)
        # the distinct marks, then one translate: a loop over every character costs more
        marks = {ord(ch): None for ch in set(plain) if unicodedata.combining(ch)}
        plain = plain.translate(marks) if marks else plain
        plain = plain.translate(_UNMARKED)
    return " ".join(_WORD.findall(plain))


def words(text: str) -> list[str]:
    """Normalised words in order."""
    return normalise(text).split()


@functools.cache
def stemmer() -> Any:
    """One English Snowball stemmer per process (PyStemmer; it caches what it has stemmed)."""
    import Stemmer

    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    """English Snowball stem of a normalised word."""
    return stemmer().stemWord(word)


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry meaning (stopwords and one-letter words dropped); the
    last few thousand texts' are remembered."""
    return set(_content_stems(text))


@functools.lru_cache(maxsize=NORMALISED)
def _content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text) if len(w) > 1 and w not in STOPWORDS)


def contains_phrase(text: str, phrase: str) -> bool:
    """True when the phrase's normalised words appear together, in order, in the text."""
    wanted = normalise(phrase)
    return bool(wanted) and f" {wanted} " in f" {normalise(text)} "


def misspelt(word: str, known: Sequence[str]) -> str | None:
    """The known word this one is a misspelling of ('turism' -> 'tourism'), or None (also
    for short words). Compared by rapidfuzz's ratio, as difflib does, in C."""
    if len(word) < TYPO_LENGTH:
        return None
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
    return found[0] if found else None
