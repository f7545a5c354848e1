"""Recency: among near-equal candidate answers from different documents, the newest dated
one (or the one whose document supersedes the other's) answers; what an older document said
instead is named; questions about how things are get the date of their evidence."""

from dataclasses import dataclass

import pytest

from cica_qa.answering.answer import Answer, Citation
from cica_qa.answering.candidates import Candidate
from cica_qa.answering.recency import (
    EARLIER_MARGIN,
    RIVAL_MARGIN,
    Dating,
    about_now,
    as_of,
    latest_row,
    newest_evidence,
    row_began,
    with_before,
    with_earlier,
)
from cica_qa.types import Chunk, DocumentDate, Hit, Location, Mention

AT = Location("line", 1, 1)


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    utility: float
    ok: bool = True


def scored(document: str, text: str, utility: float, ok: bool = True) -> Scored:
    chunk = Chunk(f"{document}#1", document, "", AT, text)
    return Scored(Candidate("sentence", text + " {1}", (Hit(chunk, 0.5),)), utility, ok)


DATING = Dating.of(
    {
        "old.md": DocumentDate("2019-05-01", "dateline"),
        "new.md": DocumentDate("2025-02-27", "front matter"),
        "mid.md": DocumentDate("2022", "file name"),
    },
    {"successor.md": ("old.md",)},
)


def values(candidate: Candidate) -> frozenset[str]:
    """What a sentence names: its capitalised words but the first (enough for the tests)."""
    return frozenset(w.strip(".") for w in candidate.plain.split()[1:] if w[0].isupper())


def choose(considered, dating=DATING):
    return newest_evidence(considered, considered[0], dating, lambda c: c.ok, values)


def test_a_later_document_naming_something_else_answers_and_the_older_one_is_named():
    old = scored("old.md", "The forum is chaired by Ruritania.", 5.0)
    new = scored("new.md", "The forum is chaired by Borduria.", 4.8)
    chosen = choose([old, new])
    assert chosen.best is new and chosen.earlier is old


def test_the_newest_of_several_answers_and_the_likeliest_older_one_is_named():
    old = scored("old.md", "The forum is chaired by Ruritania.", 5.0)
    mid = scored("mid.md", "The forum is chaired by Syldavia.", 4.9)
    new = scored("new.md", "The forum is chaired by Borduria.", 4.7)
    chosen = choose([old, mid, new])
    assert chosen.best is new and chosen.earlier is old


def test_a_rival_too_far_below_or_not_of_the_kind_asked_changes_nothing():
    old = scored("old.md", "The forum is chaired by Ruritania.", 5.0)
    far = scored("new.md", "The forum is chaired by Borduria.", 5.0 - RIVAL_MARGIN - 0.01)
    unfit = scored("new.md", "The forum is chaired by Borduria.", 4.9, ok=False)
    assert choose([old, far]).best is old and choose([old, far]).earlier is None
    assert choose([old, unfit]).best is old


def test_a_later_document_saying_the_same_does_not_replace_the_answer_nor_add_a_line():
    old = scored("old.md", "The forum is chaired by Ruritania.", 5.0)
    same = scored("new.md", "Since 2019 the forum is chaired by Ruritania.", 4.9)
    chosen = choose([old, same])
    assert chosen.best is old and chosen.earlier is None


def test_an_undated_best_keeps_its_place_but_a_newer_best_names_an_older_rival():
    undated = scored("notes.md", "The forum is chaired by Ruritania.", 5.0)
    new = scored("new.md", "The forum is chaired by Borduria.", 4.9)
    assert choose([undated, new]).best is undated
    best_new = scored("new.md", "The forum is chaired by Borduria.", 5.0)
    old = scored("old.md", "The forum is chaired by Ruritania.", 4.9)
    chosen = choose([best_new, old])
    assert chosen.best is best_new and chosen.earlier is old


def test_the_document_that_supersedes_the_best_ones_answers_whatever_the_dates():
    old = scored("old.md", "The forum is chaired by Ruritania.", 5.0)
    successor = scored("successor.md", "The forum is chaired by Borduria.", 4.8)
    chosen = choose([old, successor])
    assert chosen.best is successor and chosen.earlier is old


@pytest.mark.parametrize(
    ("question", "now"),
    [
        ("Who coordinates tourism?", True),
        ("How many member states does the forum have?", True),
        ("Who is the current chair?", True),
        ("Where will the next meeting be held?", True),
        ("Who represents the United Nations?", True),
        ("Who chaired the meeting in Duskport?", False),
        ("When was the charter adopted?", False),
        ("Who spoke for the ministry?", False),
        ("What did the Secretary General say?", False),
        ("Who held the post before him?", False),
    ],
)
def test_a_question_is_about_now_unless_it_is_in_the_past(question, now):
    assert about_now(question) is now


def test_the_earlier_line_cites_the_older_passage_with_its_document_and_date():
    new = scored("new.md", "The forum is chaired by Borduria.", 5.0).candidate
    old = scored("old.md", "The forum is chaired by Ruritania.", 4.9).candidate
    answer = new.answer("Who chairs the forum?")
    said = with_earlier(answer, old, DocumentDate("2019-05-01", "dateline"))
    assert said.text == answer.text
    assert said.earlier == (
        "Earlier documents said: The forum is chaired by Ruritania [2] (old.md, 1 May 2019)."
    )
    assert [(c.number, c.document, c.date) for c in said.citations] == [
        (1, "new.md", ""),
        (2, "old.md", "2019-05-01"),
    ]
    assert "Ruritania" in said.reply and said.reply.startswith(answer.text)


def test_as_of_names_the_date_of_the_evidence_and_an_undated_one_says_nothing():
    answer = Answer("q", "Borduria chairs it [1]", False, (Citation(1, "new.md", "", AT, "", 1),))
    assert as_of(answer, DocumentDate("2025-02", "title")).text == (
        "As of February 2025: Borduria chairs it [1]"
    )
    assert as_of(answer, DocumentDate()).text == answer.text


def test_an_older_answer_is_named_a_little_further_below_than_one_that_may_replace_it():
    new = scored("new.md", "The forum is chaired by Borduria.", 5.0)
    near = scored("old.md", "The forum is chaired by Ruritania.", 5.0 - RIVAL_MARGIN - 0.1)
    far = scored("old.md", "The forum is chaired by Ruritania.", 5.0 - EARLIER_MARGIN - 0.1)
    assert choose([new, near]).earlier is near
    assert choose([new, far]).earlier is None


@pytest.mark.parametrize(
    ("question", "now"),
    [
        ("In which city is the Secretariat located?", True),
        ("Where is the forum headquartered?", True),
        ("Who has chaired the forum since 2024?", True),
        ("Where was the Secretariat located?", False),
        ("Who opened the meeting?", False),
    ],
)
def test_a_word_in_ed_after_a_present_auxiliary_is_a_participle(question, now):
    assert about_now(question) is now


def test_each_passage_of_a_dated_document_holds_its_date_as_a_mention_of_no_words():
    from cica_qa.answering.recency import dated_passages
    from cica_qa.types import Mention

    old, plain = scored("old.md", "The forum met.", 1.0), scored("notes.md", "It met.", 1.0)
    hits = dated_passages([old.candidate.hits[0], plain.candidate.hits[0]], DATING)
    assert hits[0].chunk.mentions == (Mention("date", "", "2019-05-01"),)
    assert hits[1].chunk.mentions == ()


def test_a_superseded_document_does_not_answer_while_its_successor_nearly_as_likely_does():
    old = scored("old.md", "The forum is chaired by Ruritania.", 5.0)
    near = scored("successor.md", "Its chair is Ruritania.", 5.0 - EARLIER_MARGIN + 0.1)
    far = scored("successor.md", "The forum is chaired by Borduria.", 5.0 - EARLIER_MARGIN - 1)
    unfit = scored("successor.md", "The forum is chaired by Borduria.", 4.9, ok=False)
    assert choose([old, near]).best is near  # even when it says the same
    assert choose([old, far]).best is old
    assert choose([old, unfit]).best is old


def row(
    name: str, post: str, period: str, value: str, utility: float, ok: bool = True, table="Heads"
) -> Scored:
    """A row of a table of the forum's heads, dated in its Period cell (and, like every row
    of the table, by the date in its heading)."""
    cells = (("Name", name), ("Post", post), ("Period", period))
    text = f"Heads of the forum, 2000-2025 › {table} — Name: {name}; Post: {post}; Period: {period}"
    mentions = (
        Mention("date", "2000-2025", "2000/2025"),
        Mention("person", name, name),
        Mention("date", period.removeprefix("since "), value),
    )
    chunk = Chunk(f"heads.md#{name}{period}", "heads.md", table, AT, text, cells, mentions=mentions)
    return Scored(Candidate("sentence", text + " {1}", (Hit(chunk, 0.5),)), utility, ok)


def latest(considered):
    return latest_row(considered, considered[0], lambda c: c.ok)


FIRST = row("Ann Lee", "Director", "2006-2010", "2006/2010", 6.6)
SECOND = row("Bo Chen", "Director", "2010-2020", "2010/2020", 6.3)
THIRD = row("Cy Dorn", "Secretary General", "since 13.10.2020", "2020-10-13", 6.0)


def test_a_row_began_when_the_latest_date_its_own_cells_hold_begins():
    assert row_began(FIRST.candidate) == "2006"  # not the heading's 2000-2025
    assert row_began(THIRD.candidate) == "2020-10-13"
    assert row_began(scored("a.md", "Prose, 2020.", 1.0).candidate) == ""


def test_the_row_of_a_dated_table_that_began_latest_answers_and_the_one_before_is_named():
    chosen = latest([FIRST, THIRD, SECOND])
    assert chosen.row is THIRD and chosen.before is SECOND


def test_rows_far_below_of_another_kind_or_of_another_table_leave_the_best_row():
    far = row("Cy Dorn", "Secretary General", "2021", "2021", FIRST.utility - EARLIER_MARGIN - 0.1)
    wrong = row("Cy Dorn", "Secretary General", "2022", "2022", 6.5, ok=False)
    other = row("Cy Dorn", "Secretary General", "2023", "2023", 6.5, table="Deputies")
    assert latest([FIRST, far, wrong, other]).row is FIRST
    assert latest([FIRST, far, wrong, other]).before is None


def test_prose_or_two_rows_that_began_together_keep_the_best_one():
    prose = scored("a.md", "Ann Lee leads the forum.", 7.0)
    assert latest([prose, THIRD]) == type(latest([prose]))(prose)
    twin = row("Di Eng", "Deputy", "since 13.10.2020", "2020-10-13", 5.9)
    assert latest([FIRST, THIRD, twin]).row is FIRST


def test_the_row_before_is_cited_as_the_next_source_without_a_date_of_its_own():
    answer = THIRD.candidate.answer("Who heads the forum?")
    said = with_before(answer, SECOND.candidate, DocumentDate("2025-01-01", "front matter"))
    assert said.earlier.startswith("Before that: Heads of the forum")
    assert said.earlier.endswith("Period: 2010-2020 [2] (heads.md).")
    assert [c.number for c in said.citations] == [1, 2]
