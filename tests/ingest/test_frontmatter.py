import pytest

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
