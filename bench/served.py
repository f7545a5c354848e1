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


def _serve(index_dir: Path, corpus_dir: Path) -> tuple[subprocess.Popen, str]:
    from tests.support.servers import free_port

    port = free_port()
    env = {
        **os.environ,
        "CICA_INDEX_DIR": str(index_dir),
        "CICA_CORPUS_DIR": str(corpus_dir),
        "CICA_PORT": str(port),
        "CICA_USERS_FILE": str(index_dir / "no-users.json"),
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


def served_memory(index_dir: Path, corpus_dir: Path, questions: list[str]) -> dict[str, Any]:
    process, url = _serve(index_dir, corpus_dir)
    try:
        _first_answer(process, url, questions[0])
        for question in questions:
            _post(url, question)
        return {"app_peak_rss_mb": peak_rss_mb(process.pid)}
    finally:
        process.terminate()
        process.wait(timeout=60)


def cold_start(index_dir: Path) -> dict[str, float]:
    """Process start to first answer: the CLI, and the web app over HTTP."""
    question = "When was the Almaty Act adopted?"
    env = {**os.environ, "CICA_INDEX_DIR": str(index_dir)}
    began = time.perf_counter()
    subprocess.run([_cli(), "ask", question], env=env, capture_output=True, check=True)
    cli_seconds = time.perf_counter() - began
    began = time.perf_counter()
    process, url = _serve(index_dir, ROOT / "corpus")
    try:
        _first_answer(process, url, question)
        web_seconds = time.perf_counter() - began
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {
        "cli_ask_seconds": round(cli_seconds, 2),
        "web_first_answer_seconds": round(web_seconds, 2),
    }
