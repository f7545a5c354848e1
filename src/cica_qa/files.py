"""Writing a file whole or not at all: the one atomic write every stored file goes through."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(
    path: Path, data: str | bytes, mode: int | None = None, durable: bool = False
) -> None:
    """Replace `path` with `data` in one rename: a reader, or a killed writer, leaves the old
    file or the new one, never half of one. `mode` sets the permissions before any byte is
    written; `durable` also waits for the disk (for files that cannot be rebuilt, like the
    users file: index files are rebuilt by the next ingest, and the wait costs re-ingests)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        if mode is not None:
            os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
