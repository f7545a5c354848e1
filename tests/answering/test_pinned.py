"""Questions that pin down a date or an ordinal, and ask who, where, when or how many: the
whole assistant over an invented corpus of dated reports (fake embedder, real reader)."""

import pytest

from cica_qa.answering.answer import Basis

REPORTS = {
    "body.md": (
        "# Council of Wardens\n\n"
        "The Council of Wardens meets four times a year and chairs the Lumen Forum's work "
        "between sessions.\n\n"
        "## Bodies\n\n"
        "| Body | Meets |\n|---|---|\n| Council of Wardens | Four times a year |\n"
    ),
    "next.md": (
        "# Wardens look ahead\n\n"
        "The next meeting of the Council of Wardens will be held in Duskport in the autumn.\n"
    ),
    "march.md": (
        "# Wardens meet in Brightwater\n\n"
        "Brightwater, 05.03.2024 — The Council of Wardens held its fifth meeting today.\n\n"
        "The meeting was chaired by Orla Venn, Deputy Keeper of the Lamps.\n\n"
        "The wardens adopted the harbour plan.\n"
    ),
    "june.md": (
        "# Wardens meet in Saltmarsh\n\n"
        "Saltmarsh, 12 June 2024 — The Council of Wardens held its 6th meeting in Saltmarsh.\n\n"
        "The meeting was chaired by Tomas Reed, Keeper of the Lamps.\n\n"
        "The wardens adopted the budget.\n"
    ),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest
    from tests.conftest import make_config
    from tests.support.fakes import FakeEmbedder, MemoryBackend

    root = tmp_path_factory.mktemp("pinned")
    (root / "corpus").mkdir()
    for name, text in REPORTS.items():
        (root / "corpus" / name).write_text(text)
    config = make_config(root / "index", root / "corpus")
    backend, embedder = MemoryBackend(), FakeEmbedder()
    run_ingest(config, embedder, show_progress=False, backend=backend)
    return Assistant.open(config.index_dir, embedder, backend, min_score=-1.0)


def test_the_meeting_on_the_date_asked_is_the_one_answered_whatever_the_dates_spelling(
    assistant,
):
    answer = assistant.ask("Who chaired the Council of Wardens meeting of March 5, 2024?")
    assert "Orla Venn" in answer.text and "Tomas Reed" not in answer.text
    assert answer.citations[0].document == "march.md"


def test_who_wants_a_sentence_naming_someone(assistant):
    answer = assistant.ask("Who chaired the Council of Wardens meeting of 12 June 2024?")
    assert "Tomas Reed" in answer.text


def test_an_ordinal_in_words_finds_the_passage_that_writes_it_in_digits(assistant):
    answer = assistant.ask("Where did the Council of Wardens hold its sixth meeting?")
    assert not answer.abstained and "Saltmarsh" in answer.text


def test_a_date_no_passage_holds_is_not_answered_from_another_date(assistant):
    answer = assistant.ask("What did the Council of Wardens adopt on 9 May 2024?")
    assert answer.abstained and answer.decision.basis is Basis.NO_CANDIDATE
    assert "9 May 2024" in answer.decision.unmet


def test_an_ordinal_no_passage_holds_is_not_answered_from_another(assistant):
    answer = assistant.ask("Who chaired the twelfth meeting of the Council of Wardens?")
    assert answer.abstained and "twelfth" in answer.decision.unmet


def test_a_row_that_does_not_say_which_one_gives_way_to_a_sentence_that_does(assistant):
    answer = assistant.ask("Where will the next meeting of the Council of Wardens be held?")
    assert not answer.abstained and "Duskport" in answer.text
    assert answer.decision.basis is Basis.PASSAGE


def test_a_place_only_another_document_names_is_not_answered_from_this_one(assistant):
    # Duskport is in the corpus (the next meeting's venue), but no report of a meeting held
    # there says who chaired it
    answer = assistant.ask("Who chaired the Council of Wardens meeting held in Duskport?")
    assert answer.abstained and "Duskport" in answer.decision.unmet


@pytest.mark.parametrize(
    "place", ["Saltmarsh", "Saltmarsh's", "Saltmarch"], ids=["named", "possessive", "misspelt"]
)
def test_a_place_the_document_names_in_any_spelling_does_not_stop_the_answer(assistant, place):
    answer = assistant.ask(f"What did the wardens adopt on 12 June 2024 in {place}?")
    assert not answer.abstained and answer.citations[0].document == "june.md"
