from cica_qa.answering.verify import answer_sentences, key_facts, renumber, supported, verify

PASSAGES = {
    1: "Catalogue — Priority area: Tourism; Coordinator: Tajikistan; Co-coordinators: Sri Lanka",
    2: "The Assembly of Lamplighters meets every three years in Brightwater since 1987.",
}


def test_key_facts_are_numbers_and_names_past_the_first_word():
    assert key_facts("The Assembly met in Paris in 2031 [2].") == {"assembly", "paris", "2031"}
    assert key_facts("Tourism is coordinated by Tajikistan [1].") == {"tajikistan"}


def test_a_sentence_is_supported_only_by_the_passages_it_cites():
    assert supported("Tourism is coordinated by Tajikistan [1].", PASSAGES)
    assert not supported("Tourism is coordinated by Tajikistan [2].", PASSAGES)
    assert not supported("Tourism is coordinated by Tajikistan.", PASSAGES)  # no citation
    assert not supported("Tourism is coordinated by Tajikistan [7].", PASSAGES)  # no passage 7


def test_unsupported_sentences_are_removed_and_the_rest_kept_in_order():
    written = (
        "Tajikistan coordinates tourism and Sri Lanka co-coordinates it [1]. "
        "The Assembly also met in Paris in 2031 [2]. It has met since 1987 [2]."
    )
    result = verify(written, PASSAGES)
    assert result.removed == ("The Assembly also met in Paris in 2031 [2].",)
    assert result.text == (
        "Tajikistan coordinates tourism and Sri Lanka co-coordinates it [1]. "
        "It has met since 1987 [2]."
    )


def test_citations_are_renumbered_in_order_of_use():
    text, order = renumber(["A [3].", "B [1] [3]."])
    assert (text, order) == ("A [1]. B [2] [1].", [3, 1])


def test_sentences_split_on_full_stops_before_capitals():
    assert answer_sentences("One [1]. Two [2]!  three") == ["One [1].", "Two [2]! three"]
