"""Whether a chosen answer is the kind of thing the question asks for (pure).

Retrieval always finds the closest passage, even when the documents hold no answer. A
question can be worded entirely in the corpus's own words and still ask for something the
documents never give: "the *next* meeting's *date*", "the *first* Chief Warden", "which
*countries* are observers". The closest passage then talks about the right thing but
does not say what is asked. These checks compare the answer with the question's demands:

- a restricting word ("first", "current", "next") must hold in the answer too;
- a date asked for needs a date, a time asked for needs a time or a frequency, a sum of
  money asked for needs a currency or a number of thousands or more;
- a name asked for ("who", "which countries") needs a proper name the question lacks, and
  so does a place asked for ("where").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from cica_qa.answering.intent import Intent
from cica_qa.index.mentions import POSITIONS, counts_a_position
from cica_qa.normalize import normalise, stem
from cica_qa.values import Found, find_ordinals, find_values, ordinal_value

# Words that narrow a question to one instance; an answer that lacks them answers another.
RESTRICTING = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth last current next "
    "latest previous former upcoming present".split()
)
_MONTH = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
_DATE = re.compile(rf"\b(1[89]\d\d|20\d\d|{_MONTH})\b")
_TIME = re.compile(
    rf"\b(1[89]\d\d|20\d\d|{_MONTH}|every|once|twice|times|annual\w*|yearly|monthly|weekly|"
    r"ad hoc|years?|months?|weeks?|days?|after|before|since|until)\b"
)
_ASKS_DATE = re.compile(r"\b(date|what day|which day)\b")
# "on what exact day", "on which day": a day, not a month or a year
_ASKS_DAY = re.compile(r"\b(what|which|exact|precise) (\w+ )?day\b|\bexact date\b")
DAY = len("2024-03-05")  # a date's value down to the day
_HOW_OFTEN = re.compile(
    r"\b(every|once|twice|times|annual\w*|yearly|monthly|weekly|ad hoc|since|until)\b"
)
# "how often": a frequency ("every four years", "twice a year", "as needed")
_FREQUENCY = re.compile(
    r"\b(every|each|once|twice|times|annual\w*|biennial\w*|yearly|monthly|weekly|daily|"
    r"quarterly|regular\w*|ad hoc|as needed|when needed|per (year|month|week))\b"
)
# "how much did it cost", "what is the annual budget", "what salary …": a sum of money
_MONEY_VERBS = (
    r"(cost|pay|paid|spend|spent|invest|contribut|donat|allocat|rais|earn|receiv|set aside)"
)
_ASKS_MONEY = re.compile(
    rf"\bhow much (money\b|.*\b{_MONEY_VERBS}\w*)|"
    r"\b(what|which) ((is|was|are|were)( the)?( \w+)?( total| annual| yearly)?|total|annual|"
    r"yearly) (budget|salary|salaries|amount|cost|price|fee|sum)\b|"
    r"\b(what|which) (salary|salaries|price|fee)\b"
)
# a sum: a currency by sign, code or name, or a number of thousands or more
_MONEY = re.compile(
    r"[$€£¥₸₽]|\b(usd|eur|cny|kzt|rub|dollars?|euros?|tenge|yuan|renminbi|roubles?|rubles?|"
    r"manats?|rupees?|pounds?|francs?|yen)\b|\d\s*(thousand|million|billion|mln|bn)\b"
)
# "which countries …", "what city …", "the name of …": the answer is a proper name
_ASKS_NAME = re.compile(
    r"^(which|what) (countr\w*|states?|member states?|cit(y|ies)|universit\w*)\b|\bname of\b"
)
# after these a word is a verb ("to present", "will last"), not a restriction
_BEFORE_A_VERB = frozenset("to did does do will would can could should may might must".split())
_NOT_A_NOUN = frozenset({"", *"at the a an to in on for with by from before after".split()})
_CITATION_PLACE = re.compile(r"\{\d+\}")
_CAPITALISED = re.compile(r"[^\W\d_][\w'’-]*")
_ITEM_START = re.compile(r"(^|[.;:!?•\n]\s*|\(\s*|[-*+]\s+)$")


def unmet_answer_type(
    intent: Intent,
    answer: str,
    named: str | None,
    passage: str = "",
    entities: Collection[str] = (),
) -> str:
    """Why the answer does not give what is asked, or '' when it may.

    `named` is the part of the answer that must hold a name asked for (a passage without
    the heading it is quoted under); None skips that check, for answers read from table
    cells (a cell is the named value itself, capitalised or not). `entities` are the names
    reading the passage found (a name opening a sentence is a name too).
    """
    answer = _CITATION_PLACE.sub("", answer)  # "{1}" is no number
    missing = unmet_restriction(intent.text, answer, passage, intent.asked)
    if missing:
        return f"no passage found says which is the {missing} one"
    if _ASKS_DATE.search(intent.text) and not _DATE.search(normalise(answer)):
        return "no passage found gives the date asked for"
    if intent.kind == "when" and not _TIME.search(normalise(answer)):
        return "no passage found says when"
    if intent.kind == "how_often" and not _FREQUENCY.search(normalise(answer)):
        return "no passage found says how often"
    asks_when = intent.kind == "when" or _ASKS_DATE.search(intent.text)
    if asks_when and not _tells_when(intent.asked, answer):
        return "no passage found says when, beyond the date the question gives"
    if _ASKS_DAY.search(intent.text) and not _tells_when(intent.asked, answer, DAY):
        return "no passage found gives the day asked for"
    if _ASKS_MONEY.search(intent.text) and not _MONEY.search(answer.lower()):
        return "no passage found gives the sum asked for"
    if intent.kind == "how_many" and not gives_a_count(intent.asked, answer):
        return "no passage found gives the number asked for"
    if (
        named is not None
        and asks_for_a_name(intent)
        and not new_names(intent.asked or intent.text, named, entities)
    ):
        return "no passage found names who or what is asked for"
    if (
        named is not None
        and intent.kind == "where"
        and not new_names(intent.asked or intent.text, named, entities)
    ):
        return "no passage found says where"
    return ""


def _tells_when(question: str, answer: str, finest: int = 0) -> bool:
    """Whether the answer gives a date the question does not (one at least `finest`
    characters long as a value: DAY for a day), or says how often or how long; a date the
    question gives, or a part of one ("2008" for "May 2008"), tells nothing."""
    given = [f.value for f in find_values(question) if f.kind == "date"]
    dates = [f.value for f in find_values(answer) if f.kind == "date"]
    new = [d for d in dates if not any(g.startswith(d) for g in given)]
    if any(len(d) >= finest for d in new):
        return True
    return not finest and (not dates or bool(_HOW_OFTEN.search(normalise(answer))))


def gives_a_count(question: str, answer: str) -> bool:
    """Whether the answer holds a number the question does not give (a date is none)."""
    given = {f.value for f in find_values(question) if f.kind == "number"}
    return any(f.kind == "number" and f.value not in given for f in find_values(answer))


# the context a follow-up's rewrite adds at the end ("when did they act on it (the
# council's recommendation of the next chair)?"): the earlier question's words ("next")
# restricted what that question asked, not this one
_CONTEXT = re.compile(r"\s*\([^()]*\)\s*\??\s*$")


def unmet_restriction(question: str, answer: str, passage: str = "", asked: str = "") -> str:
    """A restricting word of the (normalised) question the answer lacks, or ''.

    An ordinal of the question as asked (`asked`: "fifth", "5th", "VI") holds in any
    spelling and must count the same thing when the question says what ("the first head"
    is not "the first deputy"); the passage the answer is quoted from may say it ("the
    fifth meeting was held on …; it adopted …").
    """
    if _CONTEXT.search(asked):
        asked = _CONTEXT.sub("", asked)
        question = normalise(asked)
    given = [*find_ordinals(answer), *find_ordinals(passage)]
    # "December 3rd and 4th, 2024" is a date, not two ordinals
    for ordinal in [f for f in find_values(asked or question) if f.kind == "ordinal"]:
        if counts_a_position(ordinal.of):
            continue
        if not any(_same_count(ordinal, other) for other in given):
            return ordinal.text
    words = question.split()
    said = set(normalise(answer).split())
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        # "did the minister present at …", "how long did it last?": a verb, no restriction
        verb = (i > 0 and words[i - 1] in _BEFORE_A_VERB) or following in _NOT_A_NOUN
        restricting = word in RESTRICTING and ordinal_value(word) is None and not verb
        if restricting and following not in POSITIONS and word not in said:
            return word
    return ""


def _same_count(asked: Found, given: Found) -> bool:
    """The same position of the same thing (when the question says what it counts)."""
    wanted = set(asked.of.split())
    return asked.value == given.value and (not wanted or bool(wanted & set(given.of.split())))


def asks_for_a_name(intent: Intent) -> bool:
    """'Who …?', 'Which countries …?', 'the name of …': the answer names someone or something."""
    return intent.kind == "who" or bool(_ASKS_NAME.search(intent.text))


_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|on|the|in)\s+)*[A-Z][\w'’-]*)+")


def new_names(question: str, answer: str, entities: Collection[str] = ()) -> list[str]:
    """Capitalised words inside a sentence or list item of the answer that the question lacks.

    A word that starts a sentence or an item is capitalised by position, not as a name,
    unless it is a word of one of the `entities` reading found ("Ruritania chairs it").
    """
    asked = {stem(w) for w in normalise(question).split()}
    initials = _initials(question)
    named = {word for entity in entities for word in entity.split()}
    names = []
    for match in _CAPITALISED.finditer(answer):
        token = match.group()
        opening = _ITEM_START.search(answer[: match.start()]) and token not in named
        if not token[0].isupper() or opening:
            continue
        if token.rstrip("s") in initials:  # "LSB" for the question's "Lamp Safety Board"
            continue
        if any(stem(w) not in asked for w in normalise(token).split()):
            names.append(token)
    return names


def _initials(text: str) -> frozenset[str]:
    """The abbreviations a text's runs of capitalised words make ("Lamp Safety Board" ->
    "LSB"; small words inside a run are skipped: "Council of Wardens" -> "CW"; a run
    joined by "and" also gives each part's)."""
    found = set()
    for run in _NAME_RUN.finditer(text):
        # "the Council of Wardens and the Lamp Board" holds two names, or one
        for part in (run.group(), *re.split(r"\s+and\s+", run.group())):
            capitals = [w[0] for w in part.split() if w[0].isupper()]
            if len(capitals) > 1:
                found.add("".join(capitals))
    return frozenset(found)
