"""Follow-up questions rewritten into standalone ones from the conversation (pure).

"and the co-coordinator?" after "Who coordinates tourism?" asks about tourism again;
"what about the Lamp Guild?" after "How often does the Glass Council meet?" asks
the same thing about another subject; "what did he do before?" after "Who was the first
Warden?" asks about the person the answer named, and "who chaired that meeting?" about the
meeting the previous question was about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from cica_qa.answering.replies import NO_ANSWER
from cica_qa.normalize import STOPWORDS, normalise
from cica_qa.types import Mention, MentionKind

Named = Callable[[str], Sequence[Mention]]  # what a text names (the reader at question time)

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
_PERSONAL = re.compile(r"\b(he|she|him|her|his)\b", re.I)
_THING = re.compile(r"\b(it|its)\b", re.I)
# "that meeting", "this decision", "then", "there": the thing the previous question was about
_DEMONSTRATIVE = re.compile(
    r"\b(?:that|this|those|these) (?!is\b|was\b)[a-z]\w+|\b(?:then|there)\b", re.I
)
# "Which country …?", "What organisation …?": the answer names the thing asked for
_ASKS_A_THING = re.compile(
    r"^\s*(which|what)\s+(?!is\b|was\b|are\b|were\b|did\b|does\b)(\w+)", re.I
)
_ASKING = re.compile(
    r"^\s*(who|whom|whose|what|which|when|where|why|how( often| many| much| long)?)\b"
    r"(\s+(is|are|was|were|did|does|do|has|have|had|will|can))?\s*",
    re.I,
)
# "his country", "her country": the country the previous answer named with the person
_THEIR_COUNTRY = re.compile(r"\b(?:his|her|their) (?:country|state)\b", re.I)
# "there", "the same city", "that city": the place the previous answer named
_LOCATIVE = re.compile(
    r"\bthere\b(?!\s+(?:is|are|was|were|be|been)\b)"
    r"|\b(?:the same|that) (?:city|town|place|venue)\b",
    re.I,
)
# words after an object "her" ("appoint her as …", "meet her in …")
_AFTER_OBJECT = frozenset(
    "as to in on at for with by from and or then again before after about".split()
)
_PLACE_NOUNS = frozenset(
    "country countries state states city cities capital town place venue region nation".split()
)
_PERSON_NOUNS = frozenset(
    "person people minister president official officials diplomat ambassador secretary "
    "chairman chairperson director head leader speaker".split()
)


def standalone_question(
    question: str, history: Sequence[dict[str, str]], named: Named | None = None
) -> str:
    """The question made standalone from earlier turns (unchanged when it already is).

    `named` reads what an earlier answer names: "he" or "it" may stand for the person or
    thing the answer gave (without it, only the earlier questions are used).
    """
    previous = answer = ""
    for turn in history:
        content = turn.get("content", "").strip()
        if turn.get("role") == "user" and content:
            previous, answer = _rewrite(content, previous, answer, named), ""
        elif turn.get("role") == "assistant":
            # an abstention names what the documents lack, not an answer to point back at
            answer = "" if content.startswith(NO_ANSWER[:-1]) else content
    return _rewrite(question, previous, answer, named)


def _rewrite(question: str, previous: str, answer: str, named: Named | None) -> str:
    if not previous or not _leans_on_context(question):
        return question
    referent = _referent(question, previous, answer, named)
    if referent:
        return referent
    demonstrative = _DEMONSTRATIVE.search(question) and not _CONNECTIVE.match(question)
    if demonstrative or _PERSONAL.search(question) or _LOCATIVE.search(question):
        # "who chaired that meeting?", "what did he say?" with no person in the answer: the
        # meeting, or the person, the previous question was about, said in full
        context = _ASKING.sub("", previous).rstrip(" ?")
        return f"{question.rstrip(' ?')} ({context})?"
    return _rewrite_subject(question, previous)


def _referent(question: str, previous: str, answer: str, named: Named | None) -> str:
    """The question with what it points at in the previous answer spelled out: "he"/"she"
    the person it named, "his country" and "there" the place, "it" the thing the previous
    question asked for (a country, an organisation, a person); '' when the answer names none."""
    if named is None or not answer:
        return ""
    noun = ""
    if _THEIR_COUNTRY.search(question):
        pattern, kinds, say = _THEIR_COUNTRY, ("place",), _as_named
    elif _PERSONAL.search(question):
        pattern, kinds, say = _PERSONAL, ("person",), _as
    elif _LOCATIVE.search(question):
        pattern, kinds, say = _LOCATIVE, ("place",), _in_place
    elif _THING.search(question) and (thing := _ASKS_A_THING.match(previous)):
        pattern, kinds, say = _THING, _kinds_asked(thing.group(2)), _as
        noun = thing.group(2)
    else:
        return ""
    asked = set(normalise(previous).split())
    found = [
        m for m in named(answer) if m.kind in kinds and not set(normalise(m.text).split()) <= asked
    ]
    if not found:
        return ""
    # in the order of the kinds wanted; of one kind, the one the answer gives as the noun asked
    # for ("Host country: Ruritania" after "Which country …?") before any other
    first = min(
        found,
        key=lambda m: (kinds.index(m.kind), not (noun and _labelled(answer, noun, m.text))),
    )
    return pattern.sub(
        lambda m: say(m.group(0), first.text, question[m.end() :]), question, count=1
    )


def _labelled(answer: str, noun: str, name: str) -> bool:
    """Whether the answer writes the name right after the noun asked for ("country: X")."""
    return re.search(rf"\b{re.escape(noun)}\s*:?\s*{re.escape(name)}", answer, re.I) is not None


def _kinds_asked(noun: str) -> tuple[MentionKind, ...]:
    """What "which <noun>" asks for, likeliest first: a country is a place, a body an
    organisation, a minister a person."""
    word = noun.lower()
    if word in _PLACE_NOUNS:
        return ("place", "org", "person")
    if word in _PERSON_NOUNS:
        return ("person", "org", "place")
    return ("org", "place", "person")


def _as_named(_: str, name: str, __: str = "") -> str:
    return name


def _in_place(pronoun: str, name: str, _: str = "") -> str:
    """ "there" -> "in Oslo"; "the same city" -> "Oslo"."""
    return f"in {name}" if pronoun.lower() == "there" else name


def _rewrite_subject(question: str, previous: str) -> str:
    """The previous question's subject where this one leaves it out or points at it."""
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


def _as(pronoun: str, name: str, after: str = "") -> str:
    """The name in the pronoun's place ("his" -> "Ann Lee's"); "her" is possessive before a
    noun ("her title"), not at the end or before a preposition ("appoint her as …")."""
    word = pronoun.lower()
    follows = re.match(r"\s+([a-z]+)", after.lower())
    possessive = word in ("his", "its") or (
        word == "her" and follows is not None and follows.group(1) not in _AFTER_OBJECT
    )
    return f"{name}'s" if possessive else name


def _leans_on_context(question: str) -> bool:
    if _CONNECTIVE.match(question) or _PRONOUN.search(question) or _LOCATIVE.search(question):
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
