import pytest
from cica_qa.ingest.frontmatter import FrontMatterError, split_front_matter


def test_front_matter_fields_and_blanked_lines():
    fields, text = split_front_matter("---\nedition_of: a.txt\n---\n# T\n")
    assert fields == {"edition_of": "a.txt"}
    assert text == "\n\n\n# T\n"


def test_no_front_matter_leaves_the_text_alone():
    assert split_front_matter("# T\n---\n") == ({}, "# T\n---\n")


def test_invalid_front_matter_is_an_error():
    with pytest.raises(FrontMatterError, match="not valid YAML"):
        split_front_matter("---\na: [\n---\nbody")
