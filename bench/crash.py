"""The long crash test: re-ingests killed (SIGKILL) at random moments, twice in a row, then
one ingest to the end. Every run must converge: that ingest succeeds, the index holds
exactly the chunks a clean build of the same corpus holds, and a question is answered."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.synthetic import write_corpus

KILLS_PER_RUN = 2


def crash_scenario(
    work_dir: Path, embedder: Any, runs: int = 10, documents: int = 60, seed: int = 0
) -> dict[str, Any]:
    """`runs` rounds of kills over a copy of one index whose corpus then changes."""
    from cica_qa.index.manifest import read_manifest
    from cica_qa.ingest.config import IngestConfig
    from cica_qa.ingest.pipeline import run_ingest

    root = work_dir / "crash"
    shutil.rmtree(root, ignore_errors=True)
    before = IngestConfig(root / "corpus-1", root / "index-1", "crash_chunks", 200, 20)
    after = IngestConfig(root / "corpus-2", root / "clean-2", "crash_chunks", 200, 20)
    write_corpus(before.corpus_dir, documents, rows=1, seed=seed)
    write_corpus(after.corpus_dir, documents + documents // 5, rows=2, seed=seed)
    run_ingest(before, embedder, show_progress=False)
    clean = run_ingest(after, embedder, show_progress=False)
    expected = set(read_manifest(after.layout.manifest).chunk_ids)
    rng = random.Random(seed)
    rounds = []
    for n in range(runs):
        index = root / f"run-{n}"
        shutil.rmtree(index, ignore_errors=True)
        shutil.copytree(before.index_dir, index)
        # from the process's start (loading the model takes seconds) to past its end
        window = (3.0, 6.0 + clean.seconds)
        kills = [
            _killed(index, after.corpus_dir, rng.uniform(*window)) for _ in range(KILLS_PER_RUN)
        ]
        finished = _run(index, after.corpus_dir, "ingest")
        asked = _run(index, after.corpus_dir, "ask", "Which country coordinates the area?")
        manifest = read_manifest(index / "manifest.json")
        converged = (
            finished.returncode == 0
            and asked.returncode == 0
            and manifest is not None
            and set(manifest.chunk_ids) == expected
        )
        rounds.append(
            {
                "kills_after_s": kills,
                "converged": converged,
                "warnings": [line for line in finished.stderr.splitlines() if "warning" in line][
                    :3
                ],
                "error": "" if converged else (finished.stderr or asked.stderr)[-300:],
            }
        )
        shutil.rmtree(index, ignore_errors=True)
    return {
        "runs": runs,
        "converged": sum(r["converged"] for r in rounds),
        "repaired": sum(any("damaged" in w for w in r["warnings"]) for r in rounds),
        "rounds": rounds,
    }


def _environment(index: Path, corpus: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CICA_INDEX_DIR": str(index),
        "CICA_CORPUS_DIR": str(corpus),
        "CICA_COLLECTION": "crash_chunks",
    }


def _killed(index: Path, corpus: Path, after: float) -> float:
    """Start an ingest and SIGKILL it `after` seconds later (if it is still running)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cica_qa", "ingest"],
        env=_environment(index, corpus),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after)
    process.kill()
    process.wait(timeout=60)
    return round(after, 1)


def _run(index: Path, corpus: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cica_qa", *args],
        env=_environment(index, corpus),
        capture_output=True,
        text=True,
        timeout=900,
    )
