from cica_qa.answering.answer import Answer, Citation
from cica_qa.types import Location
from cica_qa.web.cards import claims_by_number, passage_parts, source_cards


def highlighted(passage: str, claim: str) -> list[str]:
    """The parts of the passage that support the claim."""
    return [part.text for part in passage_parts(passage, claim) if part.supports]


LINE = Location("line", 1, 1)
LINE2 = Location("line", 2, 2)


def test_each_citation_number_backs_the_words_before_its_marker():
    assert claims_by_number("A was adopted in 1987 [1]; B meets yearly [2].") == {
        1: "A was adopted in 1987",
        2: "; B meets yearly",
    }


def test_the_supporting_sentence_is_highlighted_and_the_rest_is_not():
    passage = "MILESTONES\n\nThe Charter was adopted in 1987.\n\nThe Accord was signed in 1994."
    assert highlighted(passage, "The Accord was signed in 1994.") == [
        "The Accord was signed in 1994."
    ]


def test_row_fields_are_highlighted_one_by_one():
    passage = "Bodies — Body: Council; Meets: every year; Seat: Glimmer"
    marked = highlighted(passage, "Council — Meets: every year")
    assert "Meets: every year" in marked and "Seat: Glimmer" not in marked


def test_cards_escape_everything_from_documents():
    evil = Citation(1, "<b>x</b>.md", "<i>S</i>", LINE, "<script>alert(1)</script> 5", 0.9)
    shown = source_cards(Answer("q", "<script>alert(1)</script> 5 [1]", False, (evil,)))
    assert "<script>" not in shown and "<b>x" not in shown and "<i>S" not in shown
    assert "&lt;script&gt;" in shown and "&lt;b&gt;x&lt;/b&gt;.md" in shown


def test_an_abstention_shows_related_passages_as_such():
    related = (Citation(1, "a.md", "A", LINE2, "close text", 0.3),)
    shown = source_cards(Answer("q", "The documents don't say.", True, related=related))
    assert "cica-related-head" in shown and "cica-source" not in shown
    assert "<mark>" not in shown  # nothing is claimed, so nothing is highlighted
    assert "cica-empty" in source_cards(Answer("q", "The documents don't say.", True))


def test_a_card_marks_the_supporting_part_of_its_passage():
    cited = (Citation(1, "m.txt", "MILESTONES", LINE, "Adopted in 1987.\nSigned in 1994.", 0.9),)
    shown = source_cards(Answer("q", "Signed in 1994. [1]", False, cited))
    assert "Adopted in 1987.<br><mark>Signed in 1994.</mark>" in shown
    assert "<b>[1]</b>" in shown and '<span class="cica-loc">line 1</span>' in shown


def test_every_card_shows_its_documents_date_or_says_it_is_undated():
    cited = (
        Citation(1, "p.html", "", LINE, "Met.", 0.9, date="2025-02-27", date_source="dateline"),
        Citation(2, "q.md", "", LINE2, "Met too.", 0.8),
    )
    shown = source_cards(Answer("q", "Met [1]. Met too [2].", False, cited))
    assert (
        '<time class="cica-date" datetime="2025-02-27" title="date found by its dateline">'
        "27 February 2025</time>" in shown
    )
    assert '<span class="cica-date cica-undated" title="no date found in this document">' in shown
    related = source_cards(Answer("q", "The documents don't say.", True, related=cited[:1]))
    assert "27 February 2025" in related
