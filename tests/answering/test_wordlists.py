import json
import subprocess
import sys
from pathlib import Path

import pytest
from wordfreq import get_frequency_dict, zipf_frequency

from cica_qa.answering import wordlists
from cica_qa.answering.language import RARE_IN_ENGLISH
from cica_qa.answering.spelling import COMMON_ZIPF
from cica_qa.answering.vocabulary import RARE_ZIPF
from cica_qa.answering.wordlists import FLOOR, TABLE, WordTable, made_table, word_table


@pytest.fixture(scope="module")
def table() -> WordTable:
    return made_table()


def test_every_threshold_on_the_large_list_is_at_or_above_the_floor():
    # a word under FLOOR reads as 0.0: right for every comparison at FLOOR or above
    assert RARE_ZIPF >= FLOOR and COMMON_ZIPF >= FLOOR


def test_every_plain_word_of_the_large_list_compares_as_wordfreq_says(table: WordTable):
    differ = []
    for word in get_frequency_dict("en", "large"):
        if word.isascii() and word.isalpha() and word.islower():
            expected, given = zipf_frequency(word, "en"), table.english(word)
            if given != expected and not (expected < FLOOR and given == 0.0):
                differ.append((word, expected, given))
    assert differ == []


def test_the_small_english_list_is_whole(table: WordTable):
    for word in get_frequency_dict("en", "small"):
        if word.isascii() and word.isalpha() and word.islower():
            assert table.by_language(word, "en") == zipf_frequency(word, "en", wordlist="small")
    assert table.by_language("xqzvw", "en") == 0.0 < RARE_IN_ENGLISH


def test_other_words_and_languages_are_asked_of_wordfreq(table: WordTable):
    for word in ("café", "don't", "CICA", "2024", "naïve"):
        assert table.english(word) == zipf_frequency(word, "en")
    assert table.by_language("bonjour", "fr") == zipf_frequency("bonjour", "fr", wordlist="small")
    assert table.by_language("bonjour", "fr") > 4


def test_the_table_is_kept_and_read_back_without_wordfreq(tmp_path: Path):
    made = word_table(tmp_path)
    assert (tmp_path / TABLE).is_file()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cica_qa.answering.wordlists import word_table\n"
        f"table = word_table(Path({str(tmp_path)!r}))\n"
        "print(table.english('held'), table.english('abolished'), table.by_language('the', 'en'))\n"
        "print('wordfreq' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    values, imported = done.stdout.splitlines()
    expected = [made.english("held"), made.english("abolished"), made.by_language("the", "en")]
    assert [float(v) for v in values.split()] == expected
    assert imported == "False"


@pytest.mark.parametrize(
    "kept",
    ['{"format": 1, "wordfreq": "0.0.1", "large": {}, "small": {}}', "{not json", "[]", ""],
)
def test_a_table_of_another_version_or_damaged_is_made_again(tmp_path: Path, kept: str):
    (tmp_path / TABLE).write_text(kept, encoding="utf-8")
    table = word_table(tmp_path)
    assert table.english("held") == zipf_frequency("held", "en")
    stored = json.loads((tmp_path / TABLE).read_text(encoding="utf-8"))
    assert stored["wordfreq"] == wordlists._version() and stored["large"]["held"] > 5


def test_a_folder_that_cannot_be_written_still_gives_the_table(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    table = word_table(blocked / "model")  # its parent is a file: nothing can be kept
    assert table.english("held") == zipf_frequency("held", "en")
    assert blocked.read_text(encoding="utf-8") == "not a folder"
