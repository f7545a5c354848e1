"""Answers an LLM writes, through the AnswerWriter protocol with a scripted writer: only the
sentences the cited passages support stay, drafts stream in, failures fall back."""

import itertools
from collections.abc import Iterator, Sequence

from cica_qa.answering.assistant import Assistant
from cica_qa.answering.llm import LLMError, user_prompt
from cica_qa.web.stream import reply_stream

SUPPORTED = "The Lantern Charter was adopted on 3 March 1987 [1]."
INVENTED = "It was later amended in Paris in 2031 [1]."


class ScriptedWriter:
    """An AnswerWriter that streams a fixed reply word by word (or fails as told)."""

    def __init__(self, reply: str, error: LLMError | None = None) -> None:
        self.reply, self.error = reply, error
        self.asked: list[tuple[str, list[str]]] = []

    def stream(self, question: str, passages: Sequence[str]) -> Iterator[str]:
        self.asked.append((question, list(passages)))
        if self.error is not None:
            raise self.error
        words = self.reply.split(" ")
        yield from (w if i == 0 else f" {w}" for i, w in enumerate(words))


def assistant(memory_index, writer: ScriptedWriter) -> Assistant:
    config, backend, embedder = memory_index
    return Assistant.open(config.index_dir, embedder, backend, writer=writer)


def test_only_the_sentences_the_passages_support_stay(memory_index):
    writer = ScriptedWriter(f"{SUPPORTED} {INVENTED}")
    answer = assistant(memory_index, writer).ask("When was the Lantern Charter adopted?")
    assert answer.written_by == "llm" and answer.text == SUPPORTED
    assert answer.notice == "1 unsupported sentence(s) removed from the LLM's answer"
    assert "1987" in answer.citations[0].text and len(answer.citations) == 1
    ((question, passages),) = writer.asked
    assert question == "When was the Lantern Charter adopted?" and 1 <= len(passages) <= 5


def test_nothing_supported_falls_back_to_the_extractive_answer(memory_index):
    writer = ScriptedWriter("It was adopted in Atlantis in 1066 [1].")
    answer = assistant(memory_index, writer).ask("When was the Lantern Charter adopted?")
    assert answer.written_by == "extractive" and "1987" in answer.text
    assert "no sentence its passages support" in answer.notice


def test_a_writer_that_fails_leaves_a_notice_and_the_extractive_answer(memory_index):
    writer = ScriptedWriter("", LLMError("the LLM at http://x/v1 did not answer (Timeout)"))
    answer = assistant(memory_index, writer).ask("When was the Lantern Charter adopted?")
    assert answer.written_by == "extractive" and "1987" in answer.text
    assert answer.notice.endswith("did not answer (Timeout); showing the extractive answer")


def test_drafts_grow_while_written_and_the_chat_then_shows_the_verified_answer(memory_index):
    drafts: list[str] = []
    writer = ScriptedWriter(f"{SUPPORTED} {INVENTED}")
    helper = assistant(memory_index, writer)
    helper.ask("When was the Lantern Charter adopted?", on_draft=drafts.append)
    assert len(drafts) >= 10 and all(a in b for a, b in itertools.pairwise(drafts))
    assert drafts[-1] == f"{SUPPORTED} {INVENTED}"
    shown = list(reply_stream(helper, "When was the Lantern Charter adopted?", []))
    unchecked = [text for text, answer in shown if answer is None]
    assert unchecked and all(t.startswith("_Writing; not yet checked") for t in unchecked)
    final, answer = shown[-1]
    assert answer is not None and "Paris" not in final and "1987" in final


def test_the_prompt_numbers_the_passages():
    assert user_prompt("Q?", ["alpha", "beta"]) == (
        "Passages:\n\n[1] alpha\n\n[2] beta\n\nQuestion: Q?\nAnswer:"
    )
