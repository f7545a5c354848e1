from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica_qa.errors import EvalFileError
from cica_qa.evals.items import EvalItem, Evidence, load_items

REAL_SET = Path(__file__).parents[2] / "evals" / "questions.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "items.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_eval_set_loads_and_covers_the_brief():
    items = load_items(REAL_SET)
    assert len(items) >= 40
    assert sum(i.abstain for i in items) >= 6
    categories = {i.category for i in items}
    assert {
        "coordinators",
        "bodies",
        "dates",
        "membership",
        "principles",
        "goals",
        "secretariat",
        "chairmanship",
        "unanswerable",
    } <= categories


def test_items_are_parsed(tmp_path):
    path = write(
        tmp_path,
        "items:\n- {id: a-1, category: dates, question: 'When?', expect: [2002]}\n"
        "- {id: b, category: unanswerable, question: Why, abstain: true}\n",
    )
    assert load_items(path) == (
        EvalItem("a-1", "dates", "When?", ("2002",)),
        EvalItem("b", "unanswerable", "Why", (), True),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("items: [", r"not valid YAML at line \d+"),
        ("questions: []", "needs a non-empty top-level list `items:`"),
        ("items:\n- {id: x, category: c, question: q}", "item x: give either `expect`"),
        (
            "items:\n- {id: x, category: c, question: q, expect: [a], abstain: true}",
            "item x: give either",
        ),
        ("items:\n- {id: Bad Id, category: c, question: q, abstain: true}", "item Bad Id: `id`"),
        ("items:\n- {id: x, category: c, question: '', abstain: true}", "item x: `question`"),
        (
            "items:\n- {id: x, category: c, question: q, abstain: true, extra: 1}",
            r"item x: unknown keys \['extra'\]",
        ),
        (
            "items:\n- {id: x, category: c, question: q, abstain: true}\n"
            "- {id: x, category: c, question: q, abstain: true}",
            "'x' appears twice",
        ),
        ("items:\n- just a string", "item #1 must be a mapping"),
    ],
)
def test_malformed_items_name_the_file_item_and_problem(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(EvalFileError, match=message) as raised:
        load_items(path)
    assert str(path) in str(raised.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(EvalFileError, match="cannot read eval file"):
        load_items(tmp_path / "nope.yaml")


def test_any_of_forbid_and_evidence_are_read(tmp_path):
    path = write(
        tmp_path,
        "items:\n- id: f\n  category: bodies\n  question: 'How often?'\n"
        "  any_of: [twice a year]\n  forbid: [once a year]\n"
        "  evidence:\n  - {document: b.md, section: Bodies › Governing bodies, row: SOC}\n"
        "  history: ['Who?']\n",
    )
    (item,) = load_items(path)
    assert (item.any_of, item.forbid, item.history) == (
        ("twice a year",),
        ("once a year",),
        ("Who?",),
    )
    assert item.evidence == (Evidence("b.md", "Bodies › Governing bodies", "SOC"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("items:\n- {id: x, category: c, question: q, any_of: []}", "give either"),
        (
            "items:\n- {id: x, category: c, question: q, expect: [a], evidence: b.md}",
            "`evidence` must be a list",
        ),
        (
            "items:\n- {id: x, category: c, question: q, expect: [a], evidence: [{section: S}]}",
            "needs a `document`",
        ),
        (
            "items:\n- {id: x, category: c, question: q, abstain: true, evidence: [{document: d}]}",
            "must abstain has no `evidence`",
        ),
        (
            "items:\n- {id: x, category: c, question: q, expect: [a], history: [1, '']}",
            "`history` must be a list of non-empty strings",
        ),
    ],
)
def test_malformed_new_keys_are_named(tmp_path, text, message):
    with pytest.raises(EvalFileError, match=message):
        load_items(write(tmp_path, text))


_FIELDS = st.sampled_from(
    [
        "id",
        "category",
        "question",
        "expect",
        "any_of",
        "forbid",
        "abstain",
        "history",
        "evidence",
        "held_out",
        "x",
    ]
)
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@given(st.lists(st.dictionaries(_FIELDS, _VALUES, max_size=6), max_size=4))
def test_any_items_are_read_or_refused_naming_the_file(items):
    import tempfile

    import yaml

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(yaml.safe_dump({"items": items}), encoding="utf-8")
        try:
            loaded = load_items(path)
        except EvalFileError as error:
            assert str(path) in str(error) and "\n" not in str(error)
            return
        assert all(isinstance(item, EvalItem) for item in loaded)
