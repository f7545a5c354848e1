"""One ingest at a time per index: a second one refuses with a clear message."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from filelock import FileLock, Timeout

from cica_qa.errors import CicaError
from cica_qa.index.layout import IndexLayout


class IngestBusyError(CicaError):
    """Another ingest is writing this index."""


@contextlib.contextmanager
def ingest_lock(layout: IndexLayout) -> Iterator[None]:
    """Hold the index's ingest lock; IngestBusyError when another process holds it.

    An OS file lock (filelock's flock), so a killed ingest never leaves it stuck.
    """
    layout.root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(layout.lock, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            holder = layout.lock_holder.read_text(encoding="utf-8").strip()
        except OSError:
            holder = ""
        raise IngestBusyError(
            f"another ingest ({holder or 'another process'}) is writing the index at "
            f"{layout.root}: wait for it to finish, then run this one again"
        ) from None
    try:
        layout.lock_holder.write_text(f"pid {os.getpid()}", encoding="utf-8")
        yield
    finally:
        lock.release()
