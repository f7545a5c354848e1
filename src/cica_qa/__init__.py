"""CICA Q&A: cited answers from CICA's own documents, offline."""

from cica_qa.offline import enforce_offline

enforce_offline()

from cica_qa.answering.assistant import Assistant  # noqa: E402  (after the offline switches)
from cica_qa.types import Answer, Citation  # noqa: E402

__all__ = ["Answer", "Assistant", "Citation"]
