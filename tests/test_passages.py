from cica_qa.passages import list_of, texts_to_embed
from cica_qa.types import Chunk, Location


def chunk(text: str, cells=()) -> Chunk:
    return Chunk("id", "doc.md", "Forum", Location("line", 1, 9), text, cells)


def test_a_passage_is_embedded_as_its_sentences_and_its_whole_lists():
    text = "The forum meets yearly. Its tasks:\n\n- Keeping the lamps\n- Mending the nets"
    assert texts_to_embed(chunk(text)) == [
        "The forum meets yearly.",
        "Its tasks: Keeping the lamps",
        "Its tasks: Keeping the lamps; Mending the nets",
        "Its tasks: Mending the nets",
    ]


def test_a_table_row_and_a_one_sentence_passage_are_compared_whole():
    assert texts_to_embed(chunk("Ruritania — Coordinator", (("Area", "Lamps"),))) == []
    assert texts_to_embed(chunk("The forum meets yearly.")) == []


def test_an_item_outside_any_list_has_no_list():
    assert list_of("One sentence.\n\n- a\n- b", "One sentence.") is None
    assert list_of("- a\n- b", "b") == "a; b"
