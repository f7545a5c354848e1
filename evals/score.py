"""Pure judging of one item: facts present or forbidden, citations, evidence rank."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from cica_qa.answering.answer import Answer, Decision
from cica_qa.evals.items import EvalItem, Evidence
from cica_qa.types import Place

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class ItemResult:
    """How one item went."""

    item: EvalItem
    passed: bool
    answer: str
    abstained: bool
    missing: tuple[str, ...]  # expected facts not in the answer
    latency_ms: float
    forbidden: tuple[str, ...] = ()  # forbidden facts that were in the answer
    standalone: str = ""
    decision: Decision | None = None  # why the assistant answered or abstained
    cited: tuple[str, ...] = ()  # texts of the cited passages
    evidence_rank: int | None = None  # 1-based rank of the first retrieved expected evidence
    retrieved: tuple[Place, ...] = field(default=(), repr=False)

    @property
    def facts(self) -> tuple[str, ...]:
        """The expected facts the answer states."""
        wanted = (*self.item.expect, *self.item.any_of)
        return tuple(f for f in wanted if contains_fact(self.answer, f))

    @property
    def supported(self) -> bool:
        """Answered, and the cited passages hold every expected fact the answer needed."""
        evidence = " ".join(self.cited)
        needed = self.item.expect or self.facts
        return (
            not self.abstained and bool(needed) and all(contains_fact(evidence, f) for f in needed)
        )

    @property
    def precise_citations(self) -> int:
        """Citations that contain at least one fact of the answer."""
        return sum(any(contains_fact(text, f) for f in self.facts) for text in self.cited)


def fact_key(text: str) -> str:
    """Text with case, accents and punctuation removed, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain).split())


def contains_fact(answer: str, fact: str) -> bool:
    """True when the fact's words appear together, in order, in the answer."""
    return f" {fact_key(fact)} " in f" {fact_key(answer)} "


def matches(place: Place, evidence: Evidence) -> bool:
    """A retrieved passage is the expected evidence: same document, section path, row."""
    return (
        place.document == evidence.document
        and (not evidence.section or fact_key(place.section) == fact_key(evidence.section))
        and (not evidence.row or fact_key(place.row) == fact_key(evidence.row))
    )


def evidence_rank(retrieved: Sequence[Place], evidence: Sequence[Evidence]) -> int | None:
    """1-based rank of the first retrieved passage that is expected evidence, or None."""
    for rank, place in enumerate(retrieved, start=1):
        if any(matches(place, e) for e in evidence):
            return rank
    return None


def judge(item: EvalItem, answer: Answer, latency_ms: float) -> ItemResult:
    """Pass: an unanswerable item abstains; an answerable one states every `expect` fact, at
    least one `any_of` fact, and no `forbid` fact, and its "Earlier documents said" line
    every `earlier` fact (the answer itself may name them too: "Borduria, which took over
    from Ruritania")."""
    text = answer.text
    forbidden = tuple(f for f in item.forbid if contains_fact(text, f))
    if item.abstain:
        missing: tuple[str, ...] = ()
        passed = answer.abstained
    else:
        missing = tuple(f for f in item.expect if not contains_fact(text, f))
        any_ok = not item.any_of or any(contains_fact(text, f) for f in item.any_of)
        if not any_ok:
            missing += (" | ".join(item.any_of),)
        missing += tuple(
            f"earlier: {f}" for f in item.earlier if not contains_fact(answer.earlier, f)
        )
        passed = not answer.abstained and not missing and not forbidden
    return ItemResult(
        item=item,
        passed=passed,
        answer=text,
        abstained=answer.abstained,
        missing=missing,
        latency_ms=latency_ms,
        forbidden=forbidden,
        standalone=answer.standalone_question,
        decision=answer.decision,
        cited=tuple(c.text for c in answer.citations),
        evidence_rank=evidence_rank(answer.retrieved, item.evidence) if item.evidence else None,
        retrieved=answer.retrieved,
    )
