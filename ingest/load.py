"""Read the corpus folder into Documents; unreadable files are skipped with a reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import CicaError
from cica_qa.types import Document

SUPPORTED_SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    """A corpus file that was not ingested, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The documents read from the corpus folder and the files passed over."""

    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]


def load_corpus(corpus_dir: Path) -> Corpus:
    """Read every supported file below corpus_dir, in name order."""
    if not corpus_dir.is_dir():
        raise CicaError(
            f"corpus folder {corpus_dir} does not exist: create it and add .txt or .md "
            "documents, or point CICA_CORPUS_DIR at one"
        )
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        name = path.relative_to(corpus_dir).as_posix()
        if any(part.startswith(".") for part in Path(name).parts):
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(Skipped(name, f"unsupported type {path.suffix or '(none)'}"))
            continue
        loaded = read_document(name, path.read_bytes())
        (documents if isinstance(loaded, Document) else skipped).append(loaded)
    return Corpus(tuple(documents), tuple(skipped))


def read_document(name: str, data: bytes) -> Document | Skipped:
    """Decode one file's bytes, or say why it cannot be a document."""
    if len(data) > MAX_FILE_BYTES:
        return Skipped(name, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    if b"\x00" in data:
        return Skipped(name, "binary content (NUL bytes); save it as UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Skipped(name, f"not UTF-8 (byte {error.start}); re-save it as UTF-8")
    if not text.strip():
        return Skipped(name, "empty")
    return Document(name=name, text=text, sha256=hashlib.sha256(data).hexdigest())
