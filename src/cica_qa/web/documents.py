"""The corpus folder as maintainers manage it from the browser: documents added (checked:
a supported format, under the size limit, a safe file name, nothing replaced unless asked),
deleted into a trash folder outside the corpus, and restored from it. Re-ingesting is a
separate step (with a preview of what it will change)."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cica_qa.errors import CicaError
from cica_qa.files import atomic_write
from cica_qa.ingest.load import MAX_FILE_BYTES, SUPPORTED_SUFFIXES

MAX_NAME_CHARS = 200
_STAMP = re.compile(r"^(\d{8}T\d{6}\d{6}Z)-(.+)$")  # a trashed file: when, then its name


class DocumentError(CicaError):
    """A document cannot be added, deleted or restored as asked."""


@dataclass(frozen=True)
class Added:
    """A document added to the corpus folder, and whether it replaced one of that name."""

    name: str
    size: int
    replaced: bool


@dataclass(frozen=True)
class Trashed:
    """A deleted document in the trash: its id there, its name in the corpus, and when."""

    id: str
    name: str
    deleted: str  # ISO 8601, UTC


def checked_name(name: str) -> str:
    """The file name an upload may have in the corpus folder: one plain name (no folder, not
    hidden), of a format ingest reads; DocumentError saying what to change otherwise."""
    plain = unicodedata.normalize("NFC", name or "").strip()
    if not plain:
        raise DocumentError("a file without a name cannot be added: name it, e.g. report.pdf")
    shown = plain[:80]
    if "/" in plain or "\\" in plain or plain in (".", ".."):
        raise DocumentError(f"{shown!r} names a folder: upload the file itself, by its name")
    if plain.startswith("."):
        raise DocumentError(f"{shown!r} is a hidden file name: rename it without the leading dot")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in plain):
        raise DocumentError(f"{shown!r} holds invisible or control characters: rename it")
    if len(plain) > MAX_NAME_CHARS:
        raise DocumentError(f"{shown!r}… is over {MAX_NAME_CHARS} characters: shorten it")
    if Path(plain).suffix.lower() not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        raise DocumentError(f"{shown!r} is not a format ingest reads: use {kinds}")
    return plain


class CorpusFolder:
    """The corpus folder (`root`) and its trash (`trash`, outside it: ingest never reads it)."""

    def __init__(self, root: Path, trash: Path) -> None:
        self.root = root
        self.trash = trash

    def files(self) -> list[tuple[str, int]]:
        """The documents of the folder ingest would read (name below it, size), by name:
        supported formats, not hidden, not in hidden folders."""
        found = []
        for path in self.root.rglob("*"):
            name = path.relative_to(self.root).as_posix()
            if any(part.startswith(".") for part in name.split("/")):
                continue
            if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
                found.append((name, path.stat().st_size))
        return sorted(found)

    def add(self, name: str, data: bytes, replace: bool = False) -> Added:
        """Write an uploaded document into the folder, whole or not at all."""
        plain = checked_name(name)
        if len(data) > MAX_FILE_BYTES:
            raise DocumentError(
                f"{plain} is {len(data) >> 20} MiB, over the {MAX_FILE_BYTES >> 20} MiB limit: "
                "split it or keep only its text"
            )
        if not data.strip():
            raise DocumentError(f"{plain} is empty: nothing to add")
        path = self.root / plain
        exists = path.exists()
        if exists and not replace:
            raise DocumentError(
                f"{plain} is already in the corpus: tick 'Replace documents of the same name' "
                "to replace it (the old one goes to the trash)"
            )
        try:
            if exists:
                self._to_trash(plain)
            atomic_write(path, data)
        except OSError as error:
            raise DocumentError(f"cannot write {plain} into {self.root}: {_why(error)}") from None
        return Added(plain, len(data), exists)

    def delete(self, name: str) -> Trashed:
        """Move a document of the folder (a relative path, as the index names it) to the
        trash."""
        self._inside(name)
        if not (self.root / name).is_file():
            raise DocumentError(f"{name[:80]} is not in the corpus folder: refresh the list")
        try:
            return self._to_trash(name)
        except OSError as error:
            raise DocumentError(f"cannot move {name[:80]} to the trash: {_why(error)}") from None

    def trashed(self) -> list[Trashed]:
        """The documents in the trash, the last deleted first."""
        if not self.trash.is_dir():
            return []
        found = []
        for entry in self.trash.iterdir():
            match = _STAMP.match(entry.name)
            if match and entry.is_file():
                when = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
                name = match.group(2).replace("%2F", "/").replace("%25", "%")
                found.append(Trashed(entry.name, name, when.isoformat(timespec="seconds")))
        return sorted(found, key=lambda t: t.id, reverse=True)

    def restore(self, trash_id: str, replace: bool = False) -> str:
        """Put a trashed document back where it was; its name."""
        entry = next((t for t in self.trashed() if t.id == trash_id), None)
        if entry is None:
            raise DocumentError("that document is no longer in the trash: refresh the list")
        target = self.root / entry.name
        if target.exists() and not replace:
            raise DocumentError(
                f"{entry.name} is in the corpus again: delete that one first, or replace it"
            )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                self._to_trash(entry.name)
            os.replace(self.trash / entry.id, target)
        except OSError as error:
            raise DocumentError(f"cannot restore {entry.name}: {_why(error)}") from None
        return entry.name

    def _to_trash(self, name: str) -> Trashed:
        moment = datetime.now(UTC)
        stamp = moment.strftime("%Y%m%dT%H%M%S%fZ")
        flat = name.replace("%", "%25").replace("/", "%2F")
        self.trash.mkdir(parents=True, exist_ok=True)
        trash_id = f"{stamp}-{flat}"
        shutil.move(str(self.root / name), str(self.trash / trash_id))
        return Trashed(trash_id, name, moment.isoformat(timespec="seconds"))

    def _inside(self, name: str) -> None:
        """DocumentError unless `name` is a path inside the folder."""
        root = self.root.resolve()
        if not name or name.startswith("/") or ".." in name.split("/"):
            raise DocumentError(f"{name[:80]!r} is not a document of the corpus folder")
        if root not in (root / name).resolve().parents:
            raise DocumentError(f"{name[:80]!r} is not a document of the corpus folder")


def _why(error: OSError) -> str:
    return error.strerror or str(error)
