"""Small measuring helpers for the benchmarks (pure, except the /proc reader)."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of the values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def latency_summary(timings: Sequence[Mapping[str, float]]) -> dict[str, object]:
    """p50/p95/p99 of the total, and the median of each stage, in milliseconds."""
    totals = [t["total"] for t in timings]
    stages = sorted({name for t in timings for name in t if name not in ("total", "retrieve")})
    return {
        "questions": len(timings),
        "p50_ms": round(percentile(totals, 0.50), 1),
        "p95_ms": round(percentile(totals, 0.95), 1),
        "p99_ms": round(percentile(totals, 0.99), 1),
        "stages_p50_ms": {
            name: round(percentile([t.get(name, 0.0) for t in timings], 0.50), 2) for name in stages
        },
    }


def peak_rss_mb(pid: int | None = None) -> float:
    """The process's peak resident memory (VmHWM) in MiB, from /proc; 0 when unknown."""
    return _status_mb("VmHWM", pid)


def current_rss_mb(pid: int | None = None) -> float:
    """The process's resident memory now (VmRSS) in MiB, from /proc; 0 when unknown."""
    return _status_mb("VmRSS", pid)


def _status_mb(field: str, pid: int | None) -> float:
    status = Path(f"/proc/{pid or os.getpid()}/status")
    try:
        for line in status.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, rounded; 0 when the denominator is 0."""
    return round(numerator / denominator, 3) if denominator else 0.0


def first_lines(lines: Iterable[str], count: int) -> list[str]:
    """The first `count` distinct, non-empty lines, in order."""
    seen: dict[str, None] = {}
    for line in lines:
        if line.strip() and line not in seen:
            seen[line] = None
            if len(seen) == count:
                break
    return list(seen)
