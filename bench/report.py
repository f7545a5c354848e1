"""The results as files: bench/results.json and a short Markdown summary beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STAGES = ("read", "embed", "dense", "keyword", "fuse", "compose")  # where a question's time goes


def write_results(path: Path, results: dict[str, Any]) -> None:
    """results.json and, beside it, results.md."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    path.with_suffix(".md").write_text(summary_markdown(results) + "\n", encoding="utf-8")


def summary_markdown(results: dict[str, Any]) -> str:
    """The results as a short Markdown report: latency table, then each target and its figure."""
    machine = results["machine"]
    targets = results["targets"]
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
            + " | ".join(str(stages.get(s, "")) for s in STAGES)
            + " |"
        )
    ingest, again = results["ingest"], results["reingest"]
    lines += [
        "",
        "| Target | Measured | Ratio | Met |",
        "|---|---|---|---|",
        f"| Ingest ≥ 0.85 × raw encode + read | {ingest['chunks_per_second']} vs "
        f"{ingest['raw_chunks_per_second']} chunks/s ({ingest['chunks']} chunks and "
        f"{ingest.get('sentences', 0)} sentences; encode "
        f"{ingest['raw_encode_chunks_per_second']}/s, read {ingest['raw_read_chunks_per_second']}"
        "/s) | "
        f"{ingest['ratio']} | {_yes(ingest['met'])} |",
        f"| Re-ingest, nothing changed < 2% of full | {again['unchanged_seconds']} s of "
        f"{ingest['seconds']} s | {again['unchanged_share']} | {_yes(again['unchanged_met'])} |",
        f"| Re-ingest, 1% changed ≤ {targets['one_percent_ratio']} × 1% of full | "
        f"{again['changed_seconds']} s (slowest of {len(again['one_percent_runs'])}) for "
        f"{again['changed_documents']} documents | {again['one_percent_ratio']} | "
        f"{_yes(again['one_percent_met'])} |",
    ]
    cold = results["cold_start"]
    lines += [
        f"| Cold `cica-qa ask` to its answer < {targets['cli_ask_seconds']} s (median of "
        f"{len(cold['cli_ask_runs_seconds'])}) | {cold['cli_ask_seconds']} s | | "
        f"{_yes(cold['cli_ask_seconds'] < targets['cli_ask_seconds'])} |",
        f"| Its peak memory < {targets['cli_ask_peak_mb']} MiB | {cold['cli_ask_peak_mb']} MiB | "
        f"| {_yes(cold['cli_ask_peak_mb'] < targets['cli_ask_peak_mb'])} |",
        f"| Web app's first answer once ready < {targets['web_first_answer_seconds']} s | "
        f"{cold['web_first_answer_seconds']} s (ready after {cold['web_ready_seconds']} s) | "
        f"| {_yes(cold['web_first_answer_seconds'] < targets['web_first_answer_seconds'])} |",
    ]
    real = results["query_latency"]["real_corpus"]
    quick = real["p50_ms"] < targets["query_p50_ms"] and real["p95_ms"] < targets["query_p95_ms"]
    lines += [
        f"| Query p50 < {targets['query_p50_ms']} ms, p95 < {targets['query_p95_ms']} ms on "
        f"`corpus/` | {real['p50_ms']} / {real['p95_ms']} ms | | "
        f"{_yes(quick)} |",
    ]
    large = [r for n, r in results["query_latency"].items() if r["chunks"] >= 50_000]
    if large:
        lines.append(
            f"| Query p50 < {targets['large_query_p50_ms']} ms at {large[0]['chunks']} chunks | "
            f"{large[0]['p50_ms']} ms | | "
            f"{_yes(large[0]['p50_ms'] < targets['large_query_p50_ms'])} |"
        )
    lines.append("")
    if "load" in results:
        load = results["load"]
        for name, run in (("idle", load["idle"]), ("during a re-ingest", load["during_reingest"])):
            lines.append(
                f"Load, {load['clients']} clients on `POST /api/ask`, {name}: "
                f"{run['requests_per_s']} requests/s, p50 {run['p50_ms']} ms, p95 "
                f"{run['p95_ms']} ms, p99 {run['p99_ms']} ms, {run['errors']} errors "
                f"({run['requests']} requests)."
            )
        lines.append(f"Peak memory of the app under load: {load['app_peak_rss_mb']} MiB.")
        chat = load["chat"]
        lines.append(
            f"Chat, {chat['users']} users asking at the same moment: the slowest answered in "
            f"{max(chat['each_seconds'])} s, {chat['slowest_over_lone']} × a lone user's "
            f"{chat['lone_seconds']} s (target ≤ 2 ×: {_yes(chat['met'])})."
        )
    if "crash" in results:
        crash = results["crash"]
        lines.append(
            f"Long crash test: {crash['converged']} of {crash['runs']} rounds converged (two "
            f"re-ingests killed at random moments, then one to the end; {crash['repaired']} "
            "rebuilt a damaged collection)."
        )
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
