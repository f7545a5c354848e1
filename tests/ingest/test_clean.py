from cica_qa.ingest.clean import Line, clean_lines, strip_emphasis


def test_blank_runs_vanish_but_line_numbers_stay():
    assert clean_lines("TITLE\n\n\n\nbody  text \n") == (Line(1, "TITLE"), Line(5, "body text"))


def test_bold_and_italic_markers_are_stripped():
    assert strip_emphasis("**Ministerial** Council and __Summit__ and *SOC*") == (
        "Ministerial Council and Summit and SOC"
    )


def test_list_bullets_and_lone_asterisks_are_kept():
    assert strip_emphasis("* item with 2 * 3") == "* item with 2 * 3"


def test_extraction_with_half_bolded_words_is_cleaned():
    (line,) = clean_lines("Informal Ministerial **Council Meeting**")
    assert line.text == "Informal Ministerial Council Meeting"
