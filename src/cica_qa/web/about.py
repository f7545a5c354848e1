"""The About panel (what the chat answers from) and the framed eval report, as HTML."""

from __future__ import annotations

from pathlib import Path

from cica_qa.index.reader import IndexState
from cica_qa.web.templates import render


def about_html(state: IndexState) -> str:
    """What the chat answers from: documents, chunks, last ingest, model and store."""
    manifest = state.manifest
    facts = [
        ("Chunks", str(len(manifest.chunk_ids))),
        ("Last ingest", manifest.ingested_at),
        ("Embedding model", manifest.model_id),
        ("Store", state.store_description),
        ("Collection", manifest.collection),
    ]
    documents = [(name, len(manifest.chunks_of(name))) for name in sorted(manifest.documents)]
    return render("about.html", facts=facts, documents=documents)


def report_frame(path: Path) -> str:
    """The eval report in a sandboxed frame (no scripts), or how to make one."""
    page = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    return render("report_frame.html", page=page, path=str(path))
