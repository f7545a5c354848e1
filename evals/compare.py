"""Compare a run with an earlier report: which items went from pass to fail, and back (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import EvalFileError


@dataclass(frozen=True)
class Comparison:
    """Items whose outcome changed between two runs."""

    regressed: tuple[str, ...]  # passed before, fail now
    fixed: tuple[str, ...]  # failed before, pass now
    new: tuple[str, ...]  # not in the earlier report

    def lines(self) -> list[str]:
        """A short human summary."""
        return [
            f"regressed (pass → fail): {', '.join(self.regressed) or 'none'}",
            f"fixed (fail → pass): {', '.join(self.fixed) or 'none'}",
            *([f"new items: {len(self.new)}"] if self.new else []),
        ]


def load_outcomes(path: Path) -> dict[str, bool]:
    """item id → passed, from a JSON report written by `cica-qa eval`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(item["id"]): bool(item["passed"]) for item in data["items"]}
    except OSError as error:
        raise EvalFileError(f"cannot read report {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError):
        raise EvalFileError(
            f"{path} is not a report written by `cica-qa eval` (needs items with id and passed)"
        ) from None


def compare(before: Mapping[str, bool], now: Mapping[str, bool]) -> Comparison:
    """What changed from `before` to `now`, in the order of `now`."""
    return Comparison(
        regressed=tuple(i for i, ok in now.items() if not ok and before.get(i) is True),
        fixed=tuple(i for i, ok in now.items() if ok and before.get(i) is False),
        new=tuple(i for i in now if i not in before),
    )
