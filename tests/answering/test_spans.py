from dataclasses import replace

import pytest

from cica_qa.answering.intent import read_intent
from cica_qa.answering.replies import quoted_answer
from cica_qa.answering.spans import (
    acronym_expansion,
    best_span,
    lexical_overlap,
    spans_of,
    whole_list,
)
from cica_qa.passages import candidate_spans, spans_of_chunk
from cica_qa.types import Chunk, Hit, Location


def hit(text: str, score: float = 0.8, line_start: int = 1, cells=()) -> Hit:
    chunk = Chunk(
        "id", "doc.md", "Bodies", Location("line", line_start, line_start + 3), text, cells
    )
    return Hit(chunk, score)


def test_upper_case_label_is_joined_to_the_line_it_labels():
    text = "SENIOR OFFICIALS COMMITTEE (SOC)\n\nNot less than twice a year\n\nYOUTH COUNCIL"
    assert candidate_spans(text) == [
        "SENIOR OFFICIALS COMMITTEE (SOC): Not less than twice a year",
        "YOUTH COUNCIL",
    ]


def test_sentences_and_list_items_are_separate_spans():
    text = "It was adopted in 2002. It was signed in Almaty.\n- First item\n- Second item"
    assert candidate_spans(text) == [
        "It was adopted in 2002.",
        "It was signed in Almaty.",
        "First item",
        "Second item",
    ]


def test_wrapped_lines_of_one_paragraph_are_rejoined():
    assert candidate_spans("The forum meets\nevery three years.") == [
        "The forum meets every three years."
    ]


def test_lexical_overlap_is_the_share_of_question_stems_found():
    assert lexical_overlap({"almati", "act", "adopt"}, "The Almaty Act, 2002") == pytest.approx(
        2 / 3
    )


def test_spans_come_from_the_top_hits_in_order():
    hits = [hit("First sentence.", 0.6), hit("Second sentence.", 0.2)]
    spans = spans_of(hits, read_intent("What is kept?"))
    assert [s.text for s in spans] == ["First sentence.", "Second sentence."]


def test_glossary_passages_answer_only_questions_about_names():
    glossary = Hit(replace(hit("TTF: Think Tank Forum").chunk, glossary=True), 0.9)
    assert spans_of([glossary], read_intent("Who attends the TTF?")) == []
    assert len(spans_of([glossary], read_intent("What does TTF stand for?"))) == 1


def test_how_many_and_when_need_a_number_in_the_span():
    spans = spans_of([hit("It has many members. It has 28 members.")], read_intent("How many?"))
    assert [s.text for s in spans] == ["It has 28 members."]


def test_how_many_needs_a_count_the_question_does_not_give():
    text = "In 2002 the Forum had members. In 2002 it had 16 members. Of 12 lamps, 5 were lit."
    intent = read_intent("How many members did the Forum have in 2002?")
    spans = spans_of([hit(text)], replace(intent, asked="How many members did it have in 2002?"))
    assert [s.text for s in spans] == ["In 2002 it had 16 members."]


def test_best_span_breaks_near_ties_with_shared_words():
    intent = read_intent("When was the charter adopted?")
    spans = spans_of([hit("The charter was adopted in 1987. The sky is blue in 1987.")], intent)
    chosen = best_span(intent, spans, [0.50, 0.52])
    assert chosen.text == "The charter was adopted in 1987."


def test_a_heading_of_the_passage_is_joined_to_its_first_sentence():
    text = "Assembly of Lamplighters\n\nIt meets every three years."
    assert candidate_spans(text, ["Forum", "Assembly of Lamplighters"]) == [
        "Assembly of Lamplighters: It meets every three years."
    ]


def test_a_table_row_is_one_span_and_its_citation_names_the_row():
    row = hit(
        "Catalogue — Priority area: Tourism; Coordinator: Tajikistan",
        cells=(("Priority area", "Tourism"), ("Coordinator", "Tajikistan")),
    )
    (span,) = spans_of([row], read_intent("Who coordinates tourism?"))
    assert span.text == row.chunk.text
    citation = quoted_answer("Who coordinates tourism?", span).citations[0]
    assert citation.row == "Tourism"
    assert citation.where == "doc.md › Bodies (row: Tourism), lines 1-4"


def test_a_label_before_a_list_is_joined_to_every_item_and_a_bare_heading_dropped():
    text = (
        "Goals\n\nOur goals, from the Almaty Act:\n\n- Promoting trade\n- Eliminating WMD\n\nAfter."
    )
    assert candidate_spans(text, ["Goals"]) == [
        "Our goals, from the Almaty Act: Promoting trade",
        "Our goals, from the Almaty Act: Eliminating WMD",
        "After.",
    ]


def test_numbered_items_are_not_split_at_their_number():
    assert candidate_spans(
        "Priorities\n\n1. Adopt a charter.\n2. Create a council", ["Priorities"]
    ) == [
        "Priorities: Adopt a charter.",
        "Priorities: Create a council",
    ]


def test_how_many_needs_the_counted_thing_in_the_span():
    hits = [hit("The Secretariat has five units. It has 28 member states.")]
    spans = spans_of(hits, read_intent("How many people work at the Secretariat?"))
    assert spans == []
    counted = spans_of(hits, read_intent("How many member states are there?"))
    assert [s.text for s in counted] == ["It has 28 member states."]


def test_an_acronym_is_spelled_out_from_a_passage():
    hits = [
        hit("Body: Senior Officials Committee (SOC); Meets: twice a year"),
        hit("What is CICA\n\nThe Conference on Interaction in Asia (CICA) is a forum."),
    ]
    assert acronym_expansion("SOC", hits)[1] == "SOC: Senior Officials Committee"
    assert acronym_expansion("CICA", hits)[1] == "CICA: Conference on Interaction in Asia"
    assert acronym_expansion("TTF", hits) is None


def test_a_plural_question_gets_the_whole_list_an_item_belongs_to():
    passage = hit(
        "Road Map\n\nThe items:\n\n1. Elaborating a charter\n2. Budget reform\n3. HR reform"
    )
    intent = read_intent("Which reforms does the Road Map call for?")
    spans = spans_of([passage], intent)
    scores = [0.5 if s.text.endswith("Budget reform") else 0.1 for s in spans]
    best = best_span(intent, spans, scores)
    assert whole_list(best) == "The items: Elaborating a charter; Budget reform; HR reform"


def test_the_item_whose_key_the_question_names_wins():
    passage = hit(
        "Contacts\n\nThe Secretariat is in the capital.\n\n- Phone: +7 7172\n- Website: x.org"
    )
    intent = read_intent("What is the Secretariat's phone number?")
    spans = spans_of([passage], intent)
    assert best_span(intent, spans, [0.5] * len(spans)).text == "Phone: +7 7172"


def test_names_in_a_question_are_its_multi_word_capitalised_phrases():
    from cica_qa.answering.spans import names_in

    assert names_in("How often does the Payload Council meet?") == ("payload council",)
    assert names_in("How often does the Council of Wardens meet?") == ("council of wardens",)
    assert names_in("Senior Officials Committee meeting frequency") == (
        "senior officials committee",
    )
    # one capitalised word is usually the organisation every passage is about
    assert names_in("What is the Secretariat's address?") == ()
    assert names_in("What is CICA's goal?") == ()


def test_who_is_told_by_the_next_sentence_when_the_one_about_the_event_names_no_one():
    from cica_qa.answering.spans import Span, told_next
    from cica_qa.types import Mention

    text = "On 5 May the Council met online. It was chaired by Ann Lee. Ben Ode spoke."
    chunk = replace(
        hit(text).chunk,
        mentions=(
            Mention("org", "Council", "council"),
            Mention("person", "Ann Lee", "ann lee"),
            Mention("person", "Ben Ode", "ben ode"),
        ),
    )
    first, second, _third = (Span(Hit(chunk, 0.8), s) for s in spans_of_chunk(chunk))
    assert told_next("who", first, (), frozenset()) == "It was chaired by Ann Lee."
    assert told_next("who", second, (), frozenset()) is None  # it names someone itself
    assert told_next("when", first, (), frozenset()) is None  # only "who" asks for a person
    # a person the question gives is not who it asks for
    asked = (Mention("person", "Ann Lee", "ann lee"),)
    assert told_next("who", first, asked, frozenset()) is None


def test_a_documents_title_line_does_not_win_on_the_title_words_every_span_shares():
    chunk = Chunk(
        "id",
        "fund.md",
        "Lantern Fund: fact sheet",
        Location("line", 1, 4),
        "LANTERN FUND: FACT SHEET: Prepared by the Secretariat for new delegates.\n\n"
        "The Lantern Fund works by consensus and transparency.",
    )
    intent = read_intent("On which principles does the Lantern Fund work?")
    spans = spans_of([Hit(chunk, 0.8)], intent)
    assert best_span(intent, spans, [0.5] * len(spans)).text.endswith("consensus and transparency.")


def test_a_few_words_saying_which_event_are_followed_by_the_sentence_saying_what_is_asked():
    from cica_qa.answering.spans import Span, said_next

    chunk = hit(
        "Ninth meeting, 5 May 2021. Hosted by the Lumen Forum under the theme of light. "
        "It closed on time."
    ).chunk
    first, second, _third = (Span(Hit(chunk, 0.8), s) for s in spans_of_chunk(chunk))
    theme = read_intent("What was the theme of the ninth meeting?")
    assert said_next(theme, first) == second.text
    assert said_next(read_intent("When was the ninth meeting?"), first) is None  # all said
    assert said_next(theme, second) is None  # a sentence of its own, not a heading


def test_a_list_of_clauses_runs_to_the_end_of_its_sentence():
    from cica_qa.answering.spans import Span

    chunk = hit(
        "Lamps: The wardens named three aims: light for all; clean glass; fair wicks. "
        "They met in May."
    ).chunk
    first, *_ = (Span(Hit(chunk, 0.8), s) for s in spans_of_chunk(chunk))
    assert whole_list(first) == (
        "Lamps: The wardens named three aims: light for all; clean glass; fair wicks."
    )
