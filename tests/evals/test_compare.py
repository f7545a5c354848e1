import json

import pytest

from cica_qa.errors import EvalFileError
from cica_qa.evals.compare import compare, load_outcomes


def test_regressions_and_fixes_are_listed():
    change = compare(
        {"a": True, "b": False, "c": True}, {"a": False, "b": True, "c": True, "d": True}
    )
    assert (change.regressed, change.fixed, change.new) == (("a",), ("b",), ("d",))
    assert change.lines()[0] == "regressed (pass → fail): a"


def test_reports_are_read_and_bad_ones_named(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"items": [{"id": "a", "passed": True}]}), encoding="utf-8")
    assert load_outcomes(good) == {"a": True}
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(EvalFileError, match="is not a report written by `cica-qa eval`"):
        load_outcomes(bad)
