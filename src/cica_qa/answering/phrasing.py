"""Table rows said as sentences, from templates kept as data (phrasing.yaml).

"Ruritania coordinates Lamplighting (Light dimension); Borduria is co-coordinator." reads as
an answer where "Lamplighting (Light dimension) — Coordinator: Ruritania; Co-coordinators:
Borduria" reads as a database row. The templates only arrange the row's own cells, so every
name and number in the sentence is in the cited row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from cica_qa.errors import ConfigError

PHRASING_FILE = "phrasing.yaml"
EMPTY = frozenset({"", "—", "-", "–", "n/a", "none"})


@dataclass(frozen=True)
class Phrasing:
    """One way of saying a row: the columns it needs and its template."""

    columns: tuple[str, ...]
    template: Any  # a compiled jinja2 Template


def row_sentence(
    cells: Sequence[tuple[str, str]], section: str, asked: Sequence[str] = ()
) -> str | None:
    """The row (header, value pairs, its label first) as a sentence, or None when no
    phrasing fits it. The sentence must say the `asked` columns (all that hold something,
    when none is asked): a phrasing that leaves one out does not fit."""
    if len(cells) < 2:
        return None
    by_header = {header.casefold(): value.strip() for header, value in cells[1:]}
    filled = [h for h, v in by_header.items() if v.casefold() not in EMPTY]
    needed = {h.casefold() for h in asked} or set(filled)
    for phrasing in phrasings():
        values = [by_header.get(column.casefold(), "") for column in phrasing.columns]
        says = {column.casefold() for column in phrasing.columns}
        if needed <= says and all(value.casefold() not in EMPTY for value in values):
            cell = dict(zip(phrasing.columns, values, strict=True))
            text = phrasing.template.render(row=cells[0][1], section=section, cell=cell)
            return " ".join(text.split())
    return None


def many(value: str) -> bool:
    """Whether a cell lists more than one name ('Borduria, Syldavia', 'Borduria and Syldavia')."""
    return "," in value or ";" in value or " and " in value


@lru_cache(maxsize=1)
def phrasings() -> tuple[Phrasing, ...]:
    """The phrasings shipped with the package, compiled once."""
    text = resources.files("cica_qa.answering").joinpath(PHRASING_FILE).read_text("utf-8")
    return phrasings_from(text, PHRASING_FILE)


def phrasings_from(text: str, where: str) -> tuple[Phrasing, ...]:
    """Read and compile phrasings; ConfigError names the file, the entry and the problem."""
    import jinja2
    import yaml

    environment = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    environment.globals["many"] = many
    entries = yaml.safe_load(text) or []
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: expected a list of {{columns, say}} entries")
    found = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or set(entry) != {"columns", "say"}:
            raise ConfigError(f"{where}, entry {number}: give exactly `columns` and `say`")
        columns, say = entry["columns"], entry["say"]
        if not columns or not all(isinstance(c, str) and c for c in columns):
            raise ConfigError(f"{where}, entry {number}: `columns` must list column names")
        try:
            template = environment.from_string(str(say))
        except jinja2.TemplateSyntaxError as error:
            raise ConfigError(f"{where}, entry {number}: {error.message}") from None
        found.append(Phrasing(tuple(columns), template))
    return tuple(found)
