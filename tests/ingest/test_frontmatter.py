import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica_qa.ingest.frontmatter import FrontMatter, FrontMatterError, split_front_matter


def test_front_matter_fields_and_blanked_lines():
    front, text = split_front_matter("---\nedition_of: a.txt\nglossary: true\n---\n# T\n")
    assert front == FrontMatter(edition_of="a.txt", glossary=True)
    assert text == "\n\n\n\n# T\n"


def test_no_front_matter_leaves_the_text_alone():
    assert split_front_matter("# T\n---\n") == (FrontMatter(), "# T\n---\n")


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        ("glossary: 'yes'", "'glossary' must be true or false, not 'yes'"),
        ("edition_of: 3", "'edition_of' must be text, not 3"),
        ("author: me", "field 'author' is not one ingest knows"),
    ],
)
def test_fields_of_the_wrong_kind_or_unknown_are_named(yaml, message):
    with pytest.raises(FrontMatterError, match=message):
        split_front_matter(f"---\n{yaml}\n---\n# T\n")


def test_invalid_front_matter_is_an_error():
    with pytest.raises(FrontMatterError, match="not valid YAML"):
        split_front_matter("---\na: [\n---\nbody")


def test_a_yaml_alias_bomb_is_refused_before_it_expands():
    levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    levels += [
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    bomb = "\n".join(levels) + "\ntitle: *i"  # 9**9 strings if expanded
    with pytest.raises(FrontMatterError, match=r"YAML alias \(\*name\): write it out"):
        split_front_matter(f"---\n{bomb}\n---\n# T\n")


def test_front_matter_over_its_size_limit_is_refused_and_a_bad_value_shown_short():
    with pytest.raises(FrontMatterError, match="over the 4,096 its few fields need"):
        split_front_matter(f"---\ntitle: {'x' * 5000}\n---\n# T\n")
    with pytest.raises(FrontMatterError) as error:
        split_front_matter(f"---\nedition_of: [{', '.join(['1'] * 500)}]\n---\n# T\n")
    assert len(str(error.value)) < 120 and str(error.value).endswith("…")


_YAML_BITS = st.sampled_from(
    [
        "title: ",
        "edition_of: ",
        "glossary: ",
        "&a ",
        "*a",
        "[",
        "]",
        "{",
        "}",
        "- ",
        ": ",
        "\n",
        "  ",
        "'",
        '"',
        "!!python/object:os.system ",
        "yes",
        "~",
        "0x1F",
        "é",
        "\t",
        "---",
        "#",
    ]
)


@given(st.lists(st.one_of(_YAML_BITS, st.text(max_size=8)), max_size=40).map("".join))
def test_any_front_matter_is_read_or_refused_in_one_line(source):
    try:
        front, text = split_front_matter(f"---\n{source}\n---\n# T\n")
    except FrontMatterError as error:
        assert "\n" not in str(error) and len(str(error)) < 300
        return
    assert isinstance(front, FrontMatter) and text.endswith("# T\n")


@pytest.mark.parametrize("source", ["- " * 2000, "[" * 4000, "{a: " * 1000])
def test_front_matter_nested_deep_is_refused_in_one_line(source):
    with pytest.raises(FrontMatterError, match=r"nests too deep|not valid YAML"):
        split_front_matter(f"---\n{source}\n---\n# T\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-27", "2025-02-27"),
        ("February 2025", "2025-02"),
        ("2025", "2025"),
        ("'27 February 2025'", "2025-02-27"),
        ("2025-02-27T10:00:00Z", "2025-02-27"),
    ],
)
def test_a_date_is_read_as_iso_whatever_its_form(value, expected):
    front, _ = split_front_matter(f"---\ndate: {value}\n---\n# T\n")
    assert front.date == expected


@pytest.mark.parametrize("value", ["soon", "2020-2022", "[2025]", "true"])
def test_a_date_that_is_not_one_date_is_refused_naming_the_field_and_the_forms(value):
    with pytest.raises(FrontMatterError, match=r"'date' must be a date \(2025-02-27"):
        split_front_matter(f"---\ndate: {value}\n---\n# T\n")


def test_supersedes_is_one_file_name_or_a_list_of_them():
    one, _ = split_front_matter("---\nsupersedes: old.md\n---\n# T\n")
    many, _ = split_front_matter("---\nsupersedes: [old.md, older.pdf]\n---\n# T\n")
    assert one.supersedes == ("old.md",) and many.supersedes == ("old.md", "older.pdf")
    with pytest.raises(FrontMatterError, match="'supersedes' must be a file name or a list"):
        split_front_matter("---\nsupersedes: {a: 1}\n---\n# T\n")
