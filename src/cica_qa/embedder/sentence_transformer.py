"""all-MiniLM-L6-v2 through sentence-transformers and torch: what ingest embeds passages
with (and what the ONNX encoder is exported from and checked against)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cica_qa.embedder.model import MODEL_ID, PACKAGE, model_path
from cica_qa.errors import ModelLoadError


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU through sentence-transformers.

    The model loads on first use, once: a run with nothing to embed never pays for it.
    """

    model_id = MODEL_ID

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._loaded: Any = None

    @property
    def model(self) -> Any:
        """The SentenceTransformer (loaded now if it was not yet)."""
        if self._loaded is None:
            self._loaded = _load()
        return self._loaded

    def embed_texts(self, texts: Sequence[str]) -> Sequence[Sequence[float]]:
        """Embed passages in batches: rows of a float32 array, L2-normalised."""
        if not texts:
            return []
        return self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        vector = self.model.encode(
            [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )[0]
        return vector.tolist()

    def tokenize(self, text: str) -> list[int]:
        """Word-piece ids the model sees for this text, without special tokens: chunk sizes
        are counted in them."""
        return self.model.tokenizer.encode(text, add_special_tokens=False)


def _load() -> Any:
    path = model_path()
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # Our own progress bars report progress; the library's would only add noise.
        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
        return SentenceTransformer(str(path), device="cpu")
    except OSError as error:
        raise ModelLoadError(
            f"could not load the embedding model from {path}: {error}; "
            f"reinstall it with `.venv/bin/pip install --force-reinstall {PACKAGE}`"
        ) from error
