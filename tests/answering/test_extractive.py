"""The extractive answer and the Decision behind it, over the in-memory tiny index (fake
embedder: closeness is shared words, so these tests are about the rules, not the ranking)."""

import pytest

from cica_qa.answering.answer import TOO_FAR, Basis


@pytest.fixture
def ask(memory_index):
    """Ask the in-memory assistant, at a chosen CICA_MIN_SCORE."""
    from cica_qa.answering.assistant import Assistant

    config, backend, embedder = memory_index

    def asking(question: str, min_score: float = 0.35):
        assistant = Assistant.open(config.index_dir, embedder, backend, min_score=min_score)
        return assistant.ask(question)

    return asking


def test_a_passage_answer_is_quoted_and_cited(ask):
    answer = ask("When was the Lantern Charter adopted?")
    assert not answer.abstained and "3 March 1987" in answer.text
    assert answer.decision.basis is Basis.PASSAGE and not answer.decision.unmet
    assert answer.citations[0].document == "milestones.txt"
    assert answer.citations[0].location.unit == "line"


def test_names_the_documents_never_mention_abstain_at_any_threshold(ask):
    answer = ask("When did Atlantis adopt the Lantern Charter?", min_score=-1.0)
    assert answer.abstained and answer.decision.basis is Basis.NO_CANDIDATE
    assert "never mention Atlantis" in answer.text and answer.related


def test_a_rare_word_the_documents_never_use_is_weighed_by_the_model(ask):
    # "promulgated" for the passage's "adopted": the model's probability decides
    given = ask("When was the Lantern Charter promulgated?", min_score=-1.0)
    assert not given.abstained and "3 March 1987" in given.text
    assert given.decision.basis is Basis.PASSAGE and 0.0 <= given.decision.confidence <= 1.0
    refused = ask("When was the Lantern Charter promulgated?", min_score=1.01)
    assert refused.abstained and "never use the words promulgated" in refused.text
    # the model sees the rules' verdict on the rest of the question, as it was trained
    seen = given.considered[0].features
    assert seen["rule_unknown_terms"] == 1.0 and seen["rule_abstains"] == 0.0
    # and it is still the reason given when the rules refuse for another one
    salary = ask("What is the salary of the Chief Lamplighter?", min_score=-1.0)
    assert salary.abstained and salary.decision.basis is Basis.NO_CANDIDATE
    assert "never use the words salary" in salary.text and salary.related


def test_a_passage_below_the_threshold_abstains_unless_it_holds_the_question_words(ask):
    far = ask("When was the Lantern Charter adopted?", min_score=0.99)
    assert far.decision.basis is Basis.PASSAGE
    assert not far.abstained  # it holds the question's words: evidence enough
    vague = ask("Which forum documents were signed?", min_score=0.99)
    assert vague.abstained and vague.text == f"The documents don't say: {TOO_FAR}."
    assert ask("Which forum documents were signed?", min_score=-1.0).abstained is False


def test_an_answer_that_lacks_what_is_asked_abstains(ask):
    answer = ask("Who was the first Chief Lamplighter?", min_score=-1.0)
    assert answer.abstained and "first" in answer.decision.unmet
    assert answer.decision.abstains(-1.0)


def test_a_number_asked_for_needs_a_passage_holding_one(ask):
    answer = ask("How many records does the Archive Unit keep?", min_score=-1.0)
    assert answer.abstained and answer.decision.basis is Basis.NO_CANDIDATE
    assert "number" in answer.text


def test_table_rows_the_question_names_answer_whatever_their_closeness(memory_index):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest

    config, backend, embedder = memory_index
    (config.corpus_dir / "areas.md").write_text(
        "# Areas\n\n| Area | Coordinator | Co-coordinators |\n|---|---|---|\n"
        "| Lanterns | Avalon | Brightwater, Cindermoor |\n",
        encoding="utf-8",
    )
    run_ingest(config, embedder, show_progress=False, backend=backend)
    answer = Assistant.open(config.index_dir, embedder, backend, min_score=0.99).ask(
        "Who coordinates lanterns?"
    )
    assert not answer.abstained and answer.decision.basis is Basis.ROWS
    assert answer.text.startswith("Avalon coordinates Lanterns (Areas)")
    assert "Brightwater, Cindermoor are co-coordinators" in answer.text
    assert answer.citations[0].row == "Lanterns"


def test_an_abbreviation_is_spelled_out_from_a_passage(memory_index):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest

    config, backend, embedder = memory_index
    (config.corpus_dir / "wardens.md").write_text(
        "# Wardens\n\nThe Standing Council of Wardens (SCW) meets in Glimmer.\n", encoding="utf-8"
    )
    run_ingest(config, embedder, show_progress=False, backend=backend)
    answer = Assistant.open(config.index_dir, embedder, backend).ask("What does SCW stand for?")
    assert answer.text == "SCW: Standing Council of Wardens [1]"
    assert answer.decision.basis is Basis.SPELLED_OUT


def test_the_answer_model_scores_every_candidate_and_decides_by_its_probability(memory_index):
    from cica_qa.answering.assistant import Assistant

    config, backend, embedder = memory_index
    assistant = Assistant.open(config.index_dir, embedder, backend, engine="model")
    answer = assistant.ask("When was the Lantern Charter adopted?")
    considered = answer.considered
    assert len(considered) > 1 and 0.0 <= answer.decision.confidence <= 1.0
    utilities = [c.utility for c in considered]
    assert utilities == sorted(utilities, reverse=True)  # best first
    assert considered[0].probability == answer.decision.confidence
    assert answer.abstained == (answer.decision.confidence < assistant.threshold)
    if not answer.abstained:
        assert considered[0].candidate.plain in answer.text
    never = Assistant.open(config.index_dir, embedder, backend, engine="model", min_score=1.0)
    assert never.ask("When was the Lantern Charter adopted?").abstained


def test_by_default_the_model_chooses_the_answer_and_the_rules_decide_whether_to_give_it(
    memory_index,
):
    from cica_qa.answering.assistant import Assistant

    config, backend, embedder = memory_index
    assistant = Assistant.open(config.index_dir, embedder, backend)
    assert assistant.engine == "ranked" and assistant.model is not None
    answer = assistant.ask("When was the Lantern Charter adopted?")
    utilities = [c.utility for c in answer.considered]
    assert len(utilities) > 1 and utilities == sorted(utilities, reverse=True)
    assert not answer.abstained and answer.decision.confidence == 1.0
    assert answer.considered[0].candidate.plain in answer.text
    # the rules' abstention holds at any threshold, whatever the model would choose
    unknown = assistant.ask("What is the salary of the Chief Lamplighter?")
    assert unknown.abstained and unknown.considered
    assert unknown.decision.basis is Basis.NO_CANDIDATE and unknown.decision.abstains(-1.0)
    unnamed = assistant.ask("When did Atlantis adopt the Lantern Charter?")
    assert unnamed.abstained and unnamed.decision.abstains(-1.0)


def test_an_unknown_answer_engine_is_a_clear_error(memory_index):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.errors import ConfigError

    config, backend, embedder = memory_index
    with pytest.raises(ConfigError, match="answer engine 'llm' is unknown"):
        Assistant.open(config.index_dir, embedder, backend, engine="llm")


def test_the_model_says_which_name_of_a_false_premise_no_passage_holds(memory_index):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.reading import ValueReader
    from cica_qa.types import Mention

    class Naming(ValueReader):
        """Reads the Council of Wardens as an organisation, and values as ValueReader does."""

        def read(self, texts):
            found = super().read(texts)
            council = Mention("org", "Council of Wardens", "council of wardens")
            return [
                (*m, council) if council.text in t else m for t, m in zip(texts, found, strict=True)
            ]

    config, backend, embedder = memory_index
    assistant = Assistant.open(
        config.index_dir, embedder, backend, engine="model", min_score=1.0, reader=Naming()
    )
    # the corpus knows the Council, but not as adopting the Charter
    answer = assistant.ask("When did the Council of Wardens adopt the Lantern Charter?")
    assert answer.abstained
    assert "no passage found mentions Council of Wardens with the rest" in answer.text


def test_a_sentence_about_what_is_asked_beats_a_row_sharing_only_its_year(memory_index):
    """A year names its row outright, but the row says nothing of the speech asked about."""
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest

    config, backend, embedder = memory_index
    (config.corpus_dir / "years.md").write_text(
        "# Years\n\n| Year | Event |\n|---|---|\n"
        "| 1990 | Second Lantern Summit |\n| 1991 | Glass Workshop |\n",
        encoding="utf-8",
    )
    (config.corpus_dir / "summit.md").write_text(
        "# The Second Lantern Summit\n\nAt the summit of 1990 in Cindermoor, Ann Lee gave a "
        'keynote speech titled "Light Without Borders".\n',
        encoding="utf-8",
    )
    (config.corpus_dir / "workshop.md").write_text(
        "# The Glass Workshop\n\nThe workshop was planned at the summit of 1990.\n",
        encoding="utf-8",
    )
    run_ingest(config, embedder, show_progress=False, backend=backend)
    assistant = Assistant.open(config.index_dir, embedder, backend, min_score=-1.0)
    speech = assistant.ask("What was the title of the keynote speech at the 1990 summit?")
    assert speech.decision.basis is Basis.PASSAGE and "Light Without Borders" in speech.text
    event = assistant.ask("What was the event of 1990?")
    assert event.decision.basis is Basis.ROWS and "Second Lantern Summit" in event.text


def test_rows_from_a_document_that_never_names_the_place_asked_give_way_to_a_sentence(
    memory_index,
):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.ingest.pipeline import run_ingest

    config, backend, embedder = memory_index
    (config.corpus_dir / "years.md").write_text(
        "# Years\n\n| Year | Event |\n|---|---|\n"
        "| 1990 | Second Lantern Summit |\n| 1991 | Glass Workshop |\n",
        encoding="utf-8",
    )
    (config.corpus_dir / "fair.md").write_text(
        "# Saltmarsh\n\nThe event of 1990 in Saltmarsh was the Glass Fair.\n", encoding="utf-8"
    )
    run_ingest(config, embedder, show_progress=False, backend=backend)
    assistant = Assistant.open(config.index_dir, embedder, backend, min_score=-1.0)
    answer = assistant.ask("What was the event of 1990 in Saltmarsh?")
    assert answer.decision.basis is Basis.PASSAGE and "Glass Fair" in answer.text


def test_a_question_pinned_to_a_date_is_answered_from_a_document_holding_it():
    from cica_qa.answering.candidates import Candidate
    from cica_qa.answering.extractive import Considered, held_to_pins
    from cica_qa.types import Chunk, Hit, Location

    def considered(text: str, missing: float, utility: float) -> Considered:
        chunk = Chunk(text, "d.md", "", Location("line", 1, 1), text)
        candidate = Candidate("sentence", text, (Hit(chunk, 0.5),))
        return Considered(candidate, {"pins_missing_document": missing}, utility)

    closer = considered("The Forum met in Lumen and adopted a plan.", 1.0, 2.0)
    dated = considered("On 5 March it adopted the Lantern Charter.", 0.0, 1.0)
    assert held_to_pins([closer, dated], dated.candidate) is dated
    # the model's choice stands when its document holds the date too, or the rules' lacks it
    held = considered("On 5 March the Forum met.", 0.0, 2.0)
    assert held_to_pins([held, dated], dated.candidate) is held
    undated = considered("The Charter was adopted.", 1.0, 1.0)
    assert held_to_pins([closer, undated], undated.candidate) is closer
    assert held_to_pins([closer, dated], None) is closer


def test_a_name_the_rules_choice_lacks_is_checked_again_against_the_models_choice():
    from cica_qa.answering.candidates import Candidate
    from cica_qa.answering.extractive import Considered, names_all_held
    from cica_qa.answering.intent import read_intent
    from cica_qa.retrieval.hybrid import Retrieved
    from cica_qa.types import Chunk, Hit, Location, Mention

    def hit(document: str, text: str) -> Hit:
        return Hit(Chunk(document, document, "", Location("line", 1, 1), text), 0.5)

    met = hit("a.md", "The Lumen Forum met in Saltmarsh on 4 June and adopted a charter.")
    other = hit("b.md", "The Lumen Forum adopted a budget.")
    question = "What did the Lumen Forum adopt in Saltmarsh?"
    place = Mention("place", "Saltmarsh", "saltmarsh")
    retrieved = Retrieved(question, (), (other, met), (place,))

    def best(found: Hit) -> Considered:
        return Considered(Candidate("sentence", found.chunk.text, (found,)), {}, 1.0)

    intent = read_intent(question)
    assert names_all_held(question, retrieved, intent, best(met), frozenset())
    assert not names_all_held(question, retrieved, intent, best(other), frozenset())


def test_the_probability_given_is_that_of_the_answer_given_not_of_the_models_first():
    from cica_qa.answering.candidates import Candidate
    from cica_qa.answering.extractive import Considered, _probability
    from cica_qa.answering.model import JUDGED, AnswerModel, Linear
    from cica_qa.types import Chunk, Hit, Location

    h = Hit(Chunk("a", "a.md", "", Location("line", 1, 1), "One. Two."), 0.5)
    first = Considered(Candidate("sentence", "One.", (h,)), {}, 3.0, 0.9)
    second = Considered(Candidate("sentence", "Two.", (h,)), {}, 1.0)
    # a judge that trusts a lead over the other candidates
    judge = Linear(JUDGED, (0.0, 0.0), (1.0, 1.0), (0.0, 1.0))
    model = AnswerModel(Linear((), (), (), ()), judge, 0.5)
    assert _probability(model, second, (first, second)) < 0.5  # two behind the first
    assert _probability(model, first, (first, second)) > 0.5


def test_the_rules_spelling_out_of_an_abbreviation_is_the_answer_given():
    from cica_qa.answering.candidates import Candidate
    from cica_qa.answering.extractive import Considered, spelled_out
    from cica_qa.types import Chunk, Hit, Location

    chunk = Chunk("c", "d.md", "", Location("line", 1, 1), "The Lamp Safety Board (LSB) met.")
    listed = Considered(Candidate("list", "Lamps; Boards", (Hit(chunk, 0.5),)), {}, 3.0)
    spelled = Candidate("spelled-out", "LSB: Lamp Safety Board", (Hit(chunk, 0.5),))
    found = Considered(spelled, {}, 1.0)
    assert spelled_out([listed, found], spelled) is found
    assert spelled_out([listed, found], listed.candidate) is None
    assert spelled_out([listed, found], None) is None
