from cica_qa.normalize import contains_phrase, content_stems, normalise, stem


def test_case_accents_and_punctuation_do_not_matter():
    assert normalise("Türkiye's CO-COORDINATOR?") == "turkiye s co coordinator"
    assert normalise("Turkiye") == normalise("TÜRKIYE")
    # letters NFKD leaves whole are read as the plain letter a user types
    assert normalise("Çınar Øre Łódź") == "cinar ore lodz"


def test_content_stems_drop_question_words_and_match_inflections():
    assert content_stems("Who coordinates the tourism areas?") == {"coordin", "tourism", "area"}
    assert stem("coordinator") == stem("coordinates")


def test_phrases_match_whole_words_in_order():
    assert contains_phrase("How often does the SOC meet?", "soc")
    assert not contains_phrase("associated", "soc")
    assert not contains_phrase("meet the SOC", "SOC meet")


def test_a_misspelling_is_read_as_the_known_word_it_is_closest_to():
    from cica_qa.normalize import misspelt

    assert misspelt("turism", ["tourism", "terrorism"]) == "tourism"
    assert misspelt("cordin", ["coordin", "chair"]) == "coordin"
    assert misspelt("salary", ["tourism", "chair"]) is None
    assert misspelt("cat", ["car"]) is None  # too short to tell a typo from another word
