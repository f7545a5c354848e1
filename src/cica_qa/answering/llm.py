"""Optional answer writing by an LLM behind an OpenAI-compatible endpoint (llama-index's
OpenAILike): llama.cpp server, vLLM, Ollama. Off unless CICA_LLM_BASE_URL and CICA_LLM_MODEL
are set; its output is verified against the passages before anyone sees it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from cica_qa.errors import CicaError

SYSTEM_PROMPT = (
    "You answer questions about CICA using ONLY the numbered passages given. "
    "Write one to three short sentences. End every sentence with the number of the passage "
    "that states its facts, like [1] or [2]. Never add facts that the passages do not state. "
    "If the passages do not answer the question, reply exactly: The documents don't say."
)


class LLMError(CicaError):
    """The LLM endpoint could not be used."""


class AnswerWriter(Protocol):
    """Writes an answer from numbered passages, as it is generated."""

    def stream(self, question: str, passages: Sequence[str]) -> Iterator[str]:
        """The answer's text in pieces, as the model produces them."""
        ...


def user_prompt(question: str, passages: Sequence[str]) -> str:
    """The question after its numbered passages."""
    numbered = "\n\n".join(f"[{n}] {text}" for n, text in enumerate(passages, start=1))
    return f"Passages:\n\n{numbered}\n\nQuestion: {question}\nAnswer:"


class OpenAICompatibleWriter:
    """An LLM behind an OpenAI-compatible chat endpoint."""

    def __init__(self, base_url: str, model: str, api_key: str, timeout: float) -> None:
        from llama_index.llms.openai_like import OpenAILike

        self.base_url = base_url
        self._llm = OpenAILike(
            model=model,
            api_base=base_url,
            api_key=api_key or "none",
            is_chat_model=True,
            timeout=timeout,
            max_retries=0,
            temperature=0.0,
            max_tokens=300,
        )

    def stream(self, question: str, passages: Sequence[str]) -> Iterator[str]:
        """The model's answer in pieces; LLMError naming the endpoint when it cannot be used."""
        from llama_index.core.llms import ChatMessage

        messages = [
            ChatMessage(role="system", content=SYSTEM_PROMPT),
            ChatMessage(role="user", content=user_prompt(question, passages)),
        ]
        try:
            for response in self._llm.stream_chat(messages):
                if response.delta:
                    yield response.delta
        except Exception as error:  # openai raises connection, timeout and status errors
            raise LLMError(
                f"the LLM at {self.base_url} did not answer ({error.__class__.__name__}); "
                "check CICA_LLM_BASE_URL or unset it to use the extractive answers"
            ) from None
