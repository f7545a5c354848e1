"""One ingest at a time per index: a second one refuses with a clear message."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from cica_qa.errors import CicaError

LOCK_NAME = "cica_qa.index.lock"


class IngestBusyError(CicaError):
    """Another ingest is writing this index."""


@contextlib.contextmanager
def ingest_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's ingest lock; IngestBusyError when another process holds it.

    The lock is an OS file lock, so a killed ingest never leaves it stuck.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_NAME
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IngestBusyError(
                f"another ingest ({holder}) is writing the index at {index_dir}: "
                "wait for it to finish, then run this one again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
