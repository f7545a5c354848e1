"""The eval set: items loaded from YAML and checked (pydantic), so a bad item names itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    ConfigDict,
    StrictBool,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.dataclasses import dataclass

from cica_qa.errors import EvalFileError
from cica_qa.plain_yaml import YamlRefused, load_plain_yaml

_STRICT = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)
Text = Annotated[str, StringConstraints(min_length=1)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


@dataclass(frozen=True, config=_STRICT)
class Evidence:
    """Where the answer is: a document, a heading path, and a table row's first cell if any."""

    document: Text
    section: str = ""
    row: str = ""


@dataclass(frozen=True, config=_STRICT)
class EvalItem:
    """One question with the facts its answer must (or must not) contain, or the duty to abstain."""

    id: ItemId
    category: Text
    question: Text
    expect: tuple[Text, ...] = ()  # all must appear
    abstain: StrictBool = False
    history: tuple[Text, ...] = ()  # earlier questions of the conversation, asked first
    any_of: tuple[Text, ...] = ()  # at least one must appear
    forbid: tuple[Text, ...] = ()  # none may appear
    evidence: tuple[Evidence, ...] = ()
    held_out: StrictBool = False  # kept out of any tuning: reported apart
    # facts the reply's "Earlier documents said …" line must state (an older document's
    # answer the newest one replaced)
    earlier: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _answerable_or_not(self) -> EvalItem:
        if self.abstain == bool(self.expect or self.any_of):
            raise ValueError(
                "give either `expect`/`any_of` (facts the answer must contain) or `abstain: true`"
            )
        if self.abstain and self.evidence:
            raise ValueError("an item that must abstain has no `evidence`")
        return self


ITEM = TypeAdapter(EvalItem)
# What each field must be, said as the fix (pydantic's own message is about its types).
_MUST = {
    "id": "`id` must be lower-case letters, digits and dashes",
    "category": "`category` must be a non-empty string",
    "question": "`question` must be a non-empty string",
    "abstain": "`abstain` must be true or false",
    "held_out": "`held_out` must be true or false",
    "evidence": "`evidence` must be a list of {document, section, row} mappings",
    **{key: f"`{key}` must be a list of non-empty strings" for key in ("expect", "any_of")},
    **{
        key: f"`{key}` must be a list of non-empty strings"
        for key in ("forbid", "history", "earlier")
    },
}


def load_items(path: Path) -> tuple[EvalItem, ...]:
    """Read and check an eval file; EvalFileError names the file, the item and the problem."""
    try:
        data = load_plain_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise EvalFileError(f"cannot read eval file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise EvalFileError(f"eval file {path} is not UTF-8 text: re-save it as UTF-8") from None
    except YamlRefused as error:
        raise EvalFileError(f"eval file {path} {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or not data["items"]:
        raise EvalFileError(f"eval file {path} needs a non-empty top-level list `items:`")
    items = [parse_item(raw, index, path) for index, raw in enumerate(data["items"], start=1)]
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise EvalFileError(f"{path}: item {item.id!r} appears twice: ids must be unique")
        seen.add(item.id)
    return tuple(items)


def parse_item(raw: object, index: int, path: Path) -> EvalItem:
    """One checked item; `index` names it when it has no usable id."""
    if not isinstance(raw, dict):
        raise EvalFileError(f"{path}: item #{index} must be a mapping with id, category, question")
    name = raw.get("id") if isinstance(raw.get("id"), str) else f"#{index}"
    try:
        return ITEM.validate_python(raw)
    except ValidationError as error:
        raise EvalFileError(f"{path}: item {name}: {_problem(error)}") from None


def _problem(error: ValidationError) -> str:
    """The first problem, as the fix."""
    problems: list[dict[str, Any]] = list(error.errors(include_url=False))
    unknown = sorted(
        str(p["loc"][0]) for p in problems if p["type"] == "unexpected_keyword_argument"
    )
    unknown += sorted(str(p["loc"][0]) for p in problems if p["type"] == "extra_forbidden")
    first = problems[0]
    loc = [str(part) for part in first["loc"]]
    if unknown and len(loc) == 1:
        allowed = sorted(EvalItem.__dataclass_fields__)
        return f"unknown keys {unknown}; allowed: {allowed}"
    if first["type"] == "value_error":
        return str(first["ctx"]["error"])
    if loc and loc[0] == "evidence" and len(loc) > 2:
        if first["type"] == "missing" and loc[-1] == "document":
            return "each `evidence` entry needs a `document`"
        keys = sorted(Evidence.__dataclass_fields__)
        return f"each `evidence` entry is a mapping with keys {keys}"
    return _MUST.get(loc[0] if loc else "", first["msg"])
