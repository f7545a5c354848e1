"""Shared fixtures: the real model once per session and a tiny ingested corpus (slow), and an
in-memory assistant over the same corpus with the fake embedder (fast).

A test that uses a slow fixture is marked `slow` here; browser tests mark themselves
`browser`. `make test-fast` runs the rest with the model, Chroma and the browser made
impossible to import, so a fast test that reaches for one fails loudly instead of slowing down.
"""

from __future__ import annotations

import importlib.abc
import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

DATA = Path(__file__).parent / "data"
TINY_CORPUS = DATA / "tiny-corpus"
ROOT = Path(__file__).parents[1]
SLOW_FIXTURES = {"embedder", "question_encoder", "tiny_index", "tiny_assistant", "chroma_server"}
HEAVY = (
    "torch",
    "sentence_transformers",
    "transformers",
    "onnx",
    "onnxruntime",
    "chromadb",
    "playwright",
)


class _HeavyImportGuard(importlib.abc.MetaPathFinder):
    """Refuses the model, Chroma and browser libraries during `make test-fast`."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name.split(".")[0] in HEAVY:
            raise ImportError(
                f"{name} was imported by a fast test: give the test a slow fixture, mark it "
                "@pytest.mark.slow, or use tests/support/fakes.py"
            )


# The fuzz tests (Hypothesis) run the same examples every time, and keep no database in the
# checkout: a failure prints the example to reproduce it.
settings.register_profile(
    "cica", derandomize=True, database=None, deadline=2000, print_blob=True, max_examples=100
)
settings.load_profile("cica")


if os.environ.get("CICA_TEST_FAST") == "1":
    sys.meta_path.insert(0, _HeavyImportGuard())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the real model or Chroma through a fixture as slow."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def make_config(index_dir: Path, corpus_dir: Path = TINY_CORPUS, **extra: object):
    """An ingest config for a test corpus with the default chunking."""
    from cica_qa.ingest.config import IngestConfig

    return IngestConfig(corpus_dir, index_dir, "test_chunks", 200, 20, **extra)


@pytest.fixture
def config_for():
    """make_config, for tests that build their own index."""
    return make_config


@pytest.fixture(scope="session")
def embedder():
    """The real offline MiniLM embedder, loaded once."""
    from cica_qa.embedder import MiniLMEmbedder

    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def question_encoder(tmp_path_factory):
    """The ONNX question encoder, exported from the packaged model once per session."""
    from cica_qa.embedder import OnnxEmbedder

    encoder = OnnxEmbedder(tmp_path_factory.mktemp("model"))
    encoder.load()
    return encoder


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory, embedder) -> Path:
    """The tiny corpus ingested with the real model into a temporary Chroma index."""
    from cica_qa.ingest.pipeline import run_ingest

    index_dir = tmp_path_factory.mktemp("tiny-index")
    run_ingest(make_config(index_dir), embedder, show_progress=False)
    return index_dir


@pytest.fixture(scope="session")
def tiny_assistant(tiny_index, embedder):
    """An Assistant over the tiny index, with the default threshold."""
    from cica_qa.answering.assistant import Assistant

    return Assistant.open(tiny_index, embedder)


@pytest.fixture
def memory_index(tmp_path):
    """A copy of the tiny corpus ingested with the fake embedder into an in-memory store:
    (config, backend, embedder). The manifest, keyword index and glossary are real files."""
    import shutil

    from cica_qa.ingest.pipeline import run_ingest
    from tests.support.fakes import FakeEmbedder, MemoryBackend

    shutil.copytree(TINY_CORPUS, tmp_path / "corpus")
    config = make_config(tmp_path / "index", tmp_path / "corpus")
    backend, embedder = MemoryBackend(), FakeEmbedder()
    run_ingest(config, embedder, show_progress=False, backend=backend)
    return config, backend, embedder


@pytest.fixture
def memory_assistant(memory_index):
    """An Assistant over the in-memory index (fake embedder: words, not meaning)."""
    from cica_qa.answering.assistant import Assistant

    config, backend, embedder = memory_index
    return Assistant.open(config.index_dir, embedder, backend)


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    """A PDF with a large-type heading, prose, a ruled table and a second page (fpdf2)."""
    return build_pdf()


@pytest.fixture(scope="session")
def sample_docx() -> bytes:
    """A DOCX with heading styles, a paragraph, a table and a list item (python-docx)."""
    return build_docx()


def build_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=20)
    pdf.cell(text="Lumen Forum Coordinators", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(w=0, text="The forum has two working areas. Each has a coordinator.")
    with pdf.table() as table:
        for values in [
            ("Area", "Coordinator", "Co-coordinators"),
            ("Lanterns", "Avalon", "Brightwater, Cindermoor"),
            ("Mirrors", "Duskvale", ""),
        ]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.add_page()
    pdf.multi_cell(w=0, text="The Glass Accord was signed in 1994.")
    return bytes(pdf.output())


def build_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_heading("Lumen Forum", level=1)
    document.add_paragraph("The forum meets every three years.")
    document.add_heading("Coordinators", level=2)
    table = document.add_table(rows=3, cols=2)
    for r, values in enumerate([("Area", "Coordinator"), ("Lanterns", "Avalon"), ("Mirrors", "")]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("Records are kept by the archive.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ingest_environment(config, **extra: str) -> dict[str, str]:
    """The environment that makes `cica-qa ingest` run the given config."""
    return {
        **os.environ,
        "CICA_CORPUS_DIR": str(config.corpus_dir),
        "CICA_INDEX_DIR": str(config.index_dir),
        "CICA_COLLECTION": config.collection,
        "CICA_CHUNK_SIZE": str(config.chunk_size),
        "CICA_CHUNK_OVERLAP": str(config.chunk_overlap),
        "CICA_CHROMA_HOST": config.chroma_host,
        "CICA_CHROMA_PORT": str(config.chroma_port),
        **extra,
    }


def start_ingest(config, *args: str):
    """`python -m cica_qa ingest` for the config as a separate process (stderr piped)."""
    import subprocess

    return subprocess.Popen(
        [sys.executable, "-m", "cica_qa", "ingest", *args],
        env=ingest_environment(config),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """One `chroma run` server for the session's server-mode tests."""
    from tests.support.servers import ChromaServer

    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data")
    yield server
    server.stop()
