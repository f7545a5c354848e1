"""The app as users start it: a `cica-qa serve` process (cold start to the first answer, and
its peak memory) and `cica-qa ask` from a cold process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.measure import peak_rss_mb

ROOT = Path(__file__).resolve().parents[1]


def _cli() -> str:
    return str(Path(sys.executable).parent / "cica-qa")


def _post(url: str, question: str, timeout: float = 60) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{url}/api/ask", data=json.dumps({"question": question}).encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def _serve(
    index_dir: Path, corpus_dir: Path, model_dir: Path | None = None
) -> tuple[subprocess.Popen, str]:
    from tests.support.servers import free_port

    port = free_port()
    env = {
        **os.environ,
        "CICA_INDEX_DIR": str(index_dir),
        "CICA_CORPUS_DIR": str(corpus_dir),
        "CICA_PORT": str(port),
        "CICA_USERS_FILE": str(index_dir / "no-users.json"),
        **({"CICA_MODEL_DIR": str(model_dir)} if model_dir else {}),
    }
    process = subprocess.Popen(
        [_cli(), "serve", "--no-ingest"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def _first_answer(process: subprocess.Popen, url: str, question: str) -> None:
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode} before answering")
        try:
            _post(url, question)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise RuntimeError("the app did not answer within 300 s") from None
            time.sleep(0.1)


def served_memory(
    index_dir: Path, corpus_dir: Path, questions: list[str], model_dir: Path
) -> dict[str, Any]:
    process, url = _serve(index_dir, corpus_dir, model_dir)
    try:
        _first_answer(process, url, questions[0])
        for question in questions:
            _post(url, question)
        return {"app_peak_rss_mb": peak_rss_mb(process.pid)}
    finally:
        process.terminate()
        process.wait(timeout=60)


def cold_start(index_dir: Path, model_dir: Path, runs: int = 3) -> dict[str, Any]:
    """Process start to first answer, as users start the app: `cica-qa ask` from a cold
    process (median of `runs`, and its peak memory), and the web app (start to ready, then
    the first answer once it reports ready on /healthz)."""
    from statistics import median

    question = "When was the Almaty Act adopted?"
    env = {**os.environ, "CICA_INDEX_DIR": str(index_dir), "CICA_MODEL_DIR": str(model_dir)}
    # the question encoder exported (once per machine) before anything is timed
    subprocess.run([_cli(), "ask", question], env=env, capture_output=True, check=True)
    timed = [_cold_ask(question, env) for _ in range(runs)]
    began = time.perf_counter()
    process, url = _serve(index_dir, ROOT / "corpus", model_dir)
    try:
        _wait_ready(process, url)
        ready = time.perf_counter() - began
        asked = time.perf_counter()
        _post(url, question)
        first = time.perf_counter() - asked
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {
        "cli_ask_seconds": round(median(t for t, _ in timed), 2),
        "cli_ask_runs_seconds": [round(t, 2) for t, _ in timed],
        "cli_ask_peak_mb": round(max(m for _, m in timed), 1),
        "web_ready_seconds": round(ready, 2),
        "web_first_answer_seconds": round(first, 3),
    }


def _cold_ask(question: str, env: dict[str, str]) -> tuple[float, float]:
    """One `cica-qa ask` in a fresh process: wall seconds and its peak memory (MiB), from
    a small Python parent that reports only its child's figures."""
    script = (
        "import resource, subprocess, sys, time\n"
        "began = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], capture_output=True, check=True)\n"
        "seconds = time.perf_counter() - began\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(seconds, peak)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, _cli(), "ask", question],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def _wait_ready(process: subprocess.Popen, url: str) -> None:
    """Wait until the app answers /healthz (it loads everything before it listens)."""
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise RuntimeError("the app was not ready within 300 s") from None
            time.sleep(0.05)
