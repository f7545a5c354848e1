"""The eval set: items loaded from YAML and checked, so a bad item names itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import EvalFileError

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEYS = {"id", "category", "question", "expect", "abstain", "history"}


@dataclass(frozen=True)
class EvalItem:
    """One question with the facts its answer must contain, or the duty to abstain."""

    id: str
    category: str
    question: str
    expect: tuple[str, ...] = ()
    abstain: bool = False
    history: tuple[str, ...] = ()  # earlier questions of the conversation, asked first


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
    expect = raw.get("expect", [])
    if not isinstance(expect, list) or not all(isinstance(e, str | int) for e in expect):
        raise fail("`expect` must be a list of strings")
    history = raw.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) and h.strip() for h in history):
        raise fail("`history` must be a list of earlier questions (non-empty strings)")
    if abstain == bool(expect):
        raise fail("give either `expect` (facts the answer must contain) or `abstain: true`")
    return EvalItem(
        id=raw["id"],
        category=raw["category"].strip(),
        question=raw["question"].strip(),
        expect=tuple(str(e) for e in expect),
        abstain=abstain,
        history=tuple(h.strip() for h in history),
    )
