"""The About panel (what the chat answers from) and the framed eval report, as HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cica_qa.index.manifest import Manifest
from cica_qa.index.reader import IndexState
from cica_qa.values import spoken_date
from cica_qa.web.templates import render


@dataclass(frozen=True)
class DocumentRow:
    """One document as the About panel lists it."""

    name: str
    date: str  # ISO, '' when undated
    spoken: str  # the date as people write it, or 'undated'
    rule: str  # the rule that found the date
    format: str  # "PDF", "MD", …
    chunks: int
    ingested: str  # when this version of it was first ingested
    supersedes: tuple[str, ...]
    superseded_by: tuple[str, ...]


def about_html(state: IndexState) -> str:
    """What the chat answers from: every document with its date (and the rule that found
    it), format, chunks and when it was ingested, what supersedes what; the undated named;
    chunks, last ingest, model and store."""
    manifest = state.manifest
    rows = document_rows(manifest)
    undated = [row.name for row in rows if row.chunks and not row.date]
    facts = [
        ("Documents", f"{sum(1 for row in rows if row.chunks)} indexed, {len(undated)} undated"),
        ("Chunks", str(len(manifest.chunk_ids))),
        ("Last ingest", manifest.ingested_at),
        ("Embedding model", manifest.model_id),
        ("Store", state.store_description),
        ("Collection", manifest.collection),
    ]
    return render(
        "about.html",
        facts=facts,
        documents=rows,
        undated=undated,
        disagreements=manifest.disagreements,
    )


def document_rows(manifest: Manifest) -> list[DocumentRow]:
    """Every document of the manifest, by name."""
    superseded_by: dict[str, list[str]] = {}
    for name, entry in manifest.documents.items():
        for older in entry.supersedes:
            superseded_by.setdefault(older, []).append(name)
    return [
        DocumentRow(
            name=name,
            date=entry.date.value,
            spoken=spoken_date(entry.date.value) or "undated",
            rule=entry.date.rule,
            format=PurePosixPath(name).suffix.lstrip(".").upper(),
            chunks=len(entry.chunk_ids),
            ingested=entry.ingested_at or manifest.ingested_at,
            supersedes=entry.supersedes,
            superseded_by=tuple(sorted(superseded_by.get(name, ()))),
        )
        for name, entry in sorted(manifest.documents.items())
    ]


def report_frame(path: Path) -> str:
    """The eval report in a sandboxed frame (no scripts), or how to make one."""
    page = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    return render("report_frame.html", page=page, path=str(path))


@dataclass(frozen=True)
class FileRow:
    """A document as the Maintainer tab lists it: on disk, in the index, or both."""

    name: str
    size: str  # "12.3 KB"; "" when it is gone from the folder
    status: str  # "indexed, 12 chunks", "new: re-ingest to add it", …


def maintainer_documents(manifest: Manifest, files: Sequence[tuple[str, int]]) -> str:
    """The documents of the corpus folder and of the index, each with its size and what a
    re-ingest would do with it, as HTML."""
    on_disk = dict(files)
    rows = []
    for name in sorted({*on_disk, *manifest.documents}):
        entry = manifest.documents.get(name)
        if name not in on_disk:
            status = "deleted: still answered from until the next re-ingest"
        elif entry is None:
            status = "new: re-ingest to add it"
        elif not entry.chunk_ids:
            status = "not indexed: an edition replaces it, or ingest skipped it"
        else:
            status = f"indexed, {len(entry.chunk_ids)} chunks"
        size = _size(on_disk[name]) if name in on_disk else ""
        rows.append(FileRow(name, size, status))
    return render("maintainer_documents.html", rows=rows)


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} KB"
    return f"{size / 1_000_000:.1f} MB"
