"""The web role's HTML templates (Jinja2, autoescaped: document text is data, never markup)."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("cica_qa.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    environment.filters["lines"] = _lines
    return environment


def _lines(text: str) -> Any:
    """The text escaped, its line breaks as <br>."""
    from markupsafe import Markup, escape

    return Markup("<br>").join(escape(text).split("\n"))


def render(name: str, **values: object) -> str:
    """The template `name` filled with `values`, every value escaped unless marked safe."""
    return _environment().get_template(name).render(**values).strip()
