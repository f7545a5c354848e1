import pytest

from cica_qa.sentences import sentences, split_sentences


def test_pieces_join_back_into_the_text():
    text = 'First President N. Nazarbayev spoke. Then ("it") ended!  Next? Yes'
    pieces = split_sentences(text)
    assert pieces == [
        "First President N. Nazarbayev spoke. ",
        'Then ("it") ended!  ',
        "Next? ",
        "Yes",
    ]
    assert "".join(pieces) == text
    assert split_sentences("") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was adopted. It entered into force.", ["It was adopted.", "It entered into force."]),
        ("Signed by H. Aliyev in Baku.", ["Signed by H. Aliyev in Baku."]),  # an initial
        ("Many bodies, e.g. the SOC, meet.", ["Many bodies, e.g. the SOC, meet."]),  # lower case
        ('He said "done." Then left.', ['He said "done."', "Then left."]),  # a closing quote
        ("Founded in 1992. 27 states joined.", ["Founded in 1992.", "27 states joined."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("Agreed on Dec. 12, 2022. Mr. Lee spoke.", ["Agreed on Dec. 12, 2022.", "Mr. Lee spoke."]),
        ("It met in Dec. The next met.", ["It met in Dec.", "The next met."]),  # no day after
    ],
)
def test_sentence_ends(text, expected):
    assert sentences(text) == expected
