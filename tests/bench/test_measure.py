import os

from bench.measure import first_lines, latency_summary, peak_rss_mb, percentile, ratio


def test_nearest_rank_percentiles():
    values = list(range(1, 101))
    assert (percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)) == (
        50,
        95,
        99,
    )
    assert percentile([], 0.5) == 0.0 and percentile([7.0], 0.99) == 7.0


def test_latency_summary_has_totals_and_stage_medians():
    timings = [{"embed": 1.0, "dense": 2.0, "retrieve": 3.0, "total": float(t)} for t in (4, 6)]
    summary = latency_summary(timings)
    assert (summary["questions"], summary["p50_ms"], summary["p99_ms"]) == (2, 4.0, 6.0)
    assert summary["stages_p50_ms"] == {"dense": 2.0, "embed": 1.0}


def test_peak_memory_of_this_process_is_read_from_proc():
    assert peak_rss_mb(os.getpid()) > 10
    assert peak_rss_mb(2**22 + 12345) == 0.0  # no such process


def test_small_helpers():
    assert ratio(1, 4) == 0.25 and ratio(1, 0) == 0.0
    assert first_lines(["a", "", "b", "a", "c"], 2) == ["a", "b"]
