"""YAML read as plain data: no aliases, no deep nesting, one-line refusals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica_qa.plain_yaml import YamlRefused, load_plain_yaml


def test_plain_yaml_is_read():
    assert load_plain_yaml("items:\n  - id: a\n    tags: [x, y]\n") == {
        "items": [{"id": "a", "tags": ["x", "y"]}]
    }


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: &a [x, x]\nb: [*a, *a]\n", "repeats a value with a YAML alias"),
        ("- " * 3000, "nests too deep"),
        ("a: [1, 2\n", "is not valid YAML at line 2"),
        ("!!python/object/apply:os.system ['true']", "is not valid YAML"),
    ],
)
def test_aliases_deep_nesting_and_bad_syntax_are_refused_with_the_reason(text, reason):
    with pytest.raises(YamlRefused, match=reason):
        load_plain_yaml(text)


@given(st.text(alphabet=st.sampled_from("ab:-[]{}&*!'\" \n#|>?,"), max_size=300))
def test_any_text_is_data_or_one_refusal(text):
    try:
        load_plain_yaml(text)
    except YamlRefused as error:
        assert "\n" not in str(error)
