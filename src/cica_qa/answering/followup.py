"""Follow-up questions rewritten into standalone ones from the conversation (pure).

"and the co-coordinator?" after "Who coordinates tourism?" asks about tourism again;
"what about the Lamp Guild?" after "How often does the Glass Council meet?" asks
the same thing about another subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cica_qa.normalize import STOPWORDS, normalise

_CONNECTIVE = re.compile(
    r"^\s*(and|also|so|then|what about|how about|and what about|and how about|what of|same for)"
    r"\b[\s,]*",
    re.I,
)
_PRONOUN = re.compile(
    r"\b(it|its|they|them|their|this|that|these|those|there|he|she|his|her)\b", re.I
)
# Words that say what is asked rather than what it is about.
ASK_WORDS = frozenset(
    "who whom whose what which when where why how often many much long coordinator coordinators "
    "coordinate coordinates coordinated coordinating co cocoordinator cocoordinators meet meets "
    "met meeting held hold year years date adopted adopt signed founded created chair chairs "
    "chaired head heads headed lead leads led role roles member members frequency".split()
)
_JOINERS = frozenset({"of", "and", "the", "for", "in", "on", "to", "s"})


def standalone_question(question: str, history: Sequence[dict[str, str]]) -> str:
    """The question made standalone from earlier user turns (unchanged when it already is)."""
    previous = ""
    for turn in history:
        if turn.get("role") == "user" and turn.get("content", "").strip():
            previous = _rewrite(turn["content"].strip(), previous)
    return _rewrite(question, previous)


def _rewrite(question: str, previous: str) -> str:
    if not previous or not _leans_on_context(question):
        return question
    subject = subject_phrase(previous)
    rest = _CONNECTIVE.sub("", question).strip()
    new_subject = subject_phrase(rest)
    if new_subject and _CONNECTIVE.match(question):
        # "what about the Lamp Guild?": ask the previous question about the new subject.
        if subject and subject in previous:
            return previous.replace(subject, _strip_article(new_subject), 1)
        return f"{previous} ({new_subject})"
    if not subject:
        return question
    if _PRONOUN.search(rest):
        return _PRONOUN.sub(subject, rest, count=1)
    return f"{rest.rstrip('?').rstrip()} of {subject}?"


def _leans_on_context(question: str) -> bool:
    if _CONNECTIVE.match(question) or _PRONOUN.search(question):
        return True
    return not subject_phrase(question)


def subject_phrase(question: str) -> str:
    """The longest run of words that are neither ask words nor stopwords (joiners inside kept)."""
    tokens = re.findall(r"[^\W_][\w'’.-]*", question)
    best: list[str] = []
    current: list[str] = []
    for token in tokens:
        word = normalise(token)
        parts = word.split()  # "co-coordinator" -> "co coordinator"
        topical = parts and not all(p in ASK_WORDS or p in STOPWORDS for p in parts)
        if topical or (current and word in _JOINERS):
            current.append(token)
        else:
            best = max(best, _trim(current), key=len)
            current = []
    best = max(best, _trim(current), key=len)
    return " ".join(best)


def _trim(tokens: list[str]) -> list[str]:
    while tokens and normalise(tokens[-1]) in _JOINERS:
        tokens = tokens[:-1]
    return tokens


def _strip_article(phrase: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", phrase, flags=re.I)
