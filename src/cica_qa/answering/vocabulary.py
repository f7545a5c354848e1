"""Whether the documents could answer at all: words and names they never use (pure).

A question that names something the corpus never mentions ("Japan"), or uses a specific
word it never uses ("salary", "abolished"), is about something else: the answer is that the
documents don't say. Common words the corpus happens not to use ("held", "take place") say
how a question is asked, not what it is about, and so do misspellings of words it does use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from cica_qa.normalize import STOPWORDS, misspelt, normalise, stem

_TOKEN = re.compile(r"[^\W_]+")
Frequency = Callable[[str], float]  # a word's Zipf frequency in everyday English (0 to ~8)
NAME_STEM = 5  # letters two forms of a name share at least ("Ruritan-ia", "Ruritan-ian")
RARE_ZIPF = 4.4  # rarer than this, an unknown word names a topic (Zipf 4 ≈ 1 in 100,000 words)
# words that place a question in time, not in a topic ("where is it nowadays?"): what they
# ask is read by recency.about_now, and documents need not use them to answer
WHEN_ASKED = frozenset("now nowadays today currently presently current latest recently".split())


def is_known(word: str, vocabulary: Collection[str]) -> bool:
    """The corpus uses this word, or a word it is a misspelling of."""
    stemmed = stem(word)
    return stemmed in vocabulary or misspelt(stemmed, list(vocabulary)) is not None


def unknown_words(question: str, vocabulary: Collection[str]) -> list[str]:
    """Content words of the question that appear nowhere in the corpus, even misspelt."""
    return [word for word in content_words(question) if not is_known(word, vocabulary)]


def content_words(question: str) -> list[str]:
    """The question's words, normalised, but stopwords and the words that only place it in
    time (WHEN_ASKED)."""
    return [
        word
        for word in normalise(question).split()
        if len(word) > 1 and word not in STOPWORDS and word not in WHEN_ASKED
    ]


def unknown_names(question: str, vocabulary: Collection[str]) -> list[str]:
    """Capitalised words after the first (names: Atlantis, Narnia) the corpus never mentions."""
    tokens = _TOKEN.findall(question)
    return [
        token
        for token in tokens[1:]
        if token[0].isupper()
        and len(token) > 1
        and normalise(token) not in STOPWORDS
        and not is_known(normalise(token), vocabulary)
        and not _names_a_known(normalise(token), vocabulary)
    ]


def _names_a_known(word: str, vocabulary: Collection[str]) -> bool:
    """A name's other form the corpus uses: "Ruritanian" for "Ruritania", "Borduri" for
    "Borduria" (one is the start of the other, in NAME_STEM letters or more)."""
    if len(word) < NAME_STEM:
        return False
    return any(
        len(known) >= NAME_STEM and (known.startswith(word) or word.startswith(known))
        for known in vocabulary
    )


def unknown_terms(
    question: str, vocabulary: Collection[str], frequency: Frequency | None = None
) -> str:
    """Why the documents cannot be about this question, or '' when they might be."""
    return (
        never_mentioned(question, vocabulary)
        or never_used(question, vocabulary, frequency)
        or mostly_unknown(question, vocabulary)
    )


def never_mentioned(question: str, vocabulary: Collection[str]) -> str:
    """'the documents never mention <names the question gives>', or ''."""
    names = unknown_names(question, vocabulary)
    return f"the documents never mention {', '.join(names)}" if names else ""


def never_used(
    question: str, vocabulary: Collection[str], frequency: Frequency | None = None
) -> str:
    """'the documents never use the words <…>' for the rare words of the question the
    documents never use, or ''."""
    rare = [
        w
        for w in _unknown(question, vocabulary)
        # "belongs" is as common as "belong": judge a word by its commonest form
        if frequency is not None and max(frequency(w), frequency(stem(w))) < RARE_ZIPF
    ]
    return f"the documents never use the words {', '.join(rare)}" if rare else ""


def mostly_unknown(question: str, vocabulary: Collection[str]) -> str:
    """'the documents never use the words <…>' when they use fewer than half of the
    question's content words, or ''."""
    unknown = _unknown(question, vocabulary)
    content = content_words(question)
    if content and len(unknown) * 2 > len(content):
        return f"the documents never use the words {', '.join(unknown)}"
    return ""


def _unknown(question: str, vocabulary: Collection[str]) -> list[str]:
    """The question's words the documents never use; "Ruritanian" for the corpus's
    "Ruritania" is no word they lack."""
    forms = {normalise(t) for t in _TOKEN.findall(question) if t[0].isupper()}
    return [
        w
        for w in unknown_words(question, vocabulary)
        if not (w in forms and _names_a_known(w, vocabulary))
    ]


def english_frequency() -> Frequency:
    """Zipf frequencies of English words from the wordfreq package (offline data)."""
    from wordfreq import zipf_frequency

    return lambda word: zipf_frequency(word, "en")
