"""Titles people hold in the passages (pure): a question asking "which <title> …" asks for
a person, like "who".

A title is read off the passages found, not from a word list: the capitalised words right
before a person's name ("Foreign Minister Ann Lee", "Ambassador Ann Lee") and the first
capitalised words of an apposition after it ("Ann Lee, Minister of Lamps, opened …"). Words
of other names (a country, an organisation) and abbreviations are no titles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cica_qa.answering.intent import Intent
from cica_qa.index.mentions import NAME_KINDS
from cica_qa.normalize import content_stems, stem
from cica_qa.sentences import split_sentences
from cica_qa.types import Hit
from cica_qa.values import MONTHS

BEFORE = 4  # words before a name that may be its title
ASKED_WORDS = 4  # words after "which" or "what" that may name the title asked for
# after "which" or "what", these end the words naming what is asked for
_VERBS = frozenset(
    "is are was were do does did has have had will would can could should may might must".split()
)
_CAPITAL = r"[A-Z][\w'’-]*"
# "Foreign Minister Ann Lee": capitalised words right before the name, spaces between
_TITLE_BEFORE = re.compile(rf"((?:{_CAPITAL}[ \t]+){{1,{BEFORE}}})$")
# "Ann Lee, Minister of Lamps": capitalised words after a comma, before "of"
_TITLE_AFTER = re.compile(rf",[ \t]+((?:{_CAPITAL}[ \t]+){{1,{BEFORE}}})of\b")


def titles_in(hits: Sequence[Hit]) -> frozenset[str]:
    """The stems of the titles people hold in these passages."""
    found: set[str] = set()
    for hit in hits:
        text = hit.chunk.text
        names = [m.text for m in hit.chunk.mentions if m.kind in NAME_KINDS]
        others = content_stems(" ".join(names))
        for mention in hit.chunk.mentions:
            if mention.kind != "person":
                continue
            for at in _places(text, mention.text):
                before = _TITLE_BEFORE.search(text[max(0, at - 80) : at])
                after = _TITLE_AFTER.match(text, at + len(mention.text))
                words = [m.group(1) for m in (before, after) if m]
                found |= {
                    s
                    for w in " ".join(words).split()
                    if not w.isupper() and w.casefold() not in MONTHS
                    for s in content_stems(w)
                } - others
    return frozenset(found)


def asks_for_a_person(intent: Intent, titles: frozenset[str]) -> bool:
    """'Which Lumen minister opened …?', 'What deputy director …?': the words after "which"
    or "what" name a title people hold in the passages."""
    if intent.kind not in ("which", "what"):
        return False
    asked = []
    for word in intent.text.split()[1 : 1 + ASKED_WORDS]:
        if word in _VERBS:  # "what did the ministers adopt": the ministers are not asked for
            break
        asked.append(word)
    return any(stem(word) in titles for word in asked)


def _places(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(name), text)]


# capitalised words in a row ("Deputy Chief Warden"), the run a title is read from
_CAPITALISED_RUN = re.compile(rf"{_CAPITAL}(?:[ \t]+{_CAPITAL})*")


def untitled(question: str, people: Sequence[str], hits: Sequence[Hit]) -> str:
    """'no passage found names <a person> as <a title>' when the question gives a person a
    title people hold in the passages ("When was Ann Lee appointed Chief Warden?") and the
    passages found name that person, but never with that title: only with another one
    ("Deputy Chief Warden Ann Lee"), a false premise. '' otherwise."""
    if not people:  # most questions name no one: the passages are not read for titles
        return ""
    titles = titles_in(hits)
    if not titles:
        return ""
    asked = _asked_titles(question, people, titles)
    texts = [sentence for hit in hits for sentence in split_sentences(hit.chunk.text)]
    for person in people:
        surname = person.split()[-1]
        about = [t for t in texts if re.search(rf"\b{re.escape(surname)}\b", t)]
        if not about:
            continue
        for title in asked:
            if not any(_holds_title(t, title) for t in about):
                return f"no passage found names {person} as {title}"
    return ""


def _asked_titles(question: str, people: Sequence[str], titles: frozenset[str]) -> list[str]:
    """The runs of capitalised words in the question, past its first word, that are titles
    people hold in the passages (not a person's name)."""
    names = {w for person in people for w in person.split()}
    found = []
    for match in _CAPITALISED_RUN.finditer(question):
        words = match.group().split()
        if match.start() == 0 or len(words) < 2 or names & set(words):
            continue
        if all(stem(w.lower()) in titles for w in words):
            found.append(match.group())
    return found


def _holds_title(sentence: str, title: str) -> bool:
    """Whether the sentence holds the title itself, not as the end of a longer one
    ("Deputy Chief Warden" is not "Chief Warden")."""
    for match in re.finditer(rf"\b{re.escape(title)}\b", sentence):
        before = sentence[: match.start()].split()
        # "Post: Chief Warden" holds it; "Deputy Chief Warden" does not
        if not before or not before[-1][:1].isupper() or not before[-1][-1].isalpha():
            return True
    return False
