"""Acceptance: the real corpus, ingested for real, answers table questions from the right row."""

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, embedder):
    from pathlib import Path

    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest
    from tests.conftest import make_config

    config = make_config(
        tmp_path_factory.mktemp("brochure-index"), Path(__file__).parents[2] / "corpus"
    )
    run_ingest(config, embedder, show_progress=False)
    return Assistant.open(config.index_dir, embedder)


@pytest.mark.parametrize(
    ("question", "facts", "row"),
    [
        ("Who coordinates tourism?", ["Tajikistan", "Sri Lanka"], "Tourism"),
        (
            "Who are the co-coordinators of the human dimension?",
            ["China", "India", "Kazakhstan", "Kyrgyzstan"],
            "Human dimension",
        ),
        (
            "How often does the Senior Officials Committee meet?",
            ["twice a year"],
            "Senior Officials Committee (SOC)",
        ),
        ("who coordinates natural disaster management", ["Iran"], "Natural disaster management"),
        ("When was the Statute of the CICA Secretariat adopted?", ["2006"], "2006"),
    ],
)
def test_table_questions_are_answered_from_the_row(assistant, question, facts, row):
    answer = assistant.ask(question)
    assert not answer.abstained
    for fact in facts:
        assert fact in answer.text
    (citation,) = answer.citations
    assert citation.document == "cica-brochure.md"
    assert citation.original == "cica-brochure.txt"
    assert citation.row == row
    assert all(fact in citation.text for fact in facts)


@pytest.mark.parametrize(
    "variants",
    [
        [
            "tourism co-coordinator?",
            "Who is the co-coordinator for Tourism?",
            "TOURISM CO-COORDINATOR",
        ],
        [
            "Which areas does Türkiye co-coordinate?",
            "which areas does turkiye co-coordinate",
            "Which areas does Turkey co-coordinate?",
        ],
        [
            "How often does the SOC meet?",
            "how often does the soc meet",
            "How often does the Senior Officials Committee meet?",
        ],
    ],
)
def test_case_punctuation_accents_and_aliases_do_not_change_the_answer(assistant, variants):
    answers = [assistant.ask(question) for question in variants]
    assert len({a.text for a in answers}) == 1, [a.text for a in answers]
    assert len({tuple(c.location for c in a.citations) for a in answers}) == 1
