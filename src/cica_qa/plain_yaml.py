"""YAML read as plain data: safe types only, no aliases, no deep nesting (pure).

`yaml.safe_load` builds only plain types, but it expands aliases: nine levels of `*a`
repeated nine times is about 1 KB of text and 9**9 strings (20 GB before it fails). Files
this project reads (front matter, eval items, suites) never need aliases, so they are
refused with the reason, as is nesting deep enough to exhaust the parser's recursion.
"""

from __future__ import annotations


class YamlRefused(ValueError):
    """The text is not YAML, or uses aliases, or nests too deep; the message says which,
    as a predicate of the text ("is not valid YAML at line 3: fix the syntax")."""


def load_plain_yaml(text: str) -> object:
    """The data of a YAML text; YamlRefused (one line) when it cannot be read as plain data."""
    import yaml

    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text)):
            raise YamlRefused("repeats a value with a YAML alias (*name): write it out")
        return yaml.safe_load(text)
    except RecursionError:
        raise YamlRefused("nests too deep: write it flatter") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise YamlRefused(f"is not valid YAML{line}: fix the syntax") from None
