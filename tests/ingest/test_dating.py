"""Dating documents: the rules in their order, and what each of them does not take."""

from datetime import date

import pytest

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.dating import date_document, dateline, file_name_date, title_date
from cica_qa.types import DocumentDate, Location

TODAY = date(2026, 12, 3)
AT = Location("line", 1, 1)


def doc(*texts: str, heading: str = "") -> list[Block]:
    blocks = [Block("heading", heading, AT, 1)] if heading else []
    return blocks + [Block("text", t, AT) for t in texts]


def dated(name="note.md", blocks=(), declared="", recorded=()) -> DocumentDate:
    return date_document(name, list(blocks), declared, recorded, TODAY)


def test_the_rules_are_tried_in_order_and_the_first_that_finds_a_date_gives_it():
    blocks = doc("Duskport, 5 March 2024 — The Lumen Forum met.", heading="Meeting of June 2023")
    name = "press-2022-01-02.md"
    assert dated(name, blocks, "2025-02", ("2024-12-01",)) == DocumentDate(
        "2025-02", "front matter"
    )
    assert dated(name, blocks, "", ("2024-12-01",)) == DocumentDate("2024-12-01", "metadata")
    assert dated(name, blocks) == DocumentDate("2024-03-05", "dateline")
    assert dated(name, blocks[:1]) == DocumentDate("2023-06", "title")
    assert dated(name, []) == DocumentDate("2022-01-02", "file name")
    assert dated("notes.md", doc("The Lumen Forum met.")) == DocumentDate()
    assert not dated("notes.md").dated


def test_a_recorded_date_after_today_or_before_1900_is_no_date():
    assert dated(recorded=("2027-01-01",)) == DocumentDate()
    assert dated(recorded=("1601-01-01", "2020-05-06")) == DocumentDate("2020-05-06", "metadata")
    assert dated(recorded=("not a date",)) == DocumentDate()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Duskport, 27 February 2025 — Ministers of the Lumen Forum met today.", "2025-02-27"),
        ("New Duskport, 12.12.2023: The committee closed its year.", "2023-12-12"),
        ("March 5, 2024", "2024-03-05"),
        ("12-13 October 2022 — Leaders gathered.", "2022-10-13"),
        ("Background note for new staff (last updated July 2025)", "2025-07"),
        ("Prepared by the office. Situation as of 2025-07-02.", "2025-07-02"),
        ("The first summit was held on 4 June 2002 in Duskport.", ""),
        ("In June 2002, leaders proposed a secretariat.", ""),
        ("Duskport, 2024 — a year of meetings.", ""),  # a year alone dates no dateline
    ],
)
def test_a_dateline_opens_a_block_or_is_said_to_date_it(text, expected):
    assert dateline(doc(text)) == expected


def test_only_the_first_three_text_blocks_may_hold_a_dateline():
    late = doc("One.", "Two.", "Three.", "Duskport, 5 March 2024 — Four.")
    assert dateline(late) == ""
    assert dateline(late[1:]) == "2024-03-05"


def test_a_title_gives_its_one_date_and_not_a_range():
    assert title_date(doc(heading="The Lumen Forum (Duskport, 4 June 2002)")) == "2002-06-04"
    assert title_date(doc(heading="Summits 2002-2022: an overview")) == ""
    assert title_date(doc(heading="Meetings of 2022 and 2023")) == ""
    assert title_date(doc("5 March 2024 is in a text block, not a heading.")) == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("press-2025-02-27-forum.html", "2025-02-27"),
        ("events/report_20240314.docx", "2024-03-14"),
        ("minutes.2023.11.30.txt", "2023-11-30"),
        ("summit-2022.md", "2022"),
        ("concept-papers-december-2023.html", "2023-12"),
        ("action-plan-2016-2018.txt", ""),
        ("2024-01-02-and-2024-03-04.md", ""),
        ("press-2025-02-30.html", ""),  # no such day
        ("overview.pdf", ""),
        ("2026-12-03/overview.pdf", ""),  # a folder's date is not the file's
    ],
)
def test_a_file_name_gives_its_one_date(name, expected):
    assert file_name_date(name) == expected
