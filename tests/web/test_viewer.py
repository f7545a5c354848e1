from cica_qa.answering.answer import Citation
from cica_qa.ingest.blocks import Block
from cica_qa.types import Location
from cica_qa.web.viewer import PASSAGE_ID, document_view

BLOCKS = (
    Block("heading", "Bodies <script>x</script>", Location("line", 1, 1), level=1),
    Block("text", "The Council meets yearly.", Location("line", 3, 3)),
    Block("row", "", Location("line", 5, 5), cells=(("Body", "Assembly"), ("Meets", "never"))),
)


def test_the_cited_blocks_are_marked_and_the_first_one_anchored():
    citation = Citation(1, "b.md", "Bodies", Location("line", 3, 5), "…", 0.9)
    shown = document_view(citation, BLOCKS)
    assert shown.count('class="cica-cited cica-cited-whole"') == 2  # no claim: all of it
    assert f'id="{PASSAGE_ID}"><p>The Council meets yearly.' in shown
    assert "Body: Assembly; Meets: never" in shown
    assert "&lt;script&gt;" in shown and "<script>" not in shown


def test_an_edition_names_its_original_and_a_lost_location_is_said():
    citation = Citation(1, "b.md", "Bodies", Location("line", 40, 41), "…", 0.9, original="b.txt")
    shown = document_view(citation, BLOCKS)
    assert "structured edition of <b>b.txt</b>" in shown
    assert "may have changed since the last ingest" in shown and PASSAGE_ID not in shown


def test_the_sentence_or_row_supporting_the_answer_is_highlighted_not_the_whole_passage():
    blocks = (
        Block(
            "text",
            "The Council meets yearly. The Assembly sits in Glimmer.",
            Location("line", 3, 3),
        ),
        *BLOCKS[2:],
    )
    citation = Citation(1, "b.md", "Bodies", Location("line", 3, 5), "…", 0.9)
    shown = document_view(citation, blocks, claim="The Assembly sits in Glimmer.")
    assert "<mark>The Assembly sits in Glimmer.</mark>" in shown
    assert "<mark>The Council meets yearly." not in shown
    assert "cica-cited-whole" not in shown and shown.count('class="cica-cited"') == 2
    row = document_view(citation, blocks, claim="The Assembly meets never")
    assert "<mark>Body: Assembly</mark>" in row or "<mark>Meets: never</mark>" in row
