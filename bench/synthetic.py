"""A deterministic synthetic corpus of CICA-like documents (pure): a working group's report
with prose and tables of priority areas and milestones, and questions staff would ask of it.

Names are invented from syllables, so no real country, body or person appears. The same
seed, sizes and version always give byte-identical files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = "1"
_SYLLABLES = (
    "ka la mo ri su te va zo ne bi du fa go hu ji ke lu mi no pa qu re sa ti vo ya ze"
).split()
_TOPICS = (
    "energy security,tourism,trade and investment,agriculture,finance,transport corridors,"
    "disaster management,environment protection,public health,information technology,"
    "education,youth exchanges,water resources,cultural heritage,migration,food security"
).split(",")
_WORDS = (
    "the group reviewed progress on confidence building measures and agreed to deepen "
    "cooperation among member states through regular dialogue joint projects expert "
    "meetings and exchanges of experience while the chairmanship proposed new initiatives"
).split()


@dataclass(frozen=True)
class SyntheticDocument:
    """One generated document: its file name, text, and questions it answers."""

    name: str
    text: str
    questions: tuple[str, ...]


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def document(number: int, rows: int, seed: int = 0, revision: int = 0) -> SyntheticDocument:
    """Document `number` with `rows` priority-area rows; a new revision edits its prose."""
    rng = random.Random(f"{seed}:{number}")
    group = f"{_name(rng, 3)} Working Group"
    countries = [_name(rng, 3) for _ in range(6)]
    months = rng.choice((3, 4, 6, 12))
    prose_rng = random.Random(f"{seed}:{number}:prose:{revision}")
    prose = " ".join(prose_rng.choice(_WORDS) for _ in range(60))
    lines = [
        f"# {group} report {number}",
        "",
        "## Overview",
        "",
        f"The {group} meets every {months} months. {prose.capitalize()}.",
        "",
        "## Priority areas",
        "",
        "| Priority area | Coordinator | Co-coordinators |",
        "|---|---|---|",
    ]
    questions = [f"How often does the {group} meet?"]
    for row in range(rows):
        area = f"{rng.choice(_TOPICS)} {row + 1}"
        lead, *co = rng.sample(countries, 3)
        lines.append(f"| {area} | {lead} | {', '.join(co)} |")
        if row < 2:
            questions.append(f"Who coordinates {area} in the {group}?")
    return SyntheticDocument(f"report-{number:05d}.md", "\n".join(lines) + "\n", tuple(questions))


def write_corpus(
    folder: Path, documents: int, rows: int, seed: int = 0, revised: frozenset[int] = frozenset()
) -> list[str]:
    """Write the corpus (documents in `revised` get a new revision); its sample questions."""
    folder.mkdir(parents=True, exist_ok=True)
    questions: list[str] = []
    for number in range(documents):
        doc = document(number, rows, seed, revision=1 if number in revised else 0)
        path = folder / doc.name
        data = doc.text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        questions.extend(doc.questions)
    return questions


def chunks_per_document(rows: int) -> int:
    """Chunks ingest makes of one document: a prose chunk per section with text, a row each."""
    return rows + 1
