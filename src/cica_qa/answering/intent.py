"""What a question asks for, read from its words alone (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cica_qa.normalize import STOPWORDS, content_stems, normalise, stem

_LIST_CUES = re.compile(r"\b(list|all|every|enumerate|what are|which are|name the)\b")
# "which countries …", "which priority areas is …", "who are the coordinators …": a plural noun
# right after the question word (a word in -s before an auxiliary, not a verb like "coordinates")
_PLURAL = r"\w{2,}[^s\W]s"
_AUX = r"(is|are|do|does|did|was|were|has|have|can|will)"
_PLURAL_ASK = re.compile(
    rf"^(in )?(which|what) ({_PLURAL}\b|\w+ {_PLURAL} {_AUX}\b)|^who are (the )?(\w+ )?{_PLURAL}\b"
)
EXPANSION_WORDS = frozenset({"stand", "acronym", "abbrevi", "short", "mean", "full", "name"})
_ACRONYM = re.compile(r"\b([A-Z]{2,6})s?\b")
_COUNTED = re.compile(r"\bhow many (\w+)")
_EXPANSION = re.compile(
    r"\b(stand for|stands for|acronym|abbreviation|short for|mean|means|full name)\b"
)
_DEFINITION = re.compile(
    r"^(what is|what s|define|what (was|were) (the|a|an)|what does \w+ stand for)\b"
)
# "where and when …", "… and in what format?", "… and who prepared it?": a second thing asked
_AND_ASKS = re.compile(
    r"\w.*\band (?:(?:in|at|on|by|for|from|with) )?"
    r"(?:who|whom|whose|when|where|which|what|how (?:many|much|long|often))\b(?! about\b)"
)
_CO_ROLE = re.compile(r"\bco ?(coordinat|chair|sponsor|lead)\w*")
_ROLE = re.compile(r"\b(coordinat|chair|sponsor|lead)\w*")


@dataclass(frozen=True)
class Intent:
    """The kind of answer wanted and the words that carry the question."""

    text: str  # the question, normalised
    kind: str  # when | how_often | how_many | who | where | which | what | yes_no | other
    wants_all: bool  # a list of every match ("list the advisory bodies")
    asks_two: bool  # two things at once ("where and when …", "… and who prepared it?")
    definition: bool  # "what is X": a passage that says what X is
    expansion: bool  # "what does TTF stand for": a glossary entry answers
    co_role: bool | None  # asks for a co-role (True), the main role (False), or neither (None)
    stems: frozenset[str]  # of the question as asked
    aliases: frozenset[str] = frozenset()  # normalised glossary names it mentions, all variants
    acronyms: tuple[str, ...] = ()  # upper-case abbreviations in the question, in order
    asked: str = ""  # the question as written (case kept)

    @property
    def about_a_name(self) -> bool:
        """'What does TTF stand for?', 'What is the PNLU?': the question is about a name."""
        return self.expansion or (self.definition and self.only_acronyms)

    @property
    def counted(self) -> str:
        """The stem of what "how many" counts ("how many members" -> "member"), or '' when
        the word after it names nothing ("how many of the …", "how many are …")."""
        match = _COUNTED.search(self.text)
        if match is None or match.group(1) in STOPWORDS:
            return ""
        return stem(match.group(1))

    @property
    def only_acronyms(self) -> bool:
        """Its only topic words are abbreviations ('What is the PRC in CICA?')."""
        rest = self.stems - {a.lower() for a in self.acronyms} - EXPANSION_WORDS
        return bool(self.acronyms) and not rest


def read_intent(question: str, aliases: frozenset[str] = frozenset()) -> Intent:
    """Read a question's intent; `aliases` are the glossary names it mentions, all variants."""
    text = normalise(question)
    return Intent(
        text=text,
        asked=question,
        kind=_kind(text),
        wants_all=bool(_LIST_CUES.search(text) or _PLURAL_ASK.match(text)),
        asks_two=bool(_AND_ASKS.search(text)),
        definition=bool(_DEFINITION.match(text)),
        expansion=bool(_EXPANSION.search(text)),
        co_role=_co_role(text),
        stems=frozenset(content_stems(question)),
        aliases=aliases,
        acronyms=tuple(_ACRONYM.findall(question)),
    )


def _kind(text: str) -> str:
    first = text.split()[0] if text else ""
    if "how often" in text or "how frequently" in text:
        return "how_often"
    if "how many" in text or "how much" in text or re.search(r"\bnumbers?\b", text):
        return "how_many"
    if first == "when" or re.search(r"\b(what|which) year\b", text):
        return "when"
    if first in ("who", "whom", "whose"):
        return "who"
    if first == "where" or re.match(r"(in|at) (which|what) (city|country|place|venue)\b", text):
        return "where"
    if first in ("which", "what"):
        return "which" if first == "which" else "what"
    if first in ("is", "are", "does", "do", "did", "was", "were", "can", "has", "have"):
        return "yes_no"
    return "other"


def _co_role(text: str) -> bool | None:
    if _CO_ROLE.search(text):
        # "coordinator or co-coordinator" asks for both roles
        return None if _ROLE.search(_CO_ROLE.sub(" ", text)) else True
    return False if _ROLE.search(text) else None
