"""The ONNX question encoder against sentence-transformers (the real model in both), and its
exported folder: made once, made again when stale or half-written, refused when damaged."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cica_qa.embedder.export import STAMP, export_encoder, exported
from cica_qa.errors import ModelLoadError
from cica_qa.evals.items import load_items
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _eval_questions() -> list[str]:
    """Every question of both eval suites, follow-ups included."""
    questions: list[str] = []
    for path in [ROOT / "evals" / "questions.yaml", *(ROOT / "evals" / "corpora").rglob("*.yaml")]:
        try:
            items = load_items(path)
        except Exception:  # a corpus folder's own YAML that is not a question file
            continue
        for item in items:
            questions += [*item.history, item.question]
    return questions


def test_question_vectors_match_sentence_transformers_on_the_eval_questions(
    question_encoder, embedder
):
    questions = _eval_questions()
    assert len(questions) > 500
    onnx = np.asarray([question_encoder.embed_query(q) for q in questions])
    torch = np.asarray(embedder.embed_texts(questions))
    cosines = (onnx * torch).sum(axis=1)
    assert float(1 - cosines.min()) < 1e-5
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1, atol=1e-5)


def test_passages_in_batches_match_and_long_ones_are_cut_where_the_model_cuts(
    question_encoder, embedder
):
    text = (ROOT / "corpus" / "cica-brochure.md").read_text(encoding="utf-8")
    words = text.split()
    passages = [" ".join(words[i : i + n]) for i, n in ((0, 40), (100, 180), (400, 600), (9, 3))]
    onnx = np.asarray(question_encoder.embed_texts(passages))
    torch = np.asarray(embedder.embed_texts(passages))
    assert float(1 - (onnx * torch).sum(axis=1).min()) < 1e-5
    assert len(question_encoder.tokenize(passages[2])) > 256  # counting cuts nothing
    assert question_encoder.tokenize(passages[1]) == embedder.tokenize(passages[1])
    assert question_encoder.embed_texts([]) == []


def test_the_export_is_reused_and_made_again_when_stale_or_half_written(question_encoder):
    folder = question_encoder.folder
    found = exported(folder)
    assert found is not None and found.max_seq_length == 256
    made = found.model.stat().st_mtime_ns
    assert export_encoder(folder) == found  # reused: not exported again
    assert found.model.stat().st_mtime_ns == made

    stamp = json.loads((folder / STAMP).read_text())
    (folder / STAMP).write_text(json.dumps({**stamp, "format": 0}))
    assert exported(folder) is None  # made by another version: stale
    (folder / STAMP).unlink()
    assert exported(folder) is None  # a killed export writes no stamp
    (folder / STAMP).write_text(json.dumps(stamp))
    assert exported(folder) == found


def test_a_damaged_export_is_a_one_line_error_naming_the_folder_and_the_fix(
    question_encoder, tmp_path
):
    from cica_qa.embedder import OnnxEmbedder

    source = question_encoder.folder
    for name in ("tokenizer.json", STAMP):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelLoadError) as raised:
        OnnxEmbedder(tmp_path).embed_query("Who coordinates tourism?")
    message = str(raised.value)
    assert str(tmp_path) in message and "delete that folder" in message
    assert "\n" not in message


def test_a_missing_export_is_made_on_first_use_and_said(question_encoder, tmp_path, monkeypatch):
    """With no export in the folder, the first question exports it (told to on_export)."""
    from cica_qa.embedder import OnnxEmbedder
    from cica_qa.embedder import export as export_module

    made: list[object] = []
    monkeypatch.setattr(
        export_module, "_onnx_bytes", lambda source: made.append(source) or b"stand-in"
    )
    told: list[str] = []
    encoder = OnnxEmbedder(tmp_path / "model", on_export=told.append)
    with pytest.raises(ModelLoadError):  # the stand-in bytes are no model
        encoder.load()
    assert len(made) == 1 and told and str(tmp_path / "model") in told[0]
    assert exported(tmp_path / "model") is not None  # the folder is complete and stamped


def test_a_folder_that_cannot_be_written_is_a_one_line_error_naming_the_setting(tmp_path):
    from cica_qa.embedder import OnnxEmbedder

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(ModelLoadError) as raised:
        OnnxEmbedder(blocked / "model").embed_query("Who coordinates tourism?")
    message = str(raised.value)
    assert str(blocked / "model") in message and "CICA_MODEL_DIR" in message
    assert "\n" not in message
