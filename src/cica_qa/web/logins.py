"""Logins while the server runs: the users file as it is now, and failed logins throttled.

- `LiveUsers` re-reads the users file when it changes, so a removed user or a changed
  password takes effect at once, for the API and the chat, and the chat sessions of a user
  removed or given a new password end (`on_change`). A server started with logins keeps
  them: a file emptied or broken while it runs lets nobody in, never everybody.
- `Throttle` counts failed logins per user name and per client address: after `free`
  failures each further attempt must wait, the wait doubling up to `longest`; a success
  clears the name's count. Unknown names are throttled as known ones are, and checked in
  the same time (users.py), so neither says whether a name exists.
- `check_login` puts them together, with the password hashed on a worker thread (scrypt
  takes tens of milliseconds: on the event loop it would stall every other request), and
  logs each failure with the name and address.
"""

from __future__ import annotations

import contextvars
import html
import logging
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cica_qa.errors import CicaError
from cica_qa.web.users import Users, UsersFileError, load_users

log = logging.getLogger("cica_qa.logins")

FREE_FAILURES = 5  # failed logins per name or address before attempts must wait
FIRST_WAIT = 1.0  # seconds after the first failure beyond those
LONGEST_WAIT = 900.0  # the wait doubles up to this
MAX_KEYS = 10_000  # names and addresses remembered (the oldest forgotten first)

# the client address of the request being served (set by `remember_client`)
client_address: contextvars.ContextVar[str] = contextvars.ContextVar("client", default="")


class TooManyFailures(CicaError):
    """Logins from this name or address must wait `seconds` more."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(1, math.ceil(seconds))
        super().__init__(f"too many failed logins: try again in {self.seconds} s")


@dataclass
class Throttle:
    """Failed logins per key (a user name, a client address), with the wait they impose."""

    free: int = FREE_FAILURES
    first: float = FIRST_WAIT
    longest: float = LONGEST_WAIT
    clock: Callable[[], float] = time.monotonic
    _failures: OrderedDict[str, tuple[int, float]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, key: str) -> float:
        """Seconds before the key may try again (0: now)."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        if count < self.free:
            return 0.0
        delay = min(self.longest, self.first * 2 ** (count - self.free))
        return max(0.0, last + delay - self.clock())

    def failed(self, key: str) -> None:
        """One more failure for the key."""
        with self._lock:
            count, last = self._failures.pop(key, (0, 0.0))
            if count and self.clock() - last > 2 * self.longest:
                count = 0  # long quiet: start again
            self._failures[key] = (count + 1, self.clock())
            while len(self._failures) > MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        """The key logged in: its failures are forgotten."""
        with self._lock:
            self._failures.pop(key, None)


class LiveUsers:
    """The users of the users file as it is now (re-read when its size, time or inode
    changes); `on_change(before, after)` hears of every change."""

    def __init__(
        self,
        users: Users,
        path: Path | None = None,
        on_change: Callable[[Users, Users], None] | None = None,
    ) -> None:
        self._users = users
        self._path = path
        self._required = bool(users)  # logins asked for at start are asked for until the end
        self._seen = _signature(path)
        self._lock = threading.Lock()
        self.on_change = on_change

    def current(self) -> Users:
        """The users now: the file is re-read if it changed since it was last read."""
        signature = _signature(self._path)
        if signature == self._seen or self._path is None:
            return self._users
        with self._lock:
            if signature == self._seen:
                return self._users
            before = self._users
            try:
                after = load_users(self._path)
            except UsersFileError as error:
                log.error("%s; nobody can log in until it is fixed", error)
                after = Users()
            self._users, self._seen = after, signature
        if self.on_change is not None:
            self.on_change(before, after)
        return after

    def verify(self, name: str, password: str) -> bool:
        """True for a user of the file as it is now, with that user's password."""
        return self.current().verify(name, password)

    def is_admin(self, name: str) -> bool:
        """True for an admin of the file as it is now."""
        return self.current().is_admin(name)

    def __bool__(self) -> bool:
        """Whether logins are asked for (fixed at start)."""
        return self._required


def ended_sessions(before: Users, after: Users) -> set[str]:
    """The names (case-folded) whose sessions must end: removed, or given a new password."""
    ended = set()
    for user in before.users:
        now = after.get(user.name)
        if now is None or now.hash != user.hash or now.salt != user.salt:
            ended.add(user.name.casefold())
    return ended


Attempt = Callable[[str, str, str], object]  # (name, client address, "ok"|"failed"|"throttled")


def check_login(
    users: LiveUsers, throttle: Throttle, on_attempt: Attempt | None = None
) -> Callable[[str, str], Awaitable[bool]]:
    """An async check of a name and password for the current request's client: raises
    TooManyFailures while the name or the address must wait, hashes on a worker thread;
    `on_attempt` hears of every attempt and how it went."""
    tell: Attempt = on_attempt or (lambda name, address, outcome: None)
    import anyio

    async def check(name: str, password: str) -> bool:
        address = client_address.get() or "unknown"
        keys = (f"user:{name.strip().casefold()}", f"address:{address}")
        wait = max(throttle.wait(key) for key in keys)
        if wait > 0:
            tell(name, address, "throttled")
            log.warning("login refused for %r from %s: throttled %.0f s", name, address, wait)
            raise TooManyFailures(wait)
        if await anyio.to_thread.run_sync(users.verify, name, password):
            throttle.succeeded(keys[0])
            tell(name, address, "ok")
            return True
        for key in keys:
            throttle.failed(key)
        tell(name, address, "failed")
        log.warning("failed login for %r from %s", name, address)
        return False

    return check


def remember_client(app: Any, users: LiveUsers | None = None) -> Callable[..., Awaitable[None]]:
    """ASGI middleware: the client address of each request in `client_address`, and the
    users file looked at (a stat) before the request is served, so that a change to it
    holds for this very request."""

    async def middleware(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client")
            client_address.set(client[0] if client else "")
            if users is not None:
                users.current()
        await app(scope, receive, send)

    return middleware


def titled_page(app: Any, title: str) -> Callable[..., Awaitable[None]]:
    """ASGI middleware: the page at '/' has a <title> before the chat has loaded (Gradio's
    login page has none of its own)."""
    tag = f"<title>{html.escape(title)}</title>".encode()

    async def titled(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") != "/" or scope.get("method") != "GET":
            await app(scope, receive, send)
            return
        started: dict[str, Any] = {}
        body = bytearray()

        async def buffered(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                return
            if message["type"] != "http.response.body" or not started:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            page = bytes(body)
            kind = dict(started.get("headers", [])).get(b"content-type", b"")
            if kind.startswith(b"text/html") and b"<title>" not in page:
                page = page.replace(b"<head>", b"<head>" + tag, 1)
            headers = [(n, v) for n, v in started.get("headers", []) if n != b"content-length"]
            headers.append((b"content-length", str(len(page)).encode()))
            await send({**started, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await app(scope, receive, buffered)

    return titled


def _signature(path: Path | None) -> tuple[int, int, int, int] | None:
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
