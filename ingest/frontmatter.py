"""YAML front matter at the top of a Markdown file (`---` ... `---`), checked against the
fields ingest understands."""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictStr,
    ValidationError,
    field_validator,
)

from cica_qa.plain_yaml import YamlRefused, load_plain_yaml
from cica_qa.values import date_value

SHOWN_CHARS = 60  # of a bad value, in a warning
MAX_CHARS = 4096  # a title, an edition's file name and hash, a flag: far less than this
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


class FrontMatterError(ValueError):
    """The front matter is not YAML, or holds a field ingest does not know or a bad value."""


class FrontMatter(BaseModel):
    """What a document may say about itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: StrictStr = ""
    edition_of: StrictStr = ""  # the corpus file this document is a structured edition of
    edition_of_sha256: StrictStr = ""  # that file's sha256 when the edition was made
    glossary: StrictBool = False  # its table rows are groups of interchangeable names
    date: StrictStr = ""  # when it was written, as ISO ('2025-02-27', '2025-02', '2025')
    supersedes: tuple[StrictStr, ...] = ()  # corpus files whose facts it replaces

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        """YAML reads 2025-02-27 as a date; 'February 2025' and 2025 are dates too."""
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            return value
        iso = date_value(value)
        if not iso or "/" in iso:
            raise ValueError("not a date")
        return iso

    @field_validator("supersedes", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        """One file name or a list of them."""
        return (value,) if isinstance(value, str) else value


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """(the front matter, the text with it blanked out, line numbers kept)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return FrontMatter(), text
    source = match.group(1)
    if len(source) > MAX_CHARS:
        raise FrontMatterError(
            f"front matter is {len(source):,} characters, over the {MAX_CHARS:,} its few "
            "fields need: shorten it"
        )
    try:
        fields = load_plain_yaml(source) or {}
    except YamlRefused as error:
        raise FrontMatterError(f"front matter {error}") from None
    if not isinstance(fields, dict):
        raise FrontMatterError("front matter must be a YAML mapping (key: value lines)")
    try:
        front = FrontMatter.model_validate({str(k): v for k, v in fields.items()})
    except ValidationError as error:
        raise FrontMatterError(_problem(error)) from None
    blanked = "\n" * match.group(0).count("\n") + text[match.end() :]
    return front, blanked


def _problem(error: ValidationError) -> str:
    problem = error.errors(include_url=False)[0]
    key = str(problem["loc"][0]) if problem["loc"] else ""
    allowed = ", ".join(FrontMatter.model_fields)
    if problem["type"] == "extra_forbidden":
        return f"front matter field {key!r} is not one ingest knows ({allowed}): remove it"
    if problem["type"] == "bool_type":
        return f"front matter field {key!r} must be true or false, not {_shown(problem['input'])}"
    if key == "date":
        return (
            f"front matter field 'date' must be a date (2025-02-27, February 2025 or 2025), "
            f"not {_shown(problem['input'])}"
        )
    if key == "supersedes":
        return (
            "front matter field 'supersedes' must be a file name or a list of them, not "
            f"{_shown(problem['input'])}"
        )
    return f"front matter field {key!r} must be text, not {_shown(problem['input'])}"


def _shown(value: object) -> str:
    """A bad value as a warning line shows it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
