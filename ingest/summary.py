"""What an ingest did, for a terminal line and for --json."""

from __future__ import annotations

import re
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
    undated: tuple[str, ...] = ()  # indexed documents no rule could date (ingest/dating.py)
    disagreements: tuple[str, ...] = ()  # table facts documents give differently, a line each

    @property
    def chunks_per_second(self) -> float:
        """Chunks embedded per second of the whole run."""
        return self.embedded / self.seconds if self.seconds > 0 else 0.0

    def warning_lines(self) -> list[str]:
        """A line per skipped file and per warning, for stderr."""
        skipped = [f"skipped {s.name}: {s.reason}" for s in self.skipped]
        return [printable(line) for line in (*skipped, *self.warnings)]

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

    def undated_line(self) -> str:
        """Which documents carry no date and how to give them one, or '' when all do."""
        if not self.undated:
            return ""
        shown = ", ".join(self.undated[:UNDATED_SHOWN])
        more = len(self.undated) - UNDATED_SHOWN
        if more > 0:
            shown += f" and {more} more (the About tab lists every document)"
        count = len(self.undated)
        return printable(
            f"{count} document{'s' if count != 1 else ''} undated: {shown}; answers from "
            "them cannot say when. Give each a `date:` in front matter, a dateline "
            "('Astana, 27 February 2025 —') or a date in its file name"
        )

    def disagreement_lines(self) -> list[str]:
        """The facts documents give differently, a heading and a line each (the first few)."""
        if not self.disagreements:
            return []
        count = len(self.disagreements)
        differ = "s differ" if count != 1 else " differs"
        head = (
            f"{count} table fact{differ} between documents (newest first; answers about how "
            "things are use the newest dated one): date the documents, or mark an old one "
            "with `supersedes:` in the new one's front matter"
        )
        shown = [f"  {line}" for line in self.disagreements[:DISAGREEMENTS_SHOWN]]
        more = count - DISAGREEMENTS_SHOWN
        if more > 0:
            shown.append(f"  and {more} more (the About tab lists them all)")
        return [printable(line) for line in (head, *shown)]


UNDATED_SHOWN = 10  # undated documents named in the summary line
DISAGREEMENTS_SHOWN = 10  # facts that differ between documents shown after an ingest

# control characters (a file name may hold a terminal's escape sequences) and the lone
# surrogates a name that is not UTF-8 is read with
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(line: str) -> str:
    """The line with its control characters and undecodable bytes written as escapes
    ("\\x1b"), so that printing a file's name cannot drive the terminal or fail."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), line)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
