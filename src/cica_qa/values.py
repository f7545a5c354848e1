"""What a date, an ordinal or a number in text stands for, whatever its spelling (pure).

"5 March 2024", "March 5, 2024", "05.03.2024" and "2024-03-05" are one day; "fifth", "5th"
and "Fifth" one position; "twenty-seven" and "27" one count. Values are written as text:

- a date as ISO at the precision the text gives ("2024", "2024-03", "2024-03-05"), a range as
  "start/end" ("2022-10-12/2022-10-14");
- an ordinal or a number as its integer ("5").

`value_keys` turns a value into the keys a passage is found by: a day is also its month and
its year, so a question about "March 2024" finds the passage about 5 March 2024.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from cica_qa.normalize import stem

REMEMBERED = 4096  # texts whose values are remembered

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|–|—|to|and|until|till|through)\s*"
_D1, _D2 = rf"(?P<d1>{_DAY})", rf"(?P<d2>{_DAY})"
_M1, _M2 = rf"(?P<m1>{_MONTH})", rf"(?P<m2>{_MONTH})"
_Y = rf",?\s+(?P<y>{_YEAR})\b"  # the year closing a date ("5 March, 2024")
_OF = r"\s+(?:of\s+)?"

# In order: the first pattern that matches at a place wins (longest forms first).
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("d-m-d-m-y", rf"\b{_D1}\s+{_M1}{_TO}{_D2}\s+{_M2}{_Y}"),
        ("m-d-m-d-y", rf"\b{_M1}\s+{_D1}{_TO}{_M2}\s+{_D2}{_Y}"),
        ("d-d-m-y", rf"\b{_D1}{_TO}{_D2}{_OF}{_M1}{_Y}"),
        ("m-d-d-y", rf"\b{_M1}\s+{_D1}{_TO}{_D2}{_Y}"),
        ("d-m-y", rf"\b{_D1}{_OF}{_M1}{_Y}"),
        ("m-d-y", rf"\b{_M1}\s+{_D1}{_Y}"),
        ("iso", rf"\b(?P<y>{_YEAR})-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)\b"),
        # "27-28.04.2016": two days of one month, written in digits
        (
            "numeric-d-d",
            rf"\b(?P<d1>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)[./](?P<m1>[01]?\d)[./](?P<y>{_YEAR})\b",
        ),
        ("numeric", rf"\b(?P<d1>[0-3]?\d)[./](?P<m1>[01]?\d)[./](?P<y>{_YEAR})\b"),
        ("m-m-y", rf"\b{_M1}{_TO}{_M2}{_Y}"),
        ("m-y", rf"\b{_M1}{_Y}"),
        ("y-y", rf"\b(?P<y1>{_YEAR})\s*(?:-|–|—|to)\s*(?P<y2>{_YEAR}|\d\d)\b"),
        ("y", rf"\b(?P<y>{_YEAR})\b"),
    )
)
# a day and a month in words, no year after them (the month capitalised: "may" is a verb)
_CAPITAL_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NO_YEAR = rf"(?!,?\s+{_YEAR}\b)(?!\w)"
_YEARLESS = (
    re.compile(rf"\b(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_CAPITAL_MONTH}){_NO_YEAR}"),
    re.compile(rf"\b(?P<m1>{_CAPITAL_MONTH})\s+(?P<d1>{_DAY})\b{_NO_YEAR}"),
)
ORDINAL_SCOPE = 3  # words after an ordinal that say what it counts ("fifth SOC meeting")
CELL_LABEL_CHARS = 60  # how far before a cell's value its header ("Meeting: ") may start
_WORD = re.compile(r"[^\W\d_]+")
# "first held", "first proposed": an ordinal before a past participle says when, not which
_ADVERBIAL = re.compile(
    r"\s+([^\W\d_]+ed|shown|set|held|made|given|known|seen|done|begun|chosen|taken|written|"
    r"put|sent|built|met|led|won|brought|told|found|heard|paid|laid|drawn|spoken|grown)\b",
    re.IGNORECASE,
)
# "was first set up", "at first": an adverb after a verb or "at", not an ordinal of anything
_AFTER_A_VERB = re.compile(r"\b(was|were|is|are|be|been|being|had|has|have|at)\s+$", re.I)
# "second-in-command", "first-hand": a word of its own ("first-ever" is still the first)
_COMPOUND = re.compile(r"-(?!ever\b)[^\W\d_]", re.IGNORECASE)
# "the first two years": a stretch, not one position
_BEFORE_A_COUNT = re.compile(
    r"\s+(\d+|two|three|four|five|six|seven|eight|nine|ten|few|several)\b", re.IGNORECASE
)
# "the 1st or the 2nd meeting": the alternatives the question offers, neither pinned down
_OR_AFTER = re.compile(r"\s+or\s+(the\s+)?$", re.IGNORECASE)
_OR_BEFORE = re.compile(r"\s+or\s+(the\s+)?(?=\w)", re.IGNORECASE)
_FUNCTION_WORDS = frozenset("of the a an and in on at to for by".split())
MAX_YEARS = 50  # a longer range of years is its two ends ("since 1992" is not every year)

ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split(),
        start=1,
    )
}
_TENS_ORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
_UNITS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_ORDINAL = re.compile(
    r"\b(?:(?P<digits>\d{1,3})(?:st|nd|rd|th)|"
    r"(?:(?P<tens>twenty|thirty|forty|fifty)[- ]?)?(?P<word>"
    + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
    + r")|(?P<round>twentieth|thirtieth|fortieth|fiftieth))\b",
    re.IGNORECASE,
)
# a table cell as a row's passage writes it, "… — Header: value; Header: value": the header
# right before a value, and where the value ends
_CELL_LABEL = re.compile(r"(?:^|[;—\n]\s*)([^\W\d_][\w'’ -]{0,40}?):\s*$")
_CELL_END = re.compile(r";|\n")
# "the VI CICA Summit": a Roman numeral of two letters or more before a capitalised name
_ROMAN = re.compile(r"\b(?=[IVX]{2,}\b)(?P<tens>X{0,2})(?P<units>IX|IV|V?I{0,3})\b(?=\s+[A-Z])")
_ROMAN_UNITS = {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7,
                "VIII": 8, "IX": 9}  # fmt: skip
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,-])(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\w.,]\d)|"
    rf"(?P<words>(?:{_NUMBER_WORD})(?:[- ](?:{_NUMBER_WORD}))?))(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A value found in text: where it is, what it says there, and what it stands for."""

    kind: str  # date | ordinal | number
    start: int
    end: int
    text: str
    value: str
    of: str = ""  # for an ordinal, what it counts: the words after it ("fifth meeting")


def find_values(text: str) -> list[Found]:
    """Dates, ordinals and numbers of the text in order; a number inside a date is the date's.
    Answering reads the same passages for every candidate of a question: the last few
    thousand texts' values are remembered."""
    return list(_values(text))


@lru_cache(maxsize=REMEMBERED)
def _values(text: str) -> tuple[Found, ...]:
    dates = find_dates(text)
    found = list(dates)
    for other in (*find_ordinals(text), *find_numbers(text)):
        if not any(other.start < d.end and d.start < other.end for d in dates):
            found.append(other)
    return tuple(sorted(found, key=lambda f: f.start))


def find_dates(text: str) -> list[Found]:
    """Every date, month, year and range in the text, longest forms first, not overlapping."""
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    for name, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            value = _date_value(name, match)
            if value:
                taken.append(match.span())
                found.append(Found("date", *match.span(), match.group(), value))
    found += _yearless(text, taken, found)
    return sorted(found, key=lambda f: f.start)


def _yearless(text: str, taken: list[tuple[int, int]], dated: list[Found]) -> list[Found]:
    """Days written without a year ("On 2 March, they met") in the year of the last date
    before them in the text ("… twice in 2024. On 2 March …"); none without one."""
    found = []
    for pattern in _YEARLESS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            before = [f for f in dated if f.end <= match.start()]
            if not before:
                continue
            year = max(before, key=lambda f: f.end).value[:4]
            try:
                day = date(int(year), _month(match.group("m1")), _day(match.group("d1")))
            except ValueError:
                continue
            taken.append(match.span())
            found.append(Found("date", *match.span(), match.group(), day.isoformat()))
    return found


def find_ordinals(text: str) -> list[Found]:
    """'fifth', '5th', 'Twenty-first', 'the VI Summit': every ordinal in the text, as its
    number ("first" in "first proposed" or "was first set up" is an adverb: not an ordinal
    of anything). The last few thousand texts' ordinals are remembered."""
    return list(_ordinals(text))


@lru_cache(maxsize=REMEMBERED)
def _ordinals(text: str) -> tuple[Found, ...]:
    found = []
    matches = list(_ORDINAL.finditer(text))
    for i, match in enumerate(matches):
        value = _ordinal_of(match)
        adverb = _ADVERBIAL.match(text, match.end()) or _AFTER_A_VERB.search(text[: match.start()])
        no_position = (
            _COMPOUND.match(text, match.end())
            or _BEFORE_A_COUNT.match(text, match.end())
            or _offered(text, matches, i)
        )
        if value and not adverb and not no_position:
            counted = _cell_counts(text, match) or ordinal_of_what(text[match.end() :])
            found.append(Found("ordinal", *match.span(), match.group(), str(value), counted))
    for match in _ROMAN.finditer(text):
        value = 10 * len(match.group("tens")) + _ROMAN_UNITS[match.group("units")]
        counted = ordinal_of_what(text[match.end() :])
        found.append(Found("ordinal", *match.span(), match.group(), str(value), counted))
    return tuple(sorted(found, key=lambda f: f.start))


def _cell_counts(text: str, match: re.Match[str]) -> str:
    """What an ordinal that is a table cell counts: its column's header, with the cell's
    other words ("Meeting: 4th; Date: …" counts meetings, "Round: Third session" rounds and
    sessions), or '' for an ordinal in prose."""
    label = _CELL_LABEL.search(text, max(0, match.start() - CELL_LABEL_CHARS), match.start())
    if label is None:
        return ""
    rest = _CELL_END.split(text[match.end() :], maxsplit=1)[0]
    if len(rest.split()) > ORDINAL_SCOPE:  # a sentence in a cell: its own words say what
        return ""
    return " ".join(dict.fromkeys(ordinal_of_what(f"{label.group(1)} {rest}").split()))


def _offered(text: str, matches: Sequence[re.Match[str]], i: int) -> bool:
    """The ordinal is one of two joined by "or" ("the 1st or the 2nd")."""
    after = _OR_BEFORE.match(text, matches[i].end())
    if after and i + 1 < len(matches) and matches[i + 1].start() == after.end():
        return True
    return i > 0 and bool(_OR_AFTER.fullmatch(text, matches[i - 1].end(), matches[i].start()))


def ordinal_of_what(following: str) -> str:
    """What an ordinal counts: the stems of the next few words after it ("Thirteenth Forum
    Meetings in" -> "forum meet")."""
    words = [w.lower() for w in _WORD.findall(following)[:ORDINAL_SCOPE]]
    return " ".join(stem(w) for w in words if w not in _FUNCTION_WORDS)


def find_numbers(text: str) -> list[Found]:
    """Counts written in digits or words ('27', '1,200', 'twenty-seven'), not years or parts
    of dates, decimals or codes."""
    found = []
    for match in _NUMBER.finditer(text):
        value = number_value(match.group())
        if value is not None:
            found.append(Found("number", *match.span(), match.group(), str(value)))
    return found


def date_value(text: str) -> str:
    """The ISO value of a date written alone ('March 5, 2024' -> '2024-03-05'), or '' when it
    names no year (a relative date, 'last week', says nothing by itself)."""
    dates = find_dates(text)
    if dates:
        return dates[0].value if len(dates) == 1 else _spanning(dates[0].value, dates[-1].value)
    return parsed_date(text.strip()) if re.search(_YEAR, text) else ""


def ordinal_value(text: str) -> int | None:
    """'fifth', '5th', 'Twenty-first' -> 5, 5, 21; None for anything else."""
    match = _ORDINAL.fullmatch(text.strip())
    return _ordinal_of(match) if match else None


def number_value(text: str) -> int | None:
    """'27', '1,200', 'twenty-seven', 'Three' -> 27, 1200, 27, 3; None for anything else
    (and for years, which are dates)."""
    words = text.strip().lower().replace(",", "")
    if words.isdigit():
        number = int(words)
        return None if re.fullmatch(_YEAR, words) else number
    parts = re.split(r"[- ]", words)
    if len(parts) == 1:
        return _UNITS.get(parts[0], _TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and 0 < _UNITS[parts[1]] < 10:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None


@lru_cache(maxsize=REMEMBERED)
def value_keys(kind: str, value: str, of: str = "") -> frozenset[str]:
    """The keys a passage holding this value is found by: a date at its own precision and
    every coarser one (a day is also its month and year; a range covers what it spans); an
    ordinal as itself and with each word of what it counts ("ordinal:5:meeting")."""
    if kind == "ordinal":
        return frozenset({f"ordinal:{value}", *(f"ordinal:{value}:{w}" for w in of.split())})
    if kind != "date":
        return frozenset({f"{kind}:{value}"})
    start, _, end = value.partition("/")
    keys = {f"date:{key}" for key in _date_keys(start, end or start)}
    return frozenset(keys | {f"date:{value}"})  # a range is also found as itself


def question_keys(kind: str, value: str, of: str = "") -> frozenset[str]:
    """The keys a question's value asks for: a date at exactly its precision ('March 2024'
    is a month; '2014-2018' that period); an ordinal with what it counts, when the question
    says ("the fifth meeting" is not "Fifth Avenue")."""
    if kind == "ordinal" and of:
        return frozenset(f"ordinal:{value}:{w}" for w in of.split())
    if kind != "date":
        return frozenset({f"{kind}:{value}"})
    return frozenset({f"date:{value}"})  # a range asks for that range


def _date_keys(start: str, end: str) -> Iterator[str]:
    """Keys of every day, month and year from start to end (each at its own precision)."""
    first, last = _bounds(start)[0], _bounds(end)[1]
    precision = min(len(start), len(end))
    if last < first or (precision > 4 and (last - first).days > 3 * 366):
        yield from {start[:4], end[:4]}
        return
    if precision == 4:
        last_year = min(last.year, first.year + MAX_YEARS)
        yield from (f"{year:04d}" for year in range(first.year, last_year + 1))
        return
    day = first
    while day <= last:
        yield f"{day.year:04d}"
        if precision >= 7:
            yield f"{day.year:04d}-{day.month:02d}"
        if precision >= 10:
            yield day.isoformat()
        day += timedelta(days=1) if precision >= 7 else timedelta(days=28)


def _bounds(value: str) -> tuple[date, date]:
    """The first and last day a value at its precision covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    day = date(*parts)
    return day, day


def _spanning(first: str, last: str) -> str:
    return first if first == last else f"{first.split('/')[0]}/{last.split('/')[-1]}"


def _date_value(name: str, match: re.Match[str]) -> str:
    """The ISO value of a matched date pattern, '' when its parts are no real date."""
    groups = {k: v for k, v in match.groupdict().items() if v}
    try:
        if name == "y":
            return groups["y"]
        if name == "y-y":
            first, last = groups["y1"], groups["y2"]
            last = first[:2] + last if len(last) == 2 else last
            return f"{first}/{last}" if int(last) > int(first) else ""
        year = int(groups["y"])
        month1 = int(groups["m1"]) if name.startswith("numeric") else _month(groups["m1"])
        month2 = _month(groups["m2"]) if "m2" in groups else month1
        if name == "m-y":
            return f"{year:04d}-{month1:02d}"
        if name == "m-m-y":
            return f"{year:04d}-{month1:02d}/{year:04d}-{month2:02d}"
        if name == "numeric" and int(groups["m1"]) > 12:  # 10/13/2022: month first
            groups["d1"], groups["m1"] = groups["m1"], groups["d1"]
            month1 = _month(groups["m1"])
        first = date(year, month1, _day(groups["d1"]))
        if "d2" not in groups:
            return first.isoformat()
        last = date(year, month2, _day(groups["d2"]))
        return f"{first.isoformat()}/{last.isoformat()}" if last > first else ""
    except (ValueError, KeyError):
        return ""


def _month(text: str) -> int:
    if text.isdigit():
        if not 1 <= int(text) <= 12:
            raise ValueError(text)
        return int(text)
    return MONTHS[text.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


@lru_cache(maxsize=4096)
def parsed_date(text: str) -> str:
    """A date in a form the patterns do not know ('March the 5th, 2024'), read by dateparser
    at the precision it reports; '' when it reads none."""
    data = _date_parser().get_date_data(text)
    if data is None or data.date_obj is None:
        return ""
    when = data.date_obj.date()
    if data.period == "year":
        return f"{when.year:04d}"
    if data.period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return when.isoformat()


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"DATE_ORDER": "DMY"})


def _ordinal_of(match: re.Match[str]) -> int | None:
    if match.group("digits"):
        return int(match.group("digits")) or None
    if match.group("round"):
        return _TENS_ORDINAL[match.group("round").lower()]
    value = ORDINAL_WORDS[match.group("word").lower()]
    tens = match.group("tens")
    if tens:
        return None if value >= 10 else _TENS[tens.lower()] + value
    return value


def spoken_date(iso: str) -> str:
    """'2025-02-27' -> '27 February 2025', '2025-02' -> 'February 2025', '2025' -> '2025';
    '' for anything else."""
    parts = iso.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1 and len(parts[0]) == 4:
            return parts[0]
        if len(numbers) == 2:
            return f"{calendar.month_name[numbers[1]]} {numbers[0]}"
        if len(numbers) == 3:
            when = date(*numbers)
            return f"{when.day} {calendar.month_name[when.month]} {when.year}"
    except (ValueError, IndexError):
        return ""
    return ""


def spoken_moment(iso: str) -> str:
    """'2026-12-03T14:05:00+00:00' -> '3 December 2026, 14:05 UTC'; the text itself when
    it is no ISO time."""
    try:
        moment = datetime.fromisoformat(iso).astimezone(UTC)
    except ValueError:
        return iso
    return f"{moment.day} {calendar.month_name[moment.month]} {moment.year}, {moment:%H:%M} UTC"


def iso_day(match: re.Match[str] | None) -> str:
    """The ISO day a match's three groups (year, month, day digits) name, or '' when there
    is no match or no such day ("2025-02-30")."""
    if match is None:
        return ""
    try:
        return date(*map(int, match.groups()[:3])).isoformat()
    except ValueError:
        return ""
