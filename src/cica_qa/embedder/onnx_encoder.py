"""all-MiniLM-L6-v2 through onnxruntime and the tokenizers package: what answering encodes
questions with. It imports in tens of milliseconds where sentence-transformers and torch
take seconds, and its vectors match theirs (tests/embedder/test_onnx_encoder.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cica_qa.embedder.export import INPUTS, ExportedEncoder, export_encoder, exported
from cica_qa.embedder.model import MODEL_ID
from cica_qa.errors import ModelLoadError


@dataclass(frozen=True)
class _Loaded:
    session: Any  # onnxruntime.InferenceSession
    cut: Any  # tokenizers.Tokenizer cutting at the model's longest input
    whole: Any  # the same, cutting nothing (for counting chunk sizes)


class OnnxEmbedder:
    """The packaged model exported to ONNX in `folder` (exported on first use if it is not:
    `on_export` is told, since that takes torch and some seconds)."""

    model_id = MODEL_ID

    def __init__(
        self,
        folder: Path,
        batch_size: int = 16,
        on_export: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = folder
        self.batch_size = batch_size
        self._on_export = on_export
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the encoder now (it loads on first use otherwise)."""
        self._load()

    def embed_texts(self, texts: Sequence[str]) -> Sequence[Sequence[float]]:
        """Embed texts in batches: rows of a float32 array, L2-normalised."""
        if not texts:
            return []
        size = self.batch_size
        return np.vstack([self._encode(texts[i : i + size]) for i in range(0, len(texts), size)])

    def embed_query(self, text: str) -> list[float]:
        """Embed one question."""
        return self._encode([text])[0].tolist()

    def tokenize(self, text: str) -> list[int]:
        """Word-piece ids the model sees for this text, without special tokens."""
        return self._load().whole.encode(text, add_special_tokens=False).ids

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        loaded = self._load()
        encodings = loaded.cut.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = dict(zip(INPUTS, (ids, mask, np.zeros_like(ids)), strict=True))
        tokens = loaded.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        mean = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(mean, axis=1, keepdims=True)
        return (mean / np.maximum(norms, 1e-12)).astype(np.float32)

    def _load(self) -> _Loaded:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = _open(self._exported())
        return self._loaded

    def _exported(self) -> ExportedEncoder:
        found = exported(self.folder)
        if found is not None:
            return found
        if self._on_export is not None:
            self._on_export(f"exporting the question encoder to {self.folder} (once, some seconds)")
        return export_encoder(self.folder)


def _open(encoder: ExportedEncoder) -> _Loaded:
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads = 1
    # Threads that spin between runs take the CPU from other requests and processes.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(
            str(encoder.model), options, providers=["CPUExecutionProvider"]
        )
        cut = Tokenizer.from_file(str(encoder.tokenizer))
        whole = Tokenizer.from_file(str(encoder.tokenizer))
    except Exception as error:  # onnxruntime and tokenizers raise their own kinds
        raise ModelLoadError(
            f"cannot load the question encoder in {encoder.folder}: {error}; delete that "
            "folder and ask again (it is exported anew)"
        ) from error
    cut.no_padding()
    cut.enable_truncation(encoder.max_seq_length)
    whole.no_padding()
    whole.no_truncation()
    return _Loaded(session, cut, whole)
