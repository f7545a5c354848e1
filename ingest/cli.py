"""`cica-qa ingest` / `python -m ingest`: build or refresh the index from the corpus folder."""

from __future__ import annotations

import argparse
import json
import sys

from cica_qa.ingest.pipeline import IngestPlan, IngestSummary, run_ingest

import cica_qa  # noqa: F401  (forces the offline switches before any model import)
from cica_qa.embedder import Embedder
from cica_qa.errors import CicaError
from cica_qa.settings import Settings


def plan_from_settings(settings: Settings) -> IngestPlan:
    """The ingest plan that the settings describe."""
    return IngestPlan(
        corpus_dir=settings.corpus_dir,
        index_dir=settings.index_dir,
        collection=settings.collection,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        chroma_host=settings.chroma_host,
        chroma_port=settings.chroma_port,
    )


def ingest_with_settings(
    settings: Settings, embedder: Embedder, show_progress: bool = True, dry_run: bool = False
) -> IngestSummary:
    """Run the ingest the settings describe; report skipped files on stderr."""
    summary = run_ingest(plan_from_settings(settings), embedder, show_progress, dry_run)
    for skipped in summary.skipped:
        sys.stderr.write(f"warning: skipped {skipped.name}: {skipped.reason}\n")
    for warning in summary.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="cica-qa ingest", description=__doc__)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        from cica_qa.embedder import MiniLMEmbedder

        summary = ingest_with_settings(
            settings,
            MiniLMEmbedder(),
            show_progress=not (args.quiet or args.json),
            dry_run=args.dry_run,
        )
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.json else summary.line())
    return 0
