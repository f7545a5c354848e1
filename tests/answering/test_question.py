import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica_qa.answering.question import MAX_TURN_CHARS, MAX_TURNS, check_question, recent_turns
from cica_qa.errors import QuestionError


def test_question_whitespace_is_folded():
    assert check_question("  When   was\nit? ", 100) == "When was it?"


@pytest.mark.parametrize(
    "question", ["", "   ", "\n\t", "\x00\x00", "\u200b\u200d\ufeff", "\u202e \x00\u2060"]
)
def test_empty_question_is_refused(question):
    with pytest.raises(QuestionError, match="the question is empty"):
        check_question(question, 100)


def test_long_question_names_the_limit_but_no_setting_staff_cannot_change():
    with pytest.raises(
        QuestionError, match=r"41 characters; the limit is 40 characters: ask a shorter"
    ):
        check_question("x" * 41, 40)


def test_invisible_and_control_characters_are_not_part_of_the_question():
    assert check_question("Who\u200b chairs\x00the\u202e SOC?", 100) == "Who chairs the SOC?"


@pytest.mark.parametrize("question", ["\ud800", "Who chairs caf\udce9?", "x\udfff"])
def test_text_that_is_not_valid_unicode_is_refused_in_one_line(question):
    with pytest.raises(QuestionError, match=r"^the question holds bytes that are not text"):
        check_question(question, 100)


def test_only_the_latest_turns_are_read_each_cut_and_cleaned():
    history = [{"role": "user", "content": f"question {n}"} for n in range(MAX_TURNS + 5)]
    history.append({"role": "assistant", "content": "\ud800An\u200b answer " * 2000})
    turns = recent_turns(history)
    assert len(turns) == MAX_TURNS and turns[0]["content"] == "question 6"
    assert turns[-1]["role"] == "assistant"
    assert turns[-1]["content"].startswith("An answer An answer")
    assert len(turns[-1]["content"]) <= MAX_TURN_CHARS


@given(st.text(max_size=2000))
def test_any_text_is_a_clean_question_or_one_clear_refusal(text):
    try:
        asked = check_question(text, 1000)
    except QuestionError as error:
        assert "\n" not in str(error) and str(error).startswith("the question ")
        return
    assert asked and len(asked) <= 1000 and asked == asked.strip()
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in asked)
    invisible = {"Cc", "Cf", "Cs"}  # control, format (zero-width), surrogate
    assert not any(unicodedata.category(c) in invisible for c in asked)


@given(
    st.lists(
        st.dictionaries(st.sampled_from(["role", "content", "x"]), st.text(max_size=50)),
        max_size=60,
    )
)
def test_any_history_is_read_as_a_bounded_list_of_turns(history):
    turns = recent_turns(history)
    assert len(turns) <= MAX_TURNS
    assert all(len(t["content"]) <= MAX_TURN_CHARS and set(t) == {"role", "content"} for t in turns)
