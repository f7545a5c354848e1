"""Table readings on hand-made rows (pure logic, no model)."""

from cica_qa.answering.intent import read_intent
from cica_qa.answering.tables import answer_from_rows, cell_items, unlisted_row
from cica_qa.types import Chunk, Hit, Location

AREAS = "Catalogue › Economic dimension"


def row(n: int, section: str, **cells: str) -> Hit:
    pairs = tuple((k.replace("_", " ").replace("co ", "Co-"), v) for k, v in cells.items())
    text = f"{section} — " + "; ".join(f"{k}: {v}" for k, v in pairs)
    return Hit(Chunk(f"r{n}", "b.md", section, Location("line", n, n), text, pairs), 0.5)


ROWS = [
    row(1, AREAS, Priority_area="Tourism", Coordinator="Tajikistan", co_coordinators="Sri Lanka"),
    row(2, AREAS, Priority_area="Finance", Coordinator="China", co_coordinators="—"),
    row(3, AREAS, Priority_area="Agriculture", Coordinator="China", co_coordinators="—"),
    row(
        4,
        AREAS,
        Priority_area="Trade and investment",
        Coordinator="—",
        co_coordinators="Kyrgyzstan, China",
    ),
    row(5, "Bodies › Advisory bodies", Body="Youth Council", Meets="Not less than once a year"),
    row(6, "Bodies › Advisory bodies", Body="Council of Eminent Persons", Meets="Ad hoc"),
    row(
        7,
        "Milestones",
        Year="2006",
        Event="Second CICA Summit",
        Documents_adopted="Statute of the CICA Secretariat",
    ),
]


def answer(question: str, aliases=frozenset()):
    return answer_from_rows(read_intent(question, aliases), ROWS)


def test_a_named_row_answers_as_a_sentence_saying_the_asked_column():
    found = answer("Who is the co-coordinator for tourism?")
    assert found.text == (
        "Tajikistan coordinates Tourism (Economic dimension); Sri Lanka is co-coordinator. {1}"
    )
    assert [h.chunk.id for h in found.hits] == ["r1"]


def test_a_value_gathers_every_row_holding_it_in_the_asked_column():
    found = answer("Which areas does China coordinate?")
    assert found.text == "Coordinator: China — Finance {1}; Agriculture {2}"
    co = answer("In which areas is China a co-coordinator?")
    assert co.text == "Co-coordinators: China — Trade and investment {1}"


def test_glossary_aliases_name_values():
    found = answer("Which areas does the PRC coordinate?", frozenset({"china", "prc"}))
    assert [h.chunk.id for h in found.hits] == ["r2", "r3"]


def test_how_often_reads_the_frequency_column():
    found = answer("How often is the Youth Council held?")
    assert found.text == "Youth Council (Advisory bodies) meets not less than once a year. {1}"


def test_a_whole_table_when_the_question_names_it_and_wants_a_list():
    found = answer("List the advisory bodies")
    assert found.text == "Advisory bodies: Youth Council {1}; Council of Eminent Persons {2}"


def test_the_most_specific_reading_wins():
    found = answer("When was the Second CICA Summit held?")
    assert found.text == "Event: Second CICA Summit — Year 2006 {1}"


def test_rows_that_do_not_hold_what_is_asked_do_not_answer():
    assert answer("Which university chairs the Youth Council?") is None
    assert answer("What is the Catalogue of CBMs?") is None


def test_cell_items_split_name_lists_but_not_prose():
    assert cell_items("Russia (2022-2023, 2024-2025)") == ["Russia (2022-2023, 2024-2025)"]
    assert cell_items("China, India; Jordan") == ["China", "India", "Jordan"]
    prose = "Staff covering five dimensions, relations with all Member States and Partners"
    assert cell_items(prose) == [prose]


def test_a_glossary_row_answers_a_question_about_a_name():
    entry = Hit(
        Chunk(
            "g",
            "glossary.md",
            "Glossary › Bodies",
            Location("line", 9, 9),
            "Glossary — Name: Think Tank Forum; Also written: TTF",
            (("Name", "Think Tank Forum"), ("Also written", "TTF")),
            glossary=True,
        ),
        0.4,
    )
    found = answer_from_rows(read_intent("What does TTF stand for?"), [entry, *ROWS])
    assert found.text == "Think Tank Forum (Bodies) — Also written: TTF {1}"
    assert answer_from_rows(read_intent("How often does the TTF meet?"), [entry]) is None


def test_a_value_in_a_table_that_holds_nothing_asked_does_not_answer():
    unit = row(8, "Secretariat › Units", Unit="Group of Experts", Posts="Economic dimension")
    found = answer_from_rows(
        read_intent("Which member state coordinates tourism in the economic dimension?"),
        [unit, *ROWS],
    )
    assert found.hits[0].chunk.id == "r1"


def test_where_and_when_read_the_venue_and_date_columns_whatever_the_words():
    meetings = [
        row(
            n,
            "Meetings",
            Meeting=name,
            Date=date,
            Format_or_venue=venue,
        )
        for n, (name, date, venue) in enumerate(
            [("Lamp Guild", "5 May 2024", "Duskport"), ("Glass Council", "6 June 2024", "Online")],
            start=20,
        )
    ]
    where = answer_from_rows(read_intent("Where did the Lamp Guild meet?"), meetings)
    assert where is not None and "Duskport" in where.text and "Online" not in where.text
    when = answer_from_rows(read_intent("When did the Lamp Guild meet?"), meetings)
    assert when is not None and "5 May 2024" in when.text


def test_a_row_leaving_what_is_asked_blank_says_the_table_does_not_know():
    from cica_qa.answering.tables import leaves_blank

    papers = [
        row(30, "Papers", Priority_area="Lamplighting", Prepared_by="not stated"),
        row(31, "Papers", Priority_area="Glassmaking", Prepared_by="Ruritania"),
    ]
    asked = read_intent("Which state prepared the Lamplighting paper?")
    assert leaves_blank(asked, papers[:1])
    assert not leaves_blank(asked, papers[1:])
    assert leaves_blank(
        read_intent("Which documents were adopted in 2006?"),
        [row(32, "Milestones", Year="2006", Event="Summit", Documents_adopted="—")],
    )
    assert not leaves_blank(read_intent("What happened in 2006?"), ROWS[6:])  # asks no cell


def test_a_row_the_question_names_by_its_header_must_be_among_the_rows_found():
    why = unlisted_row("Who coordinates the lamp safety priority area?", ROWS)
    assert why == 'no passage found lists a priority area called "lamp safety"'
    assert unlisted_row("Who coordinates the tourism priority area?", ROWS) == ""
    assert unlisted_row("Who coordinates the turism priority area?", ROWS) == ""  # misspelt
    assert unlisted_row("Which country leads the trade priority area?", ROWS) == ""  # part


def test_only_a_name_of_content_words_before_the_header_is_judged():
    assert unlisted_row("Who set the date of the first priority area?", ROWS) == ""
    assert unlisted_row("Who coordinates the Saltmarsh priority area?", ROWS) == ""
    assert unlisted_row("Who coordinates lamp safety?", ROWS) == ""


def test_a_name_some_passage_found_holds_or_a_table_barely_found_is_not_judged():
    prose = Hit(
        Chunk("p1", "c.md", "News", Location("line", 1, 1), "Lamp safety is a new area."), 0.4
    )
    assert unlisted_row("Who coordinates the lamp safety priority area?", [*ROWS, prose]) == ""
    assert unlisted_row("Who coordinates the lamp safety priority area?", ROWS[:1]) == ""
