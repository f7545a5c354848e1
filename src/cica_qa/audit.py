"""The audit log: who logged in or failed to, and what admins changed, as JSON lines.

One line per event: its time (UTC), action ("login", "reingest", "user-add", …), user,
client address ("local" for the command line), outcome ("ok", "failed", "throttled",
"done", …) and a detail. The file is rotated by size (the standard library's
RotatingFileHandler: `audit.jsonl`, then `audit.jsonl.1` … the oldest), and `cica-qa audit`
reads them all back, oldest first, filtered by user, action, outcome or time.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

ROTATE_BYTES = 10 * 1024 * 1024
KEEP_FILES = 5  # rotated files kept besides the current one
DETAIL_CHARS = 500


@dataclass(frozen=True)
class AuditEntry:
    """One audited event."""

    time: str  # ISO 8601, UTC, to the second
    action: str
    user: str
    address: str
    outcome: str
    detail: str = ""

    def line(self) -> str:
        """The entry as `cica-qa audit` prints it."""
        detail = f"  {self.detail}" if self.detail else ""
        return (
            f"{self.time}  {self.action:<12} {self.outcome:<10} "
            f"{self.user or '-'} from {self.address or '-'}{detail}"
        )


class AuditLog:
    """Appends entries to the audit file (thread-safe), rotating it by size."""

    def __init__(self, path: Path, rotate_bytes: int = ROTATE_BYTES) -> None:
        self.path = path
        self._rotate_bytes = rotate_bytes
        self._handler: RotatingFileHandler | None = None
        self._lock = threading.Lock()

    def record(
        self, action: str, user: str, address: str, outcome: str, detail: str = ""
    ) -> AuditEntry:
        """Write one entry now and return it."""
        entry = AuditEntry(
            datetime.now(UTC).isoformat(timespec="seconds"),
            action,
            user,
            address,
            outcome,
            " ".join(detail.split())[:DETAIL_CHARS],
        )
        text = json.dumps(asdict(entry), ensure_ascii=False)
        with self._lock:
            handler = self._open()
            handler.emit(logging.makeLogRecord({"msg": text, "levelno": logging.INFO}))
        return entry

    def _open(self) -> RotatingFileHandler:
        if self._handler is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handler = RotatingFileHandler(
                self.path, maxBytes=self._rotate_bytes, backupCount=KEEP_FILES, encoding="utf-8"
            )
        return self._handler

    def close(self) -> None:
        """Close the file (a later record opens it again)."""
        with self._lock:
            if self._handler is not None:
                self._handler.close()
                self._handler = None


def read_audit(path: Path) -> Iterator[AuditEntry]:
    """Every readable entry of the log and its rotated files, oldest first; a line that is
    not an entry (cut by a crash, edited by hand) is passed over."""
    files = [path.with_name(f"{path.name}.{n}") for n in range(KEEP_FILES, 0, -1)] + [path]
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            continue
        for line in lines:
            try:
                data = json.loads(line)
                yield AuditEntry(**{k: str(data[k]) for k in AuditEntry.__dataclass_fields__})
            except (ValueError, TypeError, KeyError):
                continue


def select(
    entries: Iterator[AuditEntry],
    user: str = "",
    actions: Sequence[str] = (),
    outcome: str = "",
    since: str = "",
) -> list[AuditEntry]:
    """The entries of this user (any case), these actions, this outcome, from `since` (an
    ISO date or time) on."""
    return [
        e
        for e in entries
        if (not user or e.user.casefold() == user.casefold())
        and (not actions or e.action in actions)
        and (not outcome or e.outcome == outcome)
        and (not since or e.time >= since)
    ]
