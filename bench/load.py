"""Load: many clients asking `POST /api/ask` of one `cica-qa serve` at once, idle and while a
re-ingest in another process changes and removes chunks. Requests per second, latency
percentiles, errors (anything but a 200, or no answer) and the server's peak memory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.measure import peak_rss_mb, percentile
from bench.served import _cli, _first_answer, _serve

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ROOT / "evals" / "corpora" / "cica-web" / "corpus"
# two documents beside the brochure: the re-ingest removes one and changes the other
CHAT_USERS = 8  # staff asking in the chat at the same moment
EXTRA_DOCUMENTS = ("secretariat/secretariat-history.txt", "secretariat/membership-fact-sheet.md")


def load_scenario(
    work_dir: Path, questions: list[str], clients: int = 16, seconds: float = 60.0
) -> dict[str, Any]:
    """Both runs over a copy of the served corpus (with two more documents)."""
    corpus, index = work_dir / "load-corpus", work_dir / "load-index"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(ROOT / "corpus", corpus)
    extras = [EXTRA / name for name in EXTRA_DOCUMENTS]
    for path in extras:
        shutil.copy(path, corpus / path.name)
    _ingest(index, corpus)
    process, url = _serve(index, corpus)
    try:
        _first_answer(process, url, questions[0])
        idle = _hammer(url, questions, clients, seconds)
        # the same load, with a re-ingest that removes one document and changes another
        (corpus / extras[0].name).unlink()
        changed = corpus / extras[1].name
        changed.write_text(changed.read_text(encoding="utf-8") + "\nA line added.\n")
        reingest: dict[str, Any] = {}
        ingesting = threading.Thread(target=lambda: reingest.update(_ingest(index, corpus)))
        timer = threading.Timer(min(2.0, seconds / 4), ingesting.start)
        timer.start()
        # until the re-ingest has switched, and a second after: requests span the switch
        during = _hammer(url, questions, clients, seconds, lambda: not reingest)
        timer.join()
        ingesting.join()
        during["reingest"] = reingest
        chat = chat_users(url, questions, CHAT_USERS)
        return {
            "clients": clients,
            "seconds": seconds,
            "idle": idle,
            "during_reingest": during,
            "chat": chat,
            "app_peak_rss_mb": peak_rss_mb(process.pid),
        }
    finally:
        process.terminate()
        process.wait(timeout=60)


def chat_users(url: str, questions: list[str], users: int) -> dict[str, Any]:
    """The chat as staff use it (Gradio's own client, the answer streamed to the end): one
    user alone, three times, then `users` asking at the same moment; each one's time. Every
    user has asked once before (untimed): Gradio makes a session's state on its first
    request (a config entry per block of the page), which a browser does when the page
    loads, not when its user asks."""
    from gradio_client import Client

    def asker() -> Any:
        return Client(url, verbose=False, download_files=False)

    def ask(client: Any, question: str) -> float:
        began = time.perf_counter()
        client.predict(question, [], api_name="/respond")
        return time.perf_counter() - began

    alone = asker()
    ask(alone, questions[0])  # warm
    lone = sorted(ask(alone, q) for q in questions[1:4])[1]
    clients = [asker() for _ in range(users)]
    for client in clients:  # each one's session made, as the lone user's was: not timed
        ask(client, questions[0])
    times: list[float] = [0.0] * users
    start = threading.Barrier(users)

    def user(n: int) -> None:
        start.wait()
        times[n] = ask(clients[n], questions[(n + 5) % len(questions)])

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slowest = max(times)
    return {
        "users": users,
        "lone_seconds": round(lone, 2),
        "each_seconds": [round(t, 2) for t in times],
        "slowest_over_lone": round(slowest / lone, 2),
        "met": slowest <= 2 * lone,
    }


def _ingest(index: Path, corpus: Path) -> dict[str, Any]:
    """`cica-qa ingest --json` in its own process, as a maintainer runs it."""
    env = {**os.environ, "CICA_INDEX_DIR": str(index), "CICA_CORPUS_DIR": str(corpus)}
    began = time.perf_counter()
    done = subprocess.run(
        [_cli(), "ingest", "--json"], env=env, capture_output=True, text=True, check=True
    )
    summary = json.loads(done.stdout)
    took = time.perf_counter() - began
    time.sleep(1.0)  # requests go on a moment past the switch
    return {
        "seconds": round(took, 1),
        "removed": summary.get("removed"),
        "embedded": summary.get("embedded"),
    }


def _hammer(
    url: str,
    questions: list[str],
    clients: int,
    seconds: float,
    busy: Any = lambda: False,
) -> dict[str, Any]:
    """`clients` threads asking in turn for `seconds` (and while `busy()`); what they saw."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        n = offset
        while time.monotonic() < stop or busy():
            question = questions[n % len(questions)]
            n += clients
            began = time.perf_counter()
            problem = _ask(url, question)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / wall, 1),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "errors": len(errors),
        "first_errors": sorted(set(errors))[:5],
    }


def _ask(url: str, question: str) -> str:
    """'' when the question got an answer (or an abstention), else what went wrong."""
    request = urllib.request.Request(
        f"{url}/api/ask", data=json.dumps({"question": question}).encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            data = json.loads(response.read())
        return "" if isinstance(data.get("answer"), str) and data["answer"] else "empty answer"
    except urllib.error.HTTPError as error:
        return f"{error.code}: {error.read()[:200].decode(errors='replace')}"
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
