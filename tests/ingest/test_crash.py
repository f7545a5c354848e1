"""SIGKILL a re-ingest at several moments: the index still answers from one whole state (the
old or the new), and the next ingest converges to exactly what a clean ingest builds."""

from __future__ import annotations

import random
import re
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from cica_qa.index.layout import IndexLayout
from cica_qa.index.manifest import manifest_stamp, read_manifest
from cica_qa.index.reader import load_state
from cica_qa.ingest.pipeline import run_ingest
from tests.conftest import make_config, start_ingest

pytestmark = pytest.mark.slow

WORDS = (
    "forum council member state dialogue security trust region cooperation meeting summit "
    "secretariat charter accord lantern mirror glass archive record year session report "
    "measure area dimension economic human environment threat challenge youth business"
).split()
DOCUMENTS = 40


def write_corpus(folder: Path, version: int) -> None:
    """40 documents of seeded prose; version 2 edits 34, removes 3 and adds 5."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    names = list(range(DOCUMENTS)) if version == 1 else list(range(3, DOCUMENTS + 5))
    for n in names:
        edited = version == 2 and n >= 6
        rng = random.Random(n * 1000 + (7 if edited else 0))
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + "." for _ in range(10)
        ]
        body = "\n\n".join(paragraphs)
        (folder / f"doc-{n:02d}.md").write_text(f"# Document {n}\n\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def versions(tmp_path_factory, embedder) -> tuple[Path, set[str], set[str]]:
    """An index of version 1 (to copy), its chunk ids, and those of a clean build of version 2."""
    root = tmp_path_factory.mktemp("versions")
    old = make_config(root / "old-index", root / "old-corpus")
    write_corpus(old.corpus_dir, 1)
    run_ingest(old, embedder, show_progress=False)
    clean = make_config(root / "clean-index", root / "clean-corpus")
    write_corpus(clean.corpus_dir, 2)
    run_ingest(clean, embedder, show_progress=False)
    return (
        old.index_dir,
        set(read_manifest(old.layout.manifest).chunk_ids),
        set(read_manifest(clean.layout.manifest).chunk_ids),
    )


def embedded_share(stderr: str) -> float:
    """The share of chunks the progress bar says are embedded (0 before the bar appears)."""
    counts = re.findall(r"Embedding:.*?\|\s*(\d+)/(\d+)", stderr)
    return int(counts[-1][0]) / int(counts[-1][1]) if counts else 0.0


def kill_when(process, ready, index_dir: Path, timeout: float = 240.0) -> str:
    """SIGKILL the process once ready(stderr so far, manifest changed) holds; its stderr."""
    chunks: list[str] = []
    reader = threading.Thread(
        target=lambda: chunks.extend(iter(lambda: process.stderr.read(1), "")), daemon=True
    )
    reader.start()
    stamp = manifest_stamp(IndexLayout(index_dir).manifest)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if ready("".join(chunks), manifest_stamp(IndexLayout(index_dir).manifest) != stamp):
            process.kill()
            break
        time.sleep(0.01)
    process.wait(timeout=60)
    return "".join(chunks)


# moment -> (when to kill, whether readers then see the new state)
MOMENTS = {
    "while starting": (lambda stderr, switched: True, False),
    "after the first embedded batch": (lambda stderr, switched: embedded_share(stderr) > 0, False),
    "half-way through embedding": (lambda stderr, switched: embedded_share(stderr) >= 0.5, False),
    "right after the switch": (lambda stderr, switched: switched, True),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_killed_re_ingest_leaves_a_whole_state_and_the_next_run_converges(
    tmp_path, embedder, versions, moment
):
    old_index, old, expected = versions
    config = make_config(tmp_path / "index", tmp_path / "corpus")
    shutil.copytree(old_index, config.index_dir)
    write_corpus(config.corpus_dir, 2)

    process = start_ingest(config)
    if moment == "while starting":
        time.sleep(1.0)
    ready, switched = MOMENTS[moment]
    stderr = kill_when(process, ready, config.index_dir)
    assert process.returncode == -9, f"ingest ended before the kill {moment}: {stderr[-500:]}"

    # Whatever moment it died at, readers see the old state or the new one, whole.
    config.backend().refresh()
    state = load_state(config.layout, config.backend())
    assert state.live == (expected if switched else old), moment
    assert state.live <= state.store.ids()  # every chunk it answers from is there
    assert {h.chunk_id for h in state.keyword.search("forum council", 500)} <= state.live

    # The next ingest converges to exactly the clean build.
    summary = run_ingest(config, embedder, show_progress=False)
    assert set(read_manifest(config.layout.manifest).chunk_ids) == expected
    config.backend().refresh()
    state = load_state(config.layout, config.backend())
    assert state.store.ids() == expected and state.store.count() == len(expected)
    assert summary.chunks == len(expected)
    again = run_ingest(config, embedder, show_progress=False)
    assert (again.embedded, again.removed) == (0, 0)


def test_the_re_ingest_embeds_enough_for_the_kills_to_land_in_it(versions):
    """The kills above only mean something if the re-ingest has seconds of embedding."""
    _, old, expected = versions
    assert len(expected - old) >= 150


def test_a_killed_rebuild_for_a_new_chunker_keeps_answering_from_the_old_collection(
    tmp_path, embedder, versions
):
    old_index, old, _ = versions
    config = make_config(tmp_path / "index", tmp_path / "corpus")
    shutil.copytree(old_index, config.index_dir)
    write_corpus(config.corpus_dir, 1)
    before = read_manifest(config.layout.manifest).collection
    rebuild = replace(config, chunk_size=120)

    process = start_ingest(rebuild)
    kill_when(process, lambda stderr, switched: embedded_share(stderr) >= 0.5, config.index_dir)
    assert process.returncode == -9

    config.backend().refresh()
    state = load_state(config.layout, config.backend())
    assert (state.manifest.collection, state.live) == (before, old)
    assert state.live <= state.store.ids()
    summary = run_ingest(rebuild, embedder, show_progress=False)
    after = read_manifest(config.layout.manifest).collection
    assert after != before and config.backend().names() == [after]
    assert summary.chunks == len(read_manifest(config.layout.manifest).chunk_ids)
