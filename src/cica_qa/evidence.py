"""Whether the corpus could answer at all: words and names the documents never use (pure)."""

from __future__ import annotations

import re
from collections.abc import Collection

from cica_qa.normalize import STOPWORDS, normalise, stem

_TOKEN = re.compile(r"[^\W_]+")


def unknown_words(question: str, vocabulary: Collection[str]) -> list[str]:
    """Content words of the question whose stem appears nowhere in the corpus."""
    found = []
    for word in normalise(question).split():
        if len(word) > 1 and word not in STOPWORDS and stem(word) not in vocabulary:
            found.append(word)
    return found


def unknown_names(question: str, vocabulary: Collection[str]) -> list[str]:
    """Capitalised words after the first (names: Japan, France) the corpus never mentions."""
    tokens = _TOKEN.findall(question)
    return [
        token
        for token in tokens[1:]
        if token[0].isupper()
        and len(token) > 1
        and normalise(token) not in STOPWORDS
        and stem(normalise(token)) not in vocabulary
    ]


def missing_evidence(question: str, vocabulary: Collection[str]) -> str:
    """Why the documents cannot be about this question, or '' when they might be."""
    names = unknown_names(question, vocabulary)
    if names:
        return f"the documents never mention {', '.join(names)}"
    content = [w for w in normalise(question).split() if len(w) > 1 and w not in STOPWORDS]
    unknown = unknown_words(question, vocabulary)
    if content and len(unknown) * 2 > len(content):
        return f"the documents never use the words {', '.join(unknown)}"
    return ""
