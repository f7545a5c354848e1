"""List the corpus folder: the files ingest can read, and the ones it passes over, with why."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import CicaError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A corpus file's name (relative to the corpus folder), bytes and their sha256."""

    name: str
    data: bytes
    sha256: str

    @property
    def suffix(self) -> str:
        """Lower-case extension with the dot, e.g. '.md'."""
        return Path(self.name).suffix.lower()


@dataclass(frozen=True)
class Skipped:
    """A corpus file that was not ingested, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The readable files of the corpus folder and the files passed over."""

    files: tuple[SourceFile, ...]
    skipped: tuple[Skipped, ...]

    @property
    def hashes(self) -> dict[str, str]:
        """Each readable file's sha256, by name."""
        return {f.name: f.sha256 for f in self.files}


def load_corpus(corpus_dir: Path) -> Corpus:
    """Read every supported file below corpus_dir, in name order; hidden files are ignored."""
    if not corpus_dir.is_dir():
        raise CicaError(
            f"corpus folder {corpus_dir} does not exist: create it and add documents "
            f"({', '.join(SUPPORTED_SUFFIXES)}), or point CICA_CORPUS_DIR at one"
        )
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    for name in _visible_files(corpus_dir):
        checked = check_file(name, corpus_dir / name)
        (files if isinstance(checked, SourceFile) else skipped).append(checked)
    return Corpus(tuple(files), tuple(skipped))


def _visible_files(corpus_dir: Path) -> list[str]:
    """Names (posix, relative) of the files below corpus_dir outside hidden folders, sorted
    folder by folder. os.walk, not Path.rglob: at 5,000 files pathlib's objects cost more
    than reading the files."""
    names: list[str] = []
    for root, folders, files in os.walk(corpus_dir):
        folders[:] = [f for f in folders if not f.startswith(".")]
        relative = os.path.relpath(root, corpus_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        names.extend(
            f"{prefix}{f}"
            for f in files
            if not f.startswith(".") and os.path.isfile(os.path.join(root, f))
        )
    return sorted(names, key=lambda name: name.split("/"))


def check_file(name: str, path: Path) -> SourceFile | Skipped:
    """The file's bytes, or why ingest passes over it (type, size, emptiness)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Skipped(name, f"unsupported type {suffix or '(no extension)'}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Skipped(
            name, f"{size // (1024 * 1024)} MiB is over the {MAX_FILE_BYTES >> 20} MiB limit"
        )
    data = path.read_bytes()
    if not data.strip():
        return Skipped(name, "empty file")
    return SourceFile(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())
