"""Shared fixtures: the real embedding model once per session, and a tiny ingested corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import cica_qa  # noqa: F401  (offline switches before any model import)

DATA = Path(__file__).parent / "data"
TINY_CORPUS = DATA / "tiny-corpus"


@pytest.fixture(scope="session")
def embedder():
    """The real offline MiniLM embedder, loaded once."""
    from cica_qa.embedder import MiniLMEmbedder

    return MiniLMEmbedder()


def make_plan(index_dir: Path, corpus_dir: Path = TINY_CORPUS):
    """An ingest plan for a test corpus with the default chunking."""
    from cica_qa.ingest.pipeline import IngestPlan

    return IngestPlan(
        corpus_dir=corpus_dir,
        index_dir=index_dir,
        collection="test_chunks",
        chunk_size=200,
        chunk_overlap=20,
    )


@pytest.fixture
def plan_for():
    """make_plan, for tests that build their own index."""
    return make_plan


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory, embedder) -> Path:
    """The tiny corpus ingested with the real model into a temporary Chroma index."""
    from cica_qa.ingest.pipeline import run_ingest

    index_dir = tmp_path_factory.mktemp("tiny-index")
    run_ingest(make_plan(index_dir), embedder, show_progress=False)
    return index_dir


@pytest.fixture(scope="session")
def tiny_assistant(tiny_index, embedder):
    """An Assistant over the tiny index, with the default threshold."""
    from cica_qa.answering.assistant import Assistant

    return Assistant.open(tiny_index, embedder)


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


def ingest_environment(plan, **extra: str) -> dict[str, str]:
    """The environment that makes `python -m ingest` run the given plan."""
    import os

    return {
        **os.environ,
        "CICA_CORPUS_DIR": str(plan.corpus_dir),
        "CICA_INDEX_DIR": str(plan.index_dir),
        "CICA_COLLECTION": plan.collection,
        "CICA_CHUNK_SIZE": str(plan.chunk_size),
        "CICA_CHUNK_OVERLAP": str(plan.chunk_overlap),
        "CICA_CHROMA_HOST": plan.chroma_host,
        "CICA_CHROMA_PORT": str(plan.chroma_port),
        **extra,
    }


def start_ingest(plan, *args: str):
    """`python -m ingest` for the plan as a separate process (stderr piped, for progress)."""
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-m", "cica_qa.ingest", *args],
        env=ingest_environment(plan),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ChromaServer:
    """A real `chroma run` server on a free loopback port, its data in a folder."""

    def __init__(self, path: Path) -> None:
        import shutil
        import subprocess
        import sys

        self.host, self.port, self.path = "127.0.0.1", free_port(), path
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
        assert chroma, "the chroma command (chromadb package) is not installed in the venv"
        self._log = (path.parent / f"chroma-{self.port}.log").open("w")
        self.process = subprocess.Popen(
            [chroma, "run", "--path", str(path), "--host", self.host, "--port", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60.0) -> None:
        import time
        import urllib.request

        deadline = time.monotonic() + timeout
        url = f"http://{self.host}:{self.port}/api/v2/heartbeat"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"chroma run did not answer at {url} within {timeout} s")

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()
            self.process.wait(timeout=30)
        self._log.close()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """One `chroma run` server for the session's server-mode tests."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data")
    yield server
    server.stop()
