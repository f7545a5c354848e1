"""Citation verification for written answers (pure): each sentence's cited passages must hold
its key facts — numbers, dates and names — or the sentence is dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cica_qa.normalize import STOPWORDS, normalise
from cica_qa.sentences import sentences

_MARKER = re.compile(r"\[(\d+)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:of|and|the|for|in)?\s*[A-Z][\w'’-]*)*")


@dataclass(frozen=True)
class Verified:
    """The sentences kept, in order, and those removed as unsupported."""

    kept: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def text(self) -> str:
        """The kept sentences as one answer."""
        return " ".join(self.kept)


def key_facts(sentence: str) -> set[str]:
    """Numbers and capitalised names (past the first word) that the sentence asserts."""
    plain = _MARKER.sub(" ", sentence)
    facts = {m.group(0) for m in _NUMBER.finditer(plain)}
    for match in _NAME.finditer(plain):
        name = match.group(0)
        if match.start() == 0 or plain[: match.start()].rstrip().endswith((".", ":")):
            name = name.split(maxsplit=1)[1] if " " in name else ""
        words = [w for w in normalise(name).split() if w not in STOPWORDS]
        if words:
            facts.add(" ".join(words))
    return facts


def supported(sentence: str, passages: Mapping[int, str]) -> bool:
    """True when the sentence cites existing passages that together contain its key facts."""
    cited = [int(n) for n in _MARKER.findall(sentence)]
    if not cited or any(n not in passages for n in cited):
        return False
    evidence = f" {normalise(' '.join(passages[n] for n in cited))} "
    return all(f" {normalise(fact)} " in evidence for fact in key_facts(sentence))


def verify(answer: str, passages: Mapping[int, str]) -> Verified:
    """Keep the sentences their citations support; drop the rest."""
    kept, removed = [], []
    for sentence in answer_sentences(answer):
        (kept if supported(sentence, passages) else removed).append(sentence)
    return Verified(tuple(kept), tuple(removed))


def answer_sentences(text: str) -> list[str]:
    """Sentences of a written answer (citation markers stay with their sentence)."""
    return sentences(" ".join(text.split()))


def renumber(sentences: Sequence[str]) -> tuple[str, list[int]]:
    """The sentences with citations renumbered 1..n in order of first use, and the old numbers."""
    order: list[int] = []
    for sentence in sentences:
        for number in _MARKER.findall(sentence):
            if int(number) not in order:
                order.append(int(number))
    text = " ".join(sentences)
    text = _MARKER.sub(lambda m: f"[{order.index(int(m.group(1))) + 1}]", text)
    return text, order
