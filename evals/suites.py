"""The eval suites: each a set of questions asked over its own corpus (evals/suites.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

from cica_qa.errors import EvalFileError
from cica_qa.evals.items import EvalItem, load_items
from cica_qa.plain_yaml import YamlRefused, load_plain_yaml

SUITES_FILE = Path("evals/suites.yaml")
_STRICT = ConfigDict(extra="forbid")
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


@dataclass(frozen=True, config=_STRICT)
class Gate:
    """The least a suite must reach in CI (`cica-qa eval --gate`)."""

    min_accuracy: Fraction
    min_abstention: Fraction


@dataclass(frozen=True, config=_STRICT)
class Suite:
    """Questions (a YAML file, or a folder of them) and the corpus folder they are asked over."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    questions: Path
    corpus: Path
    gate: Gate | None = None

    def items(self) -> tuple[EvalItem, ...]:
        """Every item of the suite, checked; ids are unique across its files."""
        files = (
            sorted(self.questions.glob("*.yaml")) if self.questions.is_dir() else [self.questions]
        )
        if not files:
            raise EvalFileError(f"suite {self.name}: no *.yaml questions in {self.questions}")
        items = [item for path in files for item in load_items(path)]
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise EvalFileError(f"suite {self.name}: item {item.id!r} appears twice")
            seen.add(item.id)
        return tuple(items)


_SUITES = TypeAdapter(dict[str, dict[str, object]])


def load_suites(path: Path = SUITES_FILE) -> tuple[Suite, ...]:
    """The suites the file lists, in its order; EvalFileError names what is wrong."""
    try:
        data = load_plain_yaml(path.read_text(encoding="utf-8"))
        listed = _SUITES.validate_python((data or {}).get("suites"))
        return tuple(
            TypeAdapter(Suite).validate_python({"name": name, **fields})
            for name, fields in listed.items()
        )
    except OSError as error:
        raise EvalFileError(f"cannot read the suites file {path}: {error.strerror}") from None
    except (YamlRefused, ValidationError, AttributeError) as error:
        raise EvalFileError(
            f"{path} must list `suites:` by name, each with questions, corpus and an optional "
            f"gate {{min_accuracy, min_abstention}} ({error.__class__.__name__})"
        ) from None


def select(suites: tuple[Suite, ...], name: str | None) -> tuple[Suite, ...]:
    """All suites, or the one named; EvalFileError naming the choices for an unknown name."""
    if name is None:
        return suites
    chosen = tuple(s for s in suites if s.name == name)
    if not chosen:
        names = ", ".join(s.name for s in suites)
        raise EvalFileError(f"there is no eval suite {name!r}: choose one of {names}")
    return chosen
