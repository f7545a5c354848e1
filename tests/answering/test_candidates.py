"""Candidate answers: every sentence and list item of the top passages, whole lists, the
rows the question names, and an abbreviation spelled out."""

from cica_qa.answering.candidates import candidates_of
from cica_qa.answering.intent import read_intent
from cica_qa.types import Chunk, Hit, Location


def hit(text: str, ident: str = "a", score: float = 0.8, cells=()) -> Hit:
    chunk = Chunk(ident, "doc.md", "Bodies", Location("line", 1, 4), text, cells)
    return Hit(chunk, score)


def test_every_sentence_and_every_whole_list_is_a_candidate():
    passage = hit("The Council met in 2002. It adopted a charter.\n\nGoals:\n\n- peace\n- trade")
    found = candidates_of(read_intent("What are the goals?"), [passage], [passage])
    forms = [(c.form, c.plain) for c in found]
    assert ("sentence", "The Council met in 2002.") in forms
    assert ("sentence", "It adopted a charter.") in forms
    assert ("list", "Goals: peace; trade") in forms
    assert len(forms) == len(set(forms))  # each once


def test_the_rows_a_question_names_answer_as_one_candidate_citing_them():
    row = hit(
        "Tourism — Coordinator: Tajikistan",
        "r",
        cells=(("Priority area", "Tourism"), ("Coordinator", "Tajikistan")),
    )
    found = candidates_of(read_intent("Who coordinates tourism?"), [row], [row])
    rows = [c for c in found if c.form == "rows"]
    assert len(rows) == 1 and "Tajikistan" in rows[0].plain
    answer = rows[0].answer("Who coordinates tourism?")
    assert "[1]" in answer.text and answer.citations[0].row == "Tourism"


def test_an_abbreviation_spelled_out_is_a_candidate_for_what_it_stands_for():
    passage = hit("The Council of Lamp Wardens (CLW) meets yearly.")
    found = candidates_of(read_intent("What does CLW stand for?"), [passage], [passage])
    assert found[0].form == "spelled-out" and found[0].plain == "CLW: Council of Lamp Wardens"


def test_passages_holding_the_pinned_values_give_candidates_beyond_the_top_ones():
    top = [hit(f"Other passage {i}.", f"o{i}") for i in range(10)]
    pinned = hit("The meeting of 5 March 2024 was chaired by Ann Lee.", "p")
    found = candidates_of(read_intent("Who chaired it?"), [*top, pinned], [pinned])
    assert any(c.hits[0].chunk.id == "p" for c in found)


def test_a_candidate_that_is_its_whole_passage_says_so():
    passage = hit("One sentence only.")
    (only,) = candidates_of(read_intent("What?"), [passage], [passage])
    assert only.whole_passage and only.answer("What?").text == "One sentence only. [1]"


def test_a_question_asking_two_things_gets_neighbouring_sentences_as_pairs():
    passage = hit("The Lamp Summit met in Oslo. It was held on 4 June 2002. Tea was served.")
    two = candidates_of(read_intent("Where and when was the Lamp Summit held?"), [passage], [])
    pairs = [c for c in two if c.form == "pair"]
    joined = "The Lamp Summit met in Oslo. It was held on 4 June 2002."
    assert joined in [c.plain for c in pairs]
    assert all(len(c.parts) == 2 and c.plain == " ".join(c.parts) for c in pairs)
    answer = next(c for c in pairs if c.plain == joined).answer("Where and when?")
    assert answer.text == f"{joined} [1]" and answer.citations[0].text == passage.chunk.text
    one = candidates_of(read_intent("Where was the Lamp Summit held?"), [passage], [])
    assert not [c for c in one if c.form == "pair"]


def test_a_question_asking_for_every_item_gets_pairs_too():
    # a list spread over two sentences ("Four sessions covered … . A fifth one …")
    passage = hit("The Forum met in Oslo. Two panels covered trade and lamps. A third covered tea.")
    every = candidates_of(read_intent("Which topics did the panels cover?"), [passage], [])
    joined = "Two panels covered trade and lamps. A third covered tea."
    assert joined in [c.plain for c in every if c.form == "pair"]


def test_a_yes_no_question_gets_pairs_too():
    # the clause after the one the question echoes often says yes or no ("… decides on it;
    # it works by consensus.")
    passage = hit("The Board examines each plan and decides on it; it works by consensus.")
    asked = candidates_of(read_intent("Does the Board decide by majority vote?"), [passage], [])
    joined = "The Board examines each plan and decides on it; it works by consensus."
    assert joined in [c.plain for c in asked if c.form == "pair"]


def member(state: str, occasion: str, ident: str) -> Hit:
    cells = (("Member State", state), ("Year joined", "2008"), ("Occasion", occasion))
    return hit(f"Member State: {state}; Occasion: {occasion}", ident, cells=cells)


def test_rows_of_a_table_sharing_a_cell_the_question_names_answer_together():
    rows = [
        member("Ruritania", "Lumen Forum of Saltmarsh", "r1"),
        member("Lantern Isles", "Lumen Forum of Saltmarsh", "r2"),
        member("Borduria", "Second Lamp Summit", "r3"),
    ]
    found = candidates_of(read_intent("Which states joined at the Lumen Forum?"), rows, rows)
    (group,) = [c for c in found if c.form == "rows" and len(c.hits) > 1]
    assert group.plain == "Occasion: Lumen Forum of Saltmarsh — Ruritania; Lantern Isles"
    answer = group.answer("Which states joined at the Lumen Forum?")
    assert [c.row for c in answer.citations] == ["Ruritania", "Lantern Isles"]


def test_a_cell_the_question_does_not_name_groups_nothing():
    rows = [member("Ruritania", "Lumen Forum", "r1"), member("Lantern Isles", "Lumen Forum", "r2")]
    found = candidates_of(read_intent("Which states joined in the spring?"), rows, rows)
    assert not [c for c in found if c.form == "rows" and len(c.hits) > 1]


def test_neighbouring_passages_of_the_best_document_give_candidates_too():
    top = hit("The Lumen Forum met in Saltmarsh.", "t")
    neighbour = hit("Eleven delegations took part.", "n", score=0.3)
    found = candidates_of(
        read_intent("How many delegations took part?"), [top], [], (), [neighbour]
    )
    assert "Eleven delegations took part." in [c.plain for c in found]
