"""The chat's thumbs up/down feedback: one JSON line per answer and user (their rating of
it, updated when they change it), and its summary."""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from pydantic import TypeAdapter

from cica_qa.answering.answer import Answer
from cica_qa.errors import CicaError
from cica_qa.files import atomic_write
from cica_qa.web.schema import CitationJSON

LOCK_SECONDS = 10.0  # how long a rating waits for another process writing the log
VERDICTS = ("up", "down", "withdrawn")  # withdrawn: the rating was taken back
MAX_COMMENT_CHARS = 2000
ANSWER_PREVIEW_CHARS = 200


class FeedbackError(CicaError):
    """A rating cannot be recorded or the feedback log cannot be read."""


@dataclass(frozen=True)
class FeedbackEntry:
    """One rating of one answer: who, when, up or down, why, and what was answered."""

    time: str  # ISO 8601 with a UTC offset
    user: str  # "" when the chat has no login
    verdict: str  # "up" | "down"
    comment: str
    question: str
    standalone_question: str
    answer: str
    citations: tuple[dict[str, object], ...] = ()  # as CitationJSON gives them
    answer_id: str = ""  # the answer rated (Answer.id; "" in logs written before it)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise FeedbackError(
                f"feedback verdict {self.verdict!r} must be 'up', 'down' or 'withdrawn'"
            )
        _parse_time(self.time)

    @classmethod
    def from_answer(
        cls,
        answer: Answer,
        verdict: str,
        comment: str = "",
        user: str = "",
        now: datetime | None = None,
    ) -> FeedbackEntry:
        """The rating of an answer as the chat shows it; `now` defaults to the current time."""
        moment = datetime.now(UTC) if now is None else now
        # A naive time is taken as UTC, never as the server's local time.
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return cls(
            time=moment.isoformat(timespec="seconds"),
            user=user,
            verdict=verdict,
            comment=clean_comment(comment),
            question=answer.question,
            standalone_question=answer.standalone_question or answer.question,
            answer=answer.reply,
            citations=tuple(CitationJSON.of(c).model_dump() for c in answer.citations),
            answer_id=answer.id,
        )

    @property
    def rater(self) -> tuple[str, str]:
        """Whose rating of which answer this is: a later entry with the same one replaces it
        (an entry without an answer id stands alone)."""
        return (self.answer_id or f"{self.time}|{self.answer}", self.user)

    @property
    def moment(self) -> datetime:
        """The time as an aware datetime, for ordering."""
        return _parse_time(self.time)


@dataclass(frozen=True)
class FeedbackLog:
    """What a feedback log holds: its readable entries in file order, and the skipped lines."""

    entries: tuple[FeedbackEntry, ...]
    bad_lines: tuple[int, ...]  # 1-based numbers of malformed lines


@dataclass(frozen=True)
class FeedbackSummary:
    """Counts of up and down ratings, and the thumbs-down entries, newest first."""

    total: int
    up: int
    down: int
    thumbs_down: tuple[FeedbackEntry, ...]
    bad_lines: tuple[int, ...]


def clean_comment(comment: str) -> str:
    """The comment without control characters (newline and tab kept), at most 2000 characters."""
    kept = "".join(ch for ch in comment if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()
    return kept[:MAX_COMMENT_CHARS]


class FeedbackRecorder:
    """Keeps one record per answer and user in the log: a rating changed (or given a
    comment) replaces that user's record of that answer, a rating taken back removes it.
    The same rating sent again (a double click, a script) writes nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last: dict[tuple[str, str], tuple[str, str]] = {}  # rater -> (verdict, comment)
        self._lock = threading.Lock()

    def record(self, entry: FeedbackEntry) -> bool:
        """Write the entry as its rater's record unless it repeats it; whether it was."""
        said = (entry.verdict, clean_comment(entry.comment))
        with self._lock:
            if self._last.get(entry.rater) == said:
                return False
            update_feedback(self.path, entry)
            self._last[entry.rater] = said
        return True


def update_feedback(path: Path, entry: FeedbackEntry) -> None:
    """Make the entry its rater's one record in the log (in place of an earlier one), or,
    when the rating is taken back, remove that record. The file is replaced whole, under a
    lock other processes respect too; lines it cannot read are kept as they are."""
    from filelock import FileLock, Timeout

    stored = replace(entry, comment=clean_comment(entry.comment))
    line = json.dumps(ENTRY.dump_python(stored, mode="json"), ensure_ascii=False)
    new = None if entry.verdict == "withdrawn" else line.encode("utf-8", errors="replace")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(f"{path}.lock", timeout=LOCK_SECONDS):
            lines = path.read_bytes().splitlines() if path.exists() else []
            kept: list[bytes] = []
            for raw in lines:
                if _rater_of(raw) == entry.rater:
                    if new is not None:
                        kept.append(new)
                        new = None
                    continue
                kept.append(raw)
            if new is not None:
                kept.append(new)
            atomic_write(path, b"".join(k + b"\n" for k in kept), mode=0o600, durable=True)
    except Timeout:
        raise FeedbackError(
            f"the feedback log {path} is locked by another process: try again"
        ) from None
    except OSError as error:
        raise FeedbackError(
            f"cannot write the feedback log {path}: {error.strerror}; "
            "set CICA_FEEDBACK_LOG to a writable file"
        ) from None


def _rater_of(raw: bytes) -> tuple[str, str] | None:
    """The rater of a log line (as FeedbackEntry.rater), or None for a line it cannot read."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
        answer_id = str(data.get("answer_id") or "")
        return (answer_id or f"{data['time']}|{data['answer']}", str(data["user"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_feedback(path: Path) -> FeedbackLog:
    """The entries of a feedback log; a missing file is empty, malformed lines are skipped."""
    entries: list[FeedbackEntry] = []
    bad_lines: list[int] = []
    try:
        with path.open("rb") as lines:  # binary: split on b"\n" only, decode each line alone
            for number, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                entry = _parse_line(raw)
                if entry is None:
                    bad_lines.append(number)
                else:
                    entries.append(entry)
    except FileNotFoundError:
        return FeedbackLog(entries=(), bad_lines=())
    except OSError as error:
        raise FeedbackError(
            f"cannot read the feedback log {path}: {error.strerror}; "
            "point CICA_FEEDBACK_LOG (or --file) at the JSON lines file"
        ) from None
    return FeedbackLog(entries=tuple(entries), bad_lines=tuple(bad_lines))


def summarize(log: FeedbackLog) -> FeedbackSummary:
    """Count the ratings, each user's latest of each answer only (one taken back counts
    for nothing), and list the thumbs-down entries, newest first."""
    latest = [
        entry
        for entry in {entry.rater: entry for entry in log.entries}.values()
        if entry.verdict != "withdrawn"
    ]
    down = [entry for entry in latest if entry.verdict == "down"]
    # Newest first by time; among equal times the later line comes first.
    ordered = sorted(enumerate(down), key=lambda pair: (pair[1].moment, pair[0]), reverse=True)
    return FeedbackSummary(
        total=len(latest),
        up=len(latest) - len(down),
        down=len(down),
        thumbs_down=tuple(entry for _, entry in ordered),
        bad_lines=log.bad_lines,
    )


def format_summary(summary: FeedbackSummary, path: Path) -> str:
    """A short report: the counts, each thumbs-down with its answer, and any skipped lines."""
    if summary.total == 0:
        lines = [f"no feedback yet at {path}"]
    else:
        rated = "answer" if summary.total == 1 else "answers"
        lines = [f"{summary.total} {rated} rated: {summary.up} up, {summary.down} down"]
        if summary.thumbs_down:
            lines += ["", "Thumbs down, newest first:"]
            for entry in summary.thumbs_down:
                lines += _format_thumbs_down(entry)
    if summary.bad_lines:
        numbers = ", ".join(str(n) for n in summary.bad_lines)
        noun = "line" if len(summary.bad_lines) == 1 else "lines"
        lines += ["", f"skipped {len(summary.bad_lines)} malformed {noun} of {path}: {numbers}"]
    return "\n".join(lines)


def _format_thumbs_down(entry: FeedbackEntry) -> list[str]:
    who = f" by {entry.user}" if entry.user else ""
    lines = [f"- {entry.time}{who}", f"  Q: {_one_line(entry.question)}"]
    if entry.standalone_question != entry.question:
        lines.append(f"     (understood as: {_one_line(entry.standalone_question)})")
    answer = _one_line(entry.answer)
    if len(answer) > ANSWER_PREVIEW_CHARS:
        answer = answer[:ANSWER_PREVIEW_CHARS].rstrip() + "…"
    lines.append(f"  A: {answer}")
    if entry.comment:
        lines.append(f"  Comment: {_one_line(entry.comment)}")
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_line(raw: bytes) -> FeedbackEntry | None:
    try:
        return ENTRY.validate_json(raw.decode("utf-8-sig"))
    except (ValueError, FeedbackError):  # ValidationError, UnicodeDecodeError are ValueErrors
        return None


def _parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise FeedbackError(
            f"feedback time {text!r} must be ISO 8601 with a UTC offset, "
            "e.g. 2025-01-31T09:30:00+00:00"
        )
    return moment


ENTRY = TypeAdapter(FeedbackEntry)
SUMMARY = TypeAdapter(FeedbackSummary)
