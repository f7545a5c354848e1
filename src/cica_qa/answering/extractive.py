"""The extractive answer: from retrieved passages to a quoted, cited answer and the decision
behind it (pure but for `similarities`, which embeds candidates).

Every candidate answer in the top passages (candidates.py) is described by its features
(features.py) and scored by the answer model (model.py); the likeliest one answers when its
probability reaches the model's threshold, and the assistant says the documents don't say
otherwise, with the likeliest reason why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from cica_qa.answering.answer import TOO_FAR, Answer, Basis, Decision
from cica_qa.answering.answer_type import unmet_answer_type
from cica_qa.answering.candidates import Candidate, candidates_of
from cica_qa.answering.features import Asked, asked_of, features_of, missing_names
from cica_qa.answering.intent import Intent, read_intent
from cica_qa.answering.mentioned import (
    LIKELIEST,
    as_written,
    documents_found,
    holding_pins,
    pinned,
    unheld,
    unnamed,
    without_values,
)
from cica_qa.answering.model import MAX_LEAD, AnswerModel
from cica_qa.answering.recency import (
    Chosen,
    Dating,
    Latest,
    about_now,
    as_of,
    dated_passages,
    earlier_said,
    latest_row,
    named_values,
    newest_evidence,
    with_before,
    with_earlier,
)
from cica_qa.answering.rules import CLOSE_ENOUGH, Verdict, rules_verdict
from cica_qa.answering.spans import Span, spans_of_chunk
from cica_qa.answering.vocabulary import Frequency
from cica_qa.index.glossary import Glossary
from cica_qa.index.mentions import NAME_KINDS
from cica_qa.retrieval.hybrid import Retrieved
from cica_qa.types import Hit

Similarities = Callable[[Sequence[float], Sequence[Candidate]], list[float]]
# what the model's choice must meet to answer where the rules' choice lacked a name
_CHECKED = ("type_unmet", "kind_missing", "row_kind_missing", "restriction_unmet")
NOTHING_FOUND = "no passage found holds an answer"


@dataclass(frozen=True)
class Considered:
    """A candidate answer, what the model saw of it, its utility against the others, and
    (for the best one only) the probability that it answers."""

    candidate: Candidate
    features: Mapping[str, float]
    utility: float
    probability: float = 0.0


@dataclass(frozen=True)
class Composed:
    """The answer found (None when there is no candidate), the decision on it, and every
    candidate considered (best first)."""

    answer: Answer | None
    decision: Decision
    considered: tuple[Considered, ...] = ()


def compose_extractive(
    asked: str,
    standalone: str,
    retrieved: Retrieved,
    vocabulary: frozenset[str],
    glossary: Glossary,
    frequency: Frequency,
    similarities: Similarities,
    model: AnswerModel | None,
    common: frozenset[str] = frozenset(),
    spelt: Callable[[str], str] = str,
    close_enough: float = CLOSE_ENOUGH,
    rules_decide: bool = False,
    dating: Dating | None = None,
) -> Composed:
    """The likeliest extractive answer to `standalone` (asked as `asked`) and the decision on
    it: `decision.confidence` is the model's probability, compared with a threshold by
    `Decision.abstains`. Without a model, the hand-set rules (rules.py) decide alone, with
    `close_enough` as their cosine threshold, and the confidence is 1 or 0; with
    `rules_decide`, the model chooses the answer and the rules whether to give it (the
    confidence is 1 or 0 too). `common` are the
    names the whole corpus is about, which never answer "who"; `spelt` gives the corpus's own
    stem for a misspelt one. With `dating` (the documents' dates), the newest evidence
    answers a question no date pins down, and what older documents said instead is named
    (recency.py)."""
    hits = retrieved.hits
    mentions = retrieved.mentions
    # a date is matched by its value; read as words, "10/13/2022" would be "2022" and a
    # passage's dateline would count as evidence of what it says
    worded = without_values(standalone, mentions, years=False)
    intent = read_intent(worded, glossary.aliases(standalone))
    # a misspelt word ("turism") counts as the corpus's word for it in the passages' words
    intent = replace(intent, asked=standalone, stems=frozenset(map(spelt, intent.stems)))
    # dates, ordinals and numbers are matched by value, not looked up as words
    valueless = without_values(standalone, mentions)
    if model is None:
        return _by_rules(
            asked,
            intent,
            standalone,
            retrieved,
            vocabulary,
            frequency,
            similarities,
            common,
            close_enough,
        )
    pins = pinned(mentions)
    if dating is not None and intent.kind != "when" and any(m.kind == "date" for m in mentions):
        # a passage of a document written in 2019 tells of 2019, whether or not it says so
        retrieved = replace(
            retrieved,
            hits=dated_passages(retrieved.hits, dating),
            neighbours=dated_passages(retrieved.neighbours, dating),
        )
        hits = retrieved.hits
    candidates = candidates_of(intent, hits, holding_pins(hits, pins), pins, retrieved.neighbours)
    if not candidates:
        return Composed(None, Decision(Basis.NO_CANDIDATE, 0.0, unmet=NOTHING_FOUND))
    vectors = similarities(retrieved.query_vector, candidates)
    closeness = {(c.hits[0].chunk.id, c.plain): v for c, v in zip(candidates, vectors, strict=True)}

    def close(spans: Sequence[Span]) -> list[float]:
        return [closeness.get((s.hit.chunk.id, s.text), s.hit.score) for s in spans]

    verdict = rules_verdict(
        intent,
        standalone,
        retrieved,
        vocabulary,
        frequency,
        close,
        common,
        close_enough,
        words_decide=False,
    )
    # the rules' verdict is a feature on the rest of the question: a rare word the documents
    # never use is the model's to weigh (its unknown_* features), in training as in serving
    if verdict.choice is not None and all(c.key != verdict.choice.key for c in candidates):
        candidates.append(verdict.choice)
        vectors += similarities(retrieved.query_vector, [verdict.choice])
    facts = replace(
        asked_of(intent, valueless, mentions, hits, vocabulary, frequency, common),
        rule_abstains=float(verdict.abstains),
        rule_unknown_terms=float(bool(verdict.unknown_terms or verdict.unknown_words)),
        now=not pins and about_now(standalone),
        dates=dating.dates if dating is not None else {},
    )
    ranks = {hit.chunk.id: rank for rank, hit in enumerate(hits)}
    described = features_of(
        facts, candidates, vectors, lambda hit: ranks.get(hit.chunk.id, 99), verdict.choice
    )
    utilities = [model.utility(f) for f in described]
    order = sorted(range(len(candidates)), key=lambda i: -utilities[i])
    first = order[0]
    lead = utilities[first] - utilities[order[1]] if len(order) > 1 else MAX_LEAD
    probability = model.probability(described[first], utilities[first], lead)
    considered = tuple(
        Considered(candidates[i], described[i], utilities[i], probability if i == first else 0.0)
        for i in order
    )
    best = considered[0]
    if rules_decide and not verdict.abstains:
        best = held_to_pins(considered, verdict.choice)
        best = spelled_out(considered, verdict.choice) or best

    def values(candidate: Candidate) -> frozenset[str]:
        return named_values(candidate, intent.kind, mentions, common)

    # a table that dates its rows in turn (terms, chairs, meetings): its latest row is how
    # things are now, and the row before it how they were
    latest = latest_row(considered, best, _answers) if facts.now else Latest(best)
    best = latest.row
    chosen: Chosen[Considered] = Chosen(best)
    if dating is not None and not pins:
        chosen = newest_evidence(
            considered,
            best,
            dating,
            _answers,
            values,
            facts.now,
        )
        best = chosen.best

    def answer_of(best: Considered) -> Answer:
        answer = best.candidate.answer(asked)
        if dating is None or pins:
            return answer
        earlier = chosen.earlier.candidate if chosen.earlier is not None else None
        if earlier is None and latest.before is not None and best is latest.row:
            document = best.candidate.hits[0].chunk.document
            answer = with_before(answer, latest.before.candidate, dating.date_of(document))
            return _dated(answer, None, dating, facts.now)
        if earlier is None:  # what the passages found beyond the candidates' say
            document = best.candidate.hits[0].chunk.document
            older = [h for h in hits if dating.older(h.chunk.document, document)]
            earlier = earlier_said(
                best.candidate, sentences_of(older), dating, values, plans_only=not facts.now
            )
        return _dated(answer, earlier, dating, facts.now)

    if (
        rules_decide
        and verdict.unnamed
        and _meets_checks(best, intent)
        and names_all_held(standalone, retrieved, intent, best, common)
    ):
        # the rules' choice came from a document that never names what the question names;
        # the model's comes from one that does, and is the answer given
        verdict = replace(verdict, unmet="", unnamed=False)
    if rules_decide and verdict.unknown_words and not verdict.abstains:
        # a rare word the documents never use ("slogan" for their "motto") is weighed by the
        # model: its probability that the answer given answers decides, at its threshold
        given = probability if best is considered[0] else _probability(model, best, considered)
        decision = Decision(_basis(best.candidate), given, verdict.unknown_words)
        return Composed(answer_of(best), decision, considered)
    if rules_decide:  # the rules' abstention holds at any threshold
        basis = Basis.NO_CANDIDATE if verdict.abstains else _basis(best.candidate)
        decision = Decision(basis, 0.0 if verdict.abstains else 1.0, _rules_reason(verdict))
        return Composed(answer_of(best), decision, considered)
    reason = _why_not(facts, best.candidate, verdict.unknown_terms, hits)
    decision = Decision(_basis(best.candidate), probability, unmet=reason)
    return Composed(answer_of(best), decision, considered)


def held_to_pins(considered: Sequence[Considered], ruled: Candidate | None) -> Considered:
    """The model's best candidate, unless no passage found of its document holds what the
    question pins down (a date, an ordinal) while one of the rules' choice does: then the
    rules' choice. A press release dated 5 March answers for "the meeting of 5 March", not
    the closer sentence of a report on another meeting."""
    best = considered[0]
    chosen = next(
        (c for c in considered if ruled is not None and c.candidate.key == ruled.key), None
    )
    if (
        chosen is not None
        and best.features["pins_missing_document"] == 1.0
        and chosen.features["pins_missing_document"] < 1.0
    ):
        return chosen
    return best


def spelled_out(considered: Sequence[Considered], ruled: Candidate | None) -> Considered | None:
    """The rules' choice when it spells out the abbreviation the question asks about ("What
    does LSB stand for?" -> "LSB: Lamp Safety Board"): the passages say it in so many words,
    and the model, seeing few such questions, weighs the few features that tell it too
    little. None otherwise."""
    if ruled is None or ruled.form != "spelled-out":
        return None
    return next((c for c in considered if c.candidate.key == ruled.key), None)


def _by_rules(
    asked: str,
    intent: Intent,
    standalone: str,
    retrieved: Retrieved,
    vocabulary: frozenset[str],
    frequency: Frequency,
    similarities: Similarities,
    common: frozenset[str],
    close_enough: float,
) -> Composed:
    """The hand-set rules' answer, embedding only the spans they compare."""

    def close(spans: Sequence[Span]) -> list[float]:
        candidates = [Candidate("sentence", s.text, (s.hit,), s) for s in spans]
        return similarities(retrieved.query_vector, candidates)

    verdict = rules_verdict(
        intent, standalone, retrieved, vocabulary, frequency, close, common, close_enough
    )
    if verdict.choice is None:
        why = verdict.unknown_terms or verdict.unmet or TOO_FAR
        return Composed(None, Decision(Basis.NO_CANDIDATE, 0.0, unmet=why))
    decision = Decision(
        _basis(verdict.choice), 0.0 if verdict.abstains else 1.0, unmet=_rules_reason(verdict)
    )
    return Composed(verdict.choice.answer(asked), decision)


def _probability(model: AnswerModel, chosen: Considered, considered: Sequence[Considered]) -> float:
    """The model's probability that this candidate (not its first choice) answers."""
    others = [c.utility for c in considered if c is not chosen]
    lead = chosen.utility - max(others) if others else MAX_LEAD
    return model.probability(chosen.features, chosen.utility, lead)


def _answers(considered: Considered) -> bool:
    """Whether a candidate is of the kind asked and meets the question's restrictions (a
    rival of the best one from another document must)."""
    return not any(considered.features.get(name) for name in _CHECKED)


def _dated(answer: Answer, earlier: Candidate | None, dating: Dating, now: bool) -> Answer:
    """The answer with what an older document said instead and, to a question about how
    things are (`now`), the date of its evidence."""
    if earlier is not None:
        document = earlier.hits[0].chunk.document
        answer = with_earlier(answer, earlier, dating.date_of(document))
    if now and answer.citations:
        answer = as_of(answer, dating.date_of(answer.citations[0].document))
    return answer


def sentences_of(hits: Sequence[Hit]) -> list[Candidate]:
    """Every sentence of the passages, as candidates."""
    return [
        Candidate("sentence", text, (hit,), Span(hit, text))
        for hit in hits
        for text in spans_of_chunk(hit.chunk)
    ]


def _meets_checks(best: Considered, intent: Intent) -> bool:
    """Whether the model's choice is the kind of thing asked for (for "who", a person) and
    holds the question's restricting words: the checks the rules' choice passed before its
    names were, and stricter ("who chaired the meeting in <a city>?" is not answered by
    "the next meeting will be held in <that city>")."""
    likeliest = intent.kind not in LIKELIEST or best.features.get("likeliest") == 1.0
    return likeliest and not any(best.features.get(name) for name in _CHECKED)


def names_all_held(
    standalone: str,
    retrieved: Retrieved,
    intent: Intent,
    best: Considered,
    common: frozenset[str],
) -> bool:
    """Whether what was found of the best candidate's documents names every person and place
    the question names (as the rules check their own choice)."""
    found = documents_found(retrieved.hits)
    texts = [found.get(hit.chunk.document, hit.chunk.text) for hit in best.candidate.hits]
    question = as_written(standalone, retrieved.mentions, retrieved.hits)
    return not unnamed(question, texts, intent.aliases, common)


def _rules_reason(verdict: Verdict) -> str:
    """Why the rules would abstain ('' when they would answer)."""
    if not verdict.abstains:
        return ""
    return verdict.unknown_terms or verdict.unknown_words or verdict.unmet or TOO_FAR


def _name_missing(facts: Asked, best: Candidate) -> str:
    """'no passage found mentions <a name the question gives> with the rest of it', or ''."""
    missing = missing_names(facts, best)
    if missing:
        return f"no passage found mentions {missing[0]} with the rest of the question"
    return ""


def _basis(candidate: Candidate) -> Basis:
    if candidate.form == "rows":
        return Basis.ROWS
    if candidate.form == "spelled-out":
        return Basis.SPELLED_OUT
    return Basis.PASSAGE


def _why_not(facts: Asked, best: Candidate, unknown: str, hits: Sequence[Hit]) -> str:
    """What the documents seem to lack, said to the user if the model's answer falls short:
    words they never use, a date or ordinal no passage holds, a name the question gives
    that the likeliest answer's passage lacks (a false premise: "the SOC meeting in <a city
    where none was held>"), or what the likeliest answer does not give. `unknown` is the
    rules' finding of words the documents never use (worked out once, by rules_verdict)."""
    return (
        unknown
        or unheld(facts.mentions, hits)
        or _name_missing(facts, best)
        or unmet_answer_type(
            facts.intent,
            best.plain,
            None if best.form == "rows" else best.plain,
            "\n".join(h.chunk.text for h in best.hits),
            [m.text for h in best.hits for m in h.chunk.mentions if m.kind in NAME_KINDS],
        )
    )
