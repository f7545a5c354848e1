"""The eval set: items loaded from YAML and checked, so a bad item names itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import EvalFileError

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEYS = {
    "id",
    "category",
    "question",
    "expect",
    "any_of",
    "forbid",
    "abstain",
    "history",
    "evidence",
}
_EVIDENCE_KEYS = {"document", "section", "row"}


@dataclass(frozen=True)
class Evidence:
    """Where the answer is: a document, a heading path, and a table row's first cell if any."""

    document: str
    section: str = ""
    row: str = ""


@dataclass(frozen=True)
class EvalItem:
    """One question with the facts its answer must (or must not) contain, or the duty to abstain."""

    id: str
    category: str
    question: str
    expect: tuple[str, ...] = ()  # all must appear
    abstain: bool = False
    history: tuple[str, ...] = ()  # earlier questions of the conversation, asked first
    any_of: tuple[str, ...] = ()  # at least one must appear
    forbid: tuple[str, ...] = ()  # none may appear
    evidence: tuple[Evidence, ...] = ()


def load_items(path: Path) -> tuple[EvalItem, ...]:
    """Read and check an eval file; EvalFileError names the file, the item and the problem."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise EvalFileError(f"cannot read eval file {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise EvalFileError(f"eval file {path} is not UTF-8 text: re-save it as UTF-8") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise EvalFileError(f"eval file {path} is not valid YAML{line}: fix the syntax") from None
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

    def fail(problem: str) -> EvalFileError:
        return EvalFileError(f"{path}: item {name}: {problem}")

    unknown = set(raw) - _KEYS
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    if not isinstance(raw.get("id"), str) or not _ID.match(raw["id"]):
        raise fail("`id` must be lower-case letters, digits and dashes")
    for key in ("category", "question"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(f"`{key}` must be a non-empty string")
    abstain = raw.get("abstain", False)
    if not isinstance(abstain, bool):
        raise fail("`abstain` must be true or false")
    expect, any_of, forbid, history = (
        _strings(raw, key, fail) for key in ("expect", "any_of", "forbid", "history")
    )
    if abstain == bool(expect or any_of):
        raise fail(
            "give either `expect`/`any_of` (facts the answer must contain) or `abstain: true`"
        )
    evidence = _evidence(raw.get("evidence", []), fail)
    if abstain and evidence:
        raise fail("an item that must abstain has no `evidence`")
    return EvalItem(
        id=raw["id"],
        category=raw["category"].strip(),
        question=raw["question"].strip(),
        expect=expect,
        abstain=abstain,
        history=history,
        any_of=any_of,
        forbid=forbid,
        evidence=evidence,
    )


def _strings(raw: dict, key: str, fail: Callable[[str], EvalFileError]) -> tuple[str, ...]:
    values = raw.get(key, [])
    if not isinstance(values, list) or not all(
        isinstance(v, str | int) and str(v).strip() for v in values
    ):
        raise fail(f"`{key}` must be a list of non-empty strings")
    return tuple(str(v).strip() for v in values)


def _evidence(raw: object, fail: Callable[[str], EvalFileError]) -> tuple[Evidence, ...]:
    if not isinstance(raw, list):
        raise fail("`evidence` must be a list of {document, section, row} mappings")
    places = []
    for place in raw:
        if not isinstance(place, dict) or set(place) - _EVIDENCE_KEYS:
            raise fail(f"each `evidence` entry is a mapping with keys {sorted(_EVIDENCE_KEYS)}")
        if not isinstance(place.get("document"), str) or not place["document"].strip():
            raise fail("each `evidence` entry needs a `document`")
        section, row = str(place.get("section", "")), str(place.get("row", ""))
        places.append(Evidence(place["document"].strip(), section.strip(), row.strip()))
    return tuple(places)
