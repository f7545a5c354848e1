"""An answer's permalink, `GET /a/<id>`: the question, the answer and the passages it cited
as they were given, and which of those documents have changed since. Staff send these to
colleagues: any logged-in user may open one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import HTMLResponse

from cica_qa.values import spoken_date, spoken_moment
from cica_qa.web.cards import Part, claims_by_number, passage_parts
from cica_qa.web.conversations import Conversations, ConversationsError, SavedAnswer
from cica_qa.web.conversations import changed_documents as _changed
from cica_qa.web.templates import render

LOG_IN_FIRST = "Log in to the chat first, then open this link again."


@dataclass(frozen=True)
class SavedCitation:
    """A citation as an answer's JSON saved it, with what the source cards show of it."""

    number: int
    document: str
    section: str
    location: str
    text: str
    row: str = ""
    original: str = ""
    date: str = ""
    date_source: str = ""

    @property
    def when(self) -> str:
        """Its document's date as people write it, or 'undated'."""
        return spoken_date(self.date) or "undated"

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> SavedCitation:
        return cls(
            number=int(data.get("number", 0)),
            document=str(data.get("document", "")),
            section=str(data.get("section", "")),
            location=str(data.get("location", "")),
            text=str(data.get("text", "")),
            row=str(data.get("row", "")),
            original=str(data.get("original", "")),
            date=str(data.get("date", "")),
            date_source=str(data.get("date_source", "")),
        )


def answer_page(saved: SavedAnswer, shas_now: Mapping[str, str]) -> str:
    """The permalink page of a saved answer (pure): every text escaped."""
    data = saved.data
    abstained = bool(data.get("abstained"))
    listed = data.get("related" if abstained else "citations") or []
    citations = [SavedCitation.of(c) for c in listed]
    text, earlier = str(data.get("answer", "")), str(data.get("earlier", ""))
    claims = claims_by_number(f"{text} {earlier}")
    cards = [
        {
            "citation": c,
            "kind": "related" if abstained else "source",
            "parts": (
                [Part(c.text, False)]
                if abstained or not claims.get(c.number)
                else passage_parts(c.text, claims[c.number])
            ),
        }
        for c in citations
    ]
    question = str(data.get("question", saved.question))
    return render(
        "answer_page.html",
        missing="",
        title=question,
        question=question,
        standalone=str(data.get("standalone_question", question)),
        created=saved.created,
        created_text=spoken_moment(saved.created),
        answer=text,
        earlier=earlier,
        changed=_changed(saved, shas_now),
        empty="" if cards else "No passages were cited.",
        related=abstained,
        cards=cards,
    )


def missing_page(message: str) -> str:
    """A page saying why no answer is shown."""
    return render("answer_page.html", missing=message, title="No such answer")


def install_permalinks(
    app: Any,
    conversations: Conversations,
    shas: Callable[[], Mapping[str, str]],
    viewer: Callable[[Any], Awaitable[str | None]],
) -> None:
    """Add `GET /a/<id>` to the app; `viewer` gives the logged-in user of a request (None
    when it must log in first)."""

    @app.get("/a/{answer_id}", response_class=HTMLResponse)
    async def permalink(answer_id: str, request: Request) -> HTMLResponse:
        if await viewer(request) is None:
            return HTMLResponse(missing_page(LOG_IN_FIRST), status_code=401)
        try:
            saved = await anyio.to_thread.run_sync(lambda: conversations.answer(answer_id))
        except ConversationsError as error:
            return HTMLResponse(missing_page(str(error)), status_code=503)
        if saved is None:
            message = f"No answer has the id {answer_id[:40]!r}: check the link."
            return HTMLResponse(missing_page(message), status_code=404)
        return HTMLResponse(answer_page(saved, shas()))
