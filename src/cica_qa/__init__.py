"""CICA Q&A: cited answers from CICA's own documents, offline.

Every module of the package is imported after this file, so the offline switches are set
before any model, Chroma or web library loads. The public API (Assistant, Answer, Citation)
is imported on first use: `import cica_qa.index` does not pull in the answering stack.
"""

from typing import TYPE_CHECKING

from cica_qa.offline import enforce_offline

enforce_offline()

if TYPE_CHECKING:  # pragma: no cover
    from cica_qa.answering.answer import Answer, Citation
    from cica_qa.answering.assistant import Assistant

__all__ = ["Answer", "Assistant", "Citation"]


def __getattr__(name: str) -> object:
    if name == "Assistant":
        from cica_qa.answering.assistant import Assistant

        return Assistant
    if name in ("Answer", "Citation"):
        from cica_qa.answering import answer

        return getattr(answer, name)
    raise AttributeError(f"module 'cica_qa' has no attribute {name!r}")
