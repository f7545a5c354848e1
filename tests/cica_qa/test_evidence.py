from cica_qa.evidence import missing_evidence, unknown_names, unknown_words
from cica_qa.normalize import stem

VOCABULARY = {stem(w) for w in "cica member state summit council meet year coordin tourism".split()}


def test_unknown_names_are_capitalised_words_the_corpus_lacks():
    assert unknown_names("Why did Japan leave CICA?", VOCABULARY) == ["Japan"]
    assert unknown_names("Summit dates?", VOCABULARY) == []  # the first word is not a name


def test_mostly_unknown_words_mean_another_topic():
    assert unknown_words("how do I bake sourdough bread", VOCABULARY) == [
        "bake",
        "sourdough",
        "bread",
    ]
    assert missing_evidence("how do I bake sourdough bread", VOCABULARY).startswith(
        "the documents never use the words"
    )


def test_a_question_in_the_corpus_vocabulary_passes():
    assert missing_evidence("Who coordinates tourism?", VOCABULARY) == ""
    assert missing_evidence("How often does the council meet each year?", VOCABULARY) == ""
