"""When a document was written, found at ingest from what it says of itself (pure).

The rules are tried in order and the first that finds a date gives it, with its name:

1. `front matter`: a Markdown document's `date:` field, as the maintainer wrote it;
2. `metadata`: the creation (else modification) date a PDF, DOCX or HTML page records of
   itself, when it is meaningful: not after the day of the ingest, and not a date the
   software that wrote the file stamps on every file (its template's);
3. `dateline`: a date at the start of one of the first text blocks ("Astana, 27 February
   2025 — …", "12.12.2023 —"), as press releases and reports open;
4. `title`: the one date the document's first heading holds ("SOC meeting, June 2024");
5. `file name`: the one date its file name holds ("press-2025-02-27-soc.html",
   "report_20240314.docx", "summit-2022.md").

A document none of them dates is undated, and says so (ingest summary, About tab).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import PurePosixPath

from cica_qa.ingest.blocks import Block
from cica_qa.types import UNDATED, DocumentDate
from cica_qa.values import find_dates

DATELINE_BLOCKS = 3  # text blocks at the top of a document a dateline may open
_PLACE_BEFORE = re.compile(r"\s*(?:[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}\s*,\s*)?")
_DASH_AFTER = re.compile(r"\s*(?:[—–:|-]|\(|$)")
_DATING_WORDS = re.compile(
    r"\b(?:updated|as (?:of|at)|dated|published|issued|revised|released|valid on)"
    r"(?:\s+on)?\s*[:,]?\s*$",
    re.IGNORECASE,
)
EARLIEST_YEAR = 1900  # a recorded date before this is a placeholder, not a date
_ISO_IN_NAME = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-_.]?)(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
_SEPARATORS = re.compile(r"[-_.]+")


def date_document(
    name: str,
    blocks: Sequence[Block],
    declared: str = "",
    recorded: Sequence[str] = (),
    today: date | None = None,
) -> DocumentDate:
    """The date of the document `name` made of `blocks`, by the first rule that finds one:
    `declared` is its front matter's date (ISO, already checked), `recorded` the ISO dates
    its file's metadata holds, most telling first (created before modified), already
    stripped of its software's template dates; `today` bounds what a recorded date may be."""
    if declared:
        return DocumentDate(declared, "front matter")
    meaningful = [d for d in recorded if _meaningful(d, today or date.today())]
    if meaningful:
        return DocumentDate(meaningful[0], "metadata")
    line = dateline(blocks)
    if line:
        return DocumentDate(line, "dateline")
    titled = title_date(blocks)
    if titled:
        return DocumentDate(titled, "title")
    named = file_name_date(name)
    if named:
        return DocumentDate(named, "file name")
    return UNDATED


def _meaningful(value: str, today: date) -> bool:
    try:
        when = date.fromisoformat(value)
    except ValueError:
        return False
    return when.year >= EARLIEST_YEAR and when <= today


def dateline(blocks: Sequence[Block]) -> str:
    """The date of a dateline in one of the first text blocks, at day or month precision
    (of a range of days, the last), or '': a date that opens the block, after at most a
    place ("Astana, 27 February 2025 — …", "12.12.2023: …", a block of a date alone), or
    one said to date the document ("last updated July 2025", "situation as of 2025-07-02").
    A date anywhere else in the opening lines is what the text is about, not when it was
    written."""
    texts = [b.text for b in blocks if b.kind == "text"][:DATELINE_BLOCKS]
    for text in texts:
        for found in find_dates(text):
            value = found.value.split("/")[-1]  # a meeting's days: the document follows them
            if len(value) < len("2025-02"):
                continue
            before, after = text[: found.start], text[found.end :]
            opens = _PLACE_BEFORE.fullmatch(before) and _DASH_AFTER.match(after)
            if opens or _DATING_WORDS.search(before):
                return value
    return ""


def title_date(blocks: Sequence[Block]) -> str:
    """The one date (not a range) the first heading holds, or ''."""
    heading = next((b for b in blocks if b.kind == "heading"), None)
    return _only_date(heading.text) if heading is not None else ""


def file_name_date(name: str) -> str:
    """The one date the file name holds ('press-2025-02-27-soc.html' -> '2025-02-27',
    'report_20240314.docx' -> '2024-03-14', 'summit-2022.md' -> '2022'), or ''."""
    stem = PurePosixPath(name).name.rsplit(".", 1)[0]
    compact = _ISO_IN_NAME.findall(stem)
    if len(compact) == 1:
        year, _, month, day = compact[0]
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return ""
    if compact:
        return ""
    return _only_date(_SEPARATORS.sub(" ", stem))


def _only_date(text: str) -> str:
    found = find_dates(text)
    if len(found) == 1 and _is_single(found[0].value):
        return found[0].value
    return ""


def _is_single(value: str) -> bool:
    """A date, month or year, not a range ('2022/2023')."""
    return "/" not in value
