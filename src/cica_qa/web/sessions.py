"""Chat logins that outlive a restart and end after a while idle.

Gradio keeps its logins in a dict on the app (token -> user name). LoginSessions is that
dict, kept in the conversations database too: each login by the sha256 of its token (a
copied database gives no one a login), with when it was last used. A token the server does
not hold in memory is looked up there, so a restart logs no one out; a login unused for
longer than the idle time has ended, in memory and on disk.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta
from typing import Any

from cica_qa.web.conversations import Conversations, ConversationsError

TOUCH_EVERY = timedelta(minutes=1)  # how often a login in use has its last use written
Clock = Callable[[], datetime]


def _hash(token: object) -> str:
    return hashlib.sha256(str(token).encode("utf-8", errors="replace")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class LoginSessions(dict):  # type: ignore[type-arg]  # Gradio's tokens: a dict it indexes
    """Gradio's login table (token -> user name), kept in the database, ending idle logins."""

    def __init__(self, store: Conversations, idle: timedelta, clock: Clock = _now) -> None:
        super().__init__()
        self.store = store
        self.idle = idle
        self.clock = clock
        self._seen: dict[str, datetime] = {}  # token -> last use written

    def __setitem__(self, token: str, user: str) -> None:
        moment = self.clock()
        super().__setitem__(token, user)
        self._seen[token] = moment
        self._write(
            "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?)",
            (_hash(token), user, moment.isoformat()),
        )

    def get(self, token: Any, default: Any = None) -> Any:
        """The user of a login that has not ended, else `default`; its use is noted."""
        if not isinstance(token, str) or not token:
            return default
        moment = self.clock()
        user = super().get(token)
        seen = self._seen.get(token)
        if user is None:
            user, seen = self._read(token)
            if user is None:
                return default
            super().__setitem__(token, user)
        if seen is None or moment - seen > self.idle:
            self._end(token)
            return default
        if moment - seen >= TOUCH_EVERY:
            self._seen[token] = moment
            self._write(
                "UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
                (moment.isoformat(), _hash(token)),
            )
        else:
            self._seen[token] = seen
        return user

    def __getitem__(self, token: str) -> str:
        """The user of a login; "" for one that has ended (Gradio's logout walks the keys
        and indexes each: one ending meanwhile must not fail it)."""
        user = self.get(token)
        return "" if user is None else str(user)

    def __contains__(self, token: object) -> bool:
        return self.get(token) is not None

    def __delitem__(self, token: str) -> None:
        self._end(token)

    def pop(self, token: Any, *default: Any) -> Any:
        user = super().get(token)
        self._end(token)
        if user is None and not default:
            raise KeyError(token)
        return user if user is not None else default[0]

    def forget_users(self, names: Collection[str]) -> None:
        """End every login of these (case-folded) user names, also those not in memory."""
        for token, user in list(super().items()):
            if str(user).casefold() in names:
                self._end(token)
        with self.store.connected() as connection, connection:
            for (user,) in connection.execute("SELECT DISTINCT user FROM sessions").fetchall():
                if str(user).casefold() in names:
                    connection.execute("DELETE FROM sessions WHERE user = ?", (user,))

    def _end(self, token: Any) -> None:
        super().pop(token, None)
        self._seen.pop(token, None)
        self._write("DELETE FROM sessions WHERE token_hash = ?", (_hash(token),))

    def _read(self, token: str) -> tuple[str | None, datetime | None]:
        try:
            with self.store.connected() as connection:
                row = connection.execute(
                    "SELECT user, last_seen FROM sessions WHERE token_hash = ?", (_hash(token),)
                ).fetchone()
        except ConversationsError:
            return None, None  # the database is unreadable: no login, never a crash
        if row is None:
            return None, None
        try:
            return str(row[0]), datetime.fromisoformat(row[1])
        except ValueError:
            return None, None

    def _write(self, sql: str, values: tuple[object, ...]) -> None:
        try:
            with self.store.connected() as connection, connection:
                connection.execute(sql, values)
        except ConversationsError as error:  # the login holds in memory until the server stops
            sys.stderr.write(f"warning: a chat login could not be kept: {error}\n")
