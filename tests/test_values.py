"""Dates, ordinals and numbers read by value, whatever their spelling."""

import pytest

from cica_qa.values import (
    date_value,
    find_dates,
    find_ordinals,
    find_values,
    number_value,
    ordinal_value,
    question_keys,
    value_keys,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5 March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("05.03.2024", "2024-03-05"),
        ("26/10/2022", "2022-10-26"),
        ("10/13/2022", "2022-10-13"),
        ("2024-03-05", "2024-03-05"),
        ("5th of March, 2024", "2024-03-05"),
        ("March 2024", "2024-03"),
        ("Sept. 1999", "1999-09"),
        ("2006", "2006"),
        ("12-14 October 2022", "2022-10-12/2022-10-14"),
        ("12 to 14 October 2022", "2022-10-12/2022-10-14"),
        ("October 12–14, 2022", "2022-10-12/2022-10-14"),
        ("12-14.10.2022", "2022-10-12/2022-10-14"),
        ("30 November - 2 December 2021", "2021-11-30/2021-12-02"),
        ("1999–2002", "1999/2002"),
        ("2014-16", "2014/2016"),
    ],
)
def test_every_spelling_of_a_date_has_one_value(text, value):
    assert date_value(text) == value


@pytest.mark.parametrize("text", ["last week", "twice a year", "Eighteen", "19 April"])
def test_a_date_without_a_year_has_no_value(text):
    assert date_value(text) == ""


def test_a_day_that_does_not_exist_leaves_its_month():
    assert date_value("31 February 2024") == "2024-02"


def test_dates_are_found_in_running_text_longest_form_first():
    text = "Held from 12 to 14 October 2022 in Astana; the next, in March 2024, and 05.03.2024."
    assert [(d.text, d.value) for d in find_dates(text)] == [
        ("12 to 14 October 2022", "2022-10-12/2022-10-14"),
        ("March 2024", "2024-03"),
        ("05.03.2024", "2024-03-05"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("fifth", 5), ("5th", 5), ("Fifth", 5), ("Twenty-first", 21), ("22nd", 22), ("1st", 1)],
)
def test_ordinals_in_words_and_digits_have_one_value(text, value):
    assert ordinal_value(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("27", 27), ("1,200", 1200), ("twenty-seven", 27), ("Three", 3), ("2024", None)],
)
def test_numbers_in_words_and_digits_have_one_value_and_years_are_not_counts(text, value):
    assert number_value(text) == value


def test_a_number_inside_a_date_is_the_dates_and_an_ordinal_inside_a_name_is_found():
    found = find_values("The Sixth Summit on 12 October 2022 gathered 27 member states.")
    assert [(f.kind, f.value) for f in found] == [
        ("ordinal", "6"),
        ("date", "2022-10-12"),
        ("number", "27"),
    ]


def test_a_day_is_also_its_month_and_year_and_a_range_covers_its_days():
    assert value_keys("date", "2024-03-05") == {"date:2024", "date:2024-03", "date:2024-03-05"}
    assert "date:2022-10-13" in value_keys("date", "2022-10-12/2022-10-14")
    years = {f"date:{y}" for y in range(1999, 2003)}
    assert value_keys("date", "1999/2002") == years | {"date:1999/2002"}
    assert value_keys("ordinal", "5") == {"ordinal:5"}


def test_a_question_asks_at_its_own_precision():
    assert question_keys("date", "2024-03") == {"date:2024-03"}
    assert question_keys("date", "2024-03-05") == {"date:2024-03-05"}
    assert question_keys("date", "2014/2018") == {"date:2014/2018"}


def test_an_ordinal_knows_what_it_counts_unless_it_says_when():
    [fifth] = find_ordinals("the Fifth Forum Meetings in Baku")
    assert (fifth.value, fifth.of) == ("5", "forum meet")
    assert value_keys("ordinal", "5", "forum meet") == {
        "ordinal:5",
        "ordinal:5:meet",
        "ordinal:5:forum",
    }
    assert question_keys("ordinal", "5", "meet") == {"ordinal:5:meet"}
    assert find_ordinals("the forum first proposed it") == []


def test_an_ordinal_alone_in_a_table_cell_counts_what_its_header_names():
    row = "Forums at a glance — Forum meeting: 4th; Date: 5 May 2010; Venue: Saltmarsh"
    [fourth] = find_ordinals(row)
    assert (fourth.value, fourth.of) == ("4", "forum meet")
    [third] = find_ordinals("Rounds — Round: Third session; Date: 2011")
    assert third.of == "round session"
    # prose after a label still counts its own words
    [first] = find_ordinals("Note: the first lamp was lit in Duskport.")
    assert first.of.split()[0] == "lamp"


@pytest.mark.parametrize(
    "text",
    ["the forum was first set up in Lumen", "the logo was first shown", "at first it met"],
)
def test_first_after_a_verb_or_before_a_participle_is_an_adverb(text):
    assert find_ordinals(text) == []
    assert [f.value for f in find_ordinals("it was the first forum set up")] == ["1"]


@pytest.mark.parametrize(
    "text",
    [
        "the Warden's second-in-command",  # a word of its own
        "its first two years as Chair",  # a stretch, not one position
        "the 1st or the 2nd meeting of that year",  # alternatives, neither pinned down
        "the first or second forum",
    ],
)
def test_an_ordinal_that_names_no_single_position_is_none(text):
    assert find_ordinals(text) == []


def test_first_ever_and_a_lone_ordinal_still_count_one_position():
    assert [f.value for f in find_ordinals("the first-ever review")] == ["1"]
    assert [f.value for f in find_ordinals("the 1st meeting or the forum")] == ["1"]
    assert [f.value for f in find_ordinals("Twenty-first forum")] == ["21"]


def test_a_roman_numeral_before_a_name_is_an_ordinal_and_a_pronoun_is_not():
    [sixth] = find_ordinals("the VI CICA Summit")
    assert (sixth.value, sixth.of) == ("6", "cica summit")
    assert [f.value for f in find_ordinals("the XIV Forum and the II Meeting")] == ["14", "2"]
    assert find_ordinals("I Met them. Then I Left; part IV.") == []


def test_a_day_without_a_year_takes_the_year_of_the_last_date_before_it():
    text = "They met twice in 2024. On 2 March they spoke; on June 5 they signed."
    assert [(f.text, f.value) for f in find_dates(text)] == [
        ("2024", "2024"),
        ("2 March", "2024-03-02"),
        ("June 5", "2024-06-05"),
    ]
    assert find_dates("On 2 March they spoke.") == []  # no year to take
    assert [f.value for f in find_dates("In 2024 they may 5 times")] == ["2024"]  # a verb


@pytest.mark.parametrize(
    ("iso", "spoken"),
    [
        ("2025-02-27", "27 February 2025"),
        ("2025-02", "February 2025"),
        ("2025", "2025"),
        ("2025-02-30", ""),
        ("2025-13", ""),
        ("", ""),
        ("soon", ""),
        ("25", ""),
    ],
)
def test_a_date_is_said_as_people_write_it(iso, spoken):
    from cica_qa.values import spoken_date

    assert spoken_date(iso) == spoken


def test_a_moment_is_said_in_utc_and_anything_else_kept():
    from cica_qa.values import spoken_moment

    assert spoken_moment("2026-12-03T14:05:09+00:00") == "3 December 2026, 14:05 UTC"
    assert spoken_moment("2026-12-03T16:05:00+02:00") == "3 December 2026, 14:05 UTC"
    assert spoken_moment("not a time") == "not a time"
