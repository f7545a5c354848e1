import re
from pathlib import Path

import pytest

from cica_qa.errors import ConfigError
from cica_qa.settings import Settings, variables


def test_defaults_when_nothing_is_set():
    settings = Settings.from_env({})
    assert settings.index_dir == Path(".cica/index")
    assert settings.corpus_dir == Path("corpus")
    assert (settings.host, settings.port) == ("127.0.0.1", 7860)


def test_values_are_read_and_converted():
    settings = Settings.from_env(
        {"CICA_MIN_SCORE": " 0.5 ", "CICA_PORT": "9000", "CICA_CORPUS_DIR": "docs"}
    )
    assert (settings.min_score, settings.port, settings.corpus_dir) == (0.5, 9000, Path("docs"))


def test_only_cica_variables_count():
    assert Settings.from_env({"PORT": "1", "port": "2"}).port == 7860


def test_the_environment_is_read_when_no_mapping_is_given(monkeypatch):
    monkeypatch.setenv("CICA_MAX_QUESTION_CHARS", "500")
    assert Settings.from_env().max_question_chars == 500


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CICA_PORT", "many", r"CICA_PORT \('many'\) must be a whole number; unset it"),
        ("CICA_PORT", "0", r"CICA_PORT \('0'\) must be at least 1"),
        ("CICA_MIN_SCORE", "2", r"CICA_MIN_SCORE \('2'\) must be at most 1"),
        ("CICA_RETRIEVAL", "x", r"CICA_RETRIEVAL \('x'\) must be 'hybrid', 'dense' or 'keyword'"),
        ("CICA_COLLECTION", "a", r"CICA_COLLECTION \('a'\) must be 3 to 40 letters"),
        ("CICA_LLM_TIMEOUT", "0", r"CICA_LLM_TIMEOUT \('0'\) must be greater than 0"),
    ],
)
def test_a_bad_value_names_the_variable_the_value_and_the_fix(variable, value, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({variable: value})


def test_overlap_must_be_smaller_than_chunk_size():
    with pytest.raises(ConfigError, match=r"CICA_CHUNK_OVERLAP \(300\).*CICA_CHUNK_SIZE \(200\)"):
        Settings.from_env({"CICA_CHUNK_OVERLAP": "300", "CICA_CHUNK_SIZE": "200"})


def test_chunk_size_cannot_exceed_the_model_input():
    with pytest.raises(ConfigError, match="CICA_CHUNK_SIZE \\(512\\) must be between 16 and 256"):
        Settings.from_env({"CICA_CHUNK_SIZE": "512"})


def test_llm_url_and_model_go_together():
    with pytest.raises(ConfigError, match="CICA_LLM_BASE_URL and CICA_LLM_MODEL go together"):
        Settings.from_env({"CICA_LLM_BASE_URL": "http://127.0.0.1:8080/v1"})
    with pytest.raises(ConfigError, match="must start with http"):
        Settings.from_env({"CICA_LLM_BASE_URL": "localhost:8080", "CICA_LLM_MODEL": "m"})
    settings = Settings.from_env({"CICA_LLM_BASE_URL": "http://h/v1", "CICA_LLM_MODEL": "m"})
    assert (settings.llm_model, settings.llm_timeout) == ("m", 30.0)


def test_the_readme_table_lists_every_variable_with_its_default_and_meaning():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(CICA_\w+)` \| `[^`]*` \| (.+) \|$", readme, re.MULTILINE))
    assert rows == variables()
