"""YAML front matter at the top of a Markdown file (`---` ... `---`)."""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


class FrontMatterError(ValueError):
    """The front matter is not a YAML mapping."""


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """(front matter fields, text with the front matter blanked out, line numbers kept)."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        fields = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise FrontMatterError(
            f"front matter is not valid YAML ({error.__class__.__name__})"
        ) from None
    if not isinstance(fields, dict):
        raise FrontMatterError("front matter must be a YAML mapping (key: value lines)")
    blanked = "\n" * match.group(0).count("\n") + text[match.end() :]
    return {str(k): v for k, v in fields.items()}, blanked
