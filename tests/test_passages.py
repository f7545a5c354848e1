from cica_qa.passages import list_of, texts_to_embed, whole_list
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


def test_clauses_run_to_the_end_of_their_sentence_and_are_embedded_as_one():
    text = "The forum has three aims: keeping the lamps lit; mending the nets; guiding ships home."
    whole = "The forum has three aims: keeping the lamps lit; mending the nets; guiding ships home."
    first = "The forum has three aims: keeping the lamps lit;"
    assert whole_list(chunk(f"{text} It meets yearly."), first) == whole
    assert whole in texts_to_embed(chunk(f"{text} It meets yearly."))
    assert whole_list(chunk(f"{text} It meets yearly."), "It meets yearly.") is None
