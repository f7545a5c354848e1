"""Table rows said as sentences from the templates in phrasing.yaml (data, not code)."""

import pytest

from cica_qa.answering.phrasing import phrasings, phrasings_from, row_sentence
from cica_qa.errors import ConfigError

ROW = (("Area", "Lamplighting"), ("Coordinator", "Ruritania"), ("Co-coordinators", "Borduria"))


def test_a_row_with_a_coordinator_and_co_coordinators_reads_as_a_sentence():
    assert row_sentence(ROW, "Light dimension") == (
        "Ruritania coordinates Lamplighting (Light dimension); Borduria is co-coordinator."
    )


def test_several_names_agree_in_number_and_headers_match_in_any_case():
    cells = (
        ("Area", "Sails"),
        ("coordinator", "Ruritania"),
        ("CO-COORDINATORS", "Borduria, Syldavia"),
    )
    assert row_sentence(cells, "") == (
        "Ruritania coordinates Sails; Borduria, Syldavia are co-coordinators."
    )


def test_an_empty_cell_passes_to_the_next_phrasing_that_fits():
    cells = (("Area", "Sails"), ("Coordinator", "—"), ("Co-coordinators", "Borduria, Syldavia"))
    assert row_sentence(cells, "Sea dimension") == (
        "Borduria, Syldavia co-coordinate Sails (Sea dimension)."
    )


def test_a_phrasing_that_leaves_out_what_is_asked_or_held_does_not_fit():
    cells = (("Area", "Sails"), ("Coordinator", "Ruritania"), ("Term", "2020-2022"))
    assert row_sentence(cells, "") is None  # no phrasing says the term
    assert row_sentence(cells, "", asked=["Coordinator"]) == "Ruritania coordinates Sails."
    assert row_sentence((("Body", "Guild"),), "") is None


def test_every_word_of_the_sentence_that_names_something_is_in_the_row():
    for phrasing in phrasings():
        cells = (("Label", "Zeta Body"), *((c, "Omicron Land") for c in phrasing.columns))
        sentence = row_sentence(cells, "Kappa Section") or ""
        capitalised = {w.strip(".,;()") for w in sentence.split() if w[:1].isupper()}
        assert capitalised <= {"Zeta", "Body", "Omicron", "Land", "Kappa", "Section"}


def test_a_broken_phrasing_file_names_the_entry_and_the_fix():
    with pytest.raises(ConfigError, match=r"entry 1: give exactly `columns` and `say`"):
        phrasings_from("- columns: [A]\n", "p.yaml")
    with pytest.raises(ConfigError, match=r"p\.yaml, entry 2"):
        phrasings_from("- {columns: [A], say: ok}\n- {columns: [B], say: '{{ broken '}\n", "p.yaml")
