"""The vectors of every sentence, list item and whole list of the indexed passages, made at
ingest (passages.texts_to_embed) so that answering compares a question with them without
calling the model. One file per index state, keyed by a hash of each text: a re-ingest
reuses the vectors of texts it already holds and embeds only new ones."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from cica_qa.files import atomic_write

KEY_BYTES = 16


def key_of(text: str) -> bytes:
    """The text's key: the first bytes of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:KEY_BYTES]


class SpanVectors:
    """Vectors by text, for one model (the index state's)."""

    def __init__(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        if len(keys) != len(vectors):
            raise ValueError(f"{len(keys)} keys for {len(vectors)} span vectors")
        self._rows = {key: row for row, key in enumerate(keys)}
        self._vectors = vectors

    @classmethod
    def empty(cls) -> SpanVectors:
        return cls([], np.zeros((0, 0), dtype=np.float32))

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        embed: Callable[[Sequence[str]], Sequence[Sequence[float]]],
        known: SpanVectors | None = None,
    ) -> tuple[SpanVectors, int]:
        """The vectors of these texts: those `known` holds reused, the rest embedded (the
        second value says how many were)."""
        wanted = {key_of(text): text for text in texts}
        reused = {k: v for k in wanted if known is not None and (v := known.get_key(k)) is not None}
        missing = [k for k in wanted if k not in reused]
        embedded = embed([wanted[k] for k in missing]) if missing else []
        fresh = dict(zip(missing, (np.asarray(v, dtype=np.float32) for v in embedded), strict=True))
        keys = sorted(wanted)
        rows = [reused[k] if k in reused else fresh[k] for k in keys]
        vectors = np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
        return cls(keys, vectors.astype(np.float32)), len(missing)

    def get(self, text: str) -> np.ndarray | None:
        """The text's vector, or None when the index holds none."""
        return self.get_key(key_of(text))

    def get_key(self, key: bytes) -> np.ndarray | None:
        row = self._rows.get(key)
        return None if row is None else self._vectors[row]

    def __len__(self) -> int:
        return len(self._rows)

    def save(self, path: Path) -> None:
        """Write the vectors (numpy's .npz, no pickles), atomically."""
        keys = np.frombuffer(b"".join(self._rows), dtype=f"S{KEY_BYTES}")
        buffer = io.BytesIO()
        np.savez(buffer, keys=keys, vectors=self._vectors)
        atomic_write(path, buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> SpanVectors:
        """The saved vectors; an empty set when the state has none (answering then embeds
        the texts it compares)."""
        if not path.exists():
            return cls.empty()
        with np.load(path, allow_pickle=False) as saved:
            keys = [bytes(k).ljust(KEY_BYTES, b"\0") for k in saved["keys"]]
            return cls(keys, saved["vectors"])
