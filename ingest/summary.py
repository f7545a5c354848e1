"""What an ingest did, for a terminal line and for --json."""

from __future__ import annotations

from dataclasses import dataclass

from cica_qa.ingest.changes import ChangePlan
from cica_qa.ingest.load import Skipped


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest run did, and what it noticed on the way."""

    documents: int
    chunks: int
    embedded: int
    removed: int
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]
    seconds: float
    changes: ChangePlan | None = None
    dry_run: bool = False

    @property
    def chunks_per_second(self) -> float:
        """Chunks embedded per second of the whole run."""
        return self.embedded / self.seconds if self.seconds > 0 else 0.0

    def warning_lines(self) -> list[str]:
        """A line per skipped file and per warning, for stderr."""
        skipped = [f"skipped {s.name}: {s.reason}" for s in self.skipped]
        return skipped + list(self.warnings)

    def line(self) -> str:
        """The one-line summary printed at the end of an ingest."""
        if self.dry_run:
            plan = self.changes.line() if self.changes else ""
            return f"dry run, nothing changed: {plan}"
        changes = f"; {self.changes.line()}" if self.changes else ""
        return (
            f"ingested {self.documents} documents into {self.chunks} chunks "
            f"({self.embedded} embedded, {self.removed} removed, "
            f"{len(self.skipped)} files skipped, {len(self.warnings)} warnings) "
            f"in {self.seconds:.1f} s, {self.chunks_per_second:.0f} chunks/s{changes}"
        )
