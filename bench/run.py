"""`make bench` (`python -m bench`): query latency, ingest throughput against the model's own
speed, re-ingest cost, cold start, memory and server mode, measured in one run with the real
model and real Chroma. Writes bench/results.json and bench/results.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.measure import current_rss_mb, first_lines, latency_summary, peak_rss_mb, ratio
from bench.synthetic import chunks_per_document, write_corpus

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"ingest_ratio": 0.85, "unchanged_share": 0.02, "one_percent_ratio": 1.5}
STAGES = ("embed", "dense", "keyword", "fuse", "compose")  # where a question's time goes


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and places; `quick()` is a small run for tests."""

    work_dir: Path = ROOT / ".cica" / "bench"
    results: Path = ROOT / "bench" / "results.json"
    documents: int = 5000  # the ingest corpus: documents x (rows + 1) chunks
    rows: int = 1
    large_rows: int = 19  # the same documents grown to this many rows (0: skip the large scale)
    questions: int = 200  # synthetic questions per scale
    server: bool = True  # also measure a `chroma run` server
    seed: int = 0

    @classmethod
    def quick(cls, work_dir: Path, results: Path) -> BenchConfig:
        return cls(work_dir, results, 60, 1, 3, 20, False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument(
        "--no-large", action="store_true", help="skip the 100k-chunk scale (about 6 minutes)"
    )
    parser.add_argument("--no-server", action="store_true", help="skip the Chroma server")
    parser.add_argument("--work-dir", type=Path, help="where corpora and indexes go")
    parser.add_argument("--results", type=Path, help="where results.json goes")
    args = parser.parse_args(argv)
    config = BenchConfig()
    if args.quick:
        config = BenchConfig.quick(config.work_dir, config.results)
    config = replace(
        config,
        work_dir=args.work_dir or config.work_dir,
        results=args.results or config.results,
        large_rows=0 if args.no_large else config.large_rows,
        server=config.server and not args.no_server,
    )
    results = run(config)
    write_results(config.results, results)
    print(summary_markdown(results))
    return 0


def run(config: BenchConfig) -> dict[str, Any]:
    """Every benchmark, in one process, with one loaded model."""
    import torch

    from cica_qa.embedder import MiniLMEmbedder

    started = time.perf_counter()
    cores = os.cpu_count() or 1
    torch.set_num_threads(cores)
    shutil.rmtree(config.work_dir, ignore_errors=True)
    config.work_dir.mkdir(parents=True)
    embedder = MiniLMEmbedder()
    results: dict[str, Any] = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "make bench",
        "machine": {
            "cores": cores,
            "torch_threads": torch.get_num_threads(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "targets": TARGETS,
    }
    real = _real_corpus(config, embedder)
    results["query_latency"] = {"real_corpus": real["latency"]}
    results["ingest"], results["reingest"], small = _ingest_costs(config, embedder)
    results["query_latency"][f"synthetic_{small['chunks']}"] = small["latency"]
    results["keyword_index"] = [small["keyword"]]
    if config.large_rows:
        large = _large_corpus(config, embedder)
        results["query_latency"][f"synthetic_{large['chunks']}"] = large["latency"]
        results["growth"] = large["growth"]
        results["keyword_index"].append(large["keyword"])
        results["memory"] = large["memory"]
    results["cold_start"] = _cold_start(real["index"])
    if config.server:
        results["server_mode"] = _server_mode(config, embedder, real)
    results["seconds_total"] = round(time.perf_counter() - started, 1)
    return results


def _config(index_dir: Path, corpus_dir: Path, **extra: Any) -> Any:
    from cica_qa.ingest.config import IngestConfig

    return IngestConfig(corpus_dir, index_dir, "bench_chunks", 200, 20, **extra)


def _ask_all(assistant: Any, questions: list[str]) -> dict[str, object]:
    for question in questions[:5]:  # warm: caches, lazy imports
        assistant.ask(question)
    timings = [assistant.ask(question).timings_ms for question in questions]
    return latency_summary(timings)


def _eval_questions() -> list[str]:
    import yaml

    data = yaml.safe_load((ROOT / "evals" / "questions.yaml").read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) else data
    return first_lines((str(item["question"]) for item in items), 10_000)


def _real_corpus(config: BenchConfig, embedder: Any) -> dict[str, Any]:
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest

    corpus_index = _config(config.work_dir / "real-index", ROOT / "corpus")
    summary = run_ingest(corpus_index, embedder, show_progress=False)
    latency = _ask_all(Assistant.open(corpus_index.index_dir, embedder), _eval_questions())
    return {"index": corpus_index.index_dir, "latency": {"chunks": summary.chunks, **latency}}


def _ingest_costs(config: BenchConfig, embedder: Any) -> tuple[dict, dict, dict]:
    """Full ingest vs the raw model on the same texts; re-ingest unchanged and 1% changed."""
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.embed import EMBED_BATCH
    from cica_qa.ingest.parse import parse_corpus
    from cica_qa.ingest.pipeline import run_ingest

    corpus = config.work_dir / "corpus"
    questions = write_corpus(corpus, config.documents, config.rows, config.seed)
    corpus_index = _config(config.work_dir / "index", corpus)
    _progress(f"full ingest of {config.documents} documents")
    full = run_ingest(corpus_index, embedder, show_progress=False)
    texts = [c.text for c in parse_corpus(corpus_index, embedder).chunks]
    model = embedder.model  # the SentenceTransformer itself
    _progress(f"raw encode of the same {len(texts)} chunk texts")
    began = time.perf_counter()
    model.encode(texts, batch_size=EMBED_BATCH, normalize_embeddings=True)
    raw_seconds = time.perf_counter() - began
    pipeline_rate = full.chunks / full.seconds
    raw_rate = len(texts) / raw_seconds
    ingest = {
        "documents": config.documents,
        "chunks": full.chunks,
        "seconds": round(full.seconds, 2),
        "chunks_per_second": round(pipeline_rate, 1),
        "raw_encode_chunks_per_second": round(raw_rate, 1),
        "batch_size": EMBED_BATCH,
        "ratio": ratio(pipeline_rate, raw_rate),
    }
    ingest["met"] = ingest["ratio"] >= TARGETS["ingest_ratio"]
    _progress("re-ingest with nothing changed")
    unchanged = run_ingest(corpus_index, embedder, show_progress=False)
    changed_docs = max(1, config.documents // 100)
    write_corpus(corpus, config.documents, config.rows, config.seed, frozenset(range(changed_docs)))
    _progress(f"re-ingest with {changed_docs} documents changed")
    one_percent = run_ingest(corpus_index, embedder, show_progress=False)
    share = changed_docs / config.documents
    reingest = {
        "unchanged_seconds": round(unchanged.seconds, 3),
        "unchanged_share": ratio(unchanged.seconds, full.seconds),
        "changed_documents": changed_docs,
        "changed_seconds": round(one_percent.seconds, 2),
        "changed_embedded": one_percent.embedded,
        "one_percent_ratio": ratio(one_percent.seconds, full.seconds * share),
    }
    reingest["unchanged_met"] = reingest["unchanged_share"] <= TARGETS["unchanged_share"]
    reingest["one_percent_met"] = reingest["one_percent_ratio"] <= TARGETS["one_percent_ratio"]
    sample = questions[: config.questions]
    latency = _ask_all(Assistant.open(corpus_index.index_dir, embedder), sample)
    return (
        ingest,
        reingest,
        {
            "chunks": full.chunks,
            "latency": {"chunks": full.chunks, **latency},
            "keyword": _keyword_memory(corpus_index.index_dir, sample),
        },
    )


def _large_corpus(config: BenchConfig, embedder: Any) -> dict[str, Any]:
    """The ingest corpus's documents grown to large_rows rows each (about 100,000 chunks at
    the default sizes): the re-ingest that grows it, query latency, keyword index memory,
    and the served app's peak memory."""
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest

    corpus = config.work_dir / "corpus"
    changed = frozenset(range(max(1, config.documents // 100)))  # as the 1% re-ingest left it
    questions = write_corpus(corpus, config.documents, config.large_rows, config.seed, changed)
    corpus_index = _config(config.work_dir / "index", corpus)
    expected = config.documents * chunks_per_document(config.large_rows)
    _progress(f"growing the corpus to ~{expected} chunks")
    summary = run_ingest(corpus_index, embedder, show_progress=True)
    sample = questions[-config.questions :]  # the last documents' questions: the newest rows
    latency = _ask_all(Assistant.open(corpus_index.index_dir, embedder), sample)
    keyword = _keyword_memory(corpus_index.index_dir, sample)
    _progress("peak memory of the served app")
    memory = _served_memory(corpus_index.index_dir, corpus, sample[:20])
    return {
        "chunks": summary.chunks,
        "latency": {"chunks": summary.chunks, **latency},
        "growth": {
            "chunks": summary.chunks,
            "embedded": summary.embedded,
            "seconds": round(summary.seconds, 1),
            "chunks_per_second": round(summary.chunks_per_second, 1),
        },
        "keyword": keyword,
        "memory": {"chunks": summary.chunks, **memory},
    }


def _keyword_memory(index_dir: Path, questions: list[str]) -> dict[str, Any]:
    """What the keyword index costs a reader: resident memory added by loading it and
    answering questions from it (in this process), and its size on disk."""
    from cica_qa.index.keyword import KeywordIndex
    from cica_qa.index.layout import IndexLayout
    from cica_qa.index.manifest import read_manifest

    layout = IndexLayout(index_dir)
    folder = layout.generation(read_manifest(layout.manifest).generation).keyword
    before = current_rss_mb()
    index = KeywordIndex.load(folder)
    for question in questions:
        index.search(question, 10)
    return {
        "chunks": index.size,
        "rss_mb": round(current_rss_mb() - before, 1),
        "disk_mb": round(sum(f.stat().st_size for f in folder.iterdir()) / 2**20, 1),
    }


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


def _served_memory(index_dir: Path, corpus_dir: Path, questions: list[str]) -> dict[str, Any]:
    process, url = _serve(index_dir, corpus_dir)
    try:
        _first_answer(process, url, questions[0])
        for question in questions:
            _post(url, question)
        return {"app_peak_rss_mb": peak_rss_mb(process.pid)}
    finally:
        process.terminate()
        process.wait(timeout=60)


def _cold_start(index_dir: Path) -> dict[str, float]:
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


def _server_mode(config: BenchConfig, embedder: Any, real: dict[str, Any]) -> dict[str, Any]:
    """The real corpus's questions against a local `chroma run`, beside the embedded store."""
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest
    from tests.support.servers import ChromaServer

    server = ChromaServer(config.work_dir / "chroma-server")
    try:
        corpus_index = _config(
            config.work_dir / "server-index",
            ROOT / "corpus",
            chroma_host=server.host,
            chroma_port=server.port,
        )
        run_ingest(corpus_index, embedder, show_progress=False)
        assistant = Assistant.open(corpus_index.index_dir, embedder, corpus_index.backend())
        latency = _ask_all(assistant, _eval_questions())
    finally:
        server.stop()
    embedded = real["latency"]
    return {
        "embedded": {k: embedded[k] for k in ("p50_ms", "p95_ms")},
        "server": {k: latency[k] for k in ("p50_ms", "p95_ms")},
        "server_stages_p50_ms": latency["stages_p50_ms"],
    }


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def write_results(path: Path, results: dict[str, Any]) -> None:
    """results.json and, beside it, results.md."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    path.with_suffix(".md").write_text(summary_markdown(results) + "\n", encoding="utf-8")


def summary_markdown(results: dict[str, Any]) -> str:
    """The results as a short Markdown report: latency table, then each target and its figure."""
    machine = results["machine"]
    lines = [
        f"Measured {results['created_at']} by `{results['command']}` on {machine['cores']} "
        f"cores (torch threads {machine['torch_threads']}), in {results['seconds_total']} s.",
        "",
        "| Query latency | chunks | p50 ms | p95 ms | p99 ms | " + " | ".join(STAGES) + " |",
        "|---" * (5 + len(STAGES)) + "|",
    ]
    for name, row in results["query_latency"].items():
        stages = row["stages_p50_ms"]
        lines.append(
            f"| {name} | {row['chunks']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
            + " | ".join(
                str(stages.get(s, "")) for s in ("embed", "dense", "keyword", "fuse", "compose")
            )
            + " |"
        )
    ingest, again = results["ingest"], results["reingest"]
    lines += [
        "",
        "| Target | Measured | Ratio | Met |",
        "|---|---|---|---|",
        f"| Ingest ≥ 0.85 × raw encode | {ingest['chunks_per_second']} vs "
        f"{ingest['raw_encode_chunks_per_second']} chunks/s ({ingest['chunks']} chunks) | "
        f"{ingest['ratio']} | {_yes(ingest['met'])} |",
        f"| Re-ingest, nothing changed < 2% of full | {again['unchanged_seconds']} s of "
        f"{ingest['seconds']} s | {again['unchanged_share']} | {_yes(again['unchanged_met'])} |",
        f"| Re-ingest, 1% changed ≤ 1.5 × 1% of full | {again['changed_seconds']} s for "
        f"{again['changed_documents']} documents | {again['one_percent_ratio']} | "
        f"{_yes(again['one_percent_met'])} |",
    ]
    cold = results["cold_start"]
    lines += [
        "",
        f"Cold start to the first answer: CLI `ask` {cold['cli_ask_seconds']} s, web app "
        f"{cold['web_first_answer_seconds']} s.",
    ]
    if "growth" in results:
        growth = results["growth"]
        lines.append(
            f"Growing the same documents to {growth['chunks']} chunks (a re-ingest): "
            f"{growth['embedded']} chunks embedded in {growth['seconds']} s, "
            f"{growth['chunks_per_second']} chunks/s."
        )
    if "memory" in results:
        memory = results["memory"]
        lines.append(
            f"Peak memory of the served app at {memory['chunks']} chunks: "
            f"{memory['app_peak_rss_mb']} MiB."
        )
    for keyword in results.get("keyword_index", []):
        lines.append(
            f"Keyword index at {keyword['chunks']} chunks: {keyword['rss_mb']} MiB resident "
            f"after loading and answering, {keyword['disk_mb']} MiB on disk."
        )
    if "server_mode" in results:
        server = results["server_mode"]
        lines.append(
            f"Chroma server mode, real corpus: p50 {server['server']['p50_ms']} ms, p95 "
            f"{server['server']['p95_ms']} ms (embedded: p50 {server['embedded']['p50_ms']} ms, "
            f"p95 {server['embedded']['p95_ms']} ms)."
        )
    return "\n".join(lines)


def _yes(met: bool) -> str:
    return "yes" if met else "**no**"
