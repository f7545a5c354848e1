"""Python's cycle collector, paused around work that makes many objects and no cycles worth
collecting: each collection would walk every object the libraries have loaded (the model,
Chroma, spaCy) for nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collections_paused() -> Iterator[None]:
    """No collection of cycles inside; afterwards, collections as they were before (even
    after an error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
