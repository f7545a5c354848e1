from pathlib import Path

import pytest

from cica_qa.errors import ConfigError
from cica_qa.settings import VARIABLES, Settings


def test_defaults_when_nothing_is_set():
    settings = Settings.from_env({})
    assert settings.index_dir == Path(".cica/index")
    assert settings.corpus_dir == Path("corpus")
    assert (settings.host, settings.port) == ("127.0.0.1", 7860)


def test_values_are_read_and_converted():
    settings = Settings.from_env(
        {"CICA_TOP_K": " 7 ", "CICA_MIN_SCORE": "0.5", "CICA_PORT": "9000"}
    )
    assert (settings.top_k, settings.min_score, settings.port) == (7, 0.5, 9000)


def test_non_number_names_the_variable():
    with pytest.raises(ConfigError, match=r"CICA_TOP_K \('many'\) must be a int"):
        Settings.from_env({"CICA_TOP_K": "many"})


def test_overlap_must_be_smaller_than_chunk_size():
    with pytest.raises(ConfigError, match=r"CICA_CHUNK_OVERLAP \(300\).*CICA_CHUNK_SIZE \(200\)"):
        Settings.from_env({"CICA_CHUNK_OVERLAP": "300", "CICA_CHUNK_SIZE": "200"})


def test_chunk_size_cannot_exceed_the_model_input():
    with pytest.raises(ConfigError, match="CICA_CHUNK_SIZE \\(512\\) must be between 16 and 256"):
        Settings.from_env({"CICA_CHUNK_SIZE": "512"})


def test_every_variable_is_documented_in_the_readme():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in VARIABLES if f"`{name}`" not in readme]
    assert not missing, f"README's configuration table lacks {missing}"


def test_llm_url_and_model_go_together():
    with pytest.raises(ConfigError, match="CICA_LLM_BASE_URL and CICA_LLM_MODEL go together"):
        Settings.from_env({"CICA_LLM_BASE_URL": "http://127.0.0.1:8080/v1"})
    with pytest.raises(ConfigError, match="must start with http"):
        Settings.from_env({"CICA_LLM_BASE_URL": "localhost:8080", "CICA_LLM_MODEL": "m"})
    settings = Settings.from_env({"CICA_LLM_BASE_URL": "http://h/v1", "CICA_LLM_MODEL": "m"})
    assert (settings.llm_model, settings.llm_timeout) == ("m", 30.0)
