"""What the answer model sees of a candidate: features that could each tell a right answer
from a wrong one, computed from the question, the candidate and its passage."""

from cica_qa.answering.candidates import Candidate
from cica_qa.answering.features import FEATURES, asked_of, features_of
from cica_qa.answering.intent import read_intent
from cica_qa.types import Chunk, Hit, Location, Mention

MARCH = Mention("date", "5 March 2024", "2024-03-05")
ANN = Mention("person", "Ann Lee", "ann lee")
OSLO = Mention("place", "Oslo", "oslo")
VOCABULARY = frozenset("council meet chair met held oslo march ann lee day".split())


def hit(text: str, mentions=(), ident: str = "a") -> Hit:
    chunk = Chunk(ident, "doc.md", "Council", Location("line", 1, 2), text, mentions=mentions)
    return Hit(chunk, 0.7)


def described(question: str, asked_mentions, candidates, hits):
    intent = read_intent(question)
    facts = asked_of(intent, question, asked_mentions, hits, VOCABULARY, lambda w: 5.0)
    return features_of(facts, candidates, [0.5] * len(candidates), lambda h: 0)


def sentence(h: Hit, text: str) -> Candidate:
    return Candidate("sentence", text, (h,))


def test_every_feature_is_given_for_every_candidate_in_order():
    h = hit("The Council met. It chose Oslo.")
    (values,) = described("Where did the Council meet?", (), [sentence(h, "It chose Oslo.")], [h])
    assert tuple(values) == FEATURES
    assert all(isinstance(v, float) for v in values.values())


def test_a_date_the_question_pins_down_is_looked_for_in_the_candidate_and_its_passage():
    passage = "The Council met on 5 March 2024. Ann Lee chaired the meeting."
    h = hit(passage, (MARCH, ANN))
    dated, chaired = (
        sentence(h, "The Council met on 5 March 2024."),
        sentence(h, "Ann Lee chaired the meeting."),
    )
    other = hit("The Council met in June.", (), "b")
    elsewhere = sentence(other, "The Council met in June.")
    first, second, third = described(
        "Who chaired the Council on 5 March 2024?",
        (MARCH,),
        [dated, chaired, elsewhere],
        [h, other],
    )
    assert first["pins_missing"] == first["pins_missing_here"] == 0.0
    assert second["pins_missing"] == 0.0 and second["pins_missing_here"] == 1.0
    assert third["pins_missing"] == 1.0


def test_who_wants_a_name_the_question_does_not_give_itself():
    h = hit("Ann Lee chaired the Council. The Council met.", (ANN,))
    named, unnamed = sentence(h, "Ann Lee chaired the Council."), sentence(h, "The Council met.")
    first, second = described("Who chaired the Council?", (), [named, unnamed], [h])
    assert first["kind_missing"] == 0.0 and first["likeliest"] == 1.0
    assert second["kind_missing"] == 1.0 and second["likeliest"] == 0.0
    assert first["asking_overlap"] > second["asking_overlap"]  # "chaired"


def test_a_name_the_question_gives_that_no_passage_holds_is_a_false_premise_sign():
    h = hit("The Council met in Oslo.", (OSLO,))
    (values,) = described(
        "When did the Council meet in Paris?",
        (Mention("place", "Paris", "paris"),),
        [sentence(h, "The Council met in Oslo.")],
        [h],
    )
    assert values["names_unheld"] == values["names_missing"] == 1.0
    assert values["unknown_names"] == 1.0  # and the documents never use the word


def test_a_title_reads_as_one_and_a_label_is_not_the_body():
    h = hit("COUNCIL MEETING IN OSLO\n\nHistory: 5 March 2024: the Council met.")
    title = sentence(h, "COUNCIL MEETING IN OSLO")
    dated = sentence(h, "History: 5 March 2024: the Council met.")
    first, second = described("When did the Council meet?", (), [title, dated], [h])
    assert first["title_like"] == 1.0 and second["title_like"] == 0.0
    assert second["number_missing"] == 0.0  # the date after the label is in the body
    assert 0.0 < second["label_share"] < 0.3


def test_a_sentence_is_also_read_with_the_sentences_before_it():
    passage = "The Lamp Council met in Oslo in spring. Ann Lee chaired it. Tea was served."
    h = hit(passage, (ANN, OSLO))
    chaired, tea = sentence(h, "Ann Lee chaired it."), sentence(h, "Tea was served.")
    first, second = described("Who chaired the Lamp Council in Oslo?", (), [chaired, tea], [h])
    # alone, the answer holds one of the question's words; with what precedes it, all
    assert first["overlap"] < first["window_overlap"] == 1.0
    # "chaired" is in no other sentence of the passage: it is what this sentence adds
    assert first["focus"] > 0.0 and second["focus"] == 0.0
    assert (first["position"], second["position"]) == (0.5, 1 / 3)


def test_which_title_asks_for_a_person_and_a_restriction_is_looked_for_in_the_candidate():
    passage = "The first Council met in Oslo. Deputy Minister Ann Lee chaired the meeting."
    h = hit(passage, (ANN, OSLO))
    met, chaired = (sentence(h, s) for s in ("The first Council met in Oslo.", passage[31:]))
    values = described("Which deputy minister chaired the first Council?", (), [met, chaired], [h])
    assert [v["person_asked"] for v in values] == [0.0, 1.0]
    assert [v["restriction_unmet_here"] for v in values] == [0.0, 1.0]
    assert [v["restriction_unmet"] for v in values] == [0.0, 0.0]  # the passage says "first"


def test_one_item_of_a_list_whose_own_words_hold_none_of_the_questions_is_marked():
    h = hit("The Council works on three principles:\n\n1. openness;\n2. consensus;\n3. thrift.")
    item = sentence(h, "The Council works on three principles: consensus;")
    listed = Candidate(
        "list", "The Council works on three principles: openness; consensus; thrift", (h,)
    )
    named = sentence(h, "The Council works on three principles: thrift.")
    values = described("On which principles does the Council work?", (), [item, listed], [h])
    assert [v["item_unfocused"] for v in values] == [1.0, 0.0]
    # an item holding a word of the question is told apart from its siblings by it
    (thrifty,) = described("Is thrift a principle of the Council?", (), [named], [h])
    assert thrifty["item_unfocused"] == 0.0
    # a label and its value outside a list are no list item
    k = hit("Chair: Ann Lee", (ANN,))
    (keyed,) = described("Who is the Council's chair?", (), [sentence(k, "Chair: Ann Lee")], [k])
    assert keyed["item_unfocused"] == 0.0


def test_an_answer_read_from_rows_reads_with_its_columns_headers():
    cells = (("Priority area", "Tourism"), ("Coordinator", "Ruritania"))
    text = "Catalogue — Priority area: Tourism; Coordinator: Ruritania"
    row = Hit(Chunk("r1", "b.md", "Catalogue", Location("line", 1, 1), text, cells), 0.7)
    read = Candidate("rows", "Ruritania — Tourism", (row,))
    (values,) = described("Which priority area does Ruritania coordinate?", (), [read], [row])
    assert values["window_asking"] == 1.0  # "priority area" and "coordinate", from the headers
    assert values["asking_overlap"] < 1.0


def test_how_many_wants_a_number_right_before_what_it_counts():
    h = hit("The Forum has 28 member lands. Its five offices serve all member lands.")
    counted = sentence(h, "The Forum has 28 member lands.")
    other = sentence(h, "Its five offices serve all member lands.")
    first, second = described(
        "How many member lands does the Forum have?", (), [counted, other], [h]
    )
    assert first["counts_asked"] == 1.0 and second["counts_asked"] == 0.0


def test_recency_features_place_each_candidate_in_time_for_a_question_about_now():
    from dataclasses import replace

    from cica_qa.answering.features import pinned
    from cica_qa.types import DocumentDate

    def at(document: str, text: str) -> Hit:
        chunk = Chunk(document, document, "Council", Location("line", 1, 1), text)
        return Hit(chunk, 0.7)

    old, new, plain = (
        at("old.md", "Oslo hosts it."),
        at("new.md", "Bergen hosts it."),
        at("notes.md", "Tromso hosts it."),
    )
    dates = {
        "old.md": DocumentDate("2019", "file name"),
        "new.md": DocumentDate("2025-02", "title"),
    }
    question = "Where does the Council meet?"
    intent = read_intent(question)
    facts = asked_of(intent, question, (), [old, new, plain], VOCABULARY, lambda w: 5.0)
    candidates = [sentence(h, h.chunk.text) for h in (old, new, plain)]

    def features(**changes):
        return features_of(replace(facts, **changes), candidates, [0.5] * 3, lambda h: 0)

    now = features(now=True, dates=dates)
    assert [v["newest_document"] for v in now] == [0.0, 1.0, 0.0]
    assert [v["newer_elsewhere"] for v in now] == [1.0, 0.0, 0.0]
    assert [v["undated"] for v in now] == [0.0, 0.0, 1.0]
    then = features(now=False, dates=dates)
    assert [v["newest_document"] + v["newer_elsewhere"] for v in then] == [0.0, 0.0, 0.0]
    in_2019 = features(dates=dates, pins=pinned((Mention("date", "2019", "2019"),)))
    assert [v["dated_as_pinned"] for v in in_2019] == [1.0, 0.0, 0.0]


def test_a_date_held_closer_to_what_the_question_pins_counts_more():
    from cica_qa.answering.features import pin_precision, pinned

    in_2019 = pinned((Mention("date", "2019", "2019"),))
    term = Mention("date", "2018-2020", "2018/2020")
    heading = Mention("date", "2006-2025", "2006/2025")
    before = Mention("date", "2014-2018", "2014/2018")
    assert pin_precision(in_2019, [heading]) == 1 / 20
    assert pin_precision(in_2019, [heading, term]) == 1 / 3
    assert pin_precision(in_2019, [Mention("date", "3 May 2019", "2019-05-03")]) == 1.0
    assert pin_precision(in_2019, [before]) == 0.0
    assert pin_precision((), [term]) == 0.0
