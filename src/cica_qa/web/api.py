"""The JSON API beside the chat, behind HTTP Basic when there are users: `POST /api/ask`,
and with a conversations database the saved answers and conversations (`GET
/api/answers/<id>`, `GET /api/conversations`, `GET` and `DELETE /api/conversations/<id>`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

import anyio
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBasic
from pydantic import ValidationError

from cica_qa.answering.assistant import Assistant
from cica_qa.errors import CicaError
from cica_qa.web.conversations import (
    Conversations,
    ConversationsError,
    Saving,
    UnknownConversation,
    owner_of,
)
from cica_qa.web.export import FORMATS, exported, file_name
from cica_qa.web.logins import TooManyFailures
from cica_qa.web.schema import AnswerJSON, AskRequest

MAX_BODY_BYTES = 64 * 1024
ASK_SHAPE = '{"question": "...", "history": [{"role": "user"|"assistant", "content": "..."}]}'
_basic = HTTPBasic(auto_error=False, realm="CICA Q&A")


def install_api(
    app: FastAPI,
    assistant: Assistant,
    check: Callable[[str, str], Awaitable[bool]] | None,
    saving: Saving | None = None,
) -> None:
    """Add the API's routes, and its errors as {"error": "..."} with the fix, to the app.
    `check` verifies a login (logins.check_login); None: an open API. Without `saving`,
    answers are not saved and only `POST /api/ask` is served."""
    router = APIRouter()

    async def login(request: Request) -> str:
        """The user asking ("" for an open API)."""
        if check is None:  # an open chat (loopback): whatever Authorization says does not matter
            return ""
        credentials = await _basic(request)  # None when absent; a 401 when malformed
        try:
            ok = credentials is not None and await check(credentials.username, credentials.password)
        except TooManyFailures as error:
            raise HTTPException(
                status_code=429, detail=str(error), headers={"Retry-After": str(error.seconds)}
            ) from None
        if not ok:
            raise HTTPException(
                status_code=401,
                detail="log in with HTTP Basic (a user from `cica-qa user add NAME`)",
                headers={"WWW-Authenticate": 'Basic realm="CICA Q&A"'},
            )
        return owner_of(credentials.username)

    # The body is read whatever its Content-Type says: `curl -d '{...}'` sends it as a form.
    @router.post("/api/ask")
    async def ask(request: Request, user: str = Depends(login)) -> JSONResponse:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _too_big()
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _too_big()
        try:
            asked = AskRequest.model_validate_json(body)
        except ValidationError as error:
            return _error(_what_to_send(error), 400)
        if asked.conversation_id is not None and asked.history:
            return _error(
                'send either "history" or "conversation_id": a saved conversation brings its '
                "own history",
                400,
            )
        try:
            return JSONResponse(await anyio.to_thread.run_sync(lambda: _answer(asked, user)))
        except UnknownConversation as error:
            return _error(str(error), 404)
        except ConversationsError as error:  # the answer was found but cannot be kept
            return _error(str(error), 503)
        except CicaError as error:
            return _error(str(error), 400)

    def _answer(asked: AskRequest, user: str) -> dict:
        """Ask, after the saved conversation's turns when it continues one; save it."""
        turns = asked.turns()
        if asked.conversation_id is not None:
            if saving is None:
                raise UnknownConversation(
                    "conversations are not saved here: send the earlier turns as history"
                )
            turns = saving.conversations.history(user, asked.conversation_id)
        answer = assistant.ask(asked.question, turns)
        if saving is None:
            return AnswerJSON.of(answer).model_dump()
        return saving.save(user, asked.conversation_id, answer)

    if saving is not None:
        _saved_routes(router, login, saving.conversations)
    app.include_router(router)
    app.add_exception_handler(HTTPException, _http_error)


def _saved_routes(router: APIRouter, login: Any, conversations: Conversations) -> None:
    """The routes that read saved answers and conversations (and delete conversations)."""

    def stored(read: Callable[[], Any]) -> Any:
        try:
            return read()
        except UnknownConversation as error:
            raise HTTPException(404, str(error)) from None
        except ConversationsError as error:
            raise HTTPException(503, str(error)) from None

    @router.get("/api/answers/{answer_id}", dependencies=[Depends(login)])
    async def saved_answer(answer_id: str) -> JSONResponse:
        # any user may open a permalink a colleague sent
        saved = await anyio.to_thread.run_sync(
            lambda: stored(lambda: conversations.answer(answer_id))
        )
        if saved is None:
            raise HTTPException(404, f"no answer {answer_id[:40]!r}: check the link")
        return JSONResponse(dict(saved.data))

    @router.get("/api/conversations")
    async def listed(user: str = Depends(login)) -> JSONResponse:
        found = await anyio.to_thread.run_sync(
            lambda: stored(lambda: conversations.conversations(user))
        )
        return JSONResponse({"conversations": [asdict(c) for c in found]})

    @router.get("/api/conversations/{conversation_id}")
    async def conversation(conversation_id: str, user: str = Depends(login)) -> JSONResponse:
        answers = await anyio.to_thread.run_sync(
            lambda: stored(lambda: conversations.answers(user, conversation_id))
        )
        return JSONResponse(
            {"id": conversation_id, "answers": [dict(saved.data) for saved in answers]}
        )

    @router.get("/api/conversations/{conversation_id}/export")
    async def export(
        conversation_id: str,
        form: str = Query("md", alias="format"),
        user: str = Depends(login),
    ) -> Response:
        if form not in FORMATS:
            raise HTTPException(400, f"format {form[:20]!r} is unknown: use format=md or docx")
        answers = await anyio.to_thread.run_sync(
            lambda: stored(lambda: conversations.answers(user, conversation_id))
        )
        body = await anyio.to_thread.run_sync(lambda: exported(answers, form))
        name = file_name(answers, form)
        return Response(
            body,
            media_type=FORMATS[form],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @router.delete("/api/conversations/{conversation_id}")
    async def delete(conversation_id: str, user: str = Depends(login)) -> JSONResponse:
        await anyio.to_thread.run_sync(
            lambda: stored(lambda: conversations.delete(user, conversation_id))
        )
        return JSONResponse({"deleted": conversation_id})


async def basic_credentials(request: Request) -> tuple[str, str] | None:
    """The request's HTTP Basic name and password, or None when it sends none (a malformed
    Authorization header is a 401)."""
    credentials = await _basic(request)
    return None if credentials is None else (credentials.username, credentials.password)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return JSONResponse(
        {"error": str(error.detail)}, status_code=error.status_code, headers=error.headers
    )


def _what_to_send(error: ValidationError) -> str:
    """The body's first problem, said as what to send."""
    problem = error.errors(include_url=False)[0]
    where = [str(part) for part in problem["loc"]]
    if problem["type"] in ("json_invalid", "model_type") or not where:
        return f"send JSON: {ASK_SHAPE}"
    if where[0] == "history":
        return '"history" must be a list of {"role": "user"|"assistant", "content": "..."}'
    return f'"{where[0]}" must be a string: {ASK_SHAPE}'


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _too_big() -> JSONResponse:
    return _error(f"the request body is over {MAX_BODY_BYTES // 1024} KiB", 413)
