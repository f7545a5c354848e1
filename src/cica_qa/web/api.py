"""`POST /api/ask`: the JSON API beside the chat, behind HTTP Basic when there are users."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBasic
from pydantic import ValidationError

from cica_qa.answering.assistant import Assistant
from cica_qa.errors import CicaError
from cica_qa.web.logins import TooManyFailures
from cica_qa.web.schema import AnswerJSON, AskRequest

MAX_BODY_BYTES = 64 * 1024
ASK_SHAPE = '{"question": "...", "history": [{"role": "user"|"assistant", "content": "..."}]}'
_basic = HTTPBasic(auto_error=False, realm="CICA Q&A")


def install_api(
    app: FastAPI, assistant: Assistant, check: Callable[[str, str], Awaitable[bool]] | None
) -> None:
    """Add the API's route, and its errors as {"error": "..."} with the fix, to the app.
    `check` verifies a login (logins.check_login); None: an open API."""
    router = APIRouter()

    async def login(request: Request) -> None:
        if check is None:  # an open chat (loopback): whatever Authorization says does not matter
            return
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

    # The body is read whatever its Content-Type says: `curl -d '{...}'` sends it as a form.
    @router.post("/api/ask", dependencies=[Depends(login)])
    async def ask(request: Request) -> JSONResponse:
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
        try:
            answer = await anyio.to_thread.run_sync(
                lambda: assistant.ask(asked.question, asked.turns())
            )
        except CicaError as error:
            return _error(str(error), 400)
        return JSONResponse(AnswerJSON.of(answer).model_dump())

    app.include_router(router)
    app.add_exception_handler(HTTPException, _http_error)


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
