"""Whether a question is in English (pure, given word frequencies by language).

The documents are in English and so is every step of answering; a question in another
language gets an honest reply saying so, not an answer to what its few shared words (names,
"CICA") happen to match. A question mostly in another script (Cyrillic, Arabic, Chinese …)
is not English; in the Latin script, its words are weighed by how common they are in
English and in the other languages most often written in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# how common a word is in a language, on wordfreq's Zipf scale (0: unknown, 7: "the")
Frequencies = Callable[[str, str], float]

LATIN_LANGUAGES: dict[str, str] = {
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "tr": "Turkish",
    "id": "Indonesian",
    "pl": "Polish",
    "sv": "Swedish",
}
RARE_IN_ENGLISH = 2.0  # Zipf frequency under which a word is rare or unknown in English
MARGIN = 1.5  # mean Zipf frequency by which another language must beat English
LEAST_WORDS = 2  # fewer words than this say too little about a language
OTHER_SCRIPT = 0.5  # share of letters outside the Latin script above which it is not English
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Language:
    """What language a question seems to be in."""

    english: bool
    name: str = ""  # its name in English when it is not English ("" when not known)


def language_of(question: str, frequencies: Frequencies) -> Language:
    """English unless the question is clearly in another language."""
    letters = [ch for ch in question if ch.isalpha()]
    if not letters:
        return Language(True)
    other_script = sum(not _latin(ch) for ch in letters) / len(letters)
    if other_script > OTHER_SCRIPT:
        return Language(False)
    words = [w.lower() for w in _WORD.findall(question)]
    rare = [w for w in words if frequencies(w, "en") < RARE_IN_ENGLISH]
    if len(words) < LEAST_WORDS or len(rare) < LEAST_WORDS:
        return Language(True)  # English words, but for a name or a typo or two
    english = _mean(words, "en", frequencies)
    scores = {code: _mean(words, code, frequencies) for code in LATIN_LANGUAGES}
    best = max(scores, key=lambda code: (scores[code], code))
    if scores[best] - english >= MARGIN:
        return Language(False, LATIN_LANGUAGES[best])
    return Language(True)


def _mean(words: list[str], language: str, frequencies: Frequencies) -> float:
    return sum(frequencies(word, language) for word in words) / len(words)


def _latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"  # ASCII letters and Latin-1/Extended


def wordfreq_frequencies() -> Frequencies:
    """Zipf frequencies from the wordfreq package's own data (offline): its small word lists,
    which load in a few tens of milliseconds per language."""
    from wordfreq import zipf_frequency

    return lambda word, language: zipf_frequency(word, language, wordlist="small")
