"""`make bench` end to end at its --quick sizes: every measure is taken and reported."""

import json

import pytest

from bench.report import write_results
from bench.run import BenchConfig, run

pytestmark = pytest.mark.slow


def test_a_quick_bench_measures_every_target_and_scale(tmp_path):
    config = BenchConfig.quick(tmp_path / "work", tmp_path / "results.json")
    write_results(config.results, run(config))
    results = json.loads(config.results.read_text())
    scales = results["query_latency"]
    assert set(scales) == {"real_corpus", "synthetic_120", "synthetic_240"}
    assert all(row["p50_ms"] > 0 and row["stages_p50_ms"]["embed"] > 0 for row in scales.values())
    assert results["ingest"]["chunks"] == 120 and 0 < results["ingest"]["ratio"] < 2
    assert results["reingest"]["changed_embedded"] == 1  # one document's prose
    runs = results["reingest"]["one_percent_runs"]  # changed, changed back, changed again
    assert [run["embedded"] for run in runs] == [1, 1, 1] and all(r["ratio"] > 0 for r in runs)
    worst = max(r["ratio"] for r in runs)
    assert results["reingest"]["one_percent_ratio"] == worst
    assert results["reingest"]["one_percent_met"] == (worst <= 1.3)
    assert results["growth"] == {**results["growth"], "chunks": 240, "embedded": 120}
    assert [k["chunks"] for k in results["keyword_index"]] == [120, 240]
    assert results["memory"]["app_peak_rss_mb"] > 100  # the model alone is more
    cold = results["cold_start"]
    assert cold["cli_ask_seconds"] > 0 and len(cold["cli_ask_runs_seconds"]) == 3
    assert 100 < cold["cli_ask_peak_mb"] < 2000 and cold["web_first_answer_seconds"] > 0
    load = results["load"]
    assert load["idle"]["requests"] > 0 and load["idle"]["errors"] == 0
    during = load["during_reingest"]
    assert during["errors"] == 0, during["first_errors"]
    assert during["reingest"]["removed"] > 0  # the re-ingest removed chunks under load
    assert results["crash"]["converged"] == results["crash"]["runs"] == 1
    chat = load["chat"]
    assert len(chat["each_seconds"]) == 8 and all(t > 0 for t in chat["each_seconds"])
    summary = (tmp_path / "results.md").read_text()
    assert "Ingest ≥ 0.85 × raw encode" in summary and "Peak memory of the served app" in summary
    assert "Load, 4 clients on `POST /api/ask`, during a re-ingest" in summary
    assert "Long crash test: 1 of 1 rounds converged" in summary
