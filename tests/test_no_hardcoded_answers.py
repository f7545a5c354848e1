"""No answer lives in code: the names the corpora hold, and the facts the eval suites expect,
appear in no source file."""

import re
from pathlib import Path

from cica_qa.ingest.load import SourceFile
from cica_qa.ingest.readers import parse_file
from cica_qa.normalize import normalise

ROOT = Path(__file__).parents[1]
CODE = [
    path
    for folder in ("src/cica_qa", "ingest", "evals")  # the package's links lead to the last two
    for pattern in ("**/*.py", "**/templates/*.html")
    for path in ROOT.glob(f"{folder}/{pattern}")
    if "corpora" not in path.parts  # the eval documents' own generators hold their text
] + [ROOT / "app.py"]


def corpus_countries() -> set[str]:
    """Names in the corpus tables' coordinator columns and the glossary's country rows."""
    names: set[str] = set()
    for path in (ROOT / "corpus").glob("*.md"):
        parsed = parse_file(SourceFile(path.name, path.read_bytes(), ""))
        for block in parsed.blocks:
            for header, value in block.cells:
                if "coordinator" in header.lower():
                    names.update(re.split(r"\s*[,;]\s*", re.sub(r"\(.*?\)", "", value)))
    glossary = (ROOT / "corpus" / "glossary.md").read_text(encoding="utf-8")
    countries = glossary.split("## Countries", 1)[1]
    for line in countries.splitlines()[3:]:
        names.update(cell.strip() for cell in re.split(r"[|;]", line) if cell.strip())
    return {n.strip() for n in names if re.search(r"[^\W\d_]", n)}


def test_the_corpus_yields_the_country_list():
    countries = corpus_countries()
    assert {"Tajikistan", "Sri Lanka", "Türkiye", "Turkey", "Republic of Korea"} <= countries


def test_no_source_file_names_a_country_from_the_corpus():
    patterns = {
        name: re.compile(rf"\b{re.escape(normalise(name))}\b") for name in corpus_countries()
    }
    found = []
    for path in CODE:
        text = normalise(path.read_text(encoding="utf-8"))
        found += [
            f"{path.relative_to(ROOT)}: {name}" for name, p in patterns.items() if p.search(text)
        ]
    assert not found, "country names in code (answers belong in the corpus):\n" + "\n".join(found)


def suite_names() -> set[str]:
    """The names (capitalised facts of two words or more, or of one word not at the start of
    an English sentence) that the eval suites expect in answers."""
    from cica_qa.evals.suites import load_suites

    facts = {
        fact
        for suite in load_suites(ROOT / "evals" / "suites.yaml")
        for item in suite.items()
        for fact in (*item.expect, *item.any_of)
    }
    return {f for f in facts if re.fullmatch(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)+", f)}


def test_no_source_file_holds_a_name_an_eval_suite_expects():
    names = suite_names()
    assert {"Kairat Sarybay", "Alibek Bakayev"} <= names
    patterns = {name: re.compile(rf"\b{re.escape(normalise(name))}\b") for name in names}
    # The chat's example questions are written for the served corpus: the one place a
    # corpus's names may stand in code (they are shown, never used to answer).
    examples = ROOT / "src" / "cica_qa" / "web" / "chat.py"
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in CODE
        if path != examples
        for name, pattern in patterns.items()
        if pattern.search(normalise(path.read_text(encoding="utf-8")))
    ]
    assert not found, "eval answers in code (they belong in the corpus):\n" + "\n".join(found)
