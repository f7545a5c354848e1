"""Saved conversations: every answer given, by id, in its conversation, per owner, in an
embedded SQLite database (`CICA_CONVERSATIONS_DB`). They survive reloads and restarts; an
answer's permalink (`/a/<id>`, `GET /api/answers/<id>`) shows it as it was given.

One connection per call (SQLite opens in microseconds), in WAL mode so readers never wait
for a writer; the schema is numbered (`PRAGMA user_version`) and brought up to date on open.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cica_qa.answering.answer import Answer
from cica_qa.errors import CicaError
from cica_qa.web.schema import AnswerJSON

# Each step brings the schema from version n to n + 1; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX conversations_by_owner ON conversations (owner, updated);
    CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        created TEXT NOT NULL,
        question TEXT NOT NULL,
        reply TEXT NOT NULL,
        answer_json TEXT NOT NULL,
        documents_json TEXT NOT NULL,
        UNIQUE (conversation_id, position)
    );
    """,
    # the server's own secrets, kept across restarts (the key of what browsers remember)
    "CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);",
    # chat logins, by the sha256 of their token, so that they outlive a restart (sessions.py)
    """
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        last_seen TEXT NOT NULL
    );
    """,
)
TITLE_CHARS = 80  # a conversation is titled by the start of its first question
HISTORY_TURNS = 10  # earlier questions and answers a continued conversation is asked after
BUSY_SECONDS = 10.0  # how long a call waits for another process's write to finish


def owner_of(user: str) -> str:
    """Whose conversations a logged-in user's are: a user name is one user in any case."""
    return user.strip().casefold()


class ConversationsError(CicaError):
    """The conversations database cannot be opened, read or written."""


class UnknownConversation(CicaError):
    """No conversation with that id belongs to this owner."""


@dataclass(frozen=True)
class SavedAnswer:
    """One answer as it was given: its JSON (AnswerJSON), and the sha256 of each document it
    cites at that moment (to tell when they have changed since)."""

    id: str
    conversation_id: str
    owner: str
    position: int  # 0 for a conversation's first answer
    created: str  # ISO 8601, UTC
    question: str
    reply: str  # everything the answer said, as text (what a follow-up is asked after)
    data: Mapping[str, Any]
    documents: Mapping[str, str]  # cited document -> sha256 when answered


@dataclass(frozen=True)
class Conversation:
    """A conversation in a list of them: its id, title, when begun and last answered, and
    how many answers it holds."""

    id: str
    title: str
    created: str
    updated: str
    answers: int


class Conversations:
    """The conversations database at `path` (created with its folder on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connected() as connection:
            _migrate(connection, path)

    def save(
        self,
        owner: str,
        conversation_id: str | None,
        answer_id: str,
        question: str,
        reply: str,
        data: Mapping[str, Any],
        documents: Mapping[str, str],
        now: datetime | None = None,
    ) -> SavedAnswer:
        """Save an answer as the next of the owner's conversation (a new one when
        `conversation_id` is None); UnknownConversation when that is not the owner's."""
        moment = _iso(now)
        question, reply = _storable(question), _storable(reply)
        with self._connected() as connection, connection:
            # the write lock first: two answers to one conversation take turns for a place
            connection.execute("BEGIN IMMEDIATE")
            if conversation_id is None:
                conversation_id = uuid.uuid4().hex
                connection.execute(
                    "INSERT INTO conversations VALUES (?, ?, ?, ?, ?)",
                    (conversation_id, owner, _title(question), moment, moment),
                )
                position = 0
            else:
                if not _owns(connection, owner, conversation_id):
                    raise UnknownConversation(_unknown(conversation_id))
                (position,) = connection.execute(
                    "SELECT COUNT(*) FROM answers WHERE conversation_id = ?", (conversation_id,)
                ).fetchone()
                connection.execute(
                    "UPDATE conversations SET updated = ? WHERE id = ?", (moment, conversation_id)
                )
            saved = {**data, "id": answer_id, "conversation_id": conversation_id}
            connection.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    conversation_id,
                    position,
                    moment,
                    question,
                    reply,
                    json.dumps(saved, ensure_ascii=True),
                    json.dumps(dict(documents), ensure_ascii=True),
                ),
            )
        return SavedAnswer(
            answer_id, conversation_id, owner, position, moment, question, reply, saved, documents
        )

    def answer(self, answer_id: str) -> SavedAnswer | None:
        """The answer with this id, or None."""
        with self._connected() as connection:
            row = connection.execute(
                "SELECT a.*, c.owner FROM answers a JOIN conversations c "
                "ON c.id = a.conversation_id WHERE a.id = ?",
                (answer_id,),
            ).fetchone()
        return None if row is None else _saved(row)

    def answers(self, owner: str, conversation_id: str) -> list[SavedAnswer]:
        """The owner's conversation, first answer first; UnknownConversation when it is not
        the owner's."""
        with self._connected() as connection:
            if not _owns(connection, owner, conversation_id):
                raise UnknownConversation(_unknown(conversation_id))
            rows = connection.execute(
                "SELECT a.*, c.owner FROM answers a JOIN conversations c "
                "ON c.id = a.conversation_id WHERE a.conversation_id = ? ORDER BY a.position",
                (conversation_id,),
            ).fetchall()
        return [_saved(row) for row in rows]

    def history(self, owner: str, conversation_id: str) -> list[dict[str, str]]:
        """The conversation's last turns as the assistant takes them (user and assistant
        messages); UnknownConversation when it is not the owner's."""
        answers = self.answers(owner, conversation_id)[-HISTORY_TURNS:]
        return [
            turn
            for saved in answers
            for turn in (
                {"role": "user", "content": saved.question},
                {"role": "assistant", "content": saved.reply},
            )
        ]

    def conversations(self, owner: str) -> list[Conversation]:
        """The owner's conversations, the last answered first."""
        with self._connected() as connection:
            rows = connection.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(a.id) AS answers "
                "FROM conversations c LEFT JOIN answers a ON a.conversation_id = c.id "
                "WHERE c.owner = ? GROUP BY c.id ORDER BY c.updated DESC, c.rowid DESC",
                (owner,),
            ).fetchall()
        return [Conversation(*row) for row in rows]

    def delete(self, owner: str, conversation_id: str) -> None:
        """Delete the owner's conversation and its answers; UnknownConversation when it is
        not the owner's."""
        with self._connected() as connection, connection:
            deleted = connection.execute(
                "DELETE FROM conversations WHERE id = ? AND owner = ?", (conversation_id, owner)
            ).rowcount
        if not deleted:
            raise UnknownConversation(_unknown(conversation_id))

    def secret(self, name: str) -> str:
        """A random secret kept under this name, made the first time it is asked for."""
        with self._connected() as connection, connection:
            connection.execute(
                "INSERT OR IGNORE INTO secrets VALUES (?, ?)", (name, secrets.token_hex(32))
            )
            (value,) = connection.execute(
                "SELECT value FROM secrets WHERE name = ?", (name,)
            ).fetchone()
        return str(value)

    def connected(self) -> AbstractContextManager[sqlite3.Connection]:
        """A connection to the database, for what other modules keep in it (their tables
        are made by MIGRATIONS); its errors are ConversationsError."""
        return self._connected()

    @contextmanager
    def _connected(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS)
        except (OSError, sqlite3.Error) as error:
            raise ConversationsError(_cannot(self.path, error)) from None
        try:
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = WAL")
            yield connection
        except sqlite3.Error as error:
            raise ConversationsError(_cannot(self.path, error)) from None
        finally:
            connection.close()


@dataclass(frozen=True)
class Saving:
    """Where answers are saved, and the sha256 of each indexed document now (document ->
    sha256), which a saved answer keeps for the documents it cites."""

    conversations: Conversations
    shas: Callable[[], Mapping[str, str]]

    def save(self, user: str, conversation_id: str | None, answer: Answer) -> dict[str, Any]:
        """Save the answer in the user's conversation (a new one for None); its JSON
        (AnswerJSON) as saved, with its id and conversation id."""
        data = AnswerJSON.of(answer).model_dump()
        documents = documents_of(data["citations"], self.shas())
        saved = self.conversations.save(
            user, conversation_id, answer.id, answer.question, answer.reply, data, documents
        )
        return dict(saved.data)


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date, one numbered step at a time, each in a transaction."""
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version > len(MIGRATIONS):
        raise ConversationsError(
            f"the conversations database {path} is from a newer CICA Q&A (schema {version}, "
            f"this one knows {len(MIGRATIONS)}): upgrade, or set CICA_CONVERSATIONS_DB to "
            "another file"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # executescript commits first; BEGIN makes the step and its version one transaction
        connection.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")


def _owns(connection: sqlite3.Connection, owner: str, conversation_id: str) -> bool:
    return (
        connection.execute(
            "SELECT 1 FROM conversations WHERE id = ? AND owner = ?", (conversation_id, owner)
        ).fetchone()
        is not None
    )


def _saved(row: sqlite3.Row) -> SavedAnswer:
    return SavedAnswer(
        id=row["id"],
        conversation_id=row["conversation_id"],
        owner=row["owner"],
        position=row["position"],
        created=row["created"],
        question=row["question"],
        reply=row["reply"],
        data=json.loads(row["answer_json"]),
        documents=json.loads(row["documents_json"]),
    )


def changed_documents(saved: SavedAnswer, now: Mapping[str, str]) -> list[str]:
    """The documents the answer cites that have changed or gone since it was given, by
    their sha256 then (`saved.documents`) and now (document -> sha256)."""
    return [name for name, sha in sorted(saved.documents.items()) if now.get(name) != sha]


def _title(question: str) -> str:
    words = " ".join(question.split())
    return words if len(words) <= TITLE_CHARS else words[: TITLE_CHARS - 1].rstrip() + "…"


def _storable(text: str) -> str:
    """The text as UTF-8 can hold it (a lone surrogate from a browser becomes '?')."""
    return text.encode("utf-8", errors="replace").decode("utf-8")


def _iso(now: datetime | None) -> str:
    moment = datetime.now(UTC) if now is None else now.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


def _unknown(conversation_id: str) -> str:
    return (
        f"no conversation {conversation_id[:40]!r} of yours: start a new one "
        "(leave out conversation_id)"
    )


def _cannot(path: Path, error: Exception) -> str:
    reason = getattr(error, "strerror", None) or str(error)
    return (
        f"cannot use the conversations database {path} ({reason}): set CICA_CONVERSATIONS_DB "
        "to a writable file, or move a damaged one aside"
    )


def documents_of(citations: Sequence[Mapping[str, Any]], shas: Mapping[str, str]) -> dict[str, str]:
    """Each cited document's sha256 now (document -> sha256), from the answer's citations as
    JSON and the manifest's shas."""
    return {c["document"]: shas.get(c["document"], "") for c in citations}
