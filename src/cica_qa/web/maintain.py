"""What maintainers (admin users) do to the corpus from the browser, as HTTP routes:
`POST /api/documents` adds uploaded documents (multipart, several at once, `replace` to
replace ones of the same name), `DELETE /api/documents/<name>` moves one to the trash, and
`POST /api/trash/<id>/restore` puts it back. The Maintainer tab calls them; Gradio's own
upload route stays closed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from cica_qa.ingest.load import MAX_FILE_BYTES
from cica_qa.web.documents import CorpusFolder, DocumentError

MAX_FILES = 50  # documents in one upload
NOT_ADMIN = "only maintainers (admin users) can change the documents: log in as one"

Heard = Callable[[str, str, str, str], None]  # (user, address, action, what): the audit log


def install_documents(
    app: Any,
    folder: CorpusFolder,
    admin: Callable[[Request], Awaitable[str | None]],
    heard: Heard | None = None,
) -> None:
    """Add the routes; `admin` gives the admin user of a request (None: not one)."""

    def told(user: str, request: Request, action: str, what: str) -> None:
        if heard is not None:
            heard(user, request.client.host if request.client else "", action, what)

    @app.post("/api/documents")
    async def upload(request: Request) -> JSONResponse:
        user = await admin(request)  # before a byte of the body is read
        if user is None:
            return JSONResponse({"error": NOT_ADMIN}, status_code=403)
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES)
        except (MultiPartException, StarletteHTTPException, ValueError) as error:
            why = getattr(error, "detail", None) or getattr(error, "message", None) or error
            message = f"send the documents as multipart/form-data 'files' ({why})"
            return JSONResponse({"error": message}, status_code=400)
        replace = str(form.get("replace", "")).lower() in ("1", "true", "on", "yes")
        uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
        if not uploads:
            return JSONResponse({"error": "no files: send them as 'files'"}, status_code=400)
        added, refused = [], []
        for one in uploads:
            name = one.filename or ""
            data = await one.read(MAX_FILE_BYTES + 1)
            try:
                done = await anyio.to_thread.run_sync(folder.add, name, data, replace)
            except DocumentError as error:
                refused.append({"name": name[:200], "reason": str(error)})
                continue
            added.append({"name": done.name, "size": done.size, "replaced": done.replaced})
            told(user, request, "document-add", f"{done.name} ({done.size} bytes)")
        await form.close()
        status = 200 if added or not refused else 400
        return JSONResponse({"added": added, "refused": refused}, status_code=status)

    @app.delete("/api/documents/{name:path}")
    async def delete(name: str, request: Request) -> JSONResponse:
        user = await admin(request)
        if user is None:
            return JSONResponse({"error": NOT_ADMIN}, status_code=403)
        try:
            trashed = await anyio.to_thread.run_sync(lambda: folder.delete(name))
        except DocumentError as error:
            return JSONResponse({"error": str(error)}, status_code=404)
        told(user, request, "document-delete", trashed.name)
        return JSONResponse({"deleted": trashed.name, "trash_id": trashed.id})

    @app.post("/api/trash/{trash_id}/restore")
    async def restore(trash_id: str, request: Request, replace: bool = False) -> JSONResponse:
        user = await admin(request)
        if user is None:
            return JSONResponse({"error": NOT_ADMIN}, status_code=403)
        try:
            name = await anyio.to_thread.run_sync(lambda: folder.restore(trash_id, replace))
        except DocumentError as error:
            return JSONResponse({"error": str(error)}, status_code=409)
        told(user, request, "document-restore", name)
        return JSONResponse({"restored": name})
